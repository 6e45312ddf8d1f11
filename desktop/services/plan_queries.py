"""The queries behind the plan service: the records a plan can link, their costs and kinds,
the links already taken, and the units R16 looks at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.plan_rules import LINK_FIELDS, ActualFacts
from desktop.domain.text import fold
from desktop.models import AnnualPlan, PlannedActivity, Unit
from desktop.services.plan_links import MODELS

INACTIVE = ("cancelled", "rejected")


@dataclass(frozen=True)
class Linked:
    """The record that carried out a planned activity."""

    entity: str
    id: str
    title: str
    start_date: date | None
    cost_vnd: int | None
    active: bool
    kind: str = "outbound"  # the planned kind it counts under


@dataclass(frozen=True)
class Candidate:
    """A record of the plan year that could carry out a planned activity."""

    entity: str
    id: str
    title: str
    start_date: date | None
    kind: str


def plan_of(s: Session, unit: str, year: int) -> AnnualPlan | None:
    """The unit's live plan of `year` (the oldest, should a sync merge ever bring two)."""
    return s.scalar(select(AnnualPlan).where(AnnualPlan.unit_code == unit, AnnualPlan.year == year,
                                             AnnualPlan.deleted.is_(False)).order_by(AnnualPlan.created_at).limit(1))


def linked_records(s: Session, rows: list[PlannedActivity]) -> dict[str, Linked]:
    """The live records the activities link, by planned activity id (a deleted record is no link)."""
    out: dict[str, Linked] = {}
    for entity, column in LINK_FIELDS.items():
        wanted = {getattr(p, column): p.id for p in rows if getattr(p, column)}
        if not wanted:
            continue
        model = MODELS[entity]
        for record in s.scalars(select(model).where(model.id.in_(list(wanted)), model.deleted.is_(False))):
            out[wanted[record.id]] = _linked(entity, record)
    return out


def _linked(entity: str, record: Any) -> Linked:
    cost = record.cost_vnd if entity == "promotion_activity" else record.cost_estimate_vnd
    status = getattr(record, "status", None)
    return Linked(entity, record.id, record.title, record.start_date, cost, status not in INACTIVE,
                  _kind(entity, record))


def actual(linked: Linked) -> ActualFacts:
    """A linked record as the plan-versus-actual figures count it."""
    return ActualFacts(linked.entity, linked.id, linked.kind, linked.title, linked.start_date,
                       linked.cost_vnd, linked.active)


def records(s: Session, entity: str, unit: str, year: int, search: str,
             with_inactive: bool = False) -> list[Any]:
    """The unit's live records of `entity` starting in `year`: as Linked (cancelled and rejected
    ones too) when `with_inactive`, else as Candidate without them; `search` ignores diacritics."""
    model = MODELS[entity]
    stmt = select(model).where(model.deleted.is_(False), model.unit_code == unit,
                               model.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    for word in fold(search).split():
        stmt = stmt.where(model.search_key.contains(word, autoescape=True))
    records = s.scalars(stmt.order_by(model.start_date, model.id)).all()
    if with_inactive:
        return [_linked(entity, r) for r in records]
    return [Candidate(entity, r.id, r.title, r.start_date, _kind(entity, r)) for r in records
            if getattr(r, "status", None) not in INACTIVE]


def _kind(entity: str, record: Any) -> str:
    """The planned kind a record counts under: a delegation by its direction."""
    if entity == "delegation":
        return record.direction
    return "conference" if entity == "conference" else "promotion"


def taken(s: Session, planned_id: str | None) -> set[tuple[str, str]]:
    """(entity, id) of records linked to live planned activities other than `planned_id`."""
    out = set()
    for entity in LINK_FIELDS:
        column = getattr(PlannedActivity, LINK_FIELDS[entity])
        stmt = (select(column).join(AnnualPlan, AnnualPlan.id == PlannedActivity.plan_id)
                .where(column.is_not(None), PlannedActivity.deleted.is_(False), AnnualPlan.deleted.is_(False),
                       PlannedActivity.id != (planned_id or "")))
        out.update((entity, record_id) for record_id in s.scalars(stmt))
    return out


def units_in_scope(s: Session, local: str, today: date) -> list[Unit]:
    """The device's unit and the units under it in service; every district and commune unit in
    service when the device serves the province (or is not set up)."""
    units = s.scalars(select(Unit).where(Unit.deleted.is_(False)).order_by(Unit.code)).all()
    own = next((u for u in units if u.code == local), None)

    def in_service(u: Unit) -> bool:
        return (u.valid_from is None or u.valid_from <= today) and (u.valid_to is None or today <= u.valid_to)

    if own is None or own.level == "province":
        return [u for u in units if u.level != "province" and in_service(u)]
    return [own] + [u for u in units if u.parent_code == own.code and in_service(u)]

"""Links between planned activities and the records that carried them out, inside a session.

The delegation service (saving a delegation with its planned activity), the
findings (rule R7) and the plan service all go through here, so the link and
the `in_annual_plan` flag that SYNC.md's records carry never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop.domain.facts import PlanStanding
from desktop.domain.plan_rules import LINK_FIELDS, check_link_kind
from desktop.errors import FieldProblem, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AnnualPlan, Conference, Delegation, PlannedActivity, PromotionActivity

MODELS: dict[str, Any] = {"delegation": Delegation, "conference": Conference,
                          "promotion_activity": PromotionActivity}
KEEP = object()  # "planned_activity_id" not given: the link stays as it is


@dataclass(frozen=True)
class PlanLink:
    """The planned activity that a record carries out, as the record's editor shows it."""

    planned_id: str
    title: str
    plan_id: str
    plan_title: str
    year: int
    unit_code: str


def _column(entity: str):
    return getattr(PlannedActivity, LINK_FIELDS[entity])


def link_of(s: Session, entity: str, record_id: str) -> PlanLink | None:
    """The live planned activity (of a live plan) linking the record, or None."""
    row = s.execute(
        select(PlannedActivity, AnnualPlan)
        .join(AnnualPlan, AnnualPlan.id == PlannedActivity.plan_id)
        .where(_column(entity) == record_id, PlannedActivity.deleted.is_(False), AnnualPlan.deleted.is_(False))
        .order_by(PlannedActivity.created_at).limit(1)).first()
    if row is None:
        return None
    p, plan = row
    return PlanLink(p.id, p.title, plan.id, plan.title, plan.year, plan.unit_code)


def planned_link(s: Session, planned_id: str) -> PlanLink:
    """The planned activity `planned_id` with its plan (NotFoundError when gone)."""
    row = s.execute(select(PlannedActivity, AnnualPlan).join(AnnualPlan, AnnualPlan.id == PlannedActivity.plan_id)
                    .where(PlannedActivity.id == planned_id)).first()
    if row is None or row[0].deleted or row[1].deleted:
        raise NotFoundError(_("Không tìm thấy hoạt động trong kế hoạch năm (có thể đã bị xóa)."))
    p, plan = row
    return PlanLink(p.id, p.title, plan.id, plan.title, plan.year, plan.unit_code)


def set_link(s: Session, entity: str, record: Any, planned_id: str | None) -> None:
    """Make `planned_id` (or nothing) the planned activity `record` carries out, and keep the
    record's `in_annual_plan` flag and the activity's status in step."""
    column = LINK_FIELDS[entity]
    current = s.scalars(select(PlannedActivity).where(_column(entity) == record.id,
                                                      PlannedActivity.deleted.is_(False))).all()
    for p in current:
        if p.id != planned_id:
            setattr(p, column, None)
            if p.status == "done":
                p.status = "planned"
    if planned_id:
        p = s.get(PlannedActivity, planned_id)
        if p is None or p.deleted:
            raise NotFoundError(_("Không tìm thấy hoạt động trong kế hoạch năm (có thể đã bị xóa)."))
        _check_target(s, entity, record, p)
        for other in LINK_FIELDS.values():
            if other != column:
                setattr(p, other, None)
        setattr(p, column, record.id)
        if p.status == "planned":
            p.status = "done"
    record.in_annual_plan = bool(planned_id)


def _check_target(s: Session, entity: str, record: Any, p: PlannedActivity) -> None:
    """The activity must fit the record's kind and carry out no other record already."""
    taken = getattr(p, LINK_FIELDS[entity])
    problems = []
    if taken and taken != record.id:
        problems.append(FieldProblem("planned_activity_id", _(
            "Hoạt động “{title}” đã gắn với một bản ghi khác; hãy bỏ gắn ở đó trước.").format(title=p.title)))
    direction = getattr(record, "direction", None) if entity == "delegation" else None
    problems += [FieldProblem("planned_activity_id", e.message)
                 for e in check_link_kind(p.kind, entity, direction)]
    if problems:
        raise ValidationError(problems)


def refresh_flags(s: Session, activities: Iterable[PlannedActivity]) -> None:
    """After activities were deleted or restored: each linked record's flag follows its links."""
    for p in activities:
        for entity, column in LINK_FIELDS.items():
            record_id = getattr(p, column)
            if record_id:
                record = s.get(MODELS[entity], record_id)
                if record is not None:
                    record.in_annual_plan = link_of_in_session(s, entity, record_id)


def link_of_in_session(s: Session, entity: str, record_id: str) -> bool:
    """Whether a live planned activity of a live plan links the record (pending changes flushed)."""
    s.flush()
    return link_of(s, entity, record_id) is not None


# ---------------------------------------------------------------- rule R7 facts


def standings(s: Session, delegations: list[Delegation]) -> dict[str, PlanStanding]:
    """Where each delegation stands against its unit's plan for its year, with two queries."""
    links: dict[str, PlanLink] = {}
    ids = [d.id for d in delegations]
    years = {d.id: d.start_date.year for d in delegations if isinstance(d.start_date, date)}
    for i in range(0, len(ids), 500):
        stmt = (select(PlannedActivity, AnnualPlan).join(AnnualPlan, AnnualPlan.id == PlannedActivity.plan_id)
                .where(PlannedActivity.delegation_id.in_(ids[i:i + 500]), PlannedActivity.deleted.is_(False),
                       AnnualPlan.deleted.is_(False)))
        for p, plan in s.execute(stmt):
            link = PlanLink(p.id, p.title, plan.id, plan.title, plan.year, plan.unit_code)
            links[p.delegation_id] = _better(links.get(p.delegation_id), link, years.get(p.delegation_id))
    pairs = {(d.unit_code, d.start_date.year) for d in delegations if isinstance(d.start_date, date)}
    plans = plans_for(s, pairs)
    return {d.id: standing(d.unit_code, d.start_date, plans, links.get(d.id), bool(d.in_annual_plan))
            for d in delegations}


def _better(old: PlanLink | None, new: PlanLink, year: int | None) -> PlanLink:
    """Of two activities linking one record (only after a sync merge), the one of the trip's year."""
    return new if old is None or (old.year != year and new.year == year) else old


def plans_for(s: Session, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], AnnualPlan]:
    """The live plans of the (unit, year) pairs."""
    pairs = list(pairs)
    out: dict[tuple[str, int], AnnualPlan] = {}
    for i in range(0, len(pairs), 200):
        chunk = pairs[i:i + 200]
        cond = or_(*[and_(AnnualPlan.unit_code == unit, AnnualPlan.year == year) for unit, year in chunk])
        for plan in s.scalars(select(AnnualPlan).where(AnnualPlan.deleted.is_(False), cond)
                              .order_by(AnnualPlan.created_at)):
            out.setdefault((plan.unit_code, plan.year), plan)
    return out


def standing(unit_code: str, start: Any, plans: dict[tuple[str, int], AnnualPlan],
             link: PlanLink | None, flagged: bool) -> PlanStanding:
    """One record's standing from its unit, start date, the plans known and its link."""
    year = start.year if isinstance(start, date) else None
    plan = plans.get((unit_code, year)) if year is not None else None
    return PlanStanding(
        year=year, plan_title=plan.title if plan else None,
        plan_issued=bool(plan and plan.status == "approved"),
        activity_title=link.title if link else None, activity_year=link.year if link else None,
        activity_same_unit=link.unit_code == unit_code if link else True, flagged=flagged)


def draft_standing(s: Session, unit_code: str, delegation_id: str, data: dict[str, Any]) -> PlanStanding:
    """The standing of an editor's unsaved content: its chosen planned activity, else the stored link."""
    start = data.get("start_date")
    chosen = data.get("planned_activity_id", KEEP)
    if chosen is KEEP:
        link = link_of(s, "delegation", delegation_id) if delegation_id else None
    else:
        link = _quiet_link(s, chosen) if chosen else None
    year = start.year if isinstance(start, date) else None
    plans = plans_for(s, [(unit_code, year)]) if year is not None else {}
    flagged = bool(data.get("in_annual_plan")) and chosen is KEEP
    return standing(unit_code, start, plans, link, flagged)


def _quiet_link(s: Session, planned_id: str) -> PlanLink | None:
    try:
        return planned_link(s, planned_id)
    except NotFoundError:
        return None

"""The annual foreign-affairs plan: its header, planned activities, links to what carried them
out, plan-versus-actual, and rule R16 (the plan of the year issued by 31 January)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.collation import sort_key
from desktop.domain.facts import Finding
from desktop.domain.plan_rules import (
    LINK_FIELDS,
    LINKS,
    PlannedFacts,
    PlanVersusActual,
    UnitPlanFacts,
    check_link_kind,
    evaluate_plan_deadline,
    linked_entity,
    plan_versus_actual,
    progress,
    validate_plan,
    validate_planned,
)
from desktop.errors import FieldProblem, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AnnualPlan, PlannedActivity, Unit
from desktop.services.common import cascade_deleted, check_version, clean, load, raise_if
from desktop.services.context import ServiceContext
from desktop.services.plan_links import MODELS, PlanLink, link_of, refresh_flags, set_link
from desktop.services.plan_queries import (
    Candidate,
    Linked,
    actual,
    linked_records,
    plan_of,
    records,
    taken,
    units_in_scope,
)
from desktop.services.rules import RuleService
from desktop.sync.records import apply_data, to_data

PLAN_FIELDS = ("title", "status", "approval_number", "approval_date", "notes")


@dataclass(frozen=True)
class PlanDetail:
    """A plan header as the page shows it."""

    id: str
    version: int
    unit_code: str
    year: int
    data: dict[str, Any]


@dataclass(frozen=True)
class PlannedRow:
    """A planned activity with the record linked to it and how far it got."""

    id: str
    version: int
    data: dict[str, Any]
    progress: str  # done / not_yet / dropped
    linked: Linked | None


class PlanService:
    """Use cases of the annual plan register and rule R16."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules

    # --- plans ---------------------------------------------------------------------------

    def unit(self, unit_code: str | None = None) -> str:
        """The unit whose plans are meant: the one given, else this device's."""
        return unit_code or self.ctx.local_unit()

    def years(self, unit_code: str | None = None) -> list[int]:
        """Years with a plan of the unit, and the current and next year, newest first."""
        today = self.ctx.today()
        with self.ctx.db.read() as s:
            stored = set(s.scalars(select(AnnualPlan.year).where(
                AnnualPlan.unit_code == self.unit(unit_code), AnnualPlan.deleted.is_(False))))
        return sorted(stored | {today.year, today.year + 1}, reverse=True)

    def plan_for(self, year: int, unit_code: str | None = None) -> PlanDetail | None:
        """The unit's live plan of `year`, or None."""
        with self.ctx.db.read() as s:
            plan = plan_of(s, self.unit(unit_code), year)
            return _plan_detail(plan) if plan else None

    def get_plan(self, plan_id: str) -> PlanDetail:
        """One plan by id."""
        with self.ctx.db.read() as s:
            return _plan_detail(load(s, AnnualPlan, plan_id, _("kế hoạch năm")))

    def create(self, year: int, title: str | None = None, unit_code: str | None = None) -> PlanDetail:
        """Start the unit's plan of `year` as a draft (one plan per unit and year)."""
        unit = self.unit(unit_code)
        data = clean({"year": year, "status": "draft",
                      "title": title or _("Kế hoạch hoạt động đối ngoại năm {year}").format(year=year)})
        raise_if(validate_plan(data))
        with self.ctx.db.session() as s:
            if plan_of(s, unit, year) is not None:
                raise ValidationError([FieldProblem("year", _(
                    "Đơn vị đã có kế hoạch đối ngoại năm {year}; mỗi năm chỉ có một kế hoạch.").format(year=year))])
            plan = AnnualPlan(unit_code=unit)
            apply_data(plan, data)
            s.add(plan)
            s.flush()
            return _plan_detail(plan)

    def save_plan(self, plan_id: str, data: dict[str, Any], expected_version: int | None = None) -> PlanDetail:
        """Change the plan header (title, status, issue decision, notes); the year stays."""
        data = clean({k: v for k, v in data.items() if k in PLAN_FIELDS})
        with self.ctx.db.session() as s:
            plan = load(s, AnnualPlan, plan_id, _("kế hoạch năm"))
            check_version(plan, expected_version)
            raise_if(validate_plan({**to_data(plan), **data}))
            apply_data(plan, data)
            s.flush()
            return _plan_detail(plan)

    def delete_plan(self, plan_id: str, deleted: bool = True) -> None:
        """Tombstone a plan with its activities (`deleted=False` undoes exactly that delete)."""
        with self.ctx.db.session() as s:
            plan = s.get(AnnualPlan, plan_id)
            if plan is None:
                load(s, AnnualPlan, plan_id, _("kế hoạch năm"))
            if not deleted and plan_of(s, plan.unit_code, plan.year) not in (None, plan):
                raise ValidationError([FieldProblem("year", _(
                    "Đơn vị đã có kế hoạch đối ngoại năm {year}; mỗi năm chỉ có một kế hoạch.").format(year=plan.year))])
            children = s.scalars(select(PlannedActivity).where(PlannedActivity.plan_id == plan_id)).all()
            cascade_deleted(plan, children, deleted)
            refresh_flags(s, children)

    def restore_plan(self, plan_id: str) -> None:
        """Undo a plan's delete."""
        self.delete_plan(plan_id, deleted=False)

    # --- planned activities ----------------------------------------------------------------

    def activities(self, plan_id: str) -> list[PlannedRow]:
        """The plan's live activities, by planned start (undated last), with their links."""
        with self.ctx.db.read() as s:
            rows = s.scalars(select(PlannedActivity).where(
                PlannedActivity.plan_id == plan_id, PlannedActivity.deleted.is_(False))).all()
            linked = linked_records(s, rows)
            out = [_planned_row(p, linked.get(p.id)) for p in rows]
        return sorted(out, key=lambda r: (r.data.get("planned_from") or date.max, sort_key(r.data.get("title"))))

    def get_activity(self, planned_id: str) -> PlannedRow:
        """One planned activity with its link."""
        with self.ctx.db.read() as s:
            p = load(s, PlannedActivity, planned_id, _("hoạt động trong kế hoạch"))
            return _planned_row(p, linked_records(s, [p]).get(p.id))

    def save_activity(self, plan_id: str, data: dict[str, Any], planned_id: str | None = None,
                      expected_version: int | None = None) -> PlannedRow:
        """Add or change a planned activity; its link (delegation_id / conference_id /
        promotion_id) must fit its kind, be the unit's record and carry out no other activity."""
        data = clean({**data, "plan_id": plan_id})
        data["status"] = data.get("status") or "planned"
        data["countries"] = data.get("countries") or []
        with self.ctx.db.session() as s:
            plan = load(s, AnnualPlan, plan_id, _("kế hoạch năm"))
            raise_if(validate_planned(data, plan.year))
            p = (PlannedActivity(unit_code=plan.unit_code) if planned_id is None
                 else load(s, PlannedActivity, planned_id, _("hoạt động trong kế hoạch")))
            check_version(p, expected_version)
            before = {e: getattr(p, f) for e, f in LINK_FIELDS.items()}
            was_done = p.status == "done"
            entity = linked_entity(data)
            record_id = data.get(LINK_FIELDS[entity]) if entity else None
            data.update({f: None for f in LINK_FIELDS.values()})  # set through set_link below
            if entity and record_id and before[entity] != record_id:
                self._check_candidate(s, plan, entity, record_id, data["kind"], p.id)
            apply_data(p, data)
            s.add(p)
            s.flush()
            for e, old in before.items():
                if old and old != (record_id if e == entity else None) and (gone := s.get(MODELS[e], old)):
                    set_link(s, e, gone, None)
            if entity and record_id:
                set_link(s, entity, s.get(MODELS[entity], record_id), p.id)
            elif any(before.values()) and was_done and p.status == "done":
                p.status = "planned"  # the record that carried it out was unlinked
            s.flush()
            saved = p.id
        return self.get_activity(saved)

    def delete_activity(self, planned_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) a planned activity; its linked record's flag follows."""
        with self.ctx.db.session() as s:
            p = s.get(PlannedActivity, planned_id)
            if p is None:
                load(s, PlannedActivity, planned_id, _("hoạt động trong kế hoạch"))
            p.deleted = deleted
            refresh_flags(s, [p])

    def restore_activity(self, planned_id: str) -> None:
        """Undo a planned activity's delete."""
        self.delete_activity(planned_id, deleted=False)

    # --- links -------------------------------------------------------------------------------

    def link(self, planned_id: str, entity: str, record_id: str) -> PlannedRow:
        """Record that `record_id` carried out the planned activity."""
        if entity not in LINK_FIELDS:
            raise ValidationError([FieldProblem("entity", _("Không thể gắn loại bản ghi «{entity}».")
                                                .format(entity=entity))])
        with self.ctx.db.read() as s:
            data = to_data(load(s, PlannedActivity, planned_id, _("hoạt động trong kế hoạch")))
        data.update({f: None for f in LINK_FIELDS.values()})
        data[LINK_FIELDS[entity]] = record_id
        return self.save_activity(data["plan_id"], data, planned_id)

    def unlink(self, planned_id: str) -> PlannedRow:
        """The planned activity is carried out by nothing (any more)."""
        with self.ctx.db.read() as s:
            data = to_data(load(s, PlannedActivity, planned_id, _("hoạt động trong kế hoạch")))
        data.update({f: None for f in LINK_FIELDS.values()})
        return self.save_activity(data["plan_id"], data, planned_id)

    def link_of(self, entity: str, record_id: str | None) -> PlanLink | None:
        """The planned activity a record carries out (for its editor), or None."""
        if not record_id:
            return None
        with self.ctx.db.read() as s:
            return link_of(s, entity, record_id)

    def record_unit(self, entity: str, record_id: str | None) -> str:
        """The unit a record belongs to (this device's unit for a record not saved yet)."""
        if record_id:
            with self.ctx.db.read() as s:
                record = s.get(MODELS[entity], record_id)
                if record is not None:
                    return record.unit_code
        return self.ctx.local_unit()

    def candidates(self, plan_id: str, kind: str, search: str = "", planned_id: str | None = None,
                   limit: int = 200) -> list[Candidate]:
        """The unit's records of the plan year that a planned activity of `kind` could link:
        not cancelled or rejected, not linked to another planned activity; `search` ignores diacritics."""
        with self.ctx.db.read() as s:
            plan = load(s, AnnualPlan, plan_id, _("kế hoạch năm"))
            used = taken(s, planned_id)
            out = []
            for entity in LINKS.get(kind, ()):
                out += [c for c in records(s, entity, plan.unit_code, plan.year, search)
                        if (entity, c.id) not in used and not check_link_kind(kind, entity, c.kind)]
        return sorted(out, key=lambda c: (c.start_date or date.max, sort_key(c.title)))[:limit]

    def choices_for(self, entity: str, record_id: str | None, year: int | None,
                    direction: str | None = None, unit_code: str | None = None) -> list[PlannedRow]:
        """Planned activities of the unit's plan for `year` that this record could carry out
        (for the record's editor): fitting kinds, free or already linked to this record."""
        if year is None:
            return []
        plan = self.plan_for(year, unit_code)
        if plan is None:
            return []
        column = LINK_FIELDS[entity]
        return [r for r in self.activities(plan.id)
                if entity in LINKS.get(r.data["kind"], ())
                and not check_link_kind(r.data["kind"], entity, direction)
                and r.data.get(column) in (None, record_id)
                and not any(r.data.get(f) for e, f in LINK_FIELDS.items() if e != entity)]

    def _check_candidate(self, s: Session, plan: AnnualPlan, entity: str, record_id: str, kind: str,
                         planned_id: str | None) -> None:
        record = load(s, MODELS[entity], record_id, _("bản ghi cần gắn"))
        problems = []
        if record.unit_code != plan.unit_code:
            problems.append(_("Bản ghi thuộc đơn vị khác, không thuộc kế hoạch này."))
        start = getattr(record, "start_date", None)
        if isinstance(start, date) and start.year != plan.year:
            problems.append(_("Bản ghi diễn ra năm {year}, không thuộc kế hoạch năm {plan}.").format(
                year=start.year, plan=plan.year))
        if (entity, record_id) in taken(s, planned_id):
            problems.append(_("Bản ghi này đã gắn với một hoạt động khác của kế hoạch."))
        direction = getattr(record, "direction", None)
        problems += [e.message for e in check_link_kind(kind, entity, direction)]
        if problems:
            raise ValidationError([FieldProblem(LINK_FIELDS[entity], m) for m in problems])

    # --- plan versus actual ----------------------------------------------------------------

    def versus_actual(self, plan_id: str) -> PlanVersusActual:
        """Per kind: planned, carried out, not yet, postponed or cancelled, off the plan; budgets
        against what the linked records cost; the year's records no planned activity links."""
        rows = self.activities(plan_id)
        with self.ctx.db.read() as s:
            plan = load(s, AnnualPlan, plan_id, _("kế hoạch năm"))
            done = [actual(r) for entity in LINK_FIELDS
                    for r in records(s, entity, plan.unit_code, plan.year, "", with_inactive=True)]
        planned = [PlannedFacts(r.id, r.data["kind"], r.data["title"], r.data["status"], r.data.get("budget_vnd"),
                                actual(r.linked) if r.linked else None) for r in rows]
        return plan_versus_actual(planned, done)

    def locate(self, entity: str, record_id: str) -> tuple[str, int, str | None]:
        """(unit, year, planned activity id) that a finding or search hit points at: a plan, one of
        its activities, or a unit's missing plan of the current year (R16)."""
        with self.ctx.db.read() as s:
            if entity == "planned_activity":
                p = load(s, PlannedActivity, record_id, _("hoạt động trong kế hoạch"))
                plan = load(s, AnnualPlan, p.plan_id, _("kế hoạch năm"))
                return plan.unit_code, plan.year, p.id
            plan = s.get(AnnualPlan, record_id)
            if plan is not None and not plan.deleted:
                return plan.unit_code, plan.year, None
            unit = s.get(Unit, record_id)
            if unit is not None:
                return unit.code, self.ctx.today().year, None
        raise NotFoundError(_("Không tìm thấy kế hoạch năm (có thể đã bị xóa)."))

    # --- rule R16 -----------------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """R16 over the units this device looks after (its own and those under it; every unit
        in service on the province's machine)."""
        config, today = self.rules.config(), self.ctx.today()
        if not config.is_enabled("R16"):
            return []
        with self.ctx.db.read() as s:
            units = units_in_scope(s, self.ctx.local_unit(), today)
            plans = {p.unit_code: p for p in s.scalars(select(AnnualPlan).where(
                AnnualPlan.deleted.is_(False), AnnualPlan.year == today.year,
                AnnualPlan.unit_code.in_([u.code for u in units])).order_by(AnnualPlan.created_at.desc()))}
            facts = [UnitPlanFacts(u.id, u.code, u.name, today.year, *_plan_facts(plans.get(u.code)))
                     for u in units]
        return evaluate_plan_deadline(facts, config, today)

    def due_items(self) -> list[Finding]:
        """What Tổng quan shows: R16 (one finding per unit at most, so the cost stays bounded)."""
        return self.all_findings()


# ---------------------------------------------------------------- helpers


def _plan_detail(plan: AnnualPlan) -> PlanDetail:
    return PlanDetail(plan.id, plan.version, plan.unit_code, plan.year, to_data(plan))


def _plan_facts(plan: AnnualPlan | None) -> tuple[str | None, str | None, str | None]:
    return (plan.id, plan.title, plan.status) if plan is not None else (None, None, None)


def _planned_row(p: PlannedActivity, linked: Linked | None) -> PlannedRow:
    data = to_data(p)
    facts = PlannedFacts(p.id, p.kind, p.title, p.status, p.budget_vnd, actual(linked) if linked else None)
    return PlannedRow(p.id, p.version, data, progress(facts), linked)

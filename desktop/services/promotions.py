"""Promotion activities (xúc tiến, quảng bá) and the follow-up actions that keep results alive."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.promotion_rules import (
    OPEN_STATUSES,
    ActivityFacts,
    FollowUpFacts,
    evaluate_activity,
    follow_up_overdue,
    validate_activity,
    validate_follow_up,
)
from desktop.domain.rules import Finding
from desktop.errors import FieldProblem
from desktop.i18n import _
from desktop.models import Delegation, FollowUpAction, Person, PromotionActivity
from desktop.services.common import (
    EVERYTHING,
    ListQuery,
    cascade_deleted,
    check_version,
    clean,
    load,
    raise_if,
    search_filter,
    sorted_page,
)
from desktop.services.context import ServiceContext
from desktop.services.dashboard import own_unit
from desktop.services.plan_links import link_of
from desktop.services.rules import RuleService
from desktop.sync.records import apply_data, to_data

SORTS = {
    "title": PromotionActivity.title_sort, "kind": PromotionActivity.kind,
    "start_date": PromotionActivity.start_date, "place": PromotionActivity.place_sort,
    "mou_count": PromotionActivity.mou_count,
}
BATCH = 500
# activities that ended longer ago than this no longer bring "no follow-up" to the dashboard
DASHBOARD_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class PromotionRow:
    """An activity as the list shows it."""

    id: str
    kind: str
    title: str
    start_date: date
    end_date: date | None
    place: str | None
    abroad: bool
    countries: list[str]
    mou_count: int
    lead_count: int
    open_follow_ups: int
    overdue_follow_ups: int


@dataclass(frozen=True)
class FollowUpDetail:
    """A follow-up action under an activity, with its owner's name."""

    id: str
    version: int
    data: dict[str, Any]
    owner_name: str
    overdue: bool


@dataclass(frozen=True)
class FollowUpRow:
    """An open follow-up action in the "Việc cần theo dõi" list, across activities."""

    id: str
    activity_id: str
    activity_title: str
    action: str
    owner_name: str
    due_date: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class PromotionDetail:
    """Everything the activity editor shows."""

    id: str
    version: int
    data: dict[str, Any]
    follow_ups: list[FollowUpDetail] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    delegation_title: str | None = None


class PromotionService:
    """Use cases of the promotion register and rule R14."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules

    # --- lists -------------------------------------------------------------------------

    def _filtered(self, stmt, q: ListQuery, kind: str | None, year: int | None):
        stmt = stmt.where(PromotionActivity.deleted.is_(False))
        if kind:
            stmt = stmt.where(PromotionActivity.kind == kind)
        if year:
            stmt = stmt.where(PromotionActivity.start_date.between(date(year, 1, 1), date(year, 12, 31)))
        if q.unit_code:
            stmt = stmt.where(PromotionActivity.unit_code == q.unit_code)
        cond = search_filter(PromotionActivity.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    def count(self, q: ListQuery = EVERYTHING, kind: str | None = None, year: int | None = None) -> int:
        """How many activities match."""
        with self.ctx.db.read() as s:
            return s.scalar(self._filtered(select(func.count()).select_from(PromotionActivity), q, kind, year))

    def page(self, q: ListQuery = EVERYTHING, kind: str | None = None,
             year: int | None = None) -> list[PromotionRow]:
        """One sorted page, with each activity's open and overdue follow-up counts."""
        today = self.ctx.today()
        live = and_(FollowUpAction.activity_id == PromotionActivity.id, FollowUpAction.deleted.is_(False),
                    FollowUpAction.status.in_(OPEN_STATUSES))
        open_n = select(func.count(FollowUpAction.id)).where(live).scalar_subquery()
        late_n = (select(func.count(FollowUpAction.id))
                  .where(live, FollowUpAction.due_date < today).scalar_subquery())
        stmt = self._filtered(select(PromotionActivity, open_n, late_n), q, kind, year)
        stmt = sorted_page(stmt, q, SORTS, "start_date", PromotionActivity.id)
        with self.ctx.db.read() as s:
            return [_row(a, o, late) for a, o, late in s.execute(stmt)]

    def years(self) -> list[int]:
        """Years that have activities, newest first (for the year filter)."""
        year = (func.strftime("%Y", PromotionActivity.start_date) if self.ctx.db.is_sqlite
                else func.extract("year", PromotionActivity.start_date))
        with self.ctx.db.read() as s:
            values = s.scalars(select(year).where(PromotionActivity.deleted.is_(False)).distinct())
            return sorted({int(v) for v in values if v}, reverse=True)

    def open_follow_ups(self, q: ListQuery = EVERYTHING) -> list[FollowUpRow]:
        """Open actions across activities, soonest due first (no due date last); search by activity."""
        today = self.ctx.today()
        stmt = self._open_follow_ups(select(FollowUpAction, PromotionActivity.title, Person.full_name), q)
        stmt = (stmt.outerjoin(Person, Person.id == FollowUpAction.owner_person_id)
                .order_by(case((FollowUpAction.due_date.is_(None), 1), else_=0), FollowUpAction.due_date,
                          FollowUpAction.id)
                .offset(q.offset).limit(q.limit))
        with self.ctx.db.read() as s:
            return [FollowUpRow(f.id, f.activity_id, title, f.action, person or f.owner or "", f.due_date,
                                f.status, follow_up_overdue(f.due_date, f.status, today))
                    for f, title, person in s.execute(stmt)]

    def count_open_follow_ups(self, q: ListQuery = EVERYTHING) -> int:
        """How many open actions `open_follow_ups` would list."""
        with self.ctx.db.read() as s:
            return s.scalar(self._open_follow_ups(select(func.count(FollowUpAction.id)), q))

    def _open_follow_ups(self, stmt, q: ListQuery):
        stmt = (stmt.select_from(FollowUpAction)
                .join(PromotionActivity, PromotionActivity.id == FollowUpAction.activity_id)
                .where(FollowUpAction.deleted.is_(False), FollowUpAction.status.in_(OPEN_STATUSES),
                       PromotionActivity.deleted.is_(False)))
        if q.unit_code:
            stmt = stmt.where(PromotionActivity.unit_code == q.unit_code)
        cond = search_filter(PromotionActivity.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    # --- one activity ------------------------------------------------------------------

    def get(self, activity_id: str) -> PromotionDetail:
        """An activity with its follow-up actions, current findings and linked delegation."""
        config, today = self.rules.config(), self.ctx.today()
        with self.ctx.db.read() as s:
            a = load(s, PromotionActivity, activity_id, _("hoạt động xúc tiến"))
            follow_ups = _follow_ups(s, a.id, today)
            title = s.scalar(select(Delegation.title).where(Delegation.id == a.delegation_id,
                                                             Delegation.deleted.is_(False))) if a.delegation_id else None
            data, version = to_data(a), a.version
        facts = _facts(activity_id, data, follow_ups)
        return PromotionDetail(activity_id, version, data, follow_ups,
                               evaluate_activity(facts, config, today), title)

    def validate(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Every problem in the editor's content, by field."""
        return [FieldProblem(p.field, p.message) for p in validate_activity(clean(data))]

    def check(self, data: dict[str, Any], activity_id: str | None = None) -> list[Finding]:
        """R14 findings of the editor's content as typed, with the stored follow-ups (live)."""
        today = self.ctx.today()
        follow_ups: list[FollowUpDetail] = []
        if activity_id:
            with self.ctx.db.read() as s:
                follow_ups = _follow_ups(s, activity_id, today)
        return evaluate_activity(_facts(activity_id or "", clean(data), follow_ups), self.rules.config(), today)

    def save(self, data: dict[str, Any], activity_id: str | None = None,
             expected_version: int | None = None) -> PromotionDetail:
        """Create or update an activity; validation problems raise with every field named."""
        data = clean(data)
        raise_if(validate_activity(data))
        with self.ctx.db.session() as s:
            a = (PromotionActivity(unit_code=self.ctx.local_unit()) if activity_id is None
                 else load(s, PromotionActivity, activity_id, _("hoạt động xúc tiến")))
            check_version(a, expected_version)
            if data.get("delegation_id"):
                load(s, Delegation, data["delegation_id"], _("đoàn"))
            apply_data(a, {**data, "countries": data.get("countries") or [],
                           "attachments": data.get("attachments") or [],
                           "abroad": bool(data.get("abroad")),
                           # an activity a planned activity links stays "in the plan" (the link is the truth)
                           "in_annual_plan": bool(data.get("in_annual_plan")) or (
                               activity_id is not None
                               and link_of(s, "promotion_activity", activity_id) is not None)})
            s.add(a)
            s.flush()
            saved_id = a.id
        return self.get(saved_id)

    def delete(self, activity_id: str, deleted: bool = True) -> None:
        """Tombstone an activity with its follow-ups; `deleted=False` undoes exactly that delete."""
        with self.ctx.db.session() as s:
            a = s.get(PromotionActivity, activity_id)
            if a is None:
                load(s, PromotionActivity, activity_id, _("hoạt động xúc tiến"))
            children = s.scalars(select(FollowUpAction).where(FollowUpAction.activity_id == activity_id))
            cascade_deleted(a, children, deleted)

    def restore(self, activity_id: str) -> None:
        """Undo a delete (follow-ups deleted on their own before stay deleted)."""
        self.delete(activity_id, deleted=False)

    # --- follow-up actions -------------------------------------------------------------

    def save_follow_up(self, activity_id: str, data: dict[str, Any],
                       record_id: str | None = None) -> FollowUpDetail:
        """Add or change a follow-up action; "done" needs a result and is dated today by default."""
        data = clean({**data, "activity_id": activity_id})
        data["status"] = data.get("status") or "open"
        if data["status"] == "done" and not data.get("done_on"):
            data["done_on"] = self.ctx.today()
        if data["status"] in OPEN_STATUSES:
            data["done_on"] = None  # reopened: no completion date
        raise_if(validate_follow_up(data, today=self.ctx.today()))
        with self.ctx.db.session() as s:
            a = load(s, PromotionActivity, activity_id, _("hoạt động xúc tiến"))
            if data.get("owner_person_id"):
                person = load(s, Person, data["owner_person_id"], _("cán bộ"))
                data["owner"] = data.get("owner") or person.full_name
            obj = (FollowUpAction(unit_code=a.unit_code) if record_id is None
                   else load(s, FollowUpAction, record_id, _("việc theo dõi")))
            apply_data(obj, data)
            s.add(obj)
            s.flush()
            return _follow_up_detail(obj, data.get("owner") or "", self.ctx.today())

    def mark_done(self, record_id: str, result: str, done_on: date | None = None) -> FollowUpDetail:
        """Close a follow-up action with its result (dated today unless told)."""
        with self.ctx.db.read() as s:
            obj = load(s, FollowUpAction, record_id, _("việc theo dõi"))
            data = to_data(obj)
        data.update(status="done", result=result, done_on=done_on)
        return self.save_follow_up(data["activity_id"], data, record_id)

    def delete_follow_up(self, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) one follow-up action."""
        with self.ctx.db.session() as s:
            obj = s.get(FollowUpAction, record_id)
            if obj is None:
                load(s, FollowUpAction, record_id, _("việc theo dõi"))
            obj.deleted = deleted

    def locate(self, entity: str, record_id: str) -> str:
        """The activity a finding points at (the activity itself or one of its follow-ups)."""
        with self.ctx.db.read() as s:
            if entity == "follow_up_action":
                record_id = load(s, FollowUpAction, record_id, _("việc theo dõi")).activity_id
            return load(s, PromotionActivity, record_id, _("hoạt động xúc tiến")).id

    # --- findings ----------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """R14 over every live activity."""
        return self._findings_over(select(PromotionActivity).where(PromotionActivity.deleted.is_(False)))

    def due_items(self) -> list[Finding]:
        """What belongs on Tổng quan: actions overdue or due within the notice, activities with
        results and no follow-up — the activities selected in SQL, so the cost stays bounded."""
        config, today = self.rules.config(), self.ctx.today()
        if not config.is_enabled("R14"):
            return []
        horizon = today + timedelta(days=int(config.param("R14", "notice_days")))
        due_soon = exists().where(
            FollowUpAction.activity_id == PromotionActivity.id, FollowUpAction.deleted.is_(False),
            FollowUpAction.status.in_(OPEN_STATUSES), FollowUpAction.due_date <= horizon)
        days = int(config.param("R14", "no_follow_up_days"))
        ended = func.coalesce(PromotionActivity.end_date, PromotionActivity.start_date)
        no_follow_up = and_(
            ended < today - timedelta(days=days),
            ended >= today - timedelta(days=days + DASHBOARD_LOOKBACK_DAYS),
            func.coalesce(PromotionActivity.mou_count, 0) + func.coalesce(PromotionActivity.lead_count, 0) > 0,
            ~exists().where(FollowUpAction.activity_id == PromotionActivity.id,
                            FollowUpAction.deleted.is_(False)))
        wanted = or_(due_soon, no_follow_up) if days > 0 else due_soon
        stmt = select(PromotionActivity).where(PromotionActivity.deleted.is_(False), wanted)
        unit = own_unit(self.ctx)  # a unit's Tổng quan covers its own activities; the province's, all
        if unit is not None:
            stmt = stmt.where(PromotionActivity.unit_code == unit)
        return self._findings_over(stmt)

    def _findings_over(self, stmt) -> list[Finding]:
        config, today = self.rules.config(), self.ctx.today()
        out: list[Finding] = []
        with self.ctx.db.read() as s:
            activities = s.scalars(stmt.order_by(PromotionActivity.start_date, PromotionActivity.id)).all()
            for i in range(0, len(activities), BATCH):
                batch = activities[i:i + BATCH]
                by_activity = _bulk_follow_ups(s, [a.id for a in batch], today)
                for a in batch:
                    facts = _facts(a.id, to_data(a), by_activity.get(a.id, []))
                    out.extend(evaluate_activity(facts, config, today))
        return out


def _row(a: PromotionActivity, open_n: int, late_n: int) -> PromotionRow:
    return PromotionRow(a.id, a.kind, a.title, a.start_date, a.end_date, a.place, bool(a.abroad),
                        list(a.countries or []), a.mou_count or 0, a.lead_count or 0, open_n or 0, late_n or 0)


def _follow_up_detail(f: FollowUpAction, owner_name: str, today: date) -> FollowUpDetail:
    return FollowUpDetail(f.id, f.version, to_data(f), owner_name or f.owner or "",
                          follow_up_overdue(f.due_date, f.status, today))


def _follow_ups(s: Session, activity_id: str, today: date) -> list[FollowUpDetail]:
    return _bulk_follow_ups(s, [activity_id], today).get(activity_id, [])


def _bulk_follow_ups(s: Session, activity_ids: list[str], today: date) -> dict[str, list[FollowUpDetail]]:
    out: dict[str, list[FollowUpDetail]] = defaultdict(list)
    if not activity_ids:
        return out
    stmt = (select(FollowUpAction, Person.full_name)
            .outerjoin(Person, Person.id == FollowUpAction.owner_person_id)
            .where(FollowUpAction.activity_id.in_(activity_ids), FollowUpAction.deleted.is_(False))
            .order_by(case((FollowUpAction.due_date.is_(None), 1), else_=0), FollowUpAction.due_date,
                      FollowUpAction.created_at, FollowUpAction.id))
    for f, person in s.execute(stmt):
        out[f.activity_id].append(_follow_up_detail(f, person or "", today))
    return out


def _facts(activity_id: str, data: dict[str, Any], follow_ups: list[FollowUpDetail]) -> ActivityFacts:
    def count(key: str) -> int:
        value = data.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def day(key: str) -> date | None:
        value = data.get(key)
        return value if isinstance(value, date) else None

    return ActivityFacts(
        id=activity_id, title=data.get("title") or "", start_date=day("start_date"),
        end_date=day("end_date"), mou_count=count("mou_count"), lead_count=count("lead_count"),
        follow_ups=tuple(FollowUpFacts(f.id, f.data.get("action") or "", f.owner_name or None,
                                       f.data.get("due_date"), f.data.get("status") or "open")
                         for f in follow_ups),
    )

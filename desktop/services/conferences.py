"""International conferences and seminars (Decision 06/2020/QĐ-TTg): list, editor, workflow, rule R3."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from desktop.domain import access
from desktop.domain.conference_rules import (
    ConferenceFacts,
    approval_label,
    conference_deadline,
    evaluate_conference,
    needs_pm_approval,
    validate_conference,
)
from desktop.domain.facts import Finding
from desktop.domain.validation import check_transition
from desktop.errors import FieldProblem, ValidationError
from desktop.i18n import _
from desktop.models import Conference
from desktop.services.common import (
    EVERYTHING,
    ListQuery,
    check_version,
    clean,
    load,
    search_filter,
    sorted_page,
)
from desktop.services.context import ServiceContext
from desktop.services.dashboard import own_unit
from desktop.services.delegations import DECIDED
from desktop.services.plan_links import link_of
from desktop.services.rules import RuleService
from desktop.sync.records import apply_data, to_data

SORTS = {
    # names sort in Vietnamese order (desktop.domain.collation), by their stored keys
    "title": Conference.title_sort, "start_date": Conference.start_date, "end_date": Conference.end_date,
    "place": Conference.place_sort, "mode": Conference.mode, "status": Conference.status,
    "foreign_participants": Conference.foreign_participants, "submitted_on": Conference.submitted_on,
}
LIVE_STATUSES = ("draft", "submitted", "approved")
RECENT_DAYS = 45  # a conference that began this long ago has nothing left due on Tổng quan
BATCH = 2000


@dataclass(frozen=True)
class ConferenceRow:
    """A conference as the list shows it."""

    id: str
    title: str
    start_date: date
    end_date: date
    place: str | None
    mode: str
    foreign_participants: int | None
    countries: list[str]
    pm_approval: bool
    status: str
    submitted_on: date | None
    deadline: date | None
    late: bool


@dataclass(frozen=True)
class Approval:
    """Who must approve the conference as typed, and by when the dossier must be sent."""

    pm: bool
    label: str  # "Cần Thủ tướng Chính phủ cho phép" / "Chủ tịch UBND tỉnh cho phép"
    deadline: date | None


@dataclass(frozen=True)
class ConferenceDetail:
    """Everything the conference editor shows."""

    id: str
    version: int
    data: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


class ConferenceService:
    """Use cases of the conferences register."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules

    # --- lists -------------------------------------------------------------------------

    def _filtered(self, stmt, q: ListQuery, year: int | None, status: str | None):
        stmt = stmt.where(Conference.deleted.is_(False))
        if status:
            stmt = stmt.where(Conference.status == status)
        if year:
            stmt = stmt.where(Conference.start_date.between(date(year, 1, 1), date(year, 12, 31)))
        if q.unit_code:
            stmt = stmt.where(Conference.unit_code == q.unit_code)
        cond = search_filter(Conference.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    def count(self, q: ListQuery = EVERYTHING, year: int | None = None, status: str | None = None) -> int:
        """How many conferences match the search and filters."""
        with self.ctx.db.read() as s:
            return s.scalar(self._filtered(select(func.count()).select_from(Conference), q, year, status))

    def page(self, q: ListQuery = EVERYTHING, year: int | None = None,
             status: str | None = None) -> list[ConferenceRow]:
        """One sorted page, with each row's approval level, filing deadline and late flag."""
        stmt = sorted_page(self._filtered(select(Conference), q, year, status), q, SORTS, "start_date",
                           Conference.id)
        config, today = self.rules.config(), self.ctx.today()
        with self.ctx.db.read() as s:
            rows = s.scalars(stmt).all()
        out = []
        for c in rows:
            facts = conference_facts(c)
            deadline = conference_deadline(facts, config)
            filed = c.submitted_on or (today if c.status == "draft" else None)
            late = deadline is not None and filed is not None and filed > deadline and c.status not in ("cancelled", "rejected")
            out.append(ConferenceRow(c.id, c.title, c.start_date, c.end_date, c.place, c.mode,
                                     c.foreign_participants, list(c.participant_countries or []),
                                     needs_pm_approval(c.ministerial_guests, c.sensitive_topics), c.status,
                                     c.submitted_on, deadline, late))
        return out

    def years(self) -> list[int]:
        """Years that have conferences, newest first (for the year filter)."""
        year = (func.strftime("%Y", Conference.start_date) if self.ctx.db.is_sqlite
                else func.extract("year", Conference.start_date))
        with self.ctx.db.read() as s:
            values = s.scalars(select(year).where(Conference.deleted.is_(False)).distinct())
            return sorted({int(v) for v in values if v}, reverse=True)

    # --- one record --------------------------------------------------------------------

    def get(self, conference_id: str) -> ConferenceDetail:
        """A conference with its current findings."""
        config, today = self.rules.config(), self.ctx.today()
        with self.ctx.db.read() as s:
            c = load(s, Conference, conference_id, _("hội nghị, hội thảo"))
            return ConferenceDetail(c.id, c.version, to_data(c), evaluate_conference(conference_facts(c), config, today))

    def _prepared(self, data: dict[str, Any]) -> dict[str, Any]:
        """Cleaned content as it would be saved: a request moved to "submitted" is dated today."""
        data = clean(data)
        if data.get("status") == "submitted" and not data.get("submitted_on"):
            data["submitted_on"] = self.ctx.today()
        return data

    def validate(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Every problem in the editor's content, by field."""
        return [FieldProblem(p.field, p.message) for p in validate_conference(self._prepared(data))]

    def check(self, data: dict[str, Any], conference_id: str | None = None) -> list[Finding]:
        """Rule findings for the editor's content as typed (live, before saving)."""
        data = self._prepared(data)
        facts = _facts_of(data, conference_id or "")
        return evaluate_conference(facts, self.rules.config(), self.ctx.today())

    def approval(self, data: dict[str, Any]) -> Approval:
        """Who approves the conference as typed (Prime Minister or provincial chair) and the deadline."""
        data = self._prepared(data)
        pm = needs_pm_approval(bool(data.get("ministerial_guests")), data.get("sensitive_topics") or [])
        text = (_("Cần {who} cho phép") if pm else _("{who} cho phép")).format(who=approval_label(pm))
        return Approval(pm, text, conference_deadline(_facts_of(data, ""), self.rules.config()))

    def save(self, data: dict[str, Any], conference_id: str | None = None,
             expected_version: int | None = None) -> ConferenceDetail:
        """Create or update a conference; the status moves only along the workflow."""
        data = self._prepared(data)
        problems = self.validate(data)
        if problems:
            raise ValidationError(problems)
        with self.ctx.db.session() as s:
            if conference_id is None:
                c, old = Conference(unit_code=self.ctx.local_unit()), "draft"
            else:
                c = load(s, Conference, conference_id, _("hội nghị, hội thảo"))
                old = c.status
            check_version(c, expected_version)
            new = data.get("status") or "draft"
            error = check_transition(old, new) if new != old else None
            if error:
                raise ValidationError([FieldProblem("status", error)])
            if new != old and new in DECIDED:
                self.ctx.require(access.DECIDE)  # before anything is written; the read lock only so far
            apply_data(c, {**data, "participant_countries": list(data.get("participant_countries") or []),
                           "sensitive_topics": list(data.get("sensitive_topics") or []),
                           "attachments": data.get("attachments") or [],
                           "ministerial_guests": bool(data.get("ministerial_guests")),
                           # a conference a planned activity links stays "in the plan" (R7's truth is the link)
                           "in_annual_plan": bool(data.get("in_annual_plan"))
                           or (conference_id is not None and link_of(s, "conference", conference_id) is not None),
                           "mode": data.get("mode") or "offline", "status": new})
            s.add(c)
            s.flush()
            saved_id = c.id
        return self.get(saved_id)

    def delete(self, conference_id: str, deleted: bool = True) -> None:
        """Tombstone a conference; `deleted=False` undoes it."""
        with self.ctx.db.session() as s:
            c = s.get(Conference, conference_id)
            if c is None:
                load(s, Conference, conference_id, _("hội nghị, hội thảo"))
            c.deleted = deleted

    # --- findings ----------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """R3 over every live conference."""
        return self._over(select(Conference).where(Conference.deleted.is_(False)))

    def due_items(self) -> list[Finding]:
        """What belongs on Tổng quan: R3 findings of conferences still ahead or just begun (bounded in SQL)."""
        config, today = self.rules.config(), self.ctx.today()
        horizon = max(int(config.param("R3", "lead_days")), int(config.param("R3", "lead_days_pm")))
        horizon += int(config.param("R3", "notice_days"))
        stmt = select(Conference).where(
            Conference.deleted.is_(False), Conference.status.in_(LIVE_STATUSES),
            Conference.start_date.between(today - timedelta(days=RECENT_DAYS), today + timedelta(days=horizon)))
        unit = own_unit(self.ctx)  # a unit's Tổng quan covers its own conferences; the province's, all
        if unit is not None:
            stmt = stmt.where(Conference.unit_code == unit)
        return self._over(stmt)

    def _over(self, stmt) -> list[Finding]:
        config, today = self.rules.config(), self.ctx.today()
        out: list[Finding] = []
        with self.ctx.db.read() as s:
            result = s.scalars(stmt.order_by(Conference.start_date, Conference.id).execution_options(yield_per=BATCH))
            for c in result:
                out.extend(evaluate_conference(conference_facts(c), config, today))
        return out


def conference_facts(c: Conference) -> ConferenceFacts:
    """What R3 reads of a stored conference."""
    return ConferenceFacts(id=c.id, title=c.title or "", start_date=c.start_date, status=c.status or "draft",
                           submitted_on=c.submitted_on, ministerial_guests=bool(c.ministerial_guests),
                           sensitive_topics=tuple(c.sensitive_topics or ()))


def _facts_of(data: dict[str, Any], conference_id: str) -> ConferenceFacts:
    start, filed = data.get("start_date"), data.get("submitted_on")
    return ConferenceFacts(id=conference_id, title=data.get("title") or "",
                           start_date=start if isinstance(start, date) else None,
                           status=data.get("status") or "draft",
                           submitted_on=filed if isinstance(filed, date) else None,
                           ministerial_guests=bool(data.get("ministerial_guests")),
                           sensitive_topics=tuple(data.get("sensitive_topics") or ()))

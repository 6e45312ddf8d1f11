"""Delegations, outbound and inbound, with members, status workflow and attachments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import access
from desktop.domain.dossier import ATTACHMENT_KINDS
from desktop.domain.rules import DelegationFacts, Finding, blocks_submission, request_deadline
from desktop.domain.validation import (
    check_transition,
    enum_label,
    validate_delegation,
    validate_member,
)
from desktop.errors import FieldProblem, RuleBlockedError, ValidationError
from desktop.i18n import _
from desktop.models import Delegation, DelegationMember, Person
from desktop.services.attachments import AttachmentService
from desktop.services.common import (
    EVERYTHING,
    ListQuery,
    cascade_deleted,
    check_version,
    clean,
    load,
    search_filter,
    sorted_page,
)
from desktop.services.context import ServiceContext
from desktop.services.dossier import DossierService
from desktop.services.findings import FindingService, bulk_facts
from desktop.services.plan_links import set_link
from desktop.sync.records import apply_data, to_data

SORTS = {
    # names sort in Vietnamese order (desktop.domain.collation), by their stored keys
    "title": Delegation.title_sort, "start_date": Delegation.start_date, "end_date": Delegation.end_date,
    "status": Delegation.status, "kind": Delegation.kind, "partner": Delegation.partner_sort,
    "submitted_on": Delegation.submitted_on, "unit_code": Delegation.unit_code,
}


ROLE_ORDER = {"head": 0, "deputy_head": 1, "member": 2, "interpreter": 3, "other": 4}


@dataclass(frozen=True)
class DelegationRow:
    """A delegation as the list shows it."""

    id: str
    direction: str
    kind: str
    title: str
    countries: list[str]
    partner: str | None
    start_date: date
    end_date: date
    status: str
    submitted_on: date | None
    unit_code: str
    member_count: int
    deadline: date | None
    late: bool


@dataclass(frozen=True)
class MemberDetail:
    """A member: an officer (outbound) or a foreign guest (inbound)."""

    id: str
    data: dict[str, Any]
    display_name: str
    position: str | None = None


@dataclass(frozen=True)
class DelegationDetail:
    """Everything the delegation editor shows."""

    id: str
    version: int
    data: dict[str, Any]
    members: list[MemberDetail] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class DelegationRef:
    """Which delegation (and so which list) a record belongs to."""

    id: str
    direction: str


@dataclass(frozen=True)
class FilingDeadline:
    """When the request must reach the province, and how the editor's content stands."""

    due: date
    working_days_left: int  # after today up to the deadline; negative once it has passed
    late: bool


@dataclass(frozen=True)
class Filter:
    """The list's filters beyond the search text."""

    direction: str | None = None
    status: str | None = None
    year: int | None = None


NO_FILTER = Filter()


DECIDED = ("approved", "rejected")  # a decision on a request: a unit head's (access.DECIDE)

class DelegationService:
    """Use cases of the delegations register."""

    def __init__(self, ctx: ServiceContext, findings: FindingService, attachments: AttachmentService,
                 dossier: DossierService):
        self.ctx = ctx
        self.findings = findings
        self.attachments = attachments
        self.dossier = dossier

    # --- lists -------------------------------------------------------------------------

    def _filtered(self, stmt, q: ListQuery, f: Filter):
        stmt = stmt.where(Delegation.deleted.is_(False))
        if f.direction:
            stmt = stmt.where(Delegation.direction == f.direction)
        if f.status:
            stmt = stmt.where(Delegation.status == f.status)
        if f.year:
            stmt = stmt.where(Delegation.start_date.between(date(f.year, 1, 1), date(f.year, 12, 31)))
        if q.unit_code:
            stmt = stmt.where(Delegation.unit_code == q.unit_code)
        cond = search_filter(Delegation.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    def count(self, q: ListQuery = EVERYTHING, f: Filter = NO_FILTER) -> int:
        """How many delegations match."""
        with self.ctx.db.read() as s:
            return s.scalar(self._filtered(select(func.count()).select_from(Delegation), q, f))

    def page(self, q: ListQuery = EVERYTHING, f: Filter = NO_FILTER) -> list[DelegationRow]:
        """One sorted page, with each row's filing deadline and late flag."""
        members = (select(func.count(DelegationMember.id))
                   .where(DelegationMember.delegation_id == Delegation.id, DelegationMember.deleted.is_(False))
                   .scalar_subquery())
        stmt = sorted_page(self._filtered(select(Delegation, members), q, f), q, SORTS, "start_date", Delegation.id)
        config, calendar = self.findings.context()
        today = self.ctx.today()
        with self.ctx.db.read() as s:
            rows = s.execute(stmt).all()
            facts = bulk_facts(s, [d for d, _n in rows])
        out = []
        for (d, n), fx in zip(rows, facts, strict=True):
            deadline = request_deadline(fx, config, calendar)
            late = deadline is not None and (d.submitted_on or (today if d.status == "draft" else None) or deadline) > deadline
            out.append(DelegationRow(d.id, d.direction, d.kind, d.title, list(d.countries or []), d.partner,
                                     d.start_date, d.end_date, d.status, d.submitted_on, d.unit_code, n or 0,
                                     deadline, bool(late)))
        return out

    def years(self) -> list[int]:
        """Years that have delegations, newest first (for the year filter)."""
        year = func.strftime("%Y", Delegation.start_date) if self.ctx.db.is_sqlite else func.extract("year", Delegation.start_date)
        with self.ctx.db.read() as s:
            values = s.scalars(select(year).where(Delegation.deleted.is_(False)).distinct())
            return sorted({int(v) for v in values if v}, reverse=True)

    def deadline(self, data: dict[str, Any]) -> FilingDeadline | None:
        """The filing deadline (R1 outbound, R2 inbound) of the editor's content as typed.

        None without a start date or when the rule is switched off.
        """
        data = self._prepared(data)
        start = data.get("start_date")
        if not isinstance(start, date):
            return None
        config, calendar = self.findings.context()
        facts = DelegationFacts(id="", direction=data.get("direction") or "outbound",
                                kind=data.get("kind") or "other", title="", start_date=start,
                                end_date=None, status=data.get("status") or "draft")
        due = request_deadline(facts, config, calendar)
        if due is None:
            return None
        today, day = self.ctx.today(), timedelta(days=1)
        left = (calendar.working_days_between(today + day, due + day) if today <= due
                else -calendar.working_days_between(due + day, today + day))
        filed = data.get("submitted_on") if isinstance(data.get("submitted_on"), date) else None
        late = (filed or (today if facts.status == "draft" else due)) > due
        return FilingDeadline(due, left, late)

    # --- one record --------------------------------------------------------------------

    def get(self, delegation_id: str) -> DelegationDetail:
        """A delegation with its members and current findings."""
        with self.ctx.db.read() as s:
            d = load(s, Delegation, delegation_id, _("đoàn"))
            detail = _detail(s, d)
        return DelegationDetail(detail.id, detail.version, detail.data, detail.members,
                                self.findings.for_delegation(delegation_id))

    def locate(self, entity: str, record_id: str) -> DelegationRef:
        """The delegation a finding points at: the delegation itself or one of its members."""
        with self.ctx.db.read() as s:
            if entity == "delegation_member":
                member = load(s, DelegationMember, record_id, _("thành viên đoàn"))
                record_id = member.delegation_id
            d = load(s, Delegation, record_id, _("đoàn"))
            return DelegationRef(d.id, d.direction)

    def _prepared(self, data: dict[str, Any]) -> dict[str, Any]:
        """Cleaned content as it would be saved: a request moved to "submitted" is dated today."""
        data = clean(data)
        if data.get("status") == "submitted" and not data.get("submitted_on"):
            data["submitted_on"] = self.ctx.today()
        return data

    def validate(self, data: dict[str, Any], members: list[dict[str, Any]]) -> list[FieldProblem]:
        """Every problem in the editor's content, by field (members as members[i].field)."""
        data = self._prepared(data)
        problems = [FieldProblem(p.field, p.message) for p in validate_delegation(data)]
        direction = data.get("direction") or "outbound"
        for i, m in enumerate(members):
            for p in validate_member(clean(m), direction):
                problems.append(FieldProblem(f"members[{i}].{p.field}", _("Thành viên {n}: {msg}").format(n=i + 1, msg=p.message)))
        return problems

    def check(self, data: dict[str, Any], members: list[dict[str, Any]],
              delegation_id: str | None = None) -> list[Finding]:
        """Rule findings for the editor's content as typed (live, before saving)."""
        return self.findings.check_draft(delegation_id, self._prepared(data), [clean(m) for m in members])

    def save(self, data: dict[str, Any], members: list[dict[str, Any]], delegation_id: str | None = None,
             expected_version: int | None = None) -> DelegationDetail:
        """Create or update a delegation and its members in one transaction.

        Moving to "submitted" with a blocking finding (R4) needs `override_reason`,
        and the dossier must be complete (rule D1, which no reason overrides).
        """
        data, members = self._prepared(data), [clean(m) for m in members]
        problems = self.validate(data, members)
        if problems:
            raise ValidationError(problems)
        with self.ctx.db.session() as s:
            d = Delegation(unit_code=self.ctx.local_unit()) if delegation_id is None else load(s, Delegation, delegation_id, _("đoàn"))
            check_version(d, expected_version)
            overridden = self._check_status(d.status if delegation_id else "draft", data, members, delegation_id)
            apply_data(d, {**data, "countries": data.get("countries") or [],
                           "attachments": data.get("attachments") or [],
                           "in_annual_plan": bool(data.get("in_annual_plan"))})
            s.add(d)
            s.flush()
            _save_members(s, d, members)
            if "planned_activity_id" in data:  # the editor chose (or cleared) the planned activity
                set_link(s, "delegation", d, data["planned_activity_id"])
            s.flush()
            saved_id = d.id
            if overridden:  # who, when and why, beside the reason the record keeps
                self.ctx.audit_in(s, "override", "delegation", d.id, {
                    "reason": data.get("override_reason"), "rules": sorted({f.rule for f in overridden})})
        return self.get(saved_id)

    def _check_status(self, old: str, data: dict, members: list[dict], delegation_id: str | None) -> list[Finding]:
        """Refuse a move the workflow, the rules or the account's role do not allow; the blocking findings
        an override reason carries past (only a unit head's account may: access.OVERRIDE_R4)."""
        new = data.get("status") or "draft"
        if new != old:
            error = check_transition(old, new)
            if error:
                raise ValidationError([FieldProblem("status", error)])
            if new in DECIDED:
                self.ctx.require(access.DECIDE)
        overridden: list[Finding] = []
        if new == "submitted" and old != "submitted":
            found = self.check({**data, "override_reason": None}, members, delegation_id)  # blocked without it?
            if blocks_submission(found):
                blocking = [f for f in found if f.severity == "blocking"]
                if not data.get("override_reason"):
                    raise RuleBlockedError(
                        _("Không thể chuyển sang «{status}»: {msg} Nếu vẫn trình, hãy ghi lý do vượt chặn.")
                        .format(status=enum_label("status", "submitted"),
                                msg=" ".join(f.message for f in blocking)), blocking)
                self.ctx.require(access.OVERRIDE_R4)
                overridden = blocking
            problems = self.dossier.submission_problems(data, members, delegation_id)
            if problems:
                raise ValidationError(problems)
        return overridden

    def set_status(self, delegation_id: str, status: str, override_reason: str | None = None,
                   expected_version: int | None = None) -> DelegationDetail:
        """Move a stored delegation along the workflow (same checks as saving)."""
        current = self.get(delegation_id)
        data = {**current.data, "status": status}
        if override_reason:
            data["override_reason"] = override_reason
        members = [{**m.data, "id": m.id} for m in current.members]
        return self.save(data, members, delegation_id, expected_version or current.version)

    def delete(self, delegation_id: str, deleted: bool = True) -> None:
        """Tombstone a delegation and its members; `deleted=False` undoes it."""
        with self.ctx.db.session() as s:
            d = s.get(Delegation, delegation_id)
            if d is None:
                load(s, Delegation, delegation_id, _("đoàn"))
            members = s.scalars(select(DelegationMember).where(DelegationMember.delegation_id == d.id))
            cascade_deleted(d, members, deleted)

    def add_attachment(self, delegation_id: str, path: Path, kind: str = "other") -> DelegationDetail:
        """Store a file and list it on the delegation; `kind` is one of ATTACHMENT_KINDS."""
        if kind not in ATTACHMENT_KINDS:
            raise ValidationError([FieldProblem("kind", _("Loại tệp đính kèm «{kind}» không hợp lệ.")
                                                .format(kind=kind))])
        entry = self.attachments.store(path, kind)
        with self.ctx.db.session() as s:
            d = load(s, Delegation, delegation_id, _("đoàn"))
            kept = [a for a in d.attachments or [] if a.get("sha256") != entry["sha256"]]
            d.attachments = kept + [entry]
        return self.get(delegation_id)

    def remove_attachment(self, delegation_id: str, sha256: str) -> DelegationDetail:
        """Take a file off the delegation's list (the stored bytes stay for other records)."""
        with self.ctx.db.session() as s:
            d = load(s, Delegation, delegation_id, _("đoàn"))
            d.attachments = [a for a in d.attachments or [] if a.get("sha256") != sha256]
        return self.get(delegation_id)


def _save_members(s: Session, d: Delegation, members: list[dict[str, Any]]) -> None:
    existing = {m.id: m for m in s.scalars(select(DelegationMember).where(DelegationMember.delegation_id == d.id))}
    keep = set()
    for data in members:
        member = existing.get(data.get("id") or "") or DelegationMember(unit_code=d.unit_code)
        apply_data(member, {**data, "delegation_id": d.id, "role": data.get("role") or "member"})
        member.deleted = False
        s.add(member)
        keep.add(member.id)
    for member_id, member in existing.items():
        if member_id not in keep and not member.deleted:
            member.deleted = True


def _detail(s: Session, d: Delegation) -> DelegationDetail:
    rows = s.execute(
        select(DelegationMember, Person.full_name, Person.position)
        .outerjoin(Person, Person.id == DelegationMember.person_id)
        .where(DelegationMember.delegation_id == d.id, DelegationMember.deleted.is_(False))
        .order_by(DelegationMember.created_at, DelegationMember.id)
    ).all()
    members = [MemberDetail(m.id, to_data(m), name or m.guest_name or "", pos or m.guest_title)
               for m, name, pos in rows]
    members.sort(key=lambda m: ROLE_ORDER.get(m.data["role"], 9))
    return DelegationDetail(d.id, d.version, to_data(d), members)

"""Aid programmes and projects (non-refundable aid not ODA), their disbursements, and rule R13."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.aid_rules import (
    ATTACHMENT_KINDS,
    NOT_STARTED_STATUS,
    AidFacts,
    AidTotals,
    Decree,
    applicable_decree,
    disbursement_totals,
    evaluate_aid,
    validate_disbursement,
    validate_project,
)
from desktop.domain.calendar import add_months
from desktop.domain.collation import sort_key
from desktop.domain.rules import Finding
from desktop.domain.text import fold
from desktop.errors import FieldProblem, ValidationError
from desktop.i18n import N_, _
from desktop.models import AidDisbursement, AidProject, ForeignNgo
from desktop.services.attachments import AttachmentService
from desktop.services.common import (
    EVERYTHING,
    ListQuery,
    cascade_deleted,
    check_version,
    clean,
    load,
    raise_if,
    search_filter,
)
from desktop.services.context import ServiceContext
from desktop.services.rules import RuleService
from desktop.sync.records import apply_data, to_data

BATCH = 500
DONOR_CHOICES = 50
WHAT = N_("chương trình, dự án viện trợ")


def _disbursed():
    """Correlated subquery: the VND disbursed so far for the project of the row."""
    return (select(func.coalesce(func.sum(AidDisbursement.amount_vnd), 0))
            .where(AidDisbursement.project_id == AidProject.id, AidDisbursement.deleted.is_(False))
            .scalar_subquery())


def _donor_label():
    """The donor as shown: the NGO's Vietnamese (else original) name, else the typed donor name."""
    return func.coalesce(ForeignNgo.name_vi, ForeignNgo.name_original, AidProject.donor_name)


@dataclass(frozen=True)
class AidRow:
    """A programme or project as the list shows it."""

    id: str
    title: str
    donor: str
    form: str
    aid_type: str
    status: str
    location: str | None
    approval_date: date | None
    start_date: date | None
    currency: str | None
    value_original: int | None
    value_vnd: int | None
    disbursed_vnd: int
    decree: str | None  # "80/2020/NĐ-CP" or "313/2025/NĐ-CP"
    r13: str | None = None  # the severity of R13 on it today: "reminder", "overdue" or None

    @property
    def ratio(self) -> float | None:
        """Disbursed ÷ committed."""
        return AidTotals(self.value_vnd, self.disbursed_vnd).ratio


@dataclass(frozen=True)
class DisbursementDetail:
    """One disbursement under a project."""

    id: str
    version: int
    data: dict[str, Any]


@dataclass(frozen=True)
class DonorChoice:
    """An NGO of the register that can be chosen as donor."""

    id: str
    name: str
    name_original: str
    country: str | None


@dataclass(frozen=True)
class AidDetail:
    """Everything the project editor shows."""

    id: str
    version: int
    data: dict[str, Any]
    donor: DonorChoice | None
    disbursements: list[DisbursementDetail] = field(default_factory=list)
    totals: AidTotals = AidTotals(None, 0)
    findings: list[Finding] = field(default_factory=list)
    decree: Decree | None = None


@dataclass(frozen=True)
class ListTotals:
    """Sums over the projects a list shows."""

    projects: int
    committed_vnd: int
    disbursed_vnd: int
    counterpart_vnd: int

    @property
    def ratio(self) -> float | None:
        """Disbursed ÷ committed over the list."""
        return AidTotals(self.committed_vnd, self.disbursed_vnd).ratio


@dataclass(frozen=True)
class AidYearSummary:
    """One year's aid for the annual report: approvals, their value, and money disbursed in the year."""

    year: int
    approved: int
    committed_vnd: int
    counterpart_vnd: int
    disbursed_vnd: int
    by_status: dict[str, int]


class AidService:
    """Use cases of the aid register and rule R13."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules
        self.files = AttachmentService(ctx)

    # --- lists -------------------------------------------------------------------------

    def _filtered(self, stmt, q: ListQuery, status: str | None, year: int | None, donor_id: str | None):
        stmt = stmt.where(AidProject.deleted.is_(False))
        if status:
            stmt = stmt.where(AidProject.status == status)
        if year:
            stmt = stmt.where(AidProject.approval_date.between(date(year, 1, 1), date(year, 12, 31)))
        if donor_id:
            stmt = stmt.where(AidProject.donor_ngo_id == donor_id)
        if q.unit_code:
            stmt = stmt.where(AidProject.unit_code == q.unit_code)
        return stmt.where(*_search_words(q.search))

    def count(self, q: ListQuery = EVERYTHING, status: str | None = None, year: int | None = None,
              donor_id: str | None = None) -> int:
        """How many projects match."""
        stmt = self._filtered(select(func.count()).select_from(AidProject), q, status, year, donor_id)
        with self.ctx.db.read() as s:
            return s.scalar(stmt)

    def page(self, q: ListQuery = EVERYTHING, status: str | None = None, year: int | None = None,
             donor_id: str | None = None) -> list[AidRow]:
        """One page sorted in SQL, each project with its donor, disbursed total, decree and R13 state."""
        disbursed, donor = _disbursed(), _donor_label()
        stmt = (select(AidProject, donor, disbursed)
                .outerjoin(ForeignNgo, ForeignNgo.id == AidProject.donor_ngo_id))
        stmt = self._filtered(stmt, q, status, year, donor_id)
        donor_key = func.coalesce(ForeignNgo.name_sort, AidProject.donor_name_sort)  # as `donor` shows it
        sorts = {"title": AidProject.title_sort, "donor": donor_key, "status": AidProject.status,
                 "approval_date": AidProject.approval_date, "value_vnd": AidProject.value_vnd,
                 "disbursed_vnd": disbursed, "location": AidProject.location_sort, "form": AidProject.form}
        column = sorts.get(q.sort, sorts["approval_date"])
        order = column.desc() if q.descending else column.asc()
        stmt = stmt.order_by(order.nulls_last(), AidProject.id).offset(q.offset).limit(q.limit)
        config, today = self.rules.config(), self.ctx.today()
        with self.ctx.db.read() as s:
            return [_row(p, name, paid, config, today) for p, name, paid in s.execute(stmt)]

    def list_totals(self, q: ListQuery = EVERYTHING, status: str | None = None, year: int | None = None,
                    donor_id: str | None = None) -> ListTotals:
        """Committed, disbursed and counterpart sums over every project the filters select."""
        paid = (select(func.coalesce(func.sum(AidDisbursement.amount_vnd), 0))
                .join(AidProject, AidProject.id == AidDisbursement.project_id)
                .where(AidDisbursement.deleted.is_(False)))
        sums = select(func.count(), func.coalesce(func.sum(AidProject.value_vnd), 0),
                      func.coalesce(func.sum(AidProject.counterpart_vnd), 0)).select_from(AidProject)
        with self.ctx.db.read() as s:
            n, committed, counterpart = s.execute(self._filtered(sums, q, status, year, donor_id)).one()
            disbursed = s.scalar(self._filtered(paid, q, status, year, donor_id))
        return ListTotals(n, int(committed), int(disbursed or 0), int(counterpart))

    def years(self) -> list[int]:
        """Years of approval that have projects, newest first (for the year filter)."""
        year = (func.strftime("%Y", AidProject.approval_date) if self.ctx.db.is_sqlite
                else func.extract("year", AidProject.approval_date))
        with self.ctx.db.read() as s:
            values = s.scalars(select(year).where(AidProject.deleted.is_(False),
                                                  AidProject.approval_date.is_not(None)).distinct())
            return sorted({int(v) for v in values if v}, reverse=True)

    def donors(self) -> list[DonorChoice]:
        """The NGOs that fund at least one live project (for the donor filter), by name."""
        stmt = (select(ForeignNgo).where(ForeignNgo.deleted.is_(False), ForeignNgo.id.in_(
            select(AidProject.donor_ngo_id).where(AidProject.deleted.is_(False)))))
        with self.ctx.db.read() as s:
            return sorted((_choice(n) for n in s.scalars(stmt)), key=lambda c: sort_key(c.name))

    def donor_choices(self, search: str = "", limit: int = DONOR_CHOICES) -> list[DonorChoice]:
        """NGOs of the register matching `search` (diacritics ignored), for the editor's donor box."""
        stmt = select(ForeignNgo).where(ForeignNgo.deleted.is_(False))
        cond = search_filter(ForeignNgo.search_key, search)
        stmt = stmt if cond is None else stmt.where(cond)
        stmt = stmt.order_by(ForeignNgo.name_sort, ForeignNgo.id)
        with self.ctx.db.read() as s:
            return [_choice(n) for n in s.scalars(stmt.limit(limit))]

    def year_summary(self, year: int, unit_code: str | None = None) -> AidYearSummary:
        """Projects approved in `year` (count, committed and counterpart VND, by status) and the VND
        disbursed in `year` on any project (by the period's first day) — the annual report's figures."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        approved = select(AidProject.status, func.count(), func.coalesce(func.sum(AidProject.value_vnd), 0),
                          func.coalesce(func.sum(AidProject.counterpart_vnd), 0)).where(
            AidProject.deleted.is_(False), AidProject.approval_date.between(first, last))
        paid = (select(func.coalesce(func.sum(AidDisbursement.amount_vnd), 0))
                .join(AidProject, AidProject.id == AidDisbursement.project_id)
                .where(AidDisbursement.deleted.is_(False), AidProject.deleted.is_(False),
                       AidDisbursement.period_start.between(first, last)))
        if unit_code:
            approved, paid = approved.where(AidProject.unit_code == unit_code), paid.where(
                AidProject.unit_code == unit_code)
        with self.ctx.db.read() as s:
            rows = s.execute(approved.group_by(AidProject.status)).all()
            disbursed = s.scalar(paid)
        return AidYearSummary(year, sum(n for _st, n, _v, _c in rows), sum(int(v) for *_x, v, _c in rows),
                              sum(int(c) for *_x, c in rows), int(disbursed or 0),
                              {status: n for status, n, _v, _c in rows})

    # --- one project -------------------------------------------------------------------

    def get(self, project_id: str) -> AidDetail:
        """A project with its donor, disbursements, totals, findings and applicable decree."""
        config, today = self.rules.config(), self.ctx.today()
        with self.ctx.db.read() as s:
            p = load(s, AidProject, project_id, _(WHAT))
            data, version = to_data(p), p.version
            ngo = s.get(ForeignNgo, p.donor_ngo_id) if p.donor_ngo_id else None
            donor = _choice(ngo) if ngo is not None and not ngo.deleted else None  # a deleted NGO: its name only
            disbursements = _disbursements(s, [project_id]).get(project_id, [])
        totals = disbursement_totals(data.get("value_vnd"), _amounts(disbursements))
        return AidDetail(project_id, version, data, donor, disbursements, totals,
                         evaluate_aid(_facts(project_id, data), config, today),
                         applicable_decree(data.get("approval_date"), config))

    def locate(self, entity: str, record_id: str) -> str:
        """The project a record belongs to (the project itself or one of its disbursements)."""
        with self.ctx.db.read() as s:
            if entity == "aid_disbursement":
                record_id = load(s, AidDisbursement, record_id, _("lần giải ngân")).project_id
            return load(s, AidProject, record_id, _(WHAT)).id

    def decree_for(self, approval_date: date | None) -> Decree | None:
        """The decree that governs aid approved on `approval_date` (with the switch day of the settings)."""
        return applicable_decree(approval_date, self.rules.config())

    def validate(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Every problem in the editor's content, by field."""
        return [FieldProblem(p.field, p.message) for p in validate_project(_prepared(data), self.ctx.today())]

    def check(self, data: dict[str, Any], project_id: str | None = None) -> list[Finding]:
        """R13 on the editor's content as typed (live)."""
        return evaluate_aid(_facts(project_id or "", _prepared(data)), self.rules.config(), self.ctx.today())

    def save(self, data: dict[str, Any], project_id: str | None = None,
             expected_version: int | None = None) -> AidDetail:
        """Create or update a project; validation problems raise with every field named."""
        data = _prepared(data)
        raise_if(validate_project(data, self.ctx.today()))
        with self.ctx.db.session() as s:
            p = (AidProject(unit_code=self.ctx.local_unit()) if project_id is None
                 else load(s, AidProject, project_id, _(WHAT)))
            check_version(p, expected_version)
            if data.get("donor_ngo_id"):
                ngo = load(s, ForeignNgo, data["donor_ngo_id"], _("tổ chức tài trợ"))
                data["donor_name"] = data.get("donor_name") or ngo.name_vi or ngo.name_original
            if "attachments" in data:  # an editor that does not show them must not wipe them
                data["attachments"] = data["attachments"] or []
            apply_data(p, data)
            s.add(p)
            s.flush()
            saved_id = p.id
        return self.get(saved_id)

    def add_attachment(self, project_id: str, path: Path, kind: str = "other") -> AidDetail:
        """Store a file (decision, project document, agreement, report …) and list it on the project."""
        if kind not in ATTACHMENT_KINDS:
            raise ValidationError([FieldProblem("kind", _("Loại tệp đính kèm «{kind}» không hợp lệ.").format(kind=kind))])
        entry = self.files.store(path, kind)
        with self.ctx.db.session() as s:
            p = load(s, AidProject, project_id, _(WHAT))
            p.attachments = [a for a in p.attachments or [] if a.get("sha256") != entry["sha256"]] + [entry]
        return self.get(project_id)

    def remove_attachment(self, project_id: str, sha256: str) -> AidDetail:
        """Take a file off the project's list (the stored bytes stay for other records)."""
        with self.ctx.db.session() as s:
            p = load(s, AidProject, project_id, _(WHAT))
            p.attachments = [a for a in p.attachments or [] if a.get("sha256") != sha256]
        return self.get(project_id)

    def delete(self, project_id: str, deleted: bool = True) -> None:
        """Tombstone a project with its disbursements; `deleted=False` undoes exactly that delete."""
        with self.ctx.db.session() as s:
            p = s.get(AidProject, project_id)
            if p is None:
                load(s, AidProject, project_id, _(WHAT))
            children = s.scalars(select(AidDisbursement).where(AidDisbursement.project_id == project_id))
            cascade_deleted(p, children, deleted)

    def restore(self, project_id: str) -> None:
        """Undo a delete (disbursements deleted on their own before stay deleted)."""
        self.delete(project_id, deleted=False)

    # --- disbursements -----------------------------------------------------------------

    def save_disbursement(self, project_id: str, data: dict[str, Any],
                          record_id: str | None = None) -> DisbursementDetail:
        """Add or change one disbursement; refused in the future or before the approval."""
        data = clean({**data, "project_id": project_id})
        with self.ctx.db.session() as s:
            p = load(s, AidProject, project_id, _(WHAT))
            raise_if(validate_disbursement(data, p.approval_date, self.ctx.today()))
            obj = (AidDisbursement(unit_code=p.unit_code) if record_id is None
                   else load(s, AidDisbursement, record_id, _("lần giải ngân")))
            apply_data(obj, data)
            s.add(obj)
            s.flush()
            return DisbursementDetail(obj.id, obj.version, to_data(obj))

    def delete_disbursement(self, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) one disbursement."""
        with self.ctx.db.session() as s:
            obj = s.get(AidDisbursement, record_id)
            if obj is None:
                load(s, AidDisbursement, record_id, _("lần giải ngân"))
            obj.deleted = deleted

    def totals(self, project_id: str) -> AidTotals:
        """Committed against disbursed for one project."""
        with self.ctx.db.read() as s:
            p = load(s, AidProject, project_id, _(WHAT))
            rows = _disbursements(s, [project_id]).get(project_id, [])
            return disbursement_totals(p.value_vnd, _amounts(rows))

    # --- findings ----------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """R13 over every live project that is approved and not started."""
        return self._findings_over(self._not_started())

    def due_items(self) -> list[Finding]:
        """What belongs on Tổng quan: R13 on projects approved long enough ago — selected in SQL
        (status, start date and an approval-date bound), so the cost stays bounded."""
        config, today = self.rules.config(), self.ctx.today()
        if not config.is_enabled("R13"):
            return []
        # add_months clamps month ends, so bound by the end of the month `alert_months` back: a superset
        back = add_months(today, -int(config.param("R13", "alert_months")))
        bound = back.replace(day=calendar.monthrange(back.year, back.month)[1])
        return self._findings_over(self._not_started().where(AidProject.approval_date <= bound))

    def _not_started(self):
        today = self.ctx.today()
        return select(AidProject).where(
            AidProject.deleted.is_(False), AidProject.status == NOT_STARTED_STATUS,
            AidProject.approval_date.is_not(None),
            or_(AidProject.start_date.is_(None), AidProject.start_date > today))

    def _findings_over(self, stmt) -> list[Finding]:
        config, today = self.rules.config(), self.ctx.today()
        if not config.is_enabled("R13"):
            return []
        out: list[Finding] = []
        with self.ctx.db.read() as s:
            for p in s.scalars(stmt.order_by(AidProject.approval_date, AidProject.id)
                               .execution_options(yield_per=BATCH)):
                out.extend(evaluate_aid(_facts(p.id, {"title": p.title, "status": p.status,
                                                      "approval_date": p.approval_date,
                                                      "start_date": p.start_date}), config, today))
        return out


def _search_words(text: str) -> list:
    """Each folded word in the project's own text or in its donor NGO's names (original or Vietnamese)."""
    conditions = []
    for word in fold(text).split():
        ngo_ids = select(ForeignNgo.id).where(ForeignNgo.search_key.contains(word, autoescape=True))
        conditions.append(or_(AidProject.search_key.contains(word, autoescape=True),
                              AidProject.donor_ngo_id.in_(ngo_ids)))
    return conditions


def _prepared(data: dict[str, Any]) -> dict[str, Any]:
    """NFC text, a currency code in capitals, VND values copied when the currency is VND."""
    data = clean(data)
    if isinstance(data.get("currency"), str):
        data["currency"] = data["currency"].strip().upper() or None
    if data.get("currency") == "VND" and data.get("value_vnd") is None:
        data["value_vnd"] = data.get("value_original")
    if not data.get("donor_ngo_id"):
        data["donor_ngo_id"] = None
    return data


def _choice(n: ForeignNgo) -> DonorChoice:
    return DonorChoice(n.id, n.name_vi or n.name_original, n.name_original, n.country)


def _row(p: AidProject, donor: str | None, paid: int | None, config, today: date) -> AidRow:
    findings = evaluate_aid(_facts(p.id, {"title": p.title, "status": p.status, "approval_date": p.approval_date,
                                          "start_date": p.start_date}), config, today)
    decree = applicable_decree(p.approval_date, config)
    return AidRow(p.id, p.title, donor or "", p.form, p.aid_type, p.status, p.location, p.approval_date,
                  p.start_date, p.currency, p.value_original, p.value_vnd, int(paid or 0),
                  decree.number if decree else None, findings[0].severity if findings else None)


def _disbursements(s: Session, project_ids: list[str]) -> dict[str, list[DisbursementDetail]]:
    out: dict[str, list[DisbursementDetail]] = defaultdict(list)
    stmt = (select(AidDisbursement)
            .where(AidDisbursement.project_id.in_(project_ids), AidDisbursement.deleted.is_(False))
            .order_by(AidDisbursement.period_start, AidDisbursement.created_at, AidDisbursement.id))
    for d in s.scalars(stmt):
        out[d.project_id].append(DisbursementDetail(d.id, d.version, to_data(d)))
    return out


def _amounts(rows: list[DisbursementDetail]) -> list[tuple[int | None, int | None]]:
    return [(r.data.get("amount_vnd"), r.data.get("amount_original")) for r in rows]


def _facts(project_id: str, data: dict[str, Any]) -> AidFacts:
    def day(key: str) -> date | None:
        value = data.get(key)
        return value if isinstance(value, date) else None

    return AidFacts(project_id, data.get("title") or "", data.get("status") or "", day("approval_date"),
                    day("start_date"))


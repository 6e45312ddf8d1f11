"""The yearly report's figures: loads a year's rows of every register for a scope, lets the
domain decide what needs a rule (late, off the plan, lapsed), and counts them in `desktop.reports`.

Boundaries, decided here once (tests in tests/services/test_reports.py):

- a calendar year, 1/1–31/12; NGO figures by the NGO reporting year (15/12 of the year
  before – 14/12);
- a delegation counts in the year it departs (arrives, for an inbound one), even when it
  returns after 31/12; a conference in the year it opens; a promotion activity in the year
  it starts; a disbursement by the first day of its period;
- deleted records never count, nor cancelled or refused delegations and conferences;
- a record counts in the unit where it stands at the report's cut-off (31/12, or today
  while the year runs): there is no history of moves;
- a retired unit appears for the years it was in service, and for any later year in which
  records still stand in it (they are never folded into another unit: the 2025
  reorganisation split districts among several communes, so no single unit replaced one).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import String, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from desktop.domain import access
from desktop.domain.aid_rules import AidFacts, not_started, r13_dates
from desktop.domain.conference_rules import ConferenceFacts, conference_deadline, needs_pm_approval
from desktop.domain.facts import filed_late
from desktop.domain.ngo_rules import reporting_period
from desktop.domain.overseas_rules import CASE_KIND
from desktop.domain.overseas_rules import OPEN_STATUSES as CASE_OPEN
from desktop.domain.promotion_rules import follow_up_overdue
from desktop.domain.rules import TripTests
from desktop.domain.text import nfc
from desktop.domain.unit_rules import subtree
from desktop.domain.validation import ENUMS
from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import _
from desktop.models import (
    ActualCost,
    AidDisbursement,
    AidProject,
    AnnualPlan,
    BudgetAddition,
    Conference,
    Delegation,
    DelegationMember,
    FaBudget,
    FollowUpAction,
    ForeignNgo,
    NgoCertificate,
    NgoReport,
    OutgoingDocument,
    OverseasActivity,
    OverseasContact,
    Person,
    PlannedActivity,
    PromotionActivity,
    ReportText,
    TrainingRecord,
    Unit,
)
from desktop.models.base import text_limits
from desktop.reports import facts as rf
from desktop.reports import files
from desktop.reports.document import ReportDocument, Texts, assessment_facts, build
from desktop.reports.figures import Report, compute
from desktop.services.common import collector_paused
from desktop.services.context import ServiceContext
from desktop.services.dashboard import own_unit
from desktop.services.documents import DocumentRow, DocumentService
from desktop.services.findings import FindingService
from desktop.services.printing import PrintService, write_atomically

NOT_COUNTED = ("cancelled", "rejected")
CHUNK = 500


@dataclass(frozen=True)
class ScopeChoice:
    """A scope the Báo cáo page offers: None for every unit (the province)."""

    unit_code: str | None
    label: str


@dataclass(frozen=True)
class RecordLine:
    """One record behind a figure, as the list a figure opens shows it; `open_entity`/`open_id` is what
    the program opens for it (a training course opens its officer)."""

    entity: str
    id: str
    title: str
    on: date | None
    unit_code: str
    open_entity: str
    open_id: str


Progress = Callable[[int, int], None]


def report_form(year: int) -> str:
    """The outgoing-document register's form code of a year's report ("annual-report-2026")."""
    return f"annual-report-{year}"


class ReportService:
    """Figures of the yearly report for a year and a scope."""

    def __init__(self, ctx: ServiceContext, findings: FindingService, printing: PrintService,
                 documents: DocumentService):
        self.ctx = ctx
        self.findings = findings
        self.printing = printing
        self.documents = documents

    # ------------------------------------------------------------ scope

    def default_scope(self) -> str | None:
        """A unit's machine reports on its unit (and the units under it); the province on every unit."""
        return own_unit(self.ctx)

    def scopes(self) -> list[ScopeChoice]:
        """At the province: every unit, then each unit; at a unit: its own unit only."""
        mine = self.default_scope()
        with self.ctx.db.read() as s:
            units = s.execute(select(Unit.code, Unit.name, Unit.level).where(Unit.deleted.is_(False))
                              .order_by(Unit.level != "province", Unit.code)).all()
        if mine is not None:
            return [ScopeChoice(code, name) for code, name, _level in units if code == mine]
        return [ScopeChoice(None, _("Toàn tỉnh (mọi đơn vị)"))] + [
            ScopeChoice(code, name) for code, name, level in units if level != "province"]

    def scope_units(self, unit_code: str | None) -> tuple[str, ...]:
        """The unit codes a report covers, its own unit first: `unit_code` and the units under it, or
        (None) every unit. A unit's machine may only report on its own unit's subtree."""
        mine = self.default_scope()
        with self.ctx.db.read() as s:
            rows = s.execute(select(Unit.code, Unit.parent_code, Unit.level).where(Unit.deleted.is_(False))).all()
        edges = [(code, parent) for code, parent, _level in rows]
        if unit_code is None and mine is None:
            roots = [code for code, parent, level in rows if level == "province" or not parent]
            root = roots[0] if roots else None
            codes = {code for code, _p, _l in rows}
        else:
            root = unit_code or mine
            codes = set(subtree(edges, root or ""))
            if not codes:
                raise AppError(_("Không có đơn vị mã {code} trong danh sách đơn vị.").format(code=root))
            if mine is not None and not codes <= set(subtree(edges, mine)):
                raise AppError(_("Máy này chỉ lập báo cáo của đơn vị {code} và các đơn vị trực thuộc.")
                               .format(code=mine))
        return tuple([root] if root else []) + tuple(sorted(codes - {root}))

    # ------------------------------------------------------------ the report

    def annual(self, year: int, unit_code: str | None = None, progress: Progress | None = None) -> Report:
        """The figures of `year` for the scope of `unit_code` (None: this machine's default); `progress(done,
        total)` is called as each register is read (the Báo cáo page's bar; it may raise Stopped)."""
        if not 2000 <= year <= 2100:
            raise AppError(_("Năm báo cáo {year} không hợp lệ.").format(year=year))
        return self.report_of(year, self.scope_units(unit_code if unit_code is not None else self.default_scope()),
                              progress)

    def report_of(self, year: int, scope: tuple[str, ...], progress: Progress | None = None) -> Report:
        """The report of `year` over the units `scope` (its own unit first), counted and computed."""
        with collector_paused():
            return compute(self.facts(year, scope, progress))

    def records(self, refs: Iterable[tuple[str, str]]) -> list[RecordLine]:
        """The records behind a figure, with a title and a date, in the figure's order."""
        wanted: dict[str, list[str]] = defaultdict(list)
        order = []
        for entity, record_id in refs:
            if entity in _TITLES and (entity, record_id) not in order:
                wanted[entity].append(record_id)
                order.append((entity, record_id))
        found: dict[tuple[str, str], RecordLine] = {}
        with self.ctx.db.read() as s:
            for entity, ids in wanted.items():
                for chunk in _chunks(ids):
                    for line in _record_lines(s, entity, chunk):
                        found[(entity, line.id)] = line
        return [found[key] for key in order if key in found]

    # ------------------------------------------------------------ the typed sections (III–V)

    def text_owner(self, unit_code: str | None = None) -> str:
        """The unit whose typed sections a report of this scope shows: the scope's own unit."""
        return self.scope_units(unit_code if unit_code is not None else self.default_scope())[0]

    def may_edit_texts(self, unit_code: str | None = None) -> bool:
        """A machine writes its own unit's report only (the province: the consolidated one); the report of
        another unit shows what that unit wrote, as received."""
        return self.text_owner(unit_code) == (self.ctx.local_unit() or "")

    def texts(self, year: int, unit_code: str | None = None) -> Texts:
        """The sections typed for `year`'s report of the scope (empty strings where nothing is typed)."""
        owner = self.text_owner(unit_code)
        with self.ctx.db.read() as s:
            rows = s.execute(select(ReportText.section, ReportText.text).where(
                ReportText.unit_code == owner, ReportText.year == year, ReportText.deleted.is_(False))).all()
        typed = {section: text or "" for section, text in rows if section in ENUMS["report_section"]}
        return Texts(**typed)

    def save_texts(self, year: int, texts: Texts, unit_code: str | None = None) -> Texts:
        """Keep the typed sections of `year`'s report (only those that changed get a new version)."""
        owner = self.text_owner(unit_code)
        if owner != (self.ctx.local_unit() or ""):
            raise AppError(_("Phần viết của báo cáo do đơn vị {code} soạn; máy này chỉ xem.").format(code=owner))
        from desktop.services.province import province_mode

        self.ctx.require(access.REPORT if province_mode(self.ctx) else access.EDIT)
        limit = text_limits(ReportText)["text"]
        for section in ENUMS["report_section"]:
            if len(getattr(texts, section)) > limit:
                raise ValidationError([FieldProblem(section, _("Dài quá {n} ký tự.").format(n=limit))])
        with self.ctx.db.session() as s:
            held = {r.section: r for r in s.scalars(select(ReportText).where(
                ReportText.unit_code == owner, ReportText.year == year))}
            for section in ENUMS["report_section"]:
                text = nfc(getattr(texts, section)) or ""
                stored = held.get(section)
                if stored is None:
                    if text.strip():
                        s.add(ReportText(unit_code=owner, year=year, section=section, text=text))
                elif stored.text != text or stored.deleted:
                    stored.text, stored.deleted = text, False
        return self.texts(year, unit_code)

    # ------------------------------------------------------------ numbered through the outgoing-document register

    def registered(self, year: int, unit_code: str | None = None) -> DocumentRow | None:
        """The outgoing document of `year`'s report of this scope (None when it was never entered): only a
        machine's own report is its document (the province's: the consolidated one)."""
        if self.text_owner(unit_code) != (self.ctx.local_unit() or ""):
            return None
        with self.ctx.db.read() as s:
            doc_id = s.scalar(select(OutgoingDocument.id).where(
                OutgoingDocument.deleted.is_(False), OutgoingDocument.unit_code == self.ctx.local_unit(),
                OutgoingDocument.form == report_form(year)).order_by(OutgoingDocument.created_at.desc()))
        return self.documents.get(doc_id) if doc_id else None

    def sign(self, year: int, signed_on: date, signer: str, unit_code: str | None = None) -> DocumentRow:
        """Enter `year`'s report in the outgoing-document register (once) and mark it signed: it takes the
        next number of the unit's register, which the PDF and the Word file then print."""
        if self.text_owner(unit_code) != (self.ctx.local_unit() or ""):
            raise AppError(_("Báo cáo của đơn vị khác chỉ để xem; máy này chỉ ký và cấp số báo cáo của đơn vị mình."))
        doc = self.registered(year, unit_code)
        made = doc is None
        if made:
            doc = self.documents.create(
                "BC", _("Báo cáo kết quả công tác đối ngoại năm {year}").format(year=year), form=report_form(year))
        try:
            return self.documents.mark_signed(doc.id, signed_on, signer)
        except BaseException:
            if made:  # no half-made entry left in Văn bản đi when the signature is refused
                self.documents.delete(doc.id)
            raise

    def prefilled(self, report: Report) -> Texts:
        """What the sections start from before anything is typed: III lists the facts that need a word."""
        return Texts(assessment="\n".join(assessment_facts(report)))

    def document(self, report: Report, texts: Texts | None = None) -> ReportDocument:
        """The report as headings, sentences, tables and charts (what the three files hold)."""
        return build(report, texts)

    def render(self, report: Report, kind: str, texts: Texts | None = None) -> bytes:
        """The bytes of the report as a `kind` file: "pdf", "docx" or "xlsx"; `texts` default to what was
        typed for the report's year and scope."""
        if texts is None and report.scope:
            texts = self.texts(report.year, report.scope[0])
        doc = self.document(report, texts)
        signed = self.registered(report.year, report.scope[0]) if report.scope else None
        number, issued_on = (signed.symbol, signed.issued_on) if signed and signed.status == "signed" else (None, None)
        if kind == "pdf":
            return files.pdf(doc, self.printing.settings(), self.ctx.today(), number, issued_on)
        if kind == "docx":
            return files.docx(doc, self.printing.settings(), self.ctx.today(), number, issued_on)
        if kind == "xlsx":
            return files.xlsx(doc, report)
        raise AppError(_("Không có định dạng báo cáo «{kind}» (pdf, docx, xlsx).").format(kind=kind))

    def write(self, report: Report, kind: str, out: Path, texts: Texts | None = None) -> Path:
        """Write the report as a `kind` file to `out`, whole or not at all; returns the path written."""
        write_atomically(Path(out), self.render(report, kind, texts))
        return Path(out)

    def facts(self, year: int, scope: tuple[str, ...], progress: Progress | None = None) -> rf.YearFacts:
        """Every row the report of `year` over the units `scope` counts."""
        cutoff = min(self.ctx.today(), date(year, 12, 31))
        loader = _Loader(self, year, scope, cutoff)
        with collector_paused(), self.ctx.db.read() as s:
            return loader.load(s, progress)


class _Loader:
    """Reads one year's rows for one scope; one instance per report."""

    def __init__(self, service: ReportService, year: int, scope: tuple[str, ...], cutoff: date):
        self.service, self.year, self.scope, self.cutoff = service, year, scope, cutoff
        self.first, self.last = date(year, 1, 1), date(year, 12, 31)
        self.config, self.calendar = service.findings.context()
        self._paid: dict[tuple[str, str], int] | None = None  # filled by `_costs`
        self._case_rows: list | None = None  # the protection cases, read once for open and closed
        self._linked: set[tuple[str, str]] | None = None  # filled by `_plans`, read by `_trips`

    def load(self, s: Session, progress: Progress | None = None) -> rf.YearFacts:
        """Every register's rows, one step each; `progress(done, total)` after each step (it may raise
        Stopped: the officer pressed Dừng)."""
        ngo_first, ngo_last = reporting_period(self.year)
        got: dict[str, Any] = {}
        steps: tuple[tuple[str, Callable[[], Any]], ...] = (
            ("plans", lambda: self._plans(s)),
            ("trips", lambda: self._trips(s)),
            ("travellers", lambda: self._travellers(s)),
            ("conferences", lambda: self._conferences(s)),
            ("ngos_active", lambda: self._ngos_active(s, ngo_first, ngo_last)),
            ("ngo_reports", lambda: self._ngo_reports(s)),
            ("certificates_expired", lambda: self._certificates_expired(s, ngo_first, ngo_last)),
            ("aid", lambda: self._aid(s)),
            ("disbursements", lambda: self._disbursements(s)),
            ("costed_promotions", lambda: self._promotions(s)),
            ("follow_ups", lambda: self._follow_ups(s)),
            ("agreements", lambda: self._agreements(s)),
            ("budgets", lambda: self._budgets(s)),
            ("budget_additions", lambda: self._additions(s)),
            ("spending", lambda: self._spending(s, got["trips"], got["conferences"], got["costed_promotions"])),
            ("overseas_contacts", lambda: self._contacts(s)),
            ("overseas_activities", lambda: self._activities(s)),
            ("donations", lambda: self._donations(s)),
            ("protection_open", lambda: self._cases(s, closed=False)),
            ("protection_closed", lambda: self._cases(s, closed=True)),
            ("units", lambda: self._units(s, got["plans"])),
            ("trainings", lambda: self._trainings(s)),
            ("unit_names", lambda: self._names(s)),
        )
        for done, (name, step) in enumerate(steps, start=1):
            got[name] = step()
            if progress is not None:
                progress(done, len(steps))
        promotions = tuple(p for p, _cost in got.pop("costed_promotions"))
        return rf.YearFacts(year=self.year, scope=self.scope, cutoff=self.cutoff, promotions=promotions, **got)

    def _in_scope(self, column):
        return column.in_(self.scope)

    # ---------------------------------------------------------------- delegations, conferences

    def _trips(self, s: Session) -> tuple[rf.TripRow, ...]:
        """The year's delegations with what the report asks of the rules: filed late (R1/R2's last day),
        off the plan (R7) and report overdue (R8) — the domain's own tests (the rules' messages are not
        built: thousands of trips), run on facts read with a few grouped queries (no member, discipline or
        trip-count facts: no counted rule reads them)."""
        where = self._trip_where()
        conn = s.connection()  # plain rows: no ORM instance processing for thousands of trips
        rows = conn.execute(select(
            Delegation.id, Delegation.unit_code, Delegation.direction, Delegation.kind, *_as_text(
                Delegation.start_date, Delegation.end_date, Delegation.submitted_on, Delegation.report_received_on),
            Delegation.status, type_coerce(Delegation.countries, String).label("countries"),
            Delegation.cost_estimate_vnd, Delegation.override_reason).where(*where).order_by(Delegation.start_date, Delegation.id)).all()
        guests = dict(conn.execute(select(DelegationMember.delegation_id, func.count())
                                   .join(Delegation, Delegation.id == DelegationMember.delegation_id)
                                   .where(DelegationMember.deleted.is_(False), Delegation.direction == "inbound",
                                          *where).group_by(DelegationMember.delegation_id)).all())
        if self._linked is None:
            self._plans(s)  # R7's links are read with the plans' activities
        linked = self._linked
        tests = TripTests(self.config, self.calendar, self.service.ctx.today())
        lists: dict[str | None, tuple[str, ...]] = {}  # the countries as stored: many trips share a list
        out = []
        # unpacked, not read by name: thousands of rows, and a Row's attribute costs a lookup each
        for rid, unit, direction, kind, start, end, submitted, received, status, countries, cost, why in rows:
            start, status = _day(start), status or "draft"
            due = tests.report_due(direction, status, _day(end), _day(received))
            out.append(rf.TripRow(
                rid, unit, direction, kind or "other", start, _countries(lists, countries), cost or 0,
                guests.get(rid, 0),
                late=filed_late(status, _day(submitted), tests.deadline(direction, start)),
                off_plan=tests.off_plan(direction, status, (rid, unit) in linked),
                override=(why or "").strip() or None, report_overdue=due is not None and tests.today > due))
        return tuple(out)

    def _travellers(self, s: Session) -> tuple[rf.Dated, ...]:
        """Each officer on the year's outbound trips of each unit, once (grouped in SQL: cheaper than reading
        every member)."""
        rows = s.connection().execute(
            select(Delegation.unit_code, DelegationMember.person_id)
            .join(Delegation, Delegation.id == DelegationMember.delegation_id)
            .where(DelegationMember.deleted.is_(False), DelegationMember.person_id.is_not(None),
                   Delegation.direction == "outbound", *self._trip_where())
            .group_by(Delegation.unit_code, DelegationMember.person_id)
            .order_by(Delegation.unit_code, DelegationMember.person_id)).all()
        return tuple(rf.Dated(person, unit) for unit, person in rows)

    def _trip_where(self) -> tuple:
        return (Delegation.deleted.is_(False), self._in_scope(Delegation.unit_code),
                Delegation.status.not_in(NOT_COUNTED), Delegation.start_date.between(self.first, self.last))

    def _conferences(self, s: Session) -> tuple[rf.ConferenceRow, ...]:
        """The year's conferences, PM-level (Decision 06/2020) and filed late (R3), from plain rows."""
        rows = s.connection().execute(select(
            Conference.id, Conference.unit_code, *_as_text(Conference.start_date, Conference.submitted_on),
            Conference.status, Conference.ministerial_guests, Conference.sensitive_topics).where(
            Conference.deleted.is_(False), self._in_scope(Conference.unit_code),
            Conference.status.not_in(NOT_COUNTED), Conference.start_date.between(self.first, self.last))
            .order_by(Conference.start_date, Conference.id)).all()
        out = []
        for c in rows:
            facts = ConferenceFacts(id=c.id, title="", start_date=_day(c.start_date), status=c.status or "draft",
                                    submitted_on=_day(c.submitted_on), ministerial_guests=bool(c.ministerial_guests),
                                    sensitive_topics=tuple(c.sensitive_topics or ()))
            out.append(rf.ConferenceRow(
                c.id, c.unit_code, facts.start_date, needs_pm_approval(facts.ministerial_guests, facts.sensitive_topics),
                filed_late(facts.status, facts.submitted_on, conference_deadline(facts, self.config))))
        return tuple(out)

    # ---------------------------------------------------------------- NGOs and aid

    def _ngos_active(self, s: Session, first: date, last: date) -> tuple[rf.NgoRow, ...]:
        valid = select(NgoCertificate.ngo_id).where(
            NgoCertificate.deleted.is_(False), NgoCertificate.issued_on <= last, NgoCertificate.expires_on >= first)
        rows = s.execute(select(ForeignNgo.id, ForeignNgo.unit_code).where(
            ForeignNgo.deleted.is_(False), self._in_scope(ForeignNgo.unit_code), ForeignNgo.id.in_(valid))
            .order_by(ForeignNgo.id))
        return tuple(rf.NgoRow(i, u) for i, u in rows)

    def _ngo_reports(self, s: Session) -> tuple[rf.Dated, ...]:
        rows = s.execute(select(NgoReport.id, NgoReport.unit_code, NgoReport.received_on).where(
            NgoReport.deleted.is_(False), self._in_scope(NgoReport.unit_code),
            NgoReport.reporting_year == self.year, NgoReport.ngo_id.in_(_live(ForeignNgo))).order_by(NgoReport.id))
        return tuple(rf.Dated(i, u, on) for i, u, on in rows)

    def _certificates_expired(self, s: Session, first: date, last: date) -> tuple[rf.Dated, ...]:
        rows = s.execute(select(NgoCertificate.id, NgoCertificate.unit_code, NgoCertificate.expires_on).where(
            NgoCertificate.deleted.is_(False), self._in_scope(NgoCertificate.unit_code),
            NgoCertificate.expires_on.between(first, last), NgoCertificate.ngo_id.in_(_live(ForeignNgo)))
            .order_by(NgoCertificate.expires_on, NgoCertificate.id))
        return tuple(rf.Dated(i, u, on) for i, u, on in rows)

    def _aid(self, s: Session) -> tuple[rf.AidRow, ...]:
        """Projects approved in the year, and earlier ones whose approval lapsed in it (R13), from plain rows."""
        rows = s.connection().execute(select(
            AidProject.id, AidProject.unit_code, AidProject.title, AidProject.status, AidProject.value_vnd,
            AidProject.sector, AidProject.donor_name, *_as_text(AidProject.approval_date, AidProject.start_date),
            ForeignNgo.name_vi, ForeignNgo.name_original)
                         .outerjoin(ForeignNgo, ForeignNgo.id == AidProject.donor_ngo_id).where(
            AidProject.deleted.is_(False), self._in_scope(AidProject.unit_code),
            AidProject.approval_date.between(date(self.year - 3, 1, 1), self.last))
            .order_by(AidProject.approval_date, AidProject.id)).all()
        out = []
        for p in rows:
            approved = _day(p.approval_date)
            in_year = approved.year == self.year
            lapsed = self._lapsed(AidFacts(p.id, p.title or "", p.status or "", approved, _day(p.start_date)))
            if in_year or lapsed:
                out.append(rf.AidRow(p.id, p.unit_code, in_year, p.value_vnd or 0, p.sector or "",
                                     (p.name_vi or p.name_original or p.donor_name or "").strip(), lapsed))
        return tuple(out)

    def _lapsed(self, facts: AidFacts) -> bool:
        """R13: the approval ran out in the year, the project not started by then (or marked lapsed)."""
        _alert, last_day = r13_dates(facts.approval_date, self.config)
        if last_day.year != self.year or self.cutoff <= last_day:
            return False
        return facts.status == "lapsed" or not_started(facts, self.cutoff)

    def _disbursements(self, s: Session) -> tuple[rf.Amount, ...]:
        rows = s.execute(select(AidDisbursement.id, AidDisbursement.unit_code, AidDisbursement.amount_vnd).where(
            AidDisbursement.deleted.is_(False), self._in_scope(AidDisbursement.unit_code),
            AidDisbursement.period_start.between(self.first, self.last),
            AidDisbursement.project_id.in_(_live(AidProject))).order_by(AidDisbursement.id))
        return tuple(rf.Amount(i, u, v or 0) for i, u, v in rows)

    # ---------------------------------------------------------------- promotion

    def _promotions(self, s: Session) -> tuple[tuple[rf.PromotionRow, int], ...]:
        """The year's promotion activities, each with what it cost."""
        rows = s.execute(select(PromotionActivity.id, PromotionActivity.unit_code, PromotionActivity.kind,
                                PromotionActivity.mou_count, PromotionActivity.cost_vnd)
                         .where(*self._promotion_where()).order_by(PromotionActivity.start_date, PromotionActivity.id))
        return tuple((rf.PromotionRow(i, u, k or "other", m or 0), c or 0) for i, u, k, m, c in rows)

    # ---------------------------------------------------------------- budget

    def _budgets(self, s: Session) -> tuple[rf.Amount, ...]:
        rows = s.execute(select(FaBudget.id, FaBudget.unit_code, FaBudget.allocated_vnd).where(
            FaBudget.deleted.is_(False), self._in_scope(FaBudget.unit_code), FaBudget.year == self.year)
            .order_by(FaBudget.unit_code))
        return tuple(rf.Amount(i, u, v or 0) for i, u, v in rows)

    def _additions(self, s: Session) -> tuple[rf.Amount, ...]:
        """The additions of the year's budgets (an addition counts in its budget's year)."""
        rows = s.execute(select(BudgetAddition.id, FaBudget.unit_code, BudgetAddition.amount_vnd)
                         .join(FaBudget, FaBudget.id == BudgetAddition.budget_id).where(
            BudgetAddition.deleted.is_(False), FaBudget.deleted.is_(False), self._in_scope(FaBudget.unit_code),
            FaBudget.year == self.year).order_by(BudgetAddition.decided_on, BudgetAddition.id))
        return tuple(rf.Amount(i, u, v or 0) for i, u, v in rows)

    def _spending(self, s: Session, trips, conferences, promotions) -> tuple[rf.Spent, ...]:
        """The actual cost of each delegation and conference the report counts, and each promotion's cost."""
        costs = self._costs(s)  # a cost sent for another unit's trip counts nowhere
        out = [rf.Spent(t.id, t.unit_code, costs[(t.unit_code, t.id)], "delegation") for t in trips
               if (t.unit_code, t.id) in costs]
        out += [rf.Spent(c.id, c.unit_code, costs[(c.unit_code, c.id)], "conference") for c in conferences
                if (c.unit_code, c.id) in costs]
        out += [rf.Spent(p.id, p.unit_code, cost, "promotion_activity") for p, cost in promotions if cost]
        return tuple(out)

    def _promotion_where(self) -> tuple:
        return (PromotionActivity.deleted.is_(False), self._in_scope(PromotionActivity.unit_code),
                PromotionActivity.start_date.between(self.first, self.last))

    def _agreements(self, s: Session) -> tuple[rf.AgreementRow, ...]:
        """Agreements signed by the cut-off (the domain decides which the year counts active, which signed)."""
        from desktop.domain.agreement_rules import active_in, signed_in
        from desktop.models import InternationalAgreement as A

        out = []
        for i, u, country, signed_on, valid_until, status in s.execute(
                select(A.id, A.unit_code, A.country, A.signed_on, A.valid_until, A.status).where(
                    A.deleted.is_(False), self._in_scope(A.unit_code), A.signed_on <= self.cutoff)
                .order_by(A.signed_on, A.id)):
            active, signed = active_in(self.year, signed_on, valid_until, status), signed_in(self.year, signed_on, status)
            if active or signed:
                out.append(rf.AgreementRow(i, u, country, active, signed))
        return tuple(out)

    def _follow_ups(self, s: Session) -> tuple[rf.FollowUpRow, ...]:
        """Actions due in the year; an action with no due date counts with its activity's year."""
        columns = (FollowUpAction.id, FollowUpAction.unit_code, FollowUpAction.due_date, FollowUpAction.status,
                   FollowUpAction.done_on)
        live = and_(PromotionActivity.id == FollowUpAction.activity_id, PromotionActivity.deleted.is_(False))
        mine = (FollowUpAction.deleted.is_(False), self._in_scope(FollowUpAction.unit_code))
        # two reads, each by its index (one OR'ed read walked every follow-up of every live activity)
        dated = s.execute(select(*columns).join(PromotionActivity, live).where(
            *mine, FollowUpAction.due_date.between(self.first, self.last))).all()
        undated = s.execute(select(*columns).join(PromotionActivity, live).where(
            *mine, FollowUpAction.due_date.is_(None), *self._promotion_where())).all()
        out = []
        for i, unit, due, status, done_on in sorted(dated + undated, key=itemgetter(0)):
            done = status == "done" and (done_on is None or done_on <= self.cutoff)
            open_then = "open" if status == "done" and not done else status
            out.append(rf.FollowUpRow(i, unit, done, follow_up_overdue(due, open_then, self.cutoff)))
        return tuple(out)

    # ---------------------------------------------------------------- overseas Vietnamese

    def _contacts(self, s: Session) -> tuple[rf.Counted, ...]:
        """The contacts on the register as it stands: a contact has no date of its own (the time a
        record was typed or imported says nothing of when the relation began)."""
        rows = s.execute(select(OverseasContact.id, OverseasContact.unit_code, OverseasContact.country).where(
            OverseasContact.deleted.is_(False), self._in_scope(OverseasContact.unit_code))
            .order_by(OverseasContact.id))
        return tuple(rf.Counted(i, u, c or "") for i, u, c in rows)

    def _activity_rows(self, s: Session, *where) -> list:
        return list(s.execute(select(OverseasActivity.id, OverseasActivity.unit_code, OverseasActivity.kind,
                                     OverseasActivity.value_vnd, OverseasActivity.status,
                                     OverseasActivity.date, OverseasActivity.closed_on).where(
            OverseasActivity.deleted.is_(False), self._in_scope(OverseasActivity.unit_code), *where)
            .order_by(OverseasActivity.date, OverseasActivity.id)))

    def _activities(self, s: Session) -> tuple[rf.Counted, ...]:
        rows = self._activity_rows(s, OverseasActivity.date.between(self.first, self.last))
        return tuple(rf.Counted(r.id, r.unit_code, r.kind or "other") for r in rows)

    def _donations(self, s: Session) -> tuple[rf.Amount, ...]:
        rows = self._activity_rows(s, OverseasActivity.date.between(self.first, self.last),
                                   OverseasActivity.kind == "donation")
        return tuple(rf.Amount(r.id, r.unit_code, r.value_vnd or 0) for r in rows)

    def _cases(self, s: Session, closed: bool) -> tuple[rf.Dated, ...]:
        """Citizen-protection cases closed in the year, or still open at its cut-off (one read for both)."""
        if self._case_rows is None:
            self._case_rows = self._activity_rows(s, OverseasActivity.kind == CASE_KIND,
                                                  OverseasActivity.date <= self.cutoff)
        out = []
        for r in self._case_rows:
            ended = r.closed_on if r.closed_on is not None else (None if r.status in CASE_OPEN else r.date)
            if closed and ended is not None and self.first <= ended <= self.cutoff:
                out.append(rf.Dated(r.id, r.unit_code, ended))
            elif not closed and (ended is None or ended > self.cutoff):
                out.append(rf.Dated(r.id, r.unit_code, r.date))
        return tuple(out)

    # ---------------------------------------------------------------- plan, units, training

    def _plans(self, s: Session) -> tuple[rf.PlanRow, ...]:
        """Each plan of the year, its activities, those carried out (marked done, or linked to the live record
        that did it) and the cost of those records (what they actually cost where it is recorded, else
        their estimate)."""
        plans = s.connection().execute(select(AnnualPlan.id, AnnualPlan.unit_code, AnnualPlan.status,
                                              AnnualPlan.approval_date).where(
            AnnualPlan.deleted.is_(False), self._in_scope(AnnualPlan.unit_code), AnnualPlan.year == self.year)
            .order_by(AnnualPlan.unit_code, AnnualPlan.id)).all()
        d, c, p = Delegation, Conference, PromotionActivity
        stmt = (select(PlannedActivity.id, PlannedActivity.plan_id, PlannedActivity.status, PlannedActivity.budget_vnd,
                       d.id.label("d"), c.id.label("c"), p.id.label("p"), d.cost_estimate_vnd.label("d_cost"),
                       c.cost_estimate_vnd.label("c_cost"), p.cost_vnd.label("p_cost"), d.unit_code.label("d_unit"),
                       c.unit_code.label("c_unit"))
                .outerjoin(d, and_(d.id == PlannedActivity.delegation_id, d.deleted.is_(False)))
                .outerjoin(c, and_(c.id == PlannedActivity.conference_id, c.deleted.is_(False)))
                .outerjoin(p, and_(p.id == PlannedActivity.promotion_id, p.deleted.is_(False)))
                .where(PlannedActivity.deleted.is_(False), PlannedActivity.plan_id.in_([x.id for x in plans])))
        paid = self._costs(s)
        # per plan: its activities, those done, the budget planned, what the done ones cost
        sums: dict[str, tuple[list[str], list[str], list[int]]] = defaultdict(lambda: ([], [], [0, 0]))
        # ordered here, not in SQL: an ORDER BY id makes SQLite walk every planned activity by its key
        # instead of looking up the year's plans by plan_id (150 ms against 10 at 40,000 activities);
        # unpacked, not read by name (thousands of rows)
        rows = sorted(s.connection().execute(stmt).all(), key=itemgetter(0)) if plans else []
        unit_of = {plan.id: plan.unit_code for plan in plans}
        self._linked = set()  # R7's (trip, unit) pairs that the unit's plan of the year links: for `_trips`
        for aid, plan_id, status, budget, d, c, p, d_cost, c_cost, p_cost, d_unit, c_unit in rows:
            if d:
                self._linked.add((d, unit_of[plan_id]))
            ids, done, money = sums[plan_id]
            ids.append(aid)
            money[0] += budget or 0
            if d:  # what the linked record cost where recorded, else its estimate
                money[1] += paid.get((d_unit, d), d_cost) or 0
            elif c:
                money[1] += paid.get((c_unit, c), c_cost) or 0
            elif p:
                money[1] += p_cost or 0
            elif status != "done":
                continue
            done.append(aid)
        out = []
        for plan in plans:
            ids, done, (budget, cost) = sums[plan.id] if plan.id in sums else ([], [], (0, 0))
            out.append(rf.PlanRow(plan.id, plan.unit_code, _day(plan.approval_date) if plan.status == "approved"
                                  else None, tuple(ids), tuple(done), budget, cost))
        return tuple(out)

    def _costs(self, s: Session) -> dict[tuple[str, str], int]:
        """(unit, delegation or conference id) → its recorded actual cost, read once for the plans and the
        spending (a cost counts with an activity of its own unit only)."""
        if self._paid is None:
            self._paid = {(u, d or c): v or 0 for u, d, c, v in s.execute(
                select(ActualCost.unit_code, ActualCost.delegation_id, ActualCost.conference_id, ActualCost.amount_vnd)
                .where(ActualCost.deleted.is_(False), self._in_scope(ActualCost.unit_code)))}
        return self._paid

    def _units(self, s: Session, plans: Iterable[rf.PlanRow]) -> tuple[rf.UnitRow, ...]:
        """District and commune units in service during the year (and this report's own unit)."""
        rows = s.execute(select(Unit.code, Unit.name, Unit.level, Unit.valid_from, Unit.valid_to).where(
            Unit.deleted.is_(False), self._in_scope(Unit.code)).order_by(Unit.code))
        officers = set(s.scalars(select(Person.unit_code).where(
            Person.deleted.is_(False), Person.is_fa_officer.is_(True), self._in_scope(Person.unit_code))))
        issued = {p.unit_code for p in plans if p.issued_on is not None}
        out = []
        for code, name, level, valid_from, valid_to in rows:
            in_service = (valid_from is None or valid_from <= self.last) and (valid_to is None or valid_to >= self.first)
            own = code == self.scope[0]
            if level != "province" and (in_service or own):
                out.append(rf.UnitRow(code, name, code in officers, code in issued))
        return tuple(out)

    def _trainings(self, s: Session) -> tuple[rf.Dated, ...]:
        """Courses attended in the year (by their first day, else their last) by officers of the scope."""
        rows = s.execute(select(TrainingRecord.id, Person.unit_code, TrainingRecord.person_id,
                                TrainingRecord.start_date, TrainingRecord.end_date)
                         .join(Person, Person.id == TrainingRecord.person_id).where(
            TrainingRecord.deleted.is_(False), Person.deleted.is_(False), self._in_scope(Person.unit_code)))
        out = []
        for i, unit, person, start, end in rows:
            day = start or end
            if day is not None and day.year == self.year:
                out.append(rf.Dated(i, unit, day, person))
        return tuple(sorted(out, key=lambda t: (t.on, t.id)))

    def _names(self, s: Session) -> dict[str, str]:
        return dict(s.execute(select(Unit.code, Unit.name).where(self._in_scope(Unit.code))).all())


def _as_text(*columns):
    """Date columns read as stored text (ISO on SQLite) and parsed by `_day`: SQLAlchemy's SQLite date
    conversion costs more than the whole query on thousands of rows. PostgreSQL hands dates over as such."""
    return [type_coerce(c, String).label(c.key) for c in columns]


def _countries(known: dict, stored) -> tuple[str, ...]:
    """A delegation's countries from the stored JSON text (a list already, on PostgreSQL), parsed once per text."""
    if stored is None or isinstance(stored, list | tuple):
        return tuple(stored or ())
    if stored not in known:
        value = json.loads(stored)
        known[stored] = tuple(value) if isinstance(value, list) else ()
    return known[stored]


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


# register → (model, title column, date column, the column naming the record to open instead)
_TITLES = {
    "delegation": (Delegation, "title", "start_date", None),
    "conference": (Conference, "title", "start_date", None),
    "foreign_ngo": (ForeignNgo, "name_original", None, None),
    "ngo_report": (NgoReport, "reporting_year", "received_on", ("foreign_ngo", "ngo_id")),
    "ngo_certificate": (NgoCertificate, "number", "expires_on", ("foreign_ngo", "ngo_id")),
    "aid_project": (AidProject, "title", "approval_date", None),
    "aid_disbursement": (AidDisbursement, "amount_vnd", "period_start", ("aid_project", "project_id")),
    "promotion_activity": (PromotionActivity, "title", "start_date", None),
    "follow_up_action": (FollowUpAction, "action", "due_date", None),
    "overseas_contact": (OverseasContact, "name", None, None),
    "overseas_activity": (OverseasActivity, "title", "date", None),
    "annual_plan": (AnnualPlan, "title", "approval_date", None),
    "planned_activity": (PlannedActivity, "title", "planned_from", ("annual_plan", "plan_id")),
    "person": (Person, "full_name", None, None),
    "training_record": (TrainingRecord, "course", "start_date", ("person", "person_id")),
    "unit": (Unit, "name", None, None),
}


def _record_lines(s: Session, entity: str, ids: list[str]) -> list[RecordLine]:
    model, title, day, opens = _TITLES[entity]
    key = model.code if entity == "unit" else model.id
    columns = [key, getattr(model, title), getattr(model, day) if day else None, model.unit_code,
               getattr(model, opens[1]) if opens else None]
    rows = s.execute(select(*[c for c in columns if c is not None]).where(key.in_(ids))).all()
    out = []
    for row in rows:
        values = iter(row)
        record_id, text = next(values), next(values)
        on = next(values) if day else None
        unit = next(values)
        target = (opens[0], next(values)) if opens else (entity, record_id)
        out.append(RecordLine(entity, record_id, _title(entity, text), on, unit or "", *target))
    return out


def _title(entity: str, value) -> str:
    if entity == "ngo_report":
        return _("Báo cáo năm {year}").format(year=value)
    if entity == "ngo_certificate":
        return _("Giấy đăng ký số {number}").format(number=value)
    if entity == "aid_disbursement":
        return _("Giải ngân {amount} đồng").format(amount=f"{value or 0:,}".replace(",", "."))
    return str(value or "")


def _live(model):
    return select(model.id).where(model.deleted.is_(False))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]

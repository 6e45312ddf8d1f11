"""Foreign NGOs with their registration certificates, contacts and annual reports (R10–R12)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.facts import Finding
from desktop.domain.ngo_rules import (
    CertificateFacts,
    NgoFacts,
    alert_days,
    evaluate_ngo,
    report_year_in_view,
    reporting_period,
    validate_certificate,
    validate_contact,
    validate_ngo,
    validate_report,
)
from desktop.domain.text import nfc
from desktop.errors import FieldProblem, ValidationError
from desktop.i18n import _
from desktop.models import ForeignNgo, NgoCertificate, NgoContact, NgoReport, Unit
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

SUB_MODELS = {"ngo_certificate": NgoCertificate, "ngo_contact": NgoContact, "ngo_report": NgoReport}
# An expired certificate stays on Tổng quan this long; the editor and `findings` always show it.
EXPIRED_LOOKBACK_DAYS = 365


def _current_expiry():
    """Correlated subquery: the latest expiry among the NGO's live certificates."""
    return (select(func.max(NgoCertificate.expires_on))
            .where(NgoCertificate.ngo_id == ForeignNgo.id, NgoCertificate.deleted.is_(False))
            .scalar_subquery())


def _current_number():
    """Correlated subquery: the number of the certificate that expires last."""
    return (select(NgoCertificate.number)
            .where(NgoCertificate.ngo_id == ForeignNgo.id, NgoCertificate.deleted.is_(False))
            .order_by(NgoCertificate.expires_on.desc(), NgoCertificate.issued_on.desc().nulls_last())
            .limit(1).scalar_subquery())


def _latest_report():
    """Correlated subquery: the latest reporting year with a report received."""
    return (select(func.max(NgoReport.reporting_year))
            .where(NgoReport.ngo_id == ForeignNgo.id, NgoReport.deleted.is_(False))
            .scalar_subquery())


@dataclass(frozen=True)
class NgoRow:
    """An NGO as the list shows it."""

    id: str
    name_original: str
    name_vi: str | None
    country: str | None
    sectors: list[str]
    areas: list[str]
    certificate_number: str | None
    expires_on: date | None
    latest_report_year: int | None
    urgent: bool = False  # the current certificate expires within R10's last alert point (or has expired)

    @property
    def display_name(self) -> str:
        """The Vietnamese name when there is one, else the original."""
        return self.name_vi or self.name_original


@dataclass(frozen=True)
class SubRecord:
    """A certificate, contact or report under an NGO."""

    id: str
    version: int
    data: dict[str, Any]


@dataclass(frozen=True)
class NgoDetail:
    """Everything the NGO editor shows."""

    id: str
    version: int
    data: dict[str, Any]
    certificates: list[SubRecord] = field(default_factory=list)
    contacts: list[SubRecord] = field(default_factory=list)
    reports: list[SubRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    current_certificate: SubRecord | None = None


class NgoService:
    """Use cases of the foreign-NGO register."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules

    # --- lists -------------------------------------------------------------------------

    def _filtered(self, stmt, q: ListQuery, sector: str | None, expiring_only: bool):
        stmt = stmt.where(ForeignNgo.deleted.is_(False))
        if q.unit_code:
            stmt = stmt.where(ForeignNgo.unit_code == q.unit_code)
        if sector:
            # sectors is a JSON list of codes: '["health", "education"]'
            stmt = stmt.where(cast(ForeignNgo.sectors, String).contains(f'"{sector}"', autoescape=True))
        if expiring_only:
            horizon = self.ctx.today() + timedelta(days=max(alert_days(self.rules.config()), default=0))
            stmt = stmt.where(_current_expiry() <= horizon)
        cond = search_filter(ForeignNgo.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    def count(self, q: ListQuery = EVERYTHING, sector: str | None = None, expiring_only: bool = False) -> int:
        """How many NGOs match the search and filters."""
        stmt = self._filtered(select(func.count()).select_from(ForeignNgo), q, sector, expiring_only)
        with self.ctx.db.read() as s:
            return s.scalar(stmt)

    def page(self, q: ListQuery = EVERYTHING, sector: str | None = None,
             expiring_only: bool = False) -> list[NgoRow]:
        """One sorted page, each row with its current certificate and latest report year."""
        expiry, number, report = _current_expiry(), _current_number(), _latest_report()
        stmt = self._filtered(select(ForeignNgo, number, expiry, report), q, sector, expiring_only)
        # sorted_page tests its columns for truth, which an SQL expression refuses: order here
        sorts = {"name": ForeignNgo.name_sort, "country": ForeignNgo.country,
                 "expires_on": expiry, "latest_report_year": report}
        column = sorts.get(q.sort, sorts["name"])
        order = column.desc() if q.descending else column.asc()
        stmt = stmt.order_by(order.nulls_last(), ForeignNgo.id).offset(q.offset).limit(q.limit)
        points = alert_days(self.rules.config())
        urgent_from = self.ctx.today() + timedelta(days=min(points, default=0))
        with self.ctx.db.read() as s:
            return [_row(n, num, exp, rep, urgent_from) for n, num, exp, rep in s.execute(stmt)]

    # --- one NGO -----------------------------------------------------------------------

    def get(self, ngo_id: str) -> NgoDetail:
        """An NGO with its certificates, contacts, reports, findings and current certificate."""
        with self.ctx.db.read() as s:
            ngo = load(s, ForeignNgo, ngo_id, _("tổ chức phi chính phủ nước ngoài"))
            certificates = _subs(s, NgoCertificate, ngo_id, NgoCertificate.expires_on.desc())
            contacts = _subs(s, NgoContact, ngo_id, NgoContact.full_name)
            reports = _subs(s, NgoReport, ngo_id, NgoReport.reporting_year.desc())
            data, version = to_data(ngo), ngo.version
        facts = _facts(ngo_id, data, certificates, reports)
        findings = self._evaluate([facts])
        current = max(certificates, key=lambda c: (c.data["expires_on"], c.data["issued_on"]), default=None)
        return NgoDetail(ngo_id, version, data, certificates, contacts, reports, findings, current)

    def locate(self, entity: str, record_id: str) -> str:
        """The NGO a record belongs to: the NGO itself, or the owner of a certificate, contact or report."""
        with self.ctx.db.read() as s:
            if entity in SUB_MODELS:
                return load(s, SUB_MODELS[entity], record_id, _("bản ghi")).ngo_id
            return load(s, ForeignNgo, record_id, _("tổ chức phi chính phủ nước ngoài")).id

    def validate(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Problems in the NGO's fields as typed."""
        return [FieldProblem(p.field, p.message) for p in validate_ngo(_prepared(data))]

    def save(self, data: dict[str, Any], ngo_id: str | None = None,
             expected_version: int | None = None) -> NgoDetail:
        """Create or update an NGO; every problem is reported by field."""
        data = _prepared(data)
        raise_if(validate_ngo(data))
        with self.ctx.db.session() as s:
            if ngo_id is None:
                ngo = ForeignNgo(unit_code=self.ctx.local_unit())
            else:
                ngo = load(s, ForeignNgo, ngo_id, _("tổ chức phi chính phủ nước ngoài"))
            check_version(ngo, expected_version)
            apply_data(ngo, data)
            s.add(ngo)
            s.flush()
            saved_id = ngo.id
        return self.get(saved_id)

    def delete(self, ngo_id: str) -> None:
        """Tombstone an NGO with its certificates, contacts and reports (undo with `restore`)."""
        self._set_deleted(ngo_id, True)

    def restore(self, ngo_id: str) -> None:
        """Undo a delete."""
        self._set_deleted(ngo_id, False)

    def _set_deleted(self, ngo_id: str, deleted: bool) -> None:
        with self.ctx.db.session() as s:
            ngo = s.get(ForeignNgo, ngo_id)
            if ngo is None:
                load(s, ForeignNgo, ngo_id, _("tổ chức phi chính phủ nước ngoài"))
            subs = [sub for model in SUB_MODELS.values()
                    for sub in s.scalars(select(model).where(model.ngo_id == ngo_id))]
            cascade_deleted(ngo, subs, deleted)

    # --- certificates, contacts, reports ---------------------------------------------

    def save_certificate(self, ngo_id: str, data: dict[str, Any], record_id: str | None = None) -> SubRecord:
        """Add or change a registration certificate."""
        data = clean({**data, "ngo_id": ngo_id})
        if data.get("number"):
            data["number"] = data["number"].upper()
        raise_if(validate_certificate(data, self.rules.config()))
        return self._save_sub(NgoCertificate, ngo_id, data, record_id, _("giấy đăng ký"))

    def save_contact(self, ngo_id: str, data: dict[str, Any], record_id: str | None = None) -> SubRecord:
        """Add or change a contact person."""
        data = clean({**data, "ngo_id": ngo_id})
        raise_if(validate_contact(data))
        return self._save_sub(NgoContact, ngo_id, data, record_id, _("người liên hệ"))

    def save_report(self, ngo_id: str, data: dict[str, Any], record_id: str | None = None) -> SubRecord:
        """Record an annual report received; one per reporting year."""
        data = clean({**data, "ngo_id": ngo_id})
        raise_if(validate_report(data, self.ctx.today()))
        with self.ctx.db.read() as s:
            twin = s.scalar(select(NgoReport.id).where(
                NgoReport.ngo_id == ngo_id, NgoReport.reporting_year == data["reporting_year"],
                NgoReport.deleted.is_(False), NgoReport.id != (record_id or "")))
        if twin is not None:
            message = _("Đã có báo cáo năm {year} của tổ chức này.").format(year=data["reporting_year"])
            raise ValidationError([FieldProblem("reporting_year", message)])
        return self._save_sub(NgoReport, ngo_id, data, record_id, _("báo cáo hằng năm"))

    def _save_sub(self, model, ngo_id: str, data: dict, record_id: str | None, what: str) -> SubRecord:
        with self.ctx.db.session() as s:
            ngo = load(s, ForeignNgo, ngo_id, _("tổ chức phi chính phủ nước ngoài"))
            obj = model(unit_code=ngo.unit_code) if record_id is None else load(s, model, record_id, what)
            apply_data(obj, data)
            s.add(obj)
            s.flush()
            return SubRecord(obj.id, obj.version, to_data(obj))

    def delete_sub(self, entity: str, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) a certificate, contact or report."""
        model = SUB_MODELS[entity]
        with self.ctx.db.session() as s:
            obj = s.get(model, record_id)
            if obj is None:
                load(s, model, record_id, _("bản ghi"))
            obj.deleted = deleted

    # --- rules -------------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """Every R10–R12 finding over every live NGO."""
        return self._findings_of(select(ForeignNgo.id).where(ForeignNgo.deleted.is_(False)))

    def due_items(self) -> list[Finding]:
        """What belongs on Tổng quan: only NGOs that SQL says may have something due now."""
        today, config = self.ctx.today(), self.rules.config()
        live = and_(NgoCertificate.ngo_id == ForeignNgo.id, NgoCertificate.deleted.is_(False))
        horizon = today + timedelta(days=max(alert_days(config), default=0))
        expiring = NgoCertificate.expires_on.between(today - timedelta(days=EXPIRED_LOOKBACK_DAYS), horizon)
        no_plan = and_(NgoCertificate.plan_notified_on.is_(None), NgoCertificate.expires_on >= today,
                       NgoCertificate.issued_on <= today)
        wanted = [exists().where(live, or_(expiring, no_plan))]
        for year in (y for y in report_year_in_view(today, config) if y is not None):
            wanted.append(self._report_missing(year, live))
        stmt = select(ForeignNgo.id).where(ForeignNgo.deleted.is_(False), or_(*wanted))
        unit = self._own_unit()
        if unit is not None:
            stmt = stmt.where(ForeignNgo.unit_code == unit)
        return [f for f in self._findings_of(stmt) if f.severity in ("reminder", "overdue", "warning")]

    @staticmethod
    def _report_missing(year: int, live) -> Any:
        start, end = reporting_period(year)
        reported = exists().where(NgoReport.ngo_id == ForeignNgo.id, NgoReport.deleted.is_(False),
                                  NgoReport.reporting_year == year)
        active = exists().where(live, NgoCertificate.issued_on <= end, NgoCertificate.expires_on >= start)
        return and_(active, ~reported)

    def _own_unit(self) -> str | None:
        """A district or commune sees its own NGOs; the province (or a device not set up) sees all."""
        from desktop.services.province import province_mode

        code = self.ctx.local_unit()
        if not code or province_mode(self.ctx):
            return None
        with self.ctx.db.read() as s:
            level = s.scalar(select(Unit.level).where(Unit.code == code))
        return None if level in (None, "province") else code

    def _findings_of(self, id_stmt) -> list[Finding]:
        with self.ctx.db.read() as s:
            facts = _bulk_facts(s, list(s.scalars(id_stmt)))
        return self._evaluate(facts)

    def _evaluate(self, facts: list[NgoFacts]) -> list[Finding]:
        config, calendar, today = self.rules.config(), self.rules.calendar(), self.ctx.today()
        return [f for fx in facts for f in evaluate_ngo(fx, config, calendar, today)]


# ---------------------------------------------------------------- helpers


def _prepared(data: dict[str, Any]) -> dict[str, Any]:
    data = clean(data)
    if data.get("country"):
        data["country"] = data["country"].upper()
    data["sectors"] = list(dict.fromkeys(data.get("sectors") or []))
    areas = [nfc(a) for a in data.get("areas") or [] if isinstance(a, str)]
    data["areas"] = list(dict.fromkeys(a for a in areas if a))
    data["attachments"] = data.get("attachments") or []
    return data


def _row(n: ForeignNgo, number: str | None, expiry: date | None, report: int | None,
         urgent_from: date) -> NgoRow:
    return NgoRow(n.id, n.name_original, n.name_vi, n.country, list(n.sectors or []), list(n.areas or []),
                  number, expiry, report, expiry is not None and expiry <= urgent_from)


def _subs(s: Session, model, ngo_id: str, order) -> list[SubRecord]:
    rows = s.scalars(select(model).where(model.ngo_id == ngo_id, model.deleted.is_(False))
                     .order_by(order, model.id))
    return [SubRecord(r.id, r.version, to_data(r)) for r in rows]


def _certificate_facts(c: dict[str, Any], record_id: str | None) -> CertificateFacts:
    return CertificateFacts(record_id, c["kind"], c["number"], c["issued_on"], c["expires_on"],
                            c.get("plan_notified_on"))


def _facts(ngo_id: str, data: dict[str, Any], certificates: list[SubRecord],
           reports: list[SubRecord]) -> NgoFacts:
    name = data.get("name_vi") or data.get("name_original") or ""
    return NgoFacts(ngo_id, name, tuple(_certificate_facts(c.data, c.id) for c in certificates),
                    frozenset(r.data["reporting_year"] for r in reports))


def _bulk_facts(s: Session, ids: list[str]) -> list[NgoFacts]:
    """Facts of many NGOs with three queries per 500."""
    out: list[NgoFacts] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        certs: dict[str, list[CertificateFacts]] = defaultdict(list)
        for c in s.scalars(select(NgoCertificate).where(NgoCertificate.ngo_id.in_(chunk),
                                                        NgoCertificate.deleted.is_(False))):
            certs[c.ngo_id].append(CertificateFacts(c.id, c.kind, c.number, c.issued_on, c.expires_on,
                                                    c.plan_notified_on))
        years: dict[str, set[int]] = defaultdict(set)
        for ngo_id, year in s.execute(select(NgoReport.ngo_id, NgoReport.reporting_year).where(
                NgoReport.ngo_id.in_(chunk), NgoReport.deleted.is_(False))):
            years[ngo_id].add(year)
        for n in s.scalars(select(ForeignNgo).where(ForeignNgo.id.in_(chunk)).order_by(ForeignNgo.name_sort)):
            out.append(NgoFacts(n.id, n.name_vi or n.name_original, tuple(certs[n.id]),
                                frozenset(years[n.id])))
    return out

"""Foreign NGOs (Decree 58/2022/NĐ-CP): validation and rules R10, R11 and R12.

R10 alerts before a registration certificate expires (90, 60, 30 days by default)
and reports it overdue once expired; R11 asks for the NGO's activity plan to be
notified to the province within 45 working days of the certificate's issue; R12
asks for the annual report by 18 December for the reporting year running from
15 December of the previous year to 14 December. Every number is a rule
parameter; the service gathers the facts, this module returns findings.

A certificate valid for longer than the legal maximum (Art. 9: activity
registration ≤ 3 years, representative office ≤ 5 years) is a validation
*error*: such a paper cannot exist, so it is nearly always a typo in a year
("2036" for "2026"), and storing it would silence R10 for a decade.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .calendar import WorkingCalendar, add_months
from .facts import Finding
from .messages import N_, tr, trn
from .rule_config import RuleConfig, RuleDefinition, register_rule
from .validation import (
    _COUNTRY,
    ENUMS,
    FUTURE_MARGIN,
    FieldError,
    _date,
    _enum,
    _format,
    _not_before,
    _required,
    enum_label,
    format_date,
    validate_email,
    validate_phone,
)

ENTITY = "foreign_ngo"
# Decree 58/2022: the reporting year ends on 14 December (it starts on 15 December of the year before).
REPORTING_YEAR_END = (12, 14)
FIRST_REPORTING_YEAR = 1990
_MAX_YEARS_PARAM = {
    "activity_registration": "max_years_activity_registration",
    "representative_office": "max_years_representative_office",
    "project_office": "max_years_project_office",
}

register_rule(
    RuleDefinition(
        code="R10",
        title=N_("Giấy đăng ký của tổ chức phi chính phủ nước ngoài sắp hết hạn"),
        severity="reminder",
        params={
            "first_alert_days": 90,
            "second_alert_days": 60,
            "third_alert_days": 30,
            "max_years_activity_registration": 3,
            "max_years_representative_office": 5,
            "max_years_project_office": 5,
        },
        param_labels={
            "first_alert_days": N_("Nhắc lần 1 trước ngày hết hạn (ngày)"),
            "second_alert_days": N_("Nhắc lần 2 trước ngày hết hạn (ngày)"),
            "third_alert_days": N_("Nhắc lần 3 trước ngày hết hạn (ngày)"),
            "max_years_activity_registration": N_("Thời hạn tối đa của giấy đăng ký hoạt động (năm)"),
            "max_years_representative_office": N_(
                "Thời hạn tối đa của giấy đăng ký lập văn phòng đại diện (năm)"
            ),
            "max_years_project_office": N_(
                "Thời hạn tối đa của giấy đăng ký lập văn phòng dự án (năm)"
            ),
        },
        source=N_(
            "Nghị định 58/2022/NĐ-CP (giấy đăng ký hoạt động có hiệu lực tối đa 03 năm; "
            "văn phòng đại diện 05 năm)"
        ),
    )
)
register_rule(
    RuleDefinition(
        code="R11",
        title=N_("Thông báo kế hoạch hoạt động của tổ chức phi chính phủ nước ngoài"),
        severity="reminder",
        params={"plan_working_days": 45},
        param_labels={
            "plan_working_days": N_("Hạn thông báo kế hoạch hoạt động sau ngày cấp giấy (ngày làm việc)")
        },
        source=N_("Nghị định 58/2022/NĐ-CP, Điều 21"),
    )
)
register_rule(
    RuleDefinition(
        code="R12",
        title=N_("Báo cáo hằng năm của tổ chức phi chính phủ nước ngoài"),
        severity="reminder",
        params={"due_month": 12, "due_day": 18, "notice_days": 15},
        param_labels={
            "due_month": N_("Hạn nộp báo cáo năm: tháng"),
            "due_day": N_("Hạn nộp báo cáo năm: ngày"),
            "notice_days": N_("Nhắc trước hạn nộp báo cáo năm (ngày)"),
        },
        source=N_("Nghị định 58/2022/NĐ-CP"),
    )
)


# ---------------------------------------------------------------- facts


@dataclass(frozen=True)
class CertificateFacts:
    """A registration certificate as the rules need it."""

    id: str | None
    kind: str
    number: str
    issued_on: date
    expires_on: date
    plan_notified_on: date | None = None


@dataclass(frozen=True)
class NgoFacts:
    """One NGO: its name for messages, its certificates and the reporting years reported."""

    id: str
    name: str
    certificates: tuple[CertificateFacts, ...] = ()
    report_years: frozenset[int] = frozenset()


# ---------------------------------------------------------------- reporting year


def reporting_year_of(day: date) -> int:
    """The NGO reporting year `day` falls in: 15/12/2025–14/12/2026 is reporting year 2026."""
    month, last_day = REPORTING_YEAR_END
    return day.year + 1 if (day.month, day.day) > (month, last_day) else day.year


def reporting_period(year: int) -> tuple[date, date]:
    """First and last day of a reporting year (2026 → 15/12/2025, 14/12/2026)."""
    month, last_day = REPORTING_YEAR_END
    end = date(year, month, last_day)
    return date(year - 1, month, last_day) + timedelta(days=1), end


def report_due_date(year: int, config: RuleConfig) -> date:
    """When the report of reporting year `year` is due (18/12 of that year by default)."""
    month = min(max(int(config.param("R12", "due_month")), 1), 12)
    day = max(int(config.param("R12", "due_day")), 1)
    return date(year, month, min(day, _stdlib_calendar.monthrange(year, month)[1]))


def max_validity_years(kind: str, config: RuleConfig) -> int | None:
    """The legal maximum validity of a certificate kind, in years (None for an unknown kind)."""
    key = _MAX_YEARS_PARAM.get(kind)
    return int(config.param("R10", key)) if key else None


def current_certificates(certificates: tuple[CertificateFacts, ...]) -> list[CertificateFacts]:
    """The certificate of each kind that expires last: a renewed one replaces the old one."""
    latest: dict[str, CertificateFacts] = {}
    for cert in certificates:
        kept = latest.get(cert.kind)
        if kept is None or (cert.expires_on, cert.issued_on) > (kept.expires_on, kept.issued_on):
            latest[cert.kind] = cert
    return sorted(latest.values(), key=lambda c: c.expires_on)


# ---------------------------------------------------------------- validation


def validate_ngo(data: Mapping[str, Any]) -> list[FieldError]:
    """Check an NGO: original name required, country code, sectors, contact formats."""
    errors = _required(data, "name_original", tr("Chưa nhập tên gốc (tên giao dịch) của tổ chức."))
    errors += _country(data, "country")
    sectors = data.get("sectors") or []
    if not isinstance(sectors, list | tuple) or any(s not in ENUMS["ngo_sector"] for s in sectors):
        message = tr("Lĩnh vực hoạt động không hợp lệ: {value}").format(value=sectors)
        errors.append(FieldError("sectors", message))
    areas = data.get("areas") or []
    if not isinstance(areas, list | tuple) or not all(isinstance(a, str) for a in areas):
        message = tr("Địa bàn hoạt động không hợp lệ: {value}").format(value=areas)
        errors.append(FieldError("areas", message))
    errors += _format(data, "email", validate_email)
    errors += _format(data, "phone", validate_phone)
    return errors


def validate_certificate(
    data: Mapping[str, Any], config: RuleConfig | None = None
) -> list[FieldError]:
    """Check a certificate: kind, number, dates in order, validity within the legal maximum."""
    config = config or RuleConfig.defaults()
    errors = _enum(data, "kind", enum="ngo_certificate_kind")
    errors += _required(data, "number", tr("Chưa nhập số giấy đăng ký."))
    errors += _date(data, "issued_on", tr("Ngày cấp"), required=True)
    errors += _date(data, "expires_on", tr("Ngày hết hạn"), required=True)
    errors += _date(data, "plan_notified_on", tr("Ngày thông báo kế hoạch hoạt động"))
    expiry_message = tr("Ngày hết hạn phải sau ngày cấp.")
    issued, expires = data.get("issued_on"), data.get("expires_on")
    if isinstance(issued, date) and isinstance(expires, date) and expires <= issued:
        errors.append(FieldError("expires_on", expiry_message))
    elif isinstance(issued, date) and isinstance(expires, date):
        errors += _validity(data.get("kind"), issued, expires, config)
    errors += _not_before(
        data,
        "plan_notified_on",
        "issued_on",
        tr("Ngày thông báo kế hoạch hoạt động không được trước ngày cấp giấy đăng ký."),
    )
    return errors


def _validity(kind: Any, issued: date, expires: date, config: RuleConfig) -> list[FieldError]:
    """Error when the certificate runs longer than its kind allows (Decree 58/2022, Art. 9)."""
    years = max_validity_years(kind, config) if isinstance(kind, str) else None
    if years is None or expires <= add_months(issued, 12 * years):
        return []
    message = trn(
        "{kind} có thời hạn tối đa {years} năm kể từ ngày cấp (đến {limit}); "
        "ngày hết hạn {expires} vượt quá thời hạn này.",
        "{kind} có thời hạn tối đa {years} năm kể từ ngày cấp (đến {limit}); "
        "ngày hết hạn {expires} vượt quá thời hạn này.",
        years,
    ).format(
        kind=enum_label("ngo_certificate_kind", kind),
        years=years,
        limit=format_date(add_months(issued, 12 * years)),
        expires=format_date(expires),
    )
    return [FieldError("expires_on", message)]


def validate_contact(data: Mapping[str, Any]) -> list[FieldError]:
    """Check a contact person: name required, nationality code, phone and e-mail formats."""
    errors = _required(data, "full_name", tr("Chưa nhập họ tên người liên hệ."))
    errors += _country(data, "nationality")
    errors += _format(data, "email", validate_email)
    errors += _format(data, "phone", validate_phone)
    return errors


def validate_report(data: Mapping[str, Any], today: date) -> list[FieldError]:
    """Check an annual report: a reporting year that has begun, a receipt date not in the future."""
    errors = _date(data, "received_on", tr("Ngày nhận báo cáo"), required=True)
    year, received = data.get("reporting_year"), data.get("received_on")
    latest = reporting_year_of(today)
    if year is None or year == "":
        errors.append(FieldError("reporting_year", tr("Chưa nhập năm báo cáo.")))
    elif isinstance(year, bool) or not isinstance(year, int) or not FIRST_REPORTING_YEAR <= year <= latest:
        message = tr("Năm báo cáo phải từ {first} đến {last}: {value}").format(
            first=FIRST_REPORTING_YEAR, last=latest, value=year
        )
        errors.append(FieldError("reporting_year", message))
    elif isinstance(received, date) and received < reporting_period(year)[0]:
        message = tr("Báo cáo năm {year} không thể nhận trước khi năm báo cáo bắt đầu ({start}).")
        start = format_date(reporting_period(year)[0])
        errors.append(FieldError("received_on", message.format(year=year, start=start)))
    if isinstance(received, date) and received > today + FUTURE_MARGIN:
        errors.append(FieldError("received_on", tr("Ngày nhận báo cáo không được ở tương lai.")))
    return errors


def _country(data: Mapping[str, Any], key: str) -> list[FieldError]:
    value = data.get(key)
    if value and not (isinstance(value, str) and _COUNTRY.fullmatch(value)):
        message = tr(
            "Mã quốc gia không hợp lệ: {codes} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)"
        ).format(codes=value)
        return [FieldError(key, message)]
    return []


# ---------------------------------------------------------------- rules


def evaluate_ngo(
    facts: NgoFacts, config: RuleConfig, calendar: WorkingCalendar, today: date
) -> list[Finding]:
    """Run R10, R11 and R12 (those switched on) on one NGO."""
    findings: list[Finding] = []
    current = current_certificates(facts.certificates)
    if config.is_enabled("R10"):
        for cert in current:
            findings.extend(check_expiry(facts, cert, config, today))
    if config.is_enabled("R11"):
        for cert in current:
            findings.extend(check_plan_notice(facts, cert, config, calendar, today))
    if config.is_enabled("R12"):
        findings.extend(check_annual_report(facts, config, today))
    return findings


def alert_days(config: RuleConfig) -> list[int]:
    """R10's alert points in days before expiry, largest first (90, 60, 30)."""
    keys = ("first_alert_days", "second_alert_days", "third_alert_days")
    return sorted({int(config.param("R10", k)) for k in keys}, reverse=True)


def _finding(facts: NgoFacts, code: str, severity: str, message: str, config: RuleConfig,
             **extra: Any) -> Finding:
    return Finding(code, severity, ENTITY, facts.id, message, tr(config.source(code)), **extra)


def _certificate_label(cert: CertificateFacts) -> str:
    kind = enum_label("ngo_certificate_kind", cert.kind)
    return tr("{kind} số {number}").format(kind=kind, number=cert.number)


def check_expiry(
    facts: NgoFacts, cert: CertificateFacts, config: RuleConfig, today: date
) -> list[Finding]:
    """R10: a reminder from each alert point (90, 60, 30 days) on; overdue once expired.

    `expires_on` is the last day the certificate is valid: on that day it is a
    reminder ("hết hạn hôm nay"), the day after it is overdue.
    """
    left = (cert.expires_on - today).days
    points = alert_days(config)
    values = {"ngo": facts.name, "certificate": _certificate_label(cert),
              "expires": format_date(cert.expires_on)}
    if left < 0:
        message = trn(
            "{ngo}: {certificate} đã hết hạn ngày {expires} ({late} ngày trước); "
            "tổ chức cần gia hạn hoặc được cấp giấy mới.",
            "{ngo}: {certificate} đã hết hạn ngày {expires} ({late} ngày trước); "
            "tổ chức cần gia hạn hoặc được cấp giấy mới.",
            -left,
        ).format(late=-left, **values)
        return [_finding(facts, "R10", "overdue", message, config, due_date=cert.expires_on,
                         field="certificates")]
    if not points or left > points[0]:
        return []
    if left == 0:
        message = tr("{ngo}: {certificate} hết hạn hôm nay ({expires}).").format(**values)
    else:
        point = min(p for p in points if p >= left)
        message = trn(
            "{ngo}: {certificate} hết hạn ngày {expires}, còn {left} ngày (mốc nhắc {point} ngày).",
            "{ngo}: {certificate} hết hạn ngày {expires}, còn {left} ngày (mốc nhắc {point} ngày).",
            left,
        ).format(left=left, point=point, **values)
    return [_finding(facts, "R10", "reminder", message, config, due_date=cert.expires_on,
                     field="certificates")]


def plan_notice_deadline(cert: CertificateFacts, config: RuleConfig, calendar: WorkingCalendar) -> date:
    """R11: the last day to notify the activity plan (45 working days after the issue date)."""
    return calendar.add_working_days(cert.issued_on, int(config.param("R11", "plan_working_days")))


def check_plan_notice(
    facts: NgoFacts, cert: CertificateFacts, config: RuleConfig, calendar: WorkingCalendar,
    today: date,
) -> list[Finding]:
    """R11: while a valid certificate has no notified plan, a reminder up to the deadline, then overdue."""
    if cert.plan_notified_on is not None or cert.expires_on < today or cert.issued_on > today:
        return []
    due = plan_notice_deadline(cert, config, calendar)
    days = int(config.param("R11", "plan_working_days"))
    values = {"ngo": facts.name, "certificate": _certificate_label(cert),
              "issued": format_date(cert.issued_on), "due": format_date(due), "days": days}
    if today <= due:
        left = calendar.working_days_between(today + timedelta(days=1), due + timedelta(days=1))
        message = trn(
            "{ngo}: chưa thông báo kế hoạch hoạt động theo {certificate} (cấp ngày {issued}); "
            "hạn thông báo {due} ({days} ngày làm việc sau ngày cấp), còn {left} ngày làm việc.",
            "{ngo}: chưa thông báo kế hoạch hoạt động theo {certificate} (cấp ngày {issued}); "
            "hạn thông báo {due} ({days} ngày làm việc sau ngày cấp), còn {left} ngày làm việc.",
            left,
        ).format(left=left, **values)
        return [_finding(facts, "R11", "reminder", message, config, due_date=due,
                         field="certificates")]
    message = tr(
        "{ngo}: quá hạn thông báo kế hoạch hoạt động theo {certificate} (cấp ngày {issued}); "
        "hạn thông báo là {due} ({days} ngày làm việc sau ngày cấp)."
    ).format(**values)
    return [_finding(facts, "R11", "overdue", message, config, due_date=due, field="certificates")]


def report_year_in_view(today: date, config: RuleConfig) -> tuple[int | None, int]:
    """(year whose report is in its reminder window or None, latest year whose due date has passed)."""
    notice = timedelta(days=int(config.param("R12", "notice_days")))
    due_this_year = report_due_date(today.year, config)
    upcoming = today.year if due_this_year - notice <= today <= due_this_year else None
    past = today.year if today > due_this_year else today.year - 1
    return upcoming, past


def _active_during(facts: NgoFacts, year: int) -> bool:
    """True when a certificate of the NGO was valid on some day of the reporting year."""
    start, end = reporting_period(year)
    return any(c.issued_on <= end and c.expires_on >= start for c in facts.certificates)


def check_annual_report(facts: NgoFacts, config: RuleConfig, today: date) -> list[Finding]:
    """R12: the report of each reporting year is due on 18/12; reminder before, overdue after."""
    upcoming, past = report_year_in_view(today, config)
    findings = []
    for year, severity in ((past, "overdue"), (upcoming, "reminder")):
        if year is None or year in facts.report_years or not _active_during(facts, year):
            continue
        start, end = reporting_period(year)
        due = report_due_date(year, config)
        values = {"ngo": facts.name, "year": year, "start": format_date(start),
                  "end": format_date(end), "due": format_date(due)}
        if severity == "overdue":
            template = tr(
                "{ngo}: chưa nhận báo cáo năm {year} ({start}–{end}), đã quá hạn nộp {due}."
            )
        else:
            template = tr("{ngo}: chưa nhận báo cáo năm {year} ({start}–{end}), hạn nộp {due}.")
        findings.append(_finding(facts, "R12", severity, template.format(**values), config,
                                 due_date=due, field="reports"))
    return findings

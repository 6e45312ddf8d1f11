"""Non-refundable aid not ODA: validation, the decree that applies, disbursement totals and rule R13.

Which decree governs a programme or project follows from its approval date:
Decree 80/2020/NĐ-CP before the day Decree 313/2025/NĐ-CP took effect
(08/12/2025), Decree 313/2025 from that day. The switch day is a parameter of
R13 (editable in Settings › Quy tắc, with the rule's source), not a constant.

R13 — approved but not started. "Not started" means: status *approved* (the
officer has not moved it to *in progress*) and no start date, or a start date
still in the future. A start date today or earlier counts as started even if
the status lags behind: the record says work began, and the rule must not nag
about a project that is running. Time limits in months are counted as the Civil
Code counts them (Art. 147–148 of the 2015 Code): the period starts the day
after approval and ends at the end of the corresponding day of the last month,
or of that month's last day when it has no such day (31/08 + 6 months → 28/02
or 29/02). So with the defaults, approved on 20/01: a reminder from 20/06 (five
months), the last day to start is 20/07, and from 21/07 the approval has lapsed
(overdue).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .calendar import add_months
from .facts import Finding
from .messages import N_, tr, trn
from .rule_config import RuleConfig, RuleDefinition, register_rule
from .validation import FieldError, _date, _enum, _not_before, _required, format_date

NOT_STARTED_STATUS = "approved"
# what an aid project's attached files are (SYNC.md attachment "kind")
ATTACHMENT_KINDS: dict[str, str] = {
    "decision": N_("Quyết định phê duyệt"),
    "project_document": N_("Văn kiện chương trình, dự án"),
    "agreement": N_("Thỏa thuận viện trợ"),
    "report": N_("Báo cáo tình hình thực hiện"),
    "other": N_("Khác"),
}
DEFAULT_SWITCH = date(2025, 12, 8)
_CURRENCY = re.compile(r"[A-Z]{3}")

R13 = register_rule(
    RuleDefinition(
        code="R13",
        title=N_("Viện trợ đã phê duyệt nhưng chưa triển khai"),
        severity="overdue",
        params={"alert_months": 5, "lapse_months": 6, "decree_313_from": DEFAULT_SWITCH.isoformat()},
        param_labels={
            "alert_months": N_("Nhắc khi chưa triển khai sau ngày phê duyệt (tháng)"),
            "lapse_months": N_("Quyết định phê duyệt hết hiệu lực nếu chưa triển khai sau (tháng)"),
            "decree_313_from": N_(
                "Ngày Nghị định 313/2025/NĐ-CP có hiệu lực, thay Nghị định 80/2020/NĐ-CP"
            ),
        },
        source=N_(
            "Nghị định số 80/2020/NĐ-CP, Điều 4 (quản lý và sử dụng viện trợ không hoàn lại không "
            "thuộc hỗ trợ phát triển chính thức); từ ngày 08/12/2025: Nghị định số 313/2025/NĐ-CP"
        ),
    )
)


@dataclass(frozen=True)
class Decree:
    """A decree that governs aid approved in its time."""

    number: str  # "80/2020/NĐ-CP"
    name: str    # message id: the decree's full name

    @property
    def short(self) -> str:
        """'Nghị định 80/2020/NĐ-CP'."""
        return tr("Nghị định {number}").format(number=self.number)


DECREE_80 = Decree("80/2020/NĐ-CP", N_(
    "Nghị định số 80/2020/NĐ-CP ngày 08/7/2020 về quản lý và sử dụng viện trợ không hoàn lại "
    "không thuộc hỗ trợ phát triển chính thức của các cơ quan, tổ chức, cá nhân nước ngoài dành cho Việt Nam"))
DECREE_313 = Decree("313/2025/NĐ-CP", N_(
    "Nghị định số 313/2025/NĐ-CP về quản lý và sử dụng viện trợ không hoàn lại không thuộc hỗ trợ "
    "phát triển chính thức (thay thế Nghị định số 80/2020/NĐ-CP)"))


def decree_switch_date(config: RuleConfig | None = None) -> date:
    """The first day Decree 313/2025 applies, from R13's settings (the default if unreadable)."""
    value = (config or RuleConfig.defaults()).param("R13", "decree_313_from")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return DEFAULT_SWITCH


def applicable_decree(approval_date: date | None, config: RuleConfig | None = None) -> Decree | None:
    """Decree 80/2020 for aid approved before the switch day, 313/2025 from it; None without a date."""
    if not isinstance(approval_date, date):
        return None
    return DECREE_80 if approval_date < decree_switch_date(config) else DECREE_313


# ---------------------------------------------------------------- rule R13


@dataclass(frozen=True)
class AidFacts:
    """A programme or project as R13 reads it."""

    id: str
    title: str
    status: str
    approval_date: date | None
    start_date: date | None = None


def not_started(facts: AidFacts, today: date) -> bool:
    """Approved, and no start date or one still to come (see the module docstring)."""
    if facts.status != NOT_STARTED_STATUS or facts.approval_date is None:
        return False
    return facts.start_date is None or facts.start_date > today


def r13_dates(approval_date: date, config: RuleConfig) -> tuple[date, date]:
    """(first day of the reminder, last day to start) for an approval date."""
    alert = add_months(approval_date, int(config.param("R13", "alert_months")))
    last_day = add_months(approval_date, int(config.param("R13", "lapse_months")))
    return alert, last_day


def evaluate_aid(facts: AidFacts, config: RuleConfig, today: date) -> list[Finding]:
    """R13 on one project: a reminder from `alert_months`, overdue once `lapse_months` have passed."""
    if not config.is_enabled("R13") or not not_started(facts, today):
        return []
    alert, last_day = r13_dates(facts.approval_date, config)
    if today < alert:
        return []
    decree = applicable_decree(facts.approval_date, config)
    values = {"title": facts.title, "approved": format_date(facts.approval_date),
              "decree": decree.short if decree else "", "last": format_date(last_day),
              "months": int(config.param("R13", "lapse_months"))}
    if today > last_day:
        message = tr(
            "“{title}” được phê duyệt ngày {approved} ({decree}) nhưng sau {months} tháng vẫn chưa triển "
            "khai: quyết định phê duyệt đã hết hiệu lực từ sau ngày {last}. Hãy chuyển tình trạng sang "
            "“Hết hiệu lực phê duyệt” hoặc ghi ngày bắt đầu thực hiện."
        ).format(**values)
        return [_finding(facts, "overdue", message, config, last_day)]
    left = (last_day - today).days
    if left == 0:
        template = tr(
            "“{title}” được phê duyệt ngày {approved} ({decree}) mà chưa triển khai: hôm nay ({last}) là "
            "ngày cuối cùng, sau đó quyết định phê duyệt hết hiệu lực."
        )
    else:
        template = trn(
            "“{title}” được phê duyệt ngày {approved} ({decree}) mà chưa triển khai: còn {left} ngày, "
            "sau ngày {last} quyết định phê duyệt hết hiệu lực.",
            "“{title}” được phê duyệt ngày {approved} ({decree}) mà chưa triển khai: còn {left} ngày, "
            "sau ngày {last} quyết định phê duyệt hết hiệu lực.",
            left,
        )
    return [_finding(facts, "reminder", template.format(left=left, **values), config, last_day)]


def _finding(facts: AidFacts, severity: str, message: str, config: RuleConfig, due: date) -> Finding:
    return Finding("R13", severity, "aid_project", facts.id, message, tr(config.source("R13")),
                   due_date=due, field="start_date")


# ---------------------------------------------------------------- totals


@dataclass(frozen=True)
class AidTotals:
    """Committed (the project's value in VND) against disbursed (the sum of its disbursements)."""

    committed_vnd: int | None
    disbursed_vnd: int
    disbursed_original: int | None = None

    @property
    def ratio(self) -> float | None:
        """Disbursed ÷ committed (1.0 = all of it); None when nothing is committed."""
        if not self.committed_vnd:
            return None
        return self.disbursed_vnd / self.committed_vnd

    @property
    def remaining_vnd(self) -> int | None:
        """What is still to disburse (negative when more was disbursed than committed)."""
        return None if self.committed_vnd is None else self.committed_vnd - self.disbursed_vnd


def disbursement_totals(committed_vnd: int | None, amounts: Iterable[tuple[int | None, int | None]]) -> AidTotals:
    """Sum disbursements given as (amount_vnd, amount_original) pairs against the committed value."""
    vnd, original, any_original = 0, 0, False
    for amount_vnd, amount_original in amounts:
        vnd += amount_vnd or 0
        if amount_original is not None:
            original += amount_original
            any_original = True
    return AidTotals(committed_vnd, vnd, original if any_original else None)


def ratio_text(ratio: float | None) -> str:
    """'45%' (one decimal below 10%), '' without a ratio."""
    if ratio is None:
        return ""
    percent = ratio * 100
    text = f"{percent:.1f}" if 0 < percent < 10 else f"{percent:.0f}"  # noqa: PLR2004
    return text.replace(".", ",") + "%"


# ---------------------------------------------------------------- validation


def validate_project(data: Mapping[str, Any], today: date | None = None) -> list[FieldError]:
    """Check a programme or project: title, donor, enums, money, currency and the order of its dates."""
    today = today or date.today()
    errors = _required(data, "title", tr("Chưa nhập tên chương trình, dự án."))
    if not data.get("donor_ngo_id") and not (data.get("donor_name") or "").strip():
        errors.append(FieldError("donor_name", tr("Chưa chọn tổ chức tài trợ hoặc nhập tên nhà tài trợ.")))
    errors += _enum(data, "form", enum="aid_form")
    errors += _enum(data, "aid_type", enum="aid_type")
    errors += _enum(data, "sector", enum="ngo_sector", required=False)
    errors += _enum(data, "status", enum="aid_status")
    errors += _currency(data)
    errors += _money(data, "value_original", tr("Giá trị nguyên tệ"))
    errors += _money(data, "value_vnd", tr("Giá trị quy đổi"))
    errors += _money(data, "counterpart_vnd", tr("Vốn đối ứng"))
    errors += _project_dates(data, today)
    return errors


def _project_dates(data: Mapping[str, Any], today: date) -> list[FieldError]:
    errors = _date(data, "approval_date", tr("Ngày phê duyệt"), required=data.get("status") == "approved")
    errors += _date(data, "start_date", tr("Ngày bắt đầu thực hiện"))
    errors += _date(data, "end_date", tr("Ngày kết thúc"))
    approved = data.get("approval_date")
    if isinstance(approved, date) and approved > today:
        errors.append(FieldError("approval_date", tr("Ngày phê duyệt không được ở tương lai ({day}).").format(
            day=format_date(approved))))
    errors += _not_before(data, "start_date", "approval_date",
                          tr("Ngày bắt đầu thực hiện không được trước ngày phê duyệt."))
    errors += _not_before(data, "end_date", "start_date", tr("Ngày kết thúc không được trước ngày bắt đầu."))
    return errors


def validate_disbursement(data: Mapping[str, Any], approval_date: date | None = None,
                          today: date | None = None) -> list[FieldError]:
    """Check one disbursement: its period (not in the future, not before approval) and amounts."""
    today = today or date.today()
    errors = _date(data, "period_start", tr("Ngày giải ngân (từ ngày)"), required=True)
    errors += _date(data, "period_end", tr("Đến ngày"))
    errors += _not_before(data, "period_end", "period_start", tr("Đến ngày không được trước từ ngày."))
    start = data.get("period_start")
    if isinstance(start, date) and start > today:
        errors.append(FieldError("period_start", tr("Chưa thể giải ngân ở tương lai ({day}).").format(
            day=format_date(start))))
    elif isinstance(start, date) and isinstance(approval_date, date) and start < approval_date:
        errors.append(FieldError("period_start", tr(
            "Giải ngân không thể trước ngày phê duyệt dự án ({day}).").format(day=format_date(approval_date))))
    if data.get("amount_vnd") is None:
        errors.append(FieldError("amount_vnd", tr("Chưa nhập số tiền giải ngân (đồng).")))
    errors += _money(data, "amount_vnd", tr("Số tiền giải ngân"))
    errors += _money(data, "amount_original", tr("Số tiền giải ngân nguyên tệ"))
    return errors


def _currency(data: Mapping[str, Any]) -> list[FieldError]:
    """ISO 4217 code when given (USD, EUR, VND); required once a value in original currency is."""
    value = data.get("currency")
    if value is None or (isinstance(value, str) and not value.strip()):
        if data.get("value_original") is not None:
            return [FieldError("currency", tr("Hãy chọn loại tiền của giá trị nguyên tệ (ví dụ USD)."))]
        return []
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        return [FieldError("currency", tr(
            "Loại tiền không hợp lệ: {value} (mã 3 chữ cái in hoa theo ISO 4217, ví dụ USD, EUR, VND)."
        ).format(value=value))]
    return []


def _money(data: Mapping[str, Any], key: str, label: str) -> list[FieldError]:
    """Error unless `key` is absent or a whole, non-negative amount."""
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [FieldError(key, tr("{field} phải là số tiền nguyên, không âm: {value}").format(
            field=label, value=value))]
    return []

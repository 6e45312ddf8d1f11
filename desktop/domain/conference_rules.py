"""International conferences and seminars (Decision 06/2020/QĐ-TTg): who approves, rule R3, validation.

Decision 06/2020, Article 4(1): the organiser sends the complete request dossier to the approving
authority at least 30 days before the conference, at least 40 days when the Prime Minister
approves. The decision counts plain calendar days (not working days), so R3 does too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .facts import Finding, filed_late
from .messages import N_, tr, trn
from .rule_config import RuleConfig, RuleDefinition, register_rule
from .validation import (
    ENUMS,
    FieldError,
    _cost,
    _date,
    _enum,
    _not_before,
    _required,
    format_date,
)

# DOMAIN.md: Prime-Minister-level approval when the topic touches any of these.
PM_TOPICS = frozenset(ENUMS["sensitive_topic"])
INACTIVE = ("cancelled", "rejected")
_COUNTRY_LEN = 2

R3 = register_rule(
    RuleDefinition(
        code="R3",
        title=N_("Thời hạn gửi hồ sơ xin phép tổ chức hội nghị, hội thảo quốc tế"),
        severity="warning",
        params={"lead_days": 30, "lead_days_pm": 40, "notice_days": 10},
        param_labels={
            "lead_days": N_("Số ngày gửi hồ sơ trước ngày khai mạc (ngày lịch)"),
            "lead_days_pm": N_(
                "Số ngày gửi hồ sơ trước ngày khai mạc khi thuộc thẩm quyền Thủ tướng (ngày lịch)"
            ),
            "notice_days": N_("Nhắc trước hạn nộp (ngày lịch)"),
        },
        source=N_(
            "Quyết định 06/2020/QĐ-TTg của Thủ tướng Chính phủ, Điều 4 khoản 1: gửi đủ hồ sơ ít nhất "
            "30 ngày (40 ngày với hội nghị, hội thảo thuộc thẩm quyền cho phép của Thủ tướng Chính phủ) "
            "trước ngày tổ chức; tính theo ngày lịch"
        ),
    )
)


@dataclass(frozen=True)
class ConferenceFacts:
    """What rule R3 needs to know about one conference."""

    id: str
    title: str
    start_date: date | None
    status: str = "draft"
    submitted_on: date | None = None
    ministerial_guests: bool = False
    sensitive_topics: tuple[str, ...] = ()


def needs_pm_approval(ministerial_guests: bool, sensitive_topics: Iterable[str] | None) -> bool:
    """True when the Prime Minister must approve: ministerial-level foreign guests or a sensitive topic."""
    return bool(ministerial_guests) or any(t in PM_TOPICS for t in sensitive_topics or ())


def approval_label(pm: bool) -> str:
    """Who approves, as the editor and the list show it."""
    return tr("Thủ tướng Chính phủ") if pm else tr("Chủ tịch UBND tỉnh")


def lead_days(facts: ConferenceFacts, config: RuleConfig) -> int:
    """Calendar days the dossier must precede the opening day (40 for the Prime Minister, else 30)."""
    key = "lead_days_pm" if needs_pm_approval(facts.ministerial_guests, facts.sensitive_topics) else "lead_days"
    return int(config.param("R3", key))


def conference_deadline(facts: ConferenceFacts, config: RuleConfig) -> date | None:
    """The last day to send the request dossier; None without a start date or with R3 switched off."""
    if facts.start_date is None or not config.is_enabled("R3"):
        return None
    return facts.start_date - timedelta(days=lead_days(facts, config))


def evaluate_conference(facts: ConferenceFacts, config: RuleConfig, today: date) -> list[Finding]:
    """R3 on one conference: filed late (warning), past the deadline as a draft (warning), or near it (reminder)."""
    deadline = conference_deadline(facts, config)
    if deadline is None or facts.status in INACTIVE:
        return []
    lead = lead_days(facts, config)
    label = (tr("Hội nghị, hội thảo “{title}”").format(title=facts.title) if (facts.title or "").strip()
             else tr("Hội nghị, hội thảo này"))
    rule = trn("{lead} ngày trước ngày khai mạc {start}, cấp cho phép: {level}",
               "{lead} ngày trước ngày khai mạc {start}, cấp cho phép: {level}", lead).format(
        lead=lead, start=format_date(facts.start_date),
        level=approval_label(needs_pm_approval(facts.ministerial_guests, facts.sensitive_topics)))
    if facts.status == "draft":
        return _draft(facts, config, today, deadline, label, rule)
    if filed_late(facts.status, facts.submitted_on, deadline):
        message = tr("{conference}: hồ sơ xin phép gửi muộn — gửi ngày {submitted}, hạn chót {deadline} "
                     "({rule}).").format(conference=label, submitted=format_date(facts.submitted_on),
                                          deadline=format_date(deadline), rule=rule)
        return [_finding(facts, config, "warning", message, deadline, "submitted_on")]
    return []


def _draft(facts: ConferenceFacts, config: RuleConfig, today: date, deadline: date, label: str,
           rule: str) -> list[Finding]:
    """A request not yet sent: already late, or a reminder within `notice_days` of the deadline."""
    if today > deadline:
        message = tr("{conference}: đã quá hạn gửi hồ sơ xin phép ({deadline}, {rule}); "
                     "hồ sơ gửi bây giờ là gửi muộn.").format(
            conference=label, deadline=format_date(deadline), rule=rule)
        return [_finding(facts, config, "warning", message, deadline, "start_date")]
    left = (deadline - today).days
    if left > int(config.param("R3", "notice_days")):
        return []
    if left == 0:
        template = tr("{conference}: hôm nay là hạn chót gửi hồ sơ xin phép (hạn chót {deadline}, {rule}).")
    else:
        template = trn("{conference}: còn {left} ngày để gửi hồ sơ xin phép (hạn chót {deadline}, {rule}).",
                       "{conference}: còn {left} ngày để gửi hồ sơ xin phép (hạn chót {deadline}, {rule}).",
                       left)
    message = template.format(conference=label, left=left, deadline=format_date(deadline), rule=rule)
    return [_finding(facts, config, "reminder", message, deadline, "start_date")]


def _finding(facts: ConferenceFacts, config: RuleConfig, severity: str, message: str, due: date,
             field: str) -> Finding:
    return Finding("R3", severity, "conference", facts.id, message, tr(config.source("R3")),
                   due_date=due, field=field)


# ---------------------------------------------------------------- validation


def validate_conference(data: Mapping[str, Any]) -> list[FieldError]:
    """Check a conference: title, dates in order, enums, participants, countries, topics, cost."""
    errors = _required(data, "title", tr("Chưa nhập tên hội nghị, hội thảo."))
    errors += _enum(data, "mode", enum="conference_mode") + _enum(data, "status")
    errors += _enum(data, "funding", required=False)
    errors += _date(data, "start_date", tr("Ngày bắt đầu"), required=True)
    errors += _date(data, "end_date", tr("Ngày kết thúc"), required=True)
    errors += _not_before(data, "end_date", "start_date",
                          tr("Ngày kết thúc không được trước ngày bắt đầu."))
    errors += _participants(data.get("foreign_participants"))
    errors += _codes(data.get("participant_countries"))
    errors += _topics(data.get("sensitive_topics"))
    errors += _cost(data.get("cost_estimate_vnd"))
    for key, label in (("submitted_on", tr("Ngày gửi hồ sơ")), ("decision_date", tr("Ngày quyết định")),
                       ("report_received_on", tr("Ngày gửi báo cáo kết quả"))):
        errors += _date(data, key, label)
    if data.get("status") in ("submitted", "approved", "rejected", "completed"):
        errors += _required(data, "submitted_on", tr("Chưa nhập ngày gửi hồ sơ xin phép."))
    return errors


def _participants(value: Any) -> list[FieldError]:
    """The number of foreign participants: absent, or a whole number not below zero."""
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = tr("Số đại biểu nước ngoài phải là số nguyên không âm: {value}").format(value=value)
        return [FieldError("foreign_participants", message)]
    return []


def _codes(value: Any) -> list[FieldError]:
    """Participant countries: a list of ISO 3166 alpha-2 codes (may be empty)."""
    if value is None or value == []:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    bad = [str(c) for c in items
           if not (isinstance(c, str) and len(c) == _COUNTRY_LEN and c.isascii() and c.isupper())]
    if bad:
        message = tr("Mã quốc gia không hợp lệ: {codes} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)").format(
            codes=", ".join(bad))
        return [FieldError("participant_countries", message)]
    return []


def _topics(value: Any) -> list[FieldError]:
    """Sensitive topics: values of the sensitive_topic enum only."""
    items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
    bad = [str(t) for t in items if t not in PM_TOPICS]
    if bad:
        message = tr("Nội dung nhạy cảm không hợp lệ: {value}").format(value=", ".join(bad))
        return [FieldError("sensitive_topics", message)]
    return []

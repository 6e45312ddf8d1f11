"""Promotion activities and their follow-up actions: validation and rule R14 (continuity).

Directive 13/CT-UBND complains that the results of promotion events are lost
afterwards. R14 therefore reports a follow-up action past its due date
(overdue), one due within `notice_days` (reminder), and — the directive's
exact complaint — an activity that ended `no_follow_up_days` ago with results
(MoUs, leads) but no follow-up action at all (warning; 0 switches that check off).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .facts import Finding
from .messages import N_, tr, trn
from .rule_config import RuleConfig, RuleDefinition, register_rule
from .validation import (
    FUTURE_MARGIN,
    FieldError,
    _date,
    _enum,
    _not_before,
    _required,
    format_date,
)

OPEN_STATUSES = ("open", "in_progress")
_COUNTRY_CODE_LENGTH = 2

R14 = register_rule(
    RuleDefinition(
        code="R14",
        title=N_("Việc theo dõi sau hoạt động xúc tiến quá hạn"),
        severity="overdue",
        params={"notice_days": 7, "no_follow_up_days": 30},
        param_labels={
            "notice_days": N_("Nhắc trước hạn việc theo dõi (ngày)"),
            "no_follow_up_days": N_(
                "Cảnh báo hoạt động có kết quả mà chưa có việc theo dõi, sau ngày kết thúc "
                "(ngày; 0 = không cảnh báo)"
            ),
        },
        source=N_(
            "Chỉ thị 13/CT-UBND ngày 26/4/2023 của UBND tỉnh Đắk Lắk (bảo đảm tính liên tục "
            "sau hoạt động xúc tiến)"
        ),
    )
)


@dataclass(frozen=True)
class FollowUpFacts:
    """A follow-up action as R14 reads it."""

    id: str
    action: str
    owner: str | None
    due_date: date | None
    status: str


@dataclass(frozen=True)
class ActivityFacts:
    """A promotion activity and its live follow-up actions as R14 reads them."""

    id: str
    title: str
    start_date: date | None
    end_date: date | None = None
    mou_count: int = 0
    lead_count: int = 0
    follow_ups: tuple[FollowUpFacts, ...] = ()


# ---------------------------------------------------------------- rule R14


def evaluate_activity(facts: ActivityFacts, config: RuleConfig, today: date) -> list[Finding]:
    """R14 on one activity: its follow-ups overdue or due soon, or results with no follow-up."""
    if not config.is_enabled("R14"):
        return []
    findings: list[Finding] = []
    for follow_up in facts.follow_ups:
        findings.extend(check_follow_up(follow_up, facts.title, config, today))
    findings.extend(_check_missing_follow_up(facts, config, today))
    return findings


def follow_up_overdue(due: date | None, status: str, today: date) -> bool:
    """True when an action still open is past its due date (due today is not overdue yet)."""
    return status in OPEN_STATUSES and due is not None and due < today


def check_follow_up(
    follow_up: FollowUpFacts, activity_title: str, config: RuleConfig, today: date
) -> list[Finding]:
    """R14 for one action: overdue after its due date, a reminder within `notice_days` of it."""
    due = follow_up.due_date
    if follow_up.status not in OPEN_STATUSES or due is None:
        return []
    values = {
        "action": follow_up.action,
        "owner": follow_up.owner or tr("chưa giao người phụ trách"),
        "activity": activity_title,
        "due": format_date(due),
    }
    if due < today:
        late = (today - due).days
        message = trn(
            "Việc “{action}” ({owner}) sau hoạt động “{activity}” đã quá hạn {late} ngày "
            "(hạn {due}).",
            "Việc “{action}” ({owner}) sau hoạt động “{activity}” đã quá hạn {late} ngày "
            "(hạn {due}).",
            late,
        ).format(late=late, **values)
        return [_finding(follow_up, "overdue", message, config, due)]
    left = (due - today).days
    if left > int(config.param("R14", "notice_days")):
        return []
    if left == 0:
        template = tr("Việc “{action}” ({owner}) sau hoạt động “{activity}”: hôm nay là hạn ({due}).")
    else:
        template = trn(
            "Việc “{action}” ({owner}) sau hoạt động “{activity}”: còn {left} ngày đến hạn ({due}).",
            "Việc “{action}” ({owner}) sau hoạt động “{activity}”: còn {left} ngày đến hạn ({due}).",
            left,
        )
    return [_finding(follow_up, "reminder", template.format(left=left, **values), config, due)]


def _finding(
    follow_up: FollowUpFacts, severity: str, message: str, config: RuleConfig, due: date
) -> Finding:
    return Finding(
        "R14", severity, "follow_up_action", follow_up.id, message, tr(config.source("R14")),
        due_date=due, field="follow_ups",
    )


def _check_missing_follow_up(facts: ActivityFacts, config: RuleConfig, today: date) -> list[Finding]:
    """An activity with results, ended `no_follow_up_days` ago, and not one follow-up action."""
    days = int(config.param("R14", "no_follow_up_days"))
    ended = facts.end_date or facts.start_date
    results = (facts.mou_count or 0) + (facts.lead_count or 0)
    if days <= 0 or ended is None or results <= 0 or facts.follow_ups:
        return []
    due = ended + timedelta(days=days)
    if today <= due:
        return []
    message = tr(
        "Hoạt động “{activity}” kết thúc ngày {end}, có {mou} biên bản ghi nhớ và {leads} đối tác "
        "tiềm năng nhưng chưa có việc theo dõi nào sau {days} ngày."
    ).format(activity=facts.title, end=format_date(ended), mou=facts.mou_count or 0,
             leads=facts.lead_count or 0, days=days)
    return [Finding("R14", "warning", "promotion_activity", facts.id, message,
                    tr(config.source("R14")), due_date=due, field="follow_ups")]


# ---------------------------------------------------------------- validation


def validate_activity(data: Mapping[str, Any]) -> list[FieldError]:
    """Check a promotion activity: kind, title, dates in order, countries, amounts not negative."""
    errors = _enum(data, "kind", enum="promotion_kind")
    errors += _required(data, "title", tr("Chưa nhập tên hoạt động."))
    errors += _date(data, "start_date", tr("Ngày bắt đầu"), required=True)
    errors += _date(data, "end_date", tr("Ngày kết thúc"))
    errors += _not_before(
        data, "end_date", "start_date", tr("Ngày kết thúc không được trước ngày bắt đầu.")
    )
    errors += _activity_countries(data)
    errors += _whole(data, "cost_vnd", tr("Kinh phí phải là số đồng không âm: {value}"))
    errors += _whole(data, "mou_count", tr("Số biên bản ghi nhớ phải là số nguyên không âm: {value}"))
    errors += _whole(data, "lead_count", tr("Số đối tác tiềm năng phải là số nguyên không âm: {value}"))
    return errors


def validate_follow_up(data: Mapping[str, Any], today: date | None = None) -> list[FieldError]:
    """Check a follow-up action: what to do, a known status, and a result once it is done."""
    today = today or date.today()
    errors = _required(data, "action", tr("Chưa nhập việc cần làm."))
    errors += _enum(data, "status", enum="follow_up_status")
    errors += _date(data, "due_date", tr("Hạn"))
    errors += _date(data, "done_on", tr("Ngày hoàn thành"))
    if data.get("status") == "done":
        errors += _required(data, "result", tr("Hãy ghi kết quả của việc đã xong."))
        errors += _date(data, "done_on", tr("Ngày hoàn thành"), required=True)
    done_on = data.get("done_on")
    if isinstance(done_on, date) and done_on > today + FUTURE_MARGIN:
        errors.append(FieldError("done_on", tr("Ngày hoàn thành không được ở tương lai.")))
    return errors


def _activity_countries(data: Mapping[str, Any]) -> list[FieldError]:
    """Countries are optional at home, required abroad; each an ISO 3166 alpha-2 code."""
    value = data.get("countries") or []
    if not isinstance(value, list | tuple):
        message = tr("Danh sách quốc gia không hợp lệ: {value}").format(value=value)
        return [FieldError("countries", message)]
    bad = [str(c) for c in value
           if not (isinstance(c, str) and len(c) == _COUNTRY_CODE_LENGTH and c.isalpha() and c.isupper())]
    if bad:
        message = tr(
            "Mã quốc gia không hợp lệ: {codes} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)"
        ).format(codes=", ".join(bad))
        return [FieldError("countries", message)]
    if data.get("abroad") and not value:
        return [FieldError("countries", tr("Hoạt động ở nước ngoài: hãy chọn nước tổ chức."))]
    return []


def _whole(data: Mapping[str, Any], key: str, template: str) -> list[FieldError]:
    """Error unless `key` is absent or a whole number not below zero."""
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [FieldError(key, template.format(value=value))]
    return []

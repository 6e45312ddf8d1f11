"""The province's monitoring records: validation of inspections, recommendations and reminders, and
rule R17 (a recommendation past its due date).

Directive 13/CT-UBND, group 7: the provincial department inspects the units and urges them. An
inspection's recommendations each carry a due date; the inspected unit answers with the day it put
the matter right and what it did (`done_on`, `result`). R17 reminds `notice_days` before the due
date and reports the recommendation overdue after it, until the unit has answered or the province
has closed it (status done or cancelled).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .facts import Finding
from .messages import N_, tr, trn
from .rule_config import RuleConfig, RuleDefinition, register_rule
from .validation import FUTURE_MARGIN, FieldError, _date, _enum, _not_before, _required, format_date

R17 = register_rule(
    RuleDefinition(
        code="R17",
        title=N_("Kiến nghị sau thanh tra, kiểm tra quá hạn thực hiện"),
        severity="overdue",
        params={"notice_days": 7},
        param_labels={"notice_days": N_("Nhắc trước hạn thực hiện kiến nghị (ngày)")},
        source=N_("Chỉ thị số 13/CT-UBND ngày 26/4/2023 của UBND tỉnh Đắk Lắk, nhóm nhiệm vụ 7 "
                  "(thanh tra, kiểm tra)"),
    )
)

# the rules a reminder may name as the indicator the unit fails (Theo dõi đơn vị's columns)
INDICATORS = ("R1", "R2", "R3", "R4", "R8", "R10", "R11", "R12", "R13", "R14", "R15", "R16", "R17")


@dataclass(frozen=True)
class RecommendationFacts:
    """A recommendation as R17 reads it."""

    id: str
    content: str
    unit_name: str
    due_date: date
    status: str
    done_on: date | None = None


def answered(status: str, done_on: date | None) -> bool:
    """Closed by the province, or put right by the unit (its answer counts at once)."""
    return status != "open" or done_on is not None


def recommendation_overdue(due: date, status: str, done_on: date | None, today: date) -> bool:
    """True when a recommendation nobody has answered is past its due date (the due day is not late)."""
    return not answered(status, done_on) and due < today


def evaluate_recommendations(items: list[RecommendationFacts], config: RuleConfig, today: date) -> list[Finding]:
    """R17 over recommendations: overdue after the due date, a reminder within `notice_days` of it."""
    if not config.is_enabled("R17"):
        return []
    notice = int(config.param("R17", "notice_days"))
    source = tr(config.source("R17"))
    out = []
    for item in items:
        if answered(item.status, item.done_on):
            continue
        values = {"content": _short(item.content), "unit": item.unit_name, "due": format_date(item.due_date)}
        if item.due_date < today:
            late = (today - item.due_date).days
            message = trn("Kiến nghị “{content}” ({unit}) đã quá hạn {late} ngày (hạn {due}).",
                          "Kiến nghị “{content}” ({unit}) đã quá hạn {late} ngày (hạn {due}).", late)
            out.append(_finding(item, "overdue", message.format(late=late, **values), source))
            continue
        left = (item.due_date - today).days
        if left > notice:
            continue
        if left == 0:
            message = tr("Kiến nghị “{content}” ({unit}): hôm nay là hạn thực hiện ({due}).")
        else:
            message = trn("Kiến nghị “{content}” ({unit}): còn {left} ngày đến hạn thực hiện ({due}).",
                          "Kiến nghị “{content}” ({unit}): còn {left} ngày đến hạn thực hiện ({due}).", left)
        out.append(_finding(item, "reminder", message.format(left=left, **values), source))
    return out


def _finding(item: RecommendationFacts, severity: str, message: str, source: str) -> Finding:
    return Finding("R17", severity, "inspection_recommendation", item.id, message, source,
                   due_date=item.due_date, field="recommendations")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- validation


def validate_inspection(data: Mapping[str, Any]) -> list[FieldError]:
    """An inspection: the unit inspected, from (and to) when, the team and the scope."""
    errors = _required(data, "unit_code", tr("Chưa chọn đơn vị được thanh tra, kiểm tra."))
    errors += _date(data, "start_date", tr("Ngày bắt đầu"), required=True)
    errors += _date(data, "end_date", tr("Ngày kết thúc"))
    errors += _not_before(data, "end_date", "start_date", tr("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    errors += _required(data, "team", tr("Chưa nhập đoàn thanh tra, kiểm tra (trưởng đoàn, thành viên)."))
    errors += _required(data, "scope", tr("Chưa nhập nội dung, phạm vi thanh tra, kiểm tra."))
    return errors


def validate_recommendation(data: Mapping[str, Any], today: date) -> list[FieldError]:
    """A recommendation: what to put right, by when; a done one names its result and its day."""
    errors = _required(data, "content", tr("Chưa nhập nội dung kiến nghị."))
    errors += _date(data, "due_date", tr("Hạn thực hiện"), required=True)
    errors += _enum(data, "status", enum="recommendation_status")
    errors += _answer(data, today)
    if data.get("status") == "done" and not any(e.field == "result" for e in errors):
        errors += _required(data, "result", tr("Kiến nghị đã thực hiện: hãy ghi kết quả."))
    return errors


def validate_reminder(data: Mapping[str, Any], today: date) -> list[FieldError]:
    """A reminder: to which unit, about what, sent when; the unit's answer when given."""
    errors = _required(data, "unit_code", tr("Chưa chọn đơn vị được đôn đốc."))
    errors += _required(data, "subject", tr("Chưa nhập trích yếu."))
    errors += _required(data, "body", tr("Chưa nhập nội dung đôn đốc."))
    errors += _date(data, "sent_on", tr("Ngày gửi"), required=True)
    indicator = data.get("indicator")
    if indicator and indicator not in INDICATORS:
        errors.append(FieldError("indicator", tr("Chỉ tiêu không hợp lệ: {value}").format(value=indicator)))
    return errors + _answer(data, today)


def validate_answer(data: Mapping[str, Any], today: date) -> list[FieldError]:
    """The unit's answer to a recommendation or a reminder: a result, and the day it was done."""
    errors = _required(data, "result", tr("Hãy ghi kết quả đơn vị đã thực hiện."))
    errors += _date(data, "done_on", tr("Ngày thực hiện xong"), required=True)
    return errors + _not_future(data, today)


def _answer(data: Mapping[str, Any], today: date) -> list[FieldError]:
    """A day done, when given, is a date not in the future, and comes with its result."""
    errors = _date(data, "done_on", tr("Ngày thực hiện xong")) + _not_future(data, today)
    if data.get("done_on") is not None and not (data.get("result") or "").strip() and not errors:
        errors.append(FieldError("result", tr("Đã có ngày thực hiện xong: hãy ghi kết quả.")))
    return errors


def _not_future(data: Mapping[str, Any], today: date) -> list[FieldError]:
    done_on = data.get("done_on")
    if isinstance(done_on, date) and done_on > today + FUTURE_MARGIN:
        return [FieldError("done_on", tr("Ngày thực hiện xong không được ở tương lai."))]
    return []

"""The annual foreign-affairs plan: validation, plan-versus-actual and rule R16.

Directive 13/CT-UBND found units working without an annual foreign-affairs plan.
A plan belongs to one unit and one calendar year; each planned activity may link
to the delegation, conference or promotion activity that carried it out. From
those links come the plan-versus-actual figures, the trips outside the plan
(rule R7, in rules.py) and, here, R16: the plan of the current year must be
issued by a day the user can change (31 January by default).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .facts import Finding
from .messages import N_, tr
from .rule_config import RuleConfig, RuleDefinition, register_rule
from .validation import ENUMS, FieldError, _date, _enum, _required, enum_label, format_date

MIN_YEAR, MAX_YEAR = 2000, 2100
DROPPED = ("postponed", "cancelled")
# which records may carry out a planned activity of each kind ("other" takes any)
LINKS: dict[str, tuple[str, ...]] = {
    "outbound": ("delegation",), "inbound": ("delegation",), "training": ("delegation",),
    "conference": ("conference",), "promotion": ("promotion_activity",),
    "ngo": (), "overseas": (), "other": ("delegation", "conference", "promotion_activity"),
}
LINK_FIELDS = {"delegation": "delegation_id", "conference": "conference_id",
               "promotion_activity": "promotion_id"}
ENTITY_LABELS = {"delegation": N_("đoàn"), "conference": N_("hội nghị, hội thảo"),
                 "promotion_activity": N_("hoạt động xúc tiến")}

R16 = register_rule(
    RuleDefinition(
        code="R16",
        title=N_("Chưa ban hành kế hoạch đối ngoại của năm"),
        severity="warning",
        params={"due_month": 1, "due_day": 31},
        param_labels={
            "due_month": N_("Hạn ban hành kế hoạch năm: tháng"),
            "due_day": N_("Hạn ban hành kế hoạch năm: ngày"),
        },
        source=N_("Chỉ thị số 13/CT-UBND ngày 26/4/2023 của UBND tỉnh Đắk Lắk"),
    )
)


# ---------------------------------------------------------------- validation


def validate_plan(data: Mapping[str, Any]) -> list[FieldError]:
    """Check a plan header: a year in range, a title, a known status, the issue decision once issued."""
    errors = _required(data, "title", tr("Chưa nhập tên kế hoạch."))
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(FieldError("year", tr("Năm kế hoạch phải từ {low} đến {high}: {value}").format(
            low=MIN_YEAR, high=MAX_YEAR, value=year if year is not None else "")))
    errors += _enum(data, "status", enum="plan_status")
    errors += _date(data, "approval_date", tr("Ngày ban hành"))
    if data.get("status") == "approved":
        errors += _required(data, "approval_number",
                            tr("Kế hoạch đã ban hành: hãy nhập số quyết định hoặc văn bản ban hành."))
        errors += _date(data, "approval_date", tr("Ngày ban hành"), required=True)
    return errors


def validate_planned(data: Mapping[str, Any], year: int | None = None) -> list[FieldError]:
    """Check a planned activity: kind, content, timing within the plan year, budget, link kind."""
    errors = _enum(data, "kind", enum="planned_kind")
    errors += _required(data, "title", tr("Chưa nhập nội dung hoạt động."))
    errors += _enum(data, "status", enum="planned_status")
    errors += _date(data, "planned_from", tr("Thời gian dự kiến từ"))
    errors += _date(data, "planned_to", tr("Thời gian dự kiến đến"))
    errors += _timing(data, year)
    errors += _countries(data.get("countries"))
    budget = data.get("budget_vnd")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int) or budget < 0):
        errors.append(FieldError("budget_vnd", tr("Kinh phí dự kiến phải là số đồng không âm: {value}")
                                 .format(value=budget)))
    errors += check_link_kind(data.get("kind"), linked_entity(data))
    return errors


def _timing(data: Mapping[str, Any], year: int | None) -> list[FieldError]:
    start, end = data.get("planned_from"), data.get("planned_to")
    errors: list[FieldError] = []
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors.append(FieldError("planned_to", tr("Thời gian dự kiến đến không được trước thời gian bắt đầu.")))
    if year is None:
        return errors
    for key, value in (("planned_from", start), ("planned_to", end)):
        if isinstance(value, date) and value.year != year:
            errors.append(FieldError(key, tr("Ngày {day} không thuộc năm kế hoạch {year}.").format(
                day=format_date(value), year=year)))
    return errors


def _countries(value: Any) -> list[FieldError]:
    if value is None or value == []:
        return []
    if not isinstance(value, list | tuple):
        return [FieldError("countries", tr("Danh sách quốc gia không hợp lệ: {value}").format(value=value))]
    bad = [str(c) for c in value if not (isinstance(c, str) and len(c) == 2 and c.isalpha() and c.isupper())]
    if bad:
        return [FieldError("countries", tr(
            "Mã quốc gia không hợp lệ: {codes} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)"
        ).format(codes=", ".join(bad)))]
    return []


def linked_entity(data: Mapping[str, Any]) -> str | None:
    """The entity a planned activity links to (None when none; the first when several)."""
    return next((entity for entity, key in LINK_FIELDS.items() if data.get(key)), None)


def check_link_kind(kind: Any, entity: str | None, direction: str | None = None) -> list[FieldError]:
    """Error when a planned activity of `kind` cannot be carried out by a record of `entity`
    (an outbound planned trip by an inbound delegation, a conference by a trip …)."""
    if entity is None or kind not in LINKS:
        return []
    key = LINK_FIELDS[entity]
    if entity not in LINKS[kind]:
        return [FieldError(key, tr("Hoạt động loại «{kind}» không thể do {what} thực hiện.").format(
            kind=_kind_label(kind), what=tr(ENTITY_LABELS[entity])))]
    if entity == "delegation" and kind in ("outbound", "inbound") and direction not in (None, kind):
        return [FieldError(key, tr("Hoạt động loại «{kind}» phải gắn với một đoàn cùng loại.").format(
            kind=_kind_label(kind)))]
    return []


def _kind_label(kind: str) -> str:
    return enum_label("planned_kind", kind)


# ---------------------------------------------------------------- plan versus actual


@dataclass(frozen=True)
class ActualFacts:
    """A delegation, conference or promotion activity of the plan year, as the figures count it."""

    entity: str
    id: str
    kind: str  # the planned kind it counts under (outbound, inbound, conference, promotion)
    title: str
    start_date: date | None
    cost_vnd: int | None
    active: bool = True  # False for cancelled or rejected records


@dataclass(frozen=True)
class PlannedFacts:
    """A planned activity and the record linked to it (None when none is linked or it was deleted)."""

    id: str
    kind: str
    title: str
    status: str
    budget_vnd: int | None = None
    linked: ActualFacts | None = None


def progress(p: PlannedFacts) -> str:
    """"done" (a live record carried it out, or marked done where nothing can be linked),
    "dropped" (postponed or cancelled) or "not_yet"."""
    if p.status in DROPPED:
        return "dropped"
    if p.linked is not None:
        return "done" if p.linked.active else "not_yet"
    return "done" if p.status == "done" else "not_yet"


@dataclass
class KindFigures:
    """Plan-versus-actual of one kind of activity (or of all of them)."""

    kind: str
    planned: int = 0
    done: int = 0
    not_yet: int = 0
    dropped: int = 0
    off_plan: int = 0
    planned_budget_vnd: int = 0
    actual_cost_vnd: int = 0  # of the records that carried out planned activities
    off_plan_cost_vnd: int = 0


@dataclass(frozen=True)
class PlanVersusActual:
    """Per kind and in total; `off_plan` lists the year's records that no planned activity links."""

    rows: list[KindFigures]
    total: KindFigures
    off_plan: list[ActualFacts] = field(default_factory=list)


def plan_versus_actual(planned: Iterable[PlannedFacts], actual: Iterable[ActualFacts]) -> PlanVersusActual:
    """Count planned activities by progress and compare budgets with what the linked records cost.

    `actual` is every record of the unit for the plan year; those that no planned
    activity links (and that were not cancelled or rejected) are off the plan.
    """
    planned = list(planned)
    by_kind: dict[str, KindFigures] = {}
    linked_ids = {(p.linked.entity, p.linked.id) for p in planned if p.linked is not None}
    for p in planned:
        row = by_kind.setdefault(p.kind, KindFigures(p.kind))
        row.planned += 1
        state = progress(p)
        setattr(row, state, getattr(row, state) + 1)
        row.planned_budget_vnd += p.budget_vnd or 0
        if p.linked is not None and p.linked.active:
            row.actual_cost_vnd += p.linked.cost_vnd or 0
    off_plan = sorted((a for a in actual if a.active and (a.entity, a.id) not in linked_ids),
                      key=lambda a: (a.start_date or date.max, a.title))
    for a in off_plan:
        row = by_kind.setdefault(a.kind, KindFigures(a.kind))
        row.off_plan += 1
        row.off_plan_cost_vnd += a.cost_vnd or 0
    order = {k: i for i, k in enumerate(ENUMS["planned_kind"])}
    rows = sorted(by_kind.values(), key=lambda r: order.get(r.kind, len(order)))
    total = KindFigures("total")
    for row in rows:
        for name in ("planned", "done", "not_yet", "dropped", "off_plan", "planned_budget_vnd",
                     "actual_cost_vnd", "off_plan_cost_vnd"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return PlanVersusActual(rows, total, off_plan)


# ---------------------------------------------------------------- rule R16


@dataclass(frozen=True)
class UnitPlanFacts:
    """A unit in service and its plan for the year R16 looks at (none: plan_id None)."""

    unit_id: str
    unit_code: str
    unit_name: str
    year: int
    plan_id: str | None = None
    plan_title: str | None = None
    plan_status: str | None = None


def plan_due_date(year: int, config: RuleConfig) -> date:
    """The day the plan of `year` must be issued by (R16's month and day, kept within the calendar)."""
    month = min(max(int(config.param("R16", "due_month")), 1), 12)
    last = _stdlib_calendar.monthrange(year, month)[1]
    day = min(max(int(config.param("R16", "due_day")), 1), last)
    return date(year, month, day)


def evaluate_plan_deadline(units: Iterable[UnitPlanFacts], config: RuleConfig, today: date) -> list[Finding]:
    """R16: a unit with no issued plan for the current year — a reminder up to the due day,
    a warning after it. The finding is about the plan when there is a draft, else about the
    unit's missing plan (entity "annual_plan", record_id the unit's id)."""
    if not config.is_enabled("R16"):
        return []
    source = tr(config.source("R16"))
    out = []
    for u in units:
        if u.year != today.year or u.plan_status == "approved":
            continue
        due = plan_due_date(u.year, config)
        out.append(_r16(u, due, today, source))
    return out


def _r16(u: UnitPlanFacts, due: date, today: date, source: str) -> Finding:
    values = {"unit": u.unit_name, "year": u.year, "due": format_date(due), "plan": u.plan_title or ""}
    late = today > due
    if u.plan_id is None and late:
        message = tr("{unit} chưa có kế hoạch đối ngoại năm {year}; hạn ban hành là {due}, đã quá hạn.")
    elif u.plan_id is None:
        message = tr("{unit} chưa có kế hoạch đối ngoại năm {year}: cần lập và ban hành trước {due}.")
    elif late:
        message = tr("“{plan}” của {unit} còn là dự thảo; hạn ban hành là {due}, đã quá hạn.")
    else:
        message = tr("“{plan}” của {unit} còn là dự thảo: cần ban hành trước {due}.")
    return Finding("R16", "warning" if late else "reminder", "annual_plan", u.plan_id or u.unit_id,
                   message.format(**values), source, due_date=due,
                   field="status" if u.plan_id else None)

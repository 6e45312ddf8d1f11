"""Compliance rules on delegations (DOMAIN.md, R1–R9): what is late, blocked, due or missing.

Evaluation is pure: the service gathers the facts of a delegation and its members,
this module returns findings. Every number comes from a `RuleConfig`; none is
hard-coded here. The registry and settings live in rule_config.py and are
re-exported, so `from desktop.domain.rules import RuleConfig` works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from .calendar import WorkingCalendar
from .facts import DelegationFacts, DisciplinePeriod, Finding, MemberFacts, PlanStanding, filed_late
from .member_rules import (
    check_discipline,
    check_key_leaders,
    check_passports,
    check_trip_count,
    discipline_until,
)
from .messages import tr, trn
from .rule_config import DEFAULT_RULES, SEVERITIES, RuleConfig, RuleDefinition, register_rule
from .rule_context import INACTIVE, RuleContext
from .validation import format_date

__all__ = [
    "DEFAULT_RULES",
    "SEVERITIES",
    "DelegationFacts",
    "DisciplinePeriod",
    "Finding",
    "MemberFacts",
    "PlanStanding",
    "RuleConfig",
    "RuleDefinition",
    "blocks_submission",
    "discipline_until",
    "evaluate_delegation",
    "filed_late",
    "off_plan",
    "report_due",
    "TripTests",
    "register_rule",
    "request_deadline",
]

_DAY = timedelta(days=1)


# ---------------------------------------------------------------- public helpers


def request_deadline(
    facts: DelegationFacts, config: RuleConfig, calendar: WorkingCalendar
) -> date | None:
    """Return the last day to submit the request (R1 outbound, R2 inbound).

    None when the trip has no start date or the rule is switched off.
    """
    return TripTests(config, calendar).deadline(facts.direction, facts.start_date)


class TripTests:
    """R1/R2's last day and R7's and R8's tests, with the rule settings read once: what the rules below
    ask of one delegation, and the yearly report of thousands (it needs no message, only the answer)."""

    def __init__(self, config: RuleConfig, calendar: WorkingCalendar | None = None, today: date | None = None):
        self.calendar, self.today = calendar, today
        self._lead = {code: int(config.param(code, "lead_working_days")) if config.is_enabled(code) else None
                      for code in ("R1", "R2")}
        self._r7_directions = tuple(config.param("R7", "directions")) if config.is_enabled("R7") else ()
        self._r8_days = int(config.param("R8", "report_due_days")) if config.is_enabled("R8") else None
        self._deadlines: dict[tuple[str, date], date | None] = {}  # trips leaving on one day share it

    def deadline(self, direction: str, start: date | None) -> date | None:
        """R1/R2: the last day to submit a request leaving (arriving) on `start`; None without a start
        date or with the rule off."""
        if start is None:
            return None
        key = (direction, start)
        if key not in self._deadlines:
            lead = self._lead["R1" if direction == "outbound" else "R2"]
            self._deadlines[key] = None if lead is None else self.calendar.subtract_working_days(start, lead)
        return self._deadlines[key]

    def off_plan(self, direction: str, status: str, in_plan: bool) -> bool:
        """R7: an active request of a direction R7 watches that no planned activity of its unit's plan for
        its year links."""
        return status not in INACTIVE and not in_plan and direction in self._r7_directions

    def report_due(self, direction: str, status: str, end: date | None, received: date | None) -> date | None:
        """R8: the day the post-trip report of a returned outbound trip is due, while none is received
        (None when none is awaited)."""
        if (self._r8_days is None or direction != "outbound" or status not in ("approved", "completed")
                or end is None or end >= self.today or received is not None):
            return None
        return end + timedelta(days=self._r8_days)


def blocks_submission(findings: Iterable[Finding]) -> bool:
    """Return True when any finding is blocking (the request must not be submitted)."""
    return any(f.severity == "blocking" for f in findings)


def evaluate_delegation(
    facts: DelegationFacts, config: RuleConfig, calendar: WorkingCalendar, today: date,
    only: tuple[str, ...] | None = None,
) -> list[Finding]:
    """Run every enabled rule (or the enabled ones of `only`) on a delegation; findings in rule order."""
    context = RuleContext(facts, config, calendar, today)
    findings: list[Finding] = []
    for code in only or _CHECKS:
        if code in DEFAULT_RULES and config.is_enabled(code):
            findings.extend(_CHECKS[code](context))
    return findings


# ---------------------------------------------------------------- evaluation


def _lead_rule(facts: DelegationFacts) -> str:
    """R1 for outbound requests, R2 for inbound ones."""
    return "R1" if facts.direction == "outbound" else "R2"


def _check_lead_time(ctx: RuleContext, code: str) -> list[Finding]:
    """R1/R2: the request must reach the province `lead_working_days` before the start."""
    facts = ctx.facts
    if _lead_rule(facts) != code or not ctx.active or facts.start_date is None:
        return []
    deadline = request_deadline(facts, ctx.config, ctx.calendar)
    lead = int(ctx.config.param(code, "lead_working_days"))
    # TRANSLATORS: the lead-time rule, shown as {rule} inside the R1/R2 messages below.
    rule_text = trn(
        "{lead} ngày làm việc trước ngày {start}", "{lead} ngày làm việc trước ngày {start}", lead
    ).format(lead=lead, start=format_date(facts.start_date))
    # A request sent back to draft is pending again, so its old submission date no longer counts.
    if facts.status == "draft":
        return _draft_lead_time(ctx, code, deadline, rule_text)
    if filed_late(facts.status, facts.submitted_on, deadline):
        message = tr(
            "{delegation}: hồ sơ xin phép nộp muộn — nộp ngày {submitted}, hạn chót {deadline} "
            "({rule})."
        ).format(
            delegation=ctx.label,
            submitted=format_date(facts.submitted_on),
            deadline=format_date(deadline),
            rule=rule_text,
        )
        return [ctx.finding(code, "warning", message, due_date=deadline, field="submitted_on")]
    return []


def _draft_lead_time(ctx: RuleContext, code: str, deadline: date, rule_text: str) -> list[Finding]:
    """R1/R2 for a request not yet submitted: late already, or a reminder as the deadline nears."""
    if ctx.today > deadline:
        message = tr(
            "{delegation}: đã quá hạn nộp hồ sơ xin phép ({deadline}, {rule}); "
            "hồ sơ nộp bây giờ là nộp muộn."
        ).format(delegation=ctx.label, deadline=format_date(deadline), rule=rule_text)
        return [ctx.finding(code, "warning", message, due_date=deadline, field="start_date")]
    # Days left after today up to the deadline itself: 0 on the deadline day.
    left = ctx.calendar.working_days_between(ctx.today + _DAY, deadline + _DAY)
    if left > int(ctx.config.param(code, "notice_working_days")):
        return []
    if left == 0:
        template = tr(
            "{delegation}: hôm nay là hạn chót để nộp hồ sơ xin phép (hạn chót {deadline}, {rule})."
        )
    else:
        template = trn(
            "{delegation}: còn {left} ngày làm việc để nộp hồ sơ xin phép "
            "(hạn chót {deadline}, {rule}).",
            "{delegation}: còn {left} ngày làm việc để nộp hồ sơ xin phép "
            "(hạn chót {deadline}, {rule}).",
            left,
        )
    message = template.format(
        delegation=ctx.label, left=left, deadline=format_date(deadline), rule=rule_text
    )
    return [ctx.finding(code, "reminder", message, due_date=deadline, field="start_date")]


def off_plan(facts: DelegationFacts, config: RuleConfig) -> bool:
    """R7's test of one delegation (its message is the check's below)."""
    plan = facts.plan
    in_plan = plan.in_plan if plan is not None else facts.in_annual_plan
    return TripTests(config).off_plan(facts.direction, facts.status, in_plan)


def report_due(facts: DelegationFacts, config: RuleConfig, today: date) -> date | None:
    """R8's test of one delegation: the day its post-trip report is due, while one is awaited."""
    return TripTests(config, today=today).report_due(facts.direction, facts.status, facts.end_date,
                                                     facts.report_received_on)


def _check_annual_plan(ctx: RuleContext) -> list[Finding]:
    """R7: a delegation that no planned activity of its unit's plan for its year links is
    "ngoài kế hoạch"; the message names that plan or says the year has none."""
    plan = ctx.facts.plan
    if not off_plan(ctx.facts, ctx.config):
        return []
    if plan is None:
        return [_plan_finding(ctx, _bare_plan_message(ctx))]
    return [_plan_finding(ctx, _plan_message(ctx, plan))]


def _plan_finding(ctx: RuleContext, message: str) -> Finding:
    return ctx.finding("R7", "warning", message, field="in_annual_plan")


def _bare_plan_message(ctx: RuleContext) -> str:
    """R7 when the facts carry no plan standing (facts built by hand)."""
    if ctx.facts.start_date is None:
        template = tr(
            "{delegation} ngoài kế hoạch: không có trong kế hoạch đối ngoại hằng năm đã được duyệt."
        )
    else:
        template = tr(
            "{delegation} ngoài kế hoạch: không có trong kế hoạch đối ngoại năm {year} "
            "đã được duyệt."
        )
    year = ctx.facts.start_date.year if ctx.facts.start_date else ""
    return template.format(delegation=ctx.label, year=year)


def _plan_message(ctx: RuleContext, plan: PlanStanding) -> str:
    """R7's message naming the unit's plan for the year, the other year's plan, or none."""
    values = {"delegation": ctx.label, "year": plan.year or "", "plan": plan.plan_title or "",
              "activity": plan.activity_title or "", "other": plan.activity_year or ""}
    if plan.year is None:
        return tr("{delegation} ngoài kế hoạch: chưa có ngày bắt đầu để đối chiếu với kế hoạch "
                  "đối ngoại hằng năm.").format(**values)
    if plan.activity_title is not None and plan.activity_year != plan.year:
        return tr("{delegation} ngoài kế hoạch năm {year}: đoàn đang gắn với hoạt động “{activity}” "
                  "của kế hoạch năm {other}.").format(**values)
    if plan.plan_title is None:
        message = tr("{delegation} ngoài kế hoạch: đơn vị chưa có kế hoạch đối ngoại năm {year} "
                     "(lập ở trang «Kế hoạch năm»).").format(**values)
    else:
        message = tr("{delegation} ngoài kế hoạch: không có hoạt động nào của “{plan}” gắn với "
                     "đoàn này.").format(**values)
    if plan.flagged:
        message += " " + tr("Đoàn được đánh dấu «trong kế hoạch» nhưng chưa gắn với hoạt động nào "
                            "của kế hoạch năm: hãy chọn hoạt động ở mục «Kế hoạch năm» của đoàn.")
    return message


def _check_report(ctx: RuleContext) -> list[Finding]:
    """R8: the post-trip report is due `report_due_days` calendar days after return."""
    facts = ctx.facts
    due = report_due(facts, ctx.config, ctx.today)
    if due is None:
        return []
    values = {"delegation": ctx.label, "returned": format_date(facts.end_date)}
    if ctx.today <= due:
        message = tr(
            "{delegation} về ngày {returned}: chưa nhận báo cáo kết quả chuyến công tác, "
            "hạn nộp {due}."
        ).format(due=format_date(due), **values)
        return [ctx.finding("R8", "reminder", message, due_date=due, field="report_received_on")]
    late = (ctx.today - due).days
    message = trn(
        "{delegation} về ngày {returned}: chưa nhận báo cáo kết quả chuyến công tác, "
        "đã quá hạn {late} ngày (hạn nộp {due}).",
        "{delegation} về ngày {returned}: chưa nhận báo cáo kết quả chuyến công tác, "
        "đã quá hạn {late} ngày (hạn nộp {due}).",
        late,
    ).format(late=late, due=format_date(due), **values)
    return [ctx.finding("R8", "overdue", message, due_date=due, field="report_received_on")]


# Rule code → check; a new rule registers its definition in rule_config.py and adds a line here.
_CHECKS: dict[str, Callable[[RuleContext], list[Finding]]] = {
    "R1": lambda ctx: _check_lead_time(ctx, "R1"),
    "R2": lambda ctx: _check_lead_time(ctx, "R2"),
    "R4": check_discipline,
    "R5": check_trip_count,
    "R6": check_key_leaders,
    "R7": _check_annual_plan,
    "R8": _check_report,
    "R9": check_passports,
}

# The other registers' rules register themselves on import; importing them here makes
# DEFAULT_RULES complete (Settings, stored settings) wherever the rules are used.
from . import (  # noqa: E402,F401
    aid_rules,
    conference_rules,
    dossier,
    inspection_rules,
    ngo_rules,
    plan_rules,
    promotion_rules,
    unit_rules,
)

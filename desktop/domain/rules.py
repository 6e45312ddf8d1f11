"""Compliance rules on delegations (DOMAIN.md, R1–R9): what is late, blocked, due or missing.

Evaluation is pure: the service gathers the facts of a delegation and its members,
this module returns findings. Every number comes from a `RuleConfig`; none is
hard-coded here. The registry and settings live in rule_config.py and are
re-exported, so `from desktop.domain.rules import RuleConfig` works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .calendar import WorkingCalendar, add_months
from .messages import tr, trn
from .rule_config import DEFAULT_RULES, SEVERITIES, RuleConfig, RuleDefinition, register_rule
from .validation import enum_label, format_date

__all__ = [
    "DEFAULT_RULES",
    "SEVERITIES",
    "DelegationFacts",
    "DisciplinePeriod",
    "Finding",
    "MemberFacts",
    "RuleConfig",
    "RuleDefinition",
    "blocks_submission",
    "discipline_until",
    "evaluate_delegation",
    "register_rule",
    "request_deadline",
]


@dataclass(frozen=True)
class Finding:
    """One rule result about one record, ready for the dashboard and the editor."""

    rule: str
    severity: str
    entity: str
    record_id: str
    message: str
    source: str
    due_date: date | None = None
    field: str | None = None
    person_id: str | None = None


@dataclass(frozen=True)
class DisciplinePeriod:
    """A disciplinary penalty (or an open consideration) as rule R4 needs it."""

    form: str
    effective_from: date
    effective_until: date | None
    decision_number: str | None = None


@dataclass(frozen=True)
class MemberFacts:
    """What the rules need to know about one delegation member."""

    member_id: str | None
    person_id: str | None
    name: str
    role: str
    unit_code: str | None = None
    is_key_leader: bool = False
    passport_number: str | None = None
    passport_expiry: date | None = None
    discipline: tuple[DisciplinePeriod, ...] = ()
    other_trips_same_year: int = 0


@dataclass(frozen=True)
class DelegationFacts:
    """What the rules need to know about one delegation and its members."""

    id: str
    direction: str
    kind: str
    title: str
    start_date: date | None
    end_date: date | None
    status: str
    submitted_on: date | None = None
    in_annual_plan: bool = False
    report_received_on: date | None = None
    override_reason: str | None = None
    members: tuple[MemberFacts, ...] = ()


_INACTIVE = ("cancelled", "rejected")
_OPEN_ENDED_FORMS = ("removal", "under_consideration")
_DAY = timedelta(days=1)


# ---------------------------------------------------------------- public helpers


def discipline_until(period: DisciplinePeriod, config: RuleConfig) -> date | None:
    """Return the last day (inclusive) a penalty is in force; None when open-ended.

    Without an explicit end, a penalty of N months starting 01/03/2025 ends on
    28/02/2026 (N calendar months, the last day included). Removal, consideration
    and any form without a configured length stay open-ended: blocking is the safe side.
    """
    if period.effective_until is not None:
        return period.effective_until
    if period.form in _OPEN_ENDED_FORMS:
        return None
    key = f"months_{period.form}"
    if key not in DEFAULT_RULES["R4"].params:
        return None
    months = int(config.param("R4", key))
    return add_months(period.effective_from, months) - timedelta(days=1)


def request_deadline(
    facts: DelegationFacts, config: RuleConfig, calendar: WorkingCalendar
) -> date | None:
    """Return the last day to submit the request (R1 outbound, R2 inbound).

    None when the trip has no start date or the rule is switched off.
    """
    code = _lead_rule(facts)
    if facts.start_date is None or not config.is_enabled(code):
        return None
    lead = int(config.param(code, "lead_working_days"))
    return calendar.subtract_working_days(facts.start_date, lead)


def blocks_submission(findings: Iterable[Finding]) -> bool:
    """Return True when any finding is blocking (the request must not be submitted)."""
    return any(f.severity == "blocking" for f in findings)


def evaluate_delegation(
    facts: DelegationFacts, config: RuleConfig, calendar: WorkingCalendar, today: date
) -> list[Finding]:
    """Run every enabled rule on a delegation and return its findings, in rule order."""
    context = _Context(facts, config, calendar, today)
    findings: list[Finding] = []
    for code, check in _CHECKS.items():
        if code in DEFAULT_RULES and config.is_enabled(code):
            findings.extend(check(context))
    return findings


# ---------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class _Context:
    """Everything a rule check reads, passed as one value."""

    facts: DelegationFacts
    config: RuleConfig
    calendar: WorkingCalendar
    today: date

    @property
    def active(self) -> bool:
        """False for cancelled or rejected requests, which no rule concerns."""
        return self.facts.status not in _INACTIVE

    @property
    def outbound_active(self) -> bool:
        """True for an outbound request still going ahead."""
        return self.active and self.facts.direction == "outbound"

    @property
    def trip(self) -> tuple[date, date] | None:
        """First and last day of the trip (a one-day trip when the end is missing)."""
        start, end = self.facts.start_date, self.facts.end_date
        if start is None:
            return None
        return start, end or start

    @property
    def label(self) -> str:
        """How messages name the delegation at the start of a sentence."""
        return tr("Đoàn “{title}”").format(title=self.facts.title)

    @property
    def inline_label(self) -> str:
        """How messages name the delegation inside a sentence."""
        return tr("đoàn “{title}”").format(title=self.facts.title)

    def finding(self, code: str, severity: str, message: str, **extra: Any) -> Finding:
        """A finding about the delegation itself, with the configured source."""
        return Finding(
            code, severity, "delegation", self.facts.id, message, self.source(code), **extra
        )

    def source(self, code: str) -> str:
        """The rule's legal source; the default citation is translated, a user's own text is kept."""
        return tr(self.config.source(code))

    def member_finding(
        self, code: str, severity: str, member: MemberFacts, message: str, **extra: Any
    ) -> Finding:
        """A finding about one member; an unsaved member is reported on the delegation."""
        entity, record = (
            ("delegation_member", member.member_id)
            if member.member_id
            else ("delegation", self.facts.id)
        )
        return Finding(
            code,
            severity,
            entity,
            record,
            message,
            self.source(code),
            field="members",
            person_id=member.person_id,
            **extra,
        )


def _lead_rule(facts: DelegationFacts) -> str:
    """R1 for outbound requests, R2 for inbound ones."""
    return "R1" if facts.direction == "outbound" else "R2"


def _check_lead_time(ctx: _Context, code: str) -> list[Finding]:
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
    if facts.submitted_on is not None and facts.submitted_on > deadline:
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


def _draft_lead_time(ctx: _Context, code: str, deadline: date, rule_text: str) -> list[Finding]:
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


def _check_discipline(ctx: _Context) -> list[Finding]:
    """R4: no member may be under a penalty or under consideration on any day of the trip."""
    if not ctx.outbound_active or ctx.trip is None:
        return []
    findings = []
    for member in ctx.facts.members:
        period = _overlapping_period(member, ctx.trip, ctx.config)
        if period is not None:
            findings.append(_discipline_finding(ctx, member, period))
    return findings


def _overlapping_period(
    member: MemberFacts, trip: tuple[date, date], config: RuleConfig
) -> DisciplinePeriod | None:
    """The earliest penalty of `member` in force on some day of `trip`, if any."""
    start, end = trip
    for period in sorted(member.discipline, key=lambda p: p.effective_from):
        until = discipline_until(period, config)
        if period.effective_from <= end and (until is None or until >= start):
            return period
    return None


def _discipline_finding(ctx: _Context, member: MemberFacts, period: DisciplinePeriod) -> Finding:
    """Blocking finding for R4, or a warning carrying the recorded override reason."""
    until = discipline_until(period, ctx.config)
    start, end = ctx.trip
    # TRANSLATORS: {penalty} is “đang chịu kỷ luật …” or “đang bị xem xét kỷ luật”,
    # maybe followed by “, quyết định số …”; {period} is “từ … đến …”.
    message = tr(
        "{name} {penalty} ({period}), trùng thời gian chuyến đi {start}–{end} của {delegation}: "
        "không được cử đi nước ngoài."
    ).format(
        name=member.name,
        penalty=_discipline_phrase(period),
        period=_penalty_period(period.effective_from, until),
        start=format_date(start),
        end=format_date(end),
        delegation=ctx.inline_label,
    )
    reason = (ctx.facts.override_reason or "").strip()
    if not reason:
        return ctx.member_finding("R4", "blocking", member, message, due_date=until)
    message += " " + tr("Đã cho phép vượt quy định, lý do: “{reason}”.").format(reason=reason)
    return ctx.member_finding("R4", "warning", member, message, due_date=until)


def _discipline_phrase(period: DisciplinePeriod) -> str:
    """Verb phrase for a member's disciplinary state, with the decision number when known."""
    if period.form == "under_consideration":
        phrase = tr("đang bị xem xét kỷ luật")
    else:
        form = enum_label("discipline_form", period.form).lower()
        # TRANSLATORS: {form} is a discipline form label in lower case, e.g. “khiển trách”.
        phrase = tr("đang chịu kỷ luật {form}").format(form=form)
    if not period.decision_number:
        return phrase
    decision = tr("quyết định số {number}").format(number=period.decision_number)
    return f"{phrase}, {decision}"


def _penalty_period(start: date, until: date | None) -> str:
    """'từ 01/03/2025 đến 28/02/2026', or an open-ended period."""
    if until is None:
        return tr("từ {start}, chưa có ngày kết thúc").format(start=format_date(start))
    return tr("từ {start} đến {until}").format(start=format_date(start), until=format_date(until))


def _check_trip_count(ctx: _Context) -> list[Finding]:
    """R5: at most `max_trips_per_year` official trips abroad per person per calendar year."""
    if not ctx.outbound_active:
        return []
    limit = int(ctx.config.param("R5", "max_trips_per_year"))
    findings = []
    for member in ctx.facts.members:
        trips = member.other_trips_same_year + 1
        if trips > limit:
            message = _trip_count_message(member.name, trips, limit, ctx.facts.start_date)
            findings.append(ctx.member_finding("R5", "warning", member, message))
    return findings


def _trip_count_message(name: str, trips: int, limit: int, start: date | None) -> str:
    """R5 message: the member's trip count in the trip's year, against the yearly limit."""
    if start is None:
        template = trn(
            "{name} có {trips} chuyến công tác nước ngoài trong năm, tính cả chuyến này",
            "{name} có {trips} chuyến công tác nước ngoài trong năm, tính cả chuyến này",
            trips,
        )
    else:
        template = trn(
            "{name} có {trips} chuyến công tác nước ngoài trong năm {year}, tính cả chuyến này",
            "{name} có {trips} chuyến công tác nước ngoài trong năm {year}, tính cả chuyến này",
            trips,
        )
    # TRANSLATORS: shown in brackets after the trip count: “… (tối đa 2 chuyến mỗi năm).”
    limit_text = trn(
        "tối đa {limit} chuyến mỗi năm", "tối đa {limit} chuyến mỗi năm", limit
    ).format(limit=limit)
    year = start.year if start else ""
    return f"{template.format(name=name, trips=trips, year=year)} ({limit_text})."


def _check_key_leaders(ctx: _Context) -> list[Finding]:
    """R6: key leaders of one unit should not travel in the same delegation."""
    if not ctx.outbound_active:
        return []
    limit = int(ctx.config.param("R6", "max_key_leaders_per_unit"))
    by_unit: dict[str, list[str]] = {}
    for member in ctx.facts.members:
        if member.is_key_leader and member.unit_code:
            by_unit.setdefault(member.unit_code, []).append(member.name)
    findings = []
    for unit, names in by_unit.items():
        if len(names) > limit:
            message = trn(
                "{delegation} có {count} lãnh đạo chủ chốt của cùng đơn vị {unit}: {names}.",
                "{delegation} có {count} lãnh đạo chủ chốt của cùng đơn vị {unit}: {names}.",
                len(names),
            ).format(delegation=ctx.label, count=len(names), unit=unit, names=", ".join(names))
            findings.append(ctx.finding("R6", "warning", message, field="members"))
    return findings


def _check_annual_plan(ctx: _Context) -> list[Finding]:
    """R7: a delegation outside the approved annual plan is flagged "ngoài kế hoạch"."""
    directions = ctx.config.param("R7", "directions")
    if not ctx.active or ctx.facts.in_annual_plan or ctx.facts.direction not in directions:
        return []
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
    message = template.format(delegation=ctx.label, year=year)
    return [ctx.finding("R7", "warning", message, field="in_annual_plan")]


def _check_report(ctx: _Context) -> list[Finding]:
    """R8: the post-trip report is due `report_due_days` calendar days after return."""
    facts = ctx.facts
    if (
        facts.direction != "outbound"
        or facts.status not in ("approved", "completed")
        or facts.end_date is None
        or facts.end_date >= ctx.today
        or facts.report_received_on is not None
    ):
        return []
    due = facts.end_date + timedelta(days=int(ctx.config.param("R8", "report_due_days")))
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


def _check_passports(ctx: _Context) -> list[Finding]:
    """R9: every travelling officer needs a passport valid for N months after return."""
    # After the trip, passport validity no longer matters.
    if not ctx.outbound_active or ctx.facts.status == "completed":
        return []
    findings = []
    for member in ctx.facts.members:
        if member.person_id is not None:
            findings.extend(_passport_finding(ctx, member))
    return findings


def _passport_finding(ctx: _Context, member: MemberFacts) -> list[Finding]:
    """R9 for one member: passport missing, or expiring too soon after return."""
    if not member.passport_number or member.passport_expiry is None:
        if not member.passport_number:
            template = tr("{name} chưa có hộ chiếu để đi cùng {delegation}.")
        else:
            template = tr(
                "{name} chưa nhập ngày hết hạn của hộ chiếu {passport} để đi cùng {delegation}."
            )
        message = template.format(
            name=member.name, passport=member.passport_number, delegation=ctx.inline_label
        )
        return [ctx.member_finding("R9", "warning", member, message)]
    if ctx.trip is None:
        return []
    months = int(ctx.config.param("R9", "valid_months_after_return"))
    needed = add_months(ctx.trip[1], months)
    if member.passport_expiry >= needed:
        return []
    message = trn(
        "Hộ chiếu {passport} của {name} hết hạn ngày {expiry}, chưa đủ {months} tháng sau ngày về "
        "{returned} (cần còn hạn đến {needed}).",
        "Hộ chiếu {passport} của {name} hết hạn ngày {expiry}, chưa đủ {months} tháng sau ngày về "
        "{returned} (cần còn hạn đến {needed}).",
        months,
    ).format(
        passport=member.passport_number,
        name=member.name,
        expiry=format_date(member.passport_expiry),
        months=months,
        returned=format_date(ctx.trip[1]),
        needed=format_date(needed),
    )
    return [ctx.member_finding("R9", "warning", member, message, due_date=member.passport_expiry)]


# Rule code → check; a new rule registers its definition in rule_config.py and adds a line here.
_CHECKS: dict[str, Callable[[_Context], list[Finding]]] = {
    "R1": lambda ctx: _check_lead_time(ctx, "R1"),
    "R2": lambda ctx: _check_lead_time(ctx, "R2"),
    "R4": _check_discipline,
    "R5": _check_trip_count,
    "R6": _check_key_leaders,
    "R7": _check_annual_plan,
    "R8": _check_report,
    "R9": _check_passports,
}

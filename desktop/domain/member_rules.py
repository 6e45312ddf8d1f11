"""Rules about the people in an outbound delegation: discipline (R4), trips per year (R5),
key leaders together (R6) and passports (R9)."""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import add_months
from .facts import DisciplinePeriod, Finding, MemberFacts
from .messages import tr, trn
from .rule_config import DEFAULT_RULES, RuleConfig
from .rule_context import RuleContext
from .validation import enum_label, format_date

_OPEN_ENDED_FORMS = ("removal", "under_consideration")


_DAY = timedelta(days=1)


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


def check_discipline(ctx: RuleContext) -> list[Finding]:
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


def _discipline_finding(ctx: RuleContext, member: MemberFacts, period: DisciplinePeriod) -> Finding:
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


def check_trip_count(ctx: RuleContext) -> list[Finding]:
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


def check_key_leaders(ctx: RuleContext) -> list[Finding]:
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


def check_passports(ctx: RuleContext) -> list[Finding]:
    """R9: every travelling officer needs a passport valid for N months after return."""
    # After the trip, passport validity no longer matters.
    if not ctx.outbound_active or ctx.facts.status == "completed":
        return []
    findings = []
    for member in ctx.facts.members:
        if member.person_id is not None:
            findings.extend(_passport_finding(ctx, member))
    return findings


def _passport_finding(ctx: RuleContext, member: MemberFacts) -> list[Finding]:
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

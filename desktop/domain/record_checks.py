"""The editor's checks of every register, by entity name: one function for a record wherever it comes from.

The services call each register's `validate_*` when an officer saves or imports a spreadsheet; the
bundle importer calls `check_record` on every record a bundle carries (SYNC.md step 3), so a bundle
can hold nothing an editor would refuse (an end before its start, "submitted" without a submission
date, a date outside the registers' range …). `data` holds typed values (dates, ints, lists) with
blank text as None, as the editors hand them over.

`today` is the sender's day for the checks that look at the clock ("not in the future"), so a
record saved on an office PC is judged as its editor judged it there. Checks that need another
record (a disbursement against its project's approval date, a planned activity against its plan's
year) are the services' business; a member's direction is given by the caller, who knows its
delegation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from . import (
    agreement_rules,
    aid_rules,
    budget_rules,
    conference_rules,
    inspection_rules,
    ngo_rules,
    overseas_rules,
    plan_rules,
    promotion_rules,
)
from .rule_config import RuleConfig
from .validation import (
    FieldError,
    validate_delegation,
    validate_discipline,
    validate_member,
    validate_person,
    validate_training,
)

Check = Callable[[Mapping[str, Any], date, RuleConfig], list[FieldError]]

_CHECKS: dict[str, Check] = {
    "person": lambda d, today, _c: validate_person(d, today),
    "discipline_record": lambda d, today, _c: validate_discipline(d, today),
    "training_record": lambda d, _t, _c: validate_training(d),
    "delegation": lambda d, _t, _c: validate_delegation(d),
    "conference": lambda d, _t, _c: conference_rules.validate_conference(d),
    "foreign_ngo": lambda d, _t, _c: ngo_rules.validate_ngo(d),
    "ngo_certificate": lambda d, _t, config: ngo_rules.validate_certificate(d, config),
    "ngo_contact": lambda d, _t, _c: ngo_rules.validate_contact(d),
    "ngo_report": lambda d, today, _c: ngo_rules.validate_report(d, today),
    "promotion_activity": lambda d, _t, _c: promotion_rules.validate_activity(d),
    "follow_up_action": lambda d, today, _c: promotion_rules.validate_follow_up(d, today),
    "aid_project": lambda d, today, _c: aid_rules.validate_project(d, today),
    "aid_disbursement": lambda d, today, _c: aid_rules.validate_disbursement(d, None, today),
    "overseas_contact": lambda d, _t, _c: overseas_rules.validate_contact(d),
    "overseas_activity": lambda d, _t, _c: overseas_rules.validate_activity(d),
    "annual_plan": lambda d, _t, _c: plan_rules.validate_plan(d),
    "planned_activity": lambda d, _t, _c: plan_rules.validate_planned(d),
    "inspection": lambda d, _t, _c: inspection_rules.validate_inspection(d),
    "inspection_recommendation": lambda d, today, _c: inspection_rules.validate_recommendation(d, today),
    "reminder": lambda d, today, _c: inspection_rules.validate_reminder(d, today),
    "international_agreement": lambda d, today, _c: agreement_rules.validate_agreement(d, today),
    "fa_budget": lambda d, _t, _c: budget_rules.validate_budget(d),
    "budget_addition": lambda d, _t, _c: budget_rules.validate_addition(d),
    "actual_cost": lambda d, _t, _c: budget_rules.validate_actual_cost(d),
}

DIRECTIONS = ("outbound", "inbound")


def check_record(entity: str, data: Mapping[str, Any], today: date, config: RuleConfig | None = None) -> list[FieldError]:
    """What the register's editor would refuse in `data`; [] for a record it would save (and for an
    entity without checks of its own: units, outgoing documents and dossier marks are written by the
    program itself)."""
    check = _CHECKS.get(entity)
    if check is None:
        return []
    return check(data, today, config or RuleConfig.defaults())


def check_member(data: Mapping[str, Any], direction: str) -> list[FieldError]:
    """A delegation member as its delegation's direction wants it (an officer out, a guest in)."""
    return validate_member(data, direction)


def checked_entities() -> frozenset[str]:
    """The entities `check_record` has checks for (a test keeps every register covered)."""
    return frozenset(_CHECKS)


__all__ = ["check_record", "check_member", "checked_entities", "DIRECTIONS"]

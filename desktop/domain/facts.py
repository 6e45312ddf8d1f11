"""The plain facts the rules read and the findings they return.

Services build these from stored records (or from an editor's unsaved content);
the rules in rules.py never see a database row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
class PlanStanding:
    """Where a record stands against its unit's annual foreign-affairs plan (rule R7).

    A record is in the plan when a planned activity of its own unit's plan for the
    record's year links to it; the stored `in_annual_plan` flag only follows that link.
    """

    year: int | None
    plan_title: str | None = None  # the unit's plan for `year`; None when none is recorded
    plan_issued: bool = False
    activity_title: str | None = None  # the planned activity that links this record
    activity_year: int | None = None  # the year of that activity's plan
    activity_same_unit: bool = True
    flagged: bool = False  # the stored in_annual_plan flag (ticked by hand or imported)

    @property
    def in_plan(self) -> bool:
        """True when a planned activity of the unit's plan for the record's year links it."""
        return (self.activity_title is not None and self.year is not None
                and self.activity_year == self.year and self.activity_same_unit)


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
    # in the plan: derived from `plan` (the link) when given; services never pass the bare flag
    in_annual_plan: bool = False
    report_received_on: date | None = None
    override_reason: str | None = None
    members: tuple[MemberFacts, ...] = ()
    plan: PlanStanding | None = None


def filed_late(status: str, submitted_on: date | None, deadline: date | None) -> bool:
    """A request sent (no longer a draft) after its last day: R1, R2 and R3 in the yearly report."""
    return (status != "draft" and submitted_on is not None and deadline is not None
            and submitted_on > deadline)

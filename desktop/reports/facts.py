"""The plain rows a yearly report counts, one dataclass per register.

The report service loads them for a year and a scope (deleted records never reach
here) and decides, through the domain's rules, the facts that need a rule ("filed
late", "off the plan"); `figures.py` only counts. Every row keeps its `unit_code`:
the unit where the record stands at the report's cut-off, which is where it counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class TripRow:
    """A delegation (outbound or inbound) departing or arriving in the year, not cancelled or refused."""

    id: str
    unit_code: str
    direction: str
    kind: str
    start_date: date
    countries: tuple[str, ...] = ()
    cost_vnd: int = 0
    guests: int = 0  # inbound: the foreign guests listed
    late: bool = False  # filed after R1/R2's last day
    off_plan: bool = False  # R7: no planned activity of the unit's plan links it
    override: str | None = None  # R4 overridden: the reason recorded
    report_overdue: bool = False  # R8


@dataclass(frozen=True)
class ConferenceRow:
    id: str
    unit_code: str
    start_date: date
    pm_level: bool  # needs the Prime Minister's permission (Decision 06/2020)
    late: bool  # filed after R3's last day


@dataclass(frozen=True)
class NgoRow:
    """A foreign NGO with a certificate valid on some day of the NGO reporting year."""

    id: str
    unit_code: str


@dataclass(frozen=True)
class Dated:
    """A record counted once, on a date (an NGO report received, a certificate expired, a training)."""

    id: str
    unit_code: str
    on: date | None = None
    key: str = ""  # what it is counted by (a person id for training)


@dataclass(frozen=True)
class AidRow:
    """A project approved in the year (for the lapsed count: approved up to the year's end)."""

    id: str
    unit_code: str
    approved_in_year: bool
    value_vnd: int = 0
    sector: str = ""
    donor: str = ""
    lapsed: bool = False  # R13: status "lapsed", or not started when approval ran out


@dataclass(frozen=True)
class Amount:
    """A sum of đồng from one record (a disbursement dated in the year, a donation)."""

    id: str
    unit_code: str
    vnd: int


@dataclass(frozen=True)
class PromotionRow:
    id: str
    unit_code: str
    kind: str
    mous: int = 0


@dataclass(frozen=True)
class FollowUpRow:
    """A follow-up action due in the year (or, with no due date, of an activity of the year)."""

    id: str
    unit_code: str
    done: bool  # done by the cut-off
    overdue: bool  # still open after its due date at the cut-off (R14)


@dataclass(frozen=True)
class Counted:
    """A record counted under a key: a contact by country, an activity by kind."""

    id: str
    unit_code: str
    key: str


@dataclass(frozen=True)
class PlanRow:
    """A unit's annual plan for the year and its planned activities."""

    id: str
    unit_code: str
    issued_on: date | None  # the approval date once issued ("Đã ban hành")
    activities: tuple[str, ...] = ()
    done: tuple[str, ...] = ()  # carried out: marked done, or linked to the record that did it
    budget_vnd: int = 0
    cost_actual_vnd: int = 0  # the linked records' costs


@dataclass(frozen=True)
class UnitRow:
    """A district- or commune-level unit in service during the year."""

    code: str
    name: str
    has_officer: bool
    has_plan: bool


@dataclass(frozen=True)
class Spent:
    """What one activity of the year cost (a delegation's or a conference's actual cost, a promotion's cost)."""

    id: str
    unit_code: str
    vnd: int
    entity: str


@dataclass(frozen=True)
class AgreementRow:
    """An agreement with a foreign locality or organisation, active in the year or signed in it."""

    id: str
    unit_code: str
    country: str
    active: bool
    signed: bool


@dataclass(frozen=True)
class YearFacts:
    """Everything a report for one year and one scope counts."""

    year: int
    scope: tuple[str, ...]  # the unit codes covered, the scope's own unit first
    cutoff: date  # 31/12 of the year, or today while the year runs
    trips: tuple[TripRow, ...] = ()
    travellers: tuple[Dated, ...] = ()  # each officer on the year's outbound trips of a unit, once (id: the person)
    conferences: tuple[ConferenceRow, ...] = ()
    ngos_active: tuple[NgoRow, ...] = ()
    ngo_reports: tuple[Dated, ...] = ()
    certificates_expired: tuple[Dated, ...] = ()
    aid: tuple[AidRow, ...] = ()
    disbursements: tuple[Amount, ...] = ()
    promotions: tuple[PromotionRow, ...] = ()
    follow_ups: tuple[FollowUpRow, ...] = ()
    agreements: tuple[AgreementRow, ...] = ()
    budgets: tuple[Amount, ...] = ()  # each unit's allocated estimate of the year (id: the budget)
    budget_additions: tuple[Amount, ...] = ()
    spending: tuple[Spent, ...] = ()
    overseas_contacts: tuple[Counted, ...] = ()
    overseas_activities: tuple[Counted, ...] = ()
    donations: tuple[Amount, ...] = ()
    protection_open: tuple[Dated, ...] = ()
    protection_closed: tuple[Dated, ...] = ()
    plans: tuple[PlanRow, ...] = ()
    units: tuple[UnitRow, ...] = ()
    trainings: tuple[Dated, ...] = ()
    unit_names: dict[str, str] = field(default_factory=dict)

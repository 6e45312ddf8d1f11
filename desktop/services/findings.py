"""Rule findings over stored records: builds the domain's facts in bulk, runs the rules.

Facts are loaded a batch at a time (members, persons, discipline, trips per
person and year) so that `doingoai findings` over 50,000 delegations does a
handful of queries per batch rather than several per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.domain.calendar import WorkingCalendar
from desktop.domain.rules import (
    DelegationFacts,
    DisciplinePeriod,
    Finding,
    MemberFacts,
    PlanStanding,
    RuleConfig,
    evaluate_delegation,
)
from desktop.models import Delegation, DelegationMember, DisciplineRecord, Person
from desktop.services.context import ServiceContext
from desktop.services.plan_links import draft_standing, standings
from desktop.services.rules import RuleService

BATCH = 2000
COUNTED_STATUSES = ("draft", "submitted", "approved", "completed")


class FindingService:
    """Evaluates the rules of DOMAIN.md on what is stored (or about to be)."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules

    def context(self) -> tuple[RuleConfig, WorkingCalendar]:
        """The rule settings and calendar, read once per evaluation."""
        return self.rules.config(), self.rules.calendar()

    def for_delegation(self, delegation_id: str) -> list[Finding]:
        """Findings of one stored delegation."""
        return self.over(select(Delegation).where(Delegation.id == delegation_id))

    def check_draft(self, delegation_id: str | None, data: dict[str, Any],
                    members: list[dict[str, Any]]) -> list[Finding]:
        """Findings of what the editor holds now, saved or not."""
        config, calendar = self.context()
        with self.ctx.db.read() as s:
            facts = draft_facts(s, delegation_id or "", data, members, self.ctx.local_unit())
        return evaluate_delegation(facts, config, calendar, self.ctx.today())

    def all(self) -> list[Finding]:
        """Every finding over every live delegation."""
        return self.over(select(Delegation).where(Delegation.deleted.is_(False)))

    def over(self, stmt: Select, config: RuleConfig | None = None) -> list[Finding]:
        """Findings of the delegations `stmt` selects, evaluated batch by batch.

        `config` replaces the stored rule settings (Tổng quan switches off the rules it
        never shows); facts that only a switched-off rule reads are then not loaded.
        """
        return [f for _facts, found in self.evaluated(stmt, config) for f in found]

    def evaluated(self, stmt: Select, config: RuleConfig | None = None
                  ) -> list[tuple[DelegationFacts, list[Finding]]]:
        """Each delegation `stmt` selects, as facts, with its findings (see `over`)."""
        stored, calendar = self.context()
        config = config or stored
        today = self.ctx.today()
        out: list[tuple[DelegationFacts, list[Finding]]] = []
        with self.ctx.db.read() as s:
            for batch in _batches(s, stmt.order_by(Delegation.start_date, Delegation.id)):
                for facts in bulk_facts(s, batch, trips=config.is_enabled("R5"), plans=config.is_enabled("R7"),
                                        inbound_members=False):
                    out.append((facts, evaluate_delegation(facts, config, calendar, today)))
        return out


# the delegation's columns as plain rows: the facts read attributes, and ORM objects cost
# several times more to build; the long free texts, attachments, folded search and sort keys
# and time stamps are left out (no rule reads them; they are a quarter of the load time)
_UNREAD = ("search_key", "title_sort", "partner_sort", "purpose", "notes", "attachments", "created_at",
           "updated_at")
_DELEGATION_COLUMNS = [c for c in Delegation.__table__.c if c.key not in _UNREAD]
_MEMBER_COLUMNS = (DelegationMember.id, DelegationMember.delegation_id, DelegationMember.person_id,
                   DelegationMember.guest_name, DelegationMember.role)
# what MemberFacts takes from a person
_PERSON_COLUMNS = (Person.id, Person.full_name, Person.unit_code, Person.is_key_leader,
                   Person.passport_number, Person.passport_expiry)


def _batches(s: Session, stmt: Select) -> Iterator[list[Any]]:
    result = s.execute(stmt.with_only_columns(*_DELEGATION_COLUMNS).execution_options(yield_per=BATCH))
    for part in result.partitions(BATCH):
        yield list(part)


def bulk_facts(s: Session, delegations: list[Any], trips: bool = True, plans: bool = True,
               inbound_members: bool = True) -> list[DelegationFacts]:
    """Facts of many stored delegations (records or rows) with a few queries.

    `trips=False` leaves the trips per person and year (R5's only input) unloaded,
    `plans=False` the plan standings (R7's only input: each is then "not linked"),
    `inbound_members=False` the guests of inbound delegations (every member rule, R4–R6
    and R9, concerns outbound trips only).
    """
    ids = [d.id for d in delegations if inbound_members or d.direction == "outbound"]
    members = defaultdict(list)
    for m in _rows_in(s, _MEMBER_COLUMNS, DelegationMember.delegation_id, ids,
                      DelegationMember.deleted.is_(False)):
        members[m.delegation_id].append(m)
    person_ids = {m.person_id for ms in members.values() for m in ms if m.person_id}
    years = {d.start_date.year for d in delegations if d.start_date} if trips else set()
    lookup = PersonLookup(s, person_ids, years)
    linked = standings(s, delegations) if plans else {}
    return [_facts(d, [_member_data(m) for m in members[d.id]], lookup,
                   linked.get(d.id) or PlanStanding(year=None, flagged=bool(d.in_annual_plan)))
            for d in delegations]


def draft_facts(s: Session, delegation_id: str, data: dict[str, Any],
                members: list[dict[str, Any]], unit_code: str = "") -> DelegationFacts:
    """Facts of unsaved editor content; the stored copy of this delegation is not counted twice.

    Its plan standing (R7) reads the planned activity chosen in the editor
    (`planned_activity_id`), else the stored link.
    """
    person_ids = {m["person_id"] for m in members if m.get("person_id")}
    start = data.get("start_date")
    lookup = PersonLookup(s, person_ids, {start.year} if isinstance(start, date) else set())
    holder = Delegation(id=delegation_id)
    for key, value in data.items():
        if key in Delegation.__sync_fields__:
            setattr(holder, key, value)
    stored = s.get(Delegation, delegation_id) if delegation_id else None
    unit = stored.unit_code if stored is not None else unit_code
    return _facts(holder, members, lookup, draft_standing(s, unit, delegation_id, data))


class PersonLookup:
    """Persons, their discipline periods and their trips per year, loaded together."""

    def __init__(self, s: Session, person_ids: Iterable[str], years: Iterable[int]):
        ids = list(person_ids)
        self.persons = {p.id: p for p in _rows_in(s, _PERSON_COLUMNS, Person.id, ids)}
        self.discipline: dict[str, list[DisciplinePeriod]] = defaultdict(list)
        columns = (DisciplineRecord.person_id, DisciplineRecord.form, DisciplineRecord.effective_from,
                   DisciplineRecord.effective_until, DisciplineRecord.decision_number)
        for r in _rows_in(s, columns, DisciplineRecord.person_id, ids, DisciplineRecord.deleted.is_(False)):
            self.discipline[r.person_id].append(
                DisciplinePeriod(r.form, r.effective_from, r.effective_until, r.decision_number))
        self.trips = _trips(s, ids, list(years))

    def trips_excluding(self, person_id: str, year: int, delegation_id: str) -> int:
        """Outbound trips of the person that year, other than this delegation."""
        return sum(1 for d_id in self.trips.get((person_id, year), ()) if d_id != delegation_id)


def _trips(s: Session, person_ids: list[str], years: list[int]) -> dict[tuple[str, int], set[str]]:
    out: dict[tuple[str, int], set[str]] = defaultdict(set)
    if not person_ids or not years:
        return out
    wanted = set(years)
    # The trips are reached from the persons' memberships (their index) and filtered here:
    # given conditions on the delegation's own columns, SQLite walks every outbound trip of
    # those years once per chunk of persons instead (measured 4× slower at 50,000 trips).
    for chunk in _chunks(person_ids):
        stmt = (
            select(DelegationMember.person_id, Delegation.id, Delegation.start_date, Delegation.direction,
                   Delegation.status)
            .join(Delegation, Delegation.id == DelegationMember.delegation_id)
            .where(DelegationMember.person_id.in_(chunk), DelegationMember.deleted.is_(False),
                   Delegation.deleted.is_(False))
        )
        for person_id, d_id, start, direction, status in s.execute(stmt):
            if (direction == "outbound" and status in COUNTED_STATUSES and start is not None
                    and start.year in wanted):
                out[(person_id, start.year)].add(d_id)
    return out


def _facts(d: Delegation, members: list[dict[str, Any]], lookup: PersonLookup,
           plan: PlanStanding) -> DelegationFacts:
    year = d.start_date.year if isinstance(d.start_date, date) else None
    facts = tuple(_member_facts(m, lookup, year, d.id) for m in members)
    return DelegationFacts(
        id=d.id, direction=d.direction or "outbound", kind=d.kind or "other", title=d.title or "",
        start_date=d.start_date, end_date=d.end_date, status=d.status or "draft",
        submitted_on=d.submitted_on, in_annual_plan=plan.in_plan,
        report_received_on=d.report_received_on, override_reason=d.override_reason, members=facts,
        plan=plan,
    )


def _member_facts(m: dict[str, Any], lookup: PersonLookup, year: int | None, delegation_id: str) -> MemberFacts:
    person = lookup.persons.get(m.get("person_id") or "")
    if person is None:
        return MemberFacts(member_id=m.get("id"), person_id=m.get("person_id"),
                           name=m.get("guest_name") or "", role=m.get("role") or "member")
    return MemberFacts(
        member_id=m.get("id"), person_id=m.get("person_id"), role=m.get("role") or "member",
        name=person.full_name, unit_code=person.unit_code, is_key_leader=person.is_key_leader,
        passport_number=person.passport_number, passport_expiry=person.passport_expiry,
        discipline=tuple(lookup.discipline.get(person.id, ())),
        other_trips_same_year=lookup.trips_excluding(person.id, year, delegation_id) if year else 0,
    )


def _member_data(m: Any) -> dict[str, Any]:
    return {"id": m.id, "person_id": m.person_id, "guest_name": m.guest_name, "role": m.role}


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _rows_in(s: Session, columns: Iterable[Any], key: Any, values: list[str], *where: Any) -> list[Any]:
    """Rows of `columns` whose `key` is one of `values` (and `where` holds), 500 values a query."""
    out: list[Any] = []
    for chunk in _chunks(values):
        out.extend(s.execute(select(*columns).where(key.in_(chunk), *where)))
    return out


def count_live(s: Session) -> int:
    """How many delegations are not deleted (for progress)."""
    return s.scalar(select(func.count(Delegation.id)).where(Delegation.deleted.is_(False)))

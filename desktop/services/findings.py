"""Rule findings over stored records: builds the domain's facts in bulk, runs the rules.

Facts are loaded a batch at a time (members, persons, discipline, trips per
person and year) so that `doingoai findings` over 50,000 delegations does a
handful of queries per batch rather than several per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.calendar import WorkingCalendar
from desktop.domain.rules import (
    DelegationFacts,
    DisciplinePeriod,
    Finding,
    MemberFacts,
    RuleConfig,
    evaluate_delegation,
)
from desktop.models import Delegation, DelegationMember, DisciplineRecord, Person
from desktop.services.context import ServiceContext
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
            facts = draft_facts(s, delegation_id or "", data, members)
        return evaluate_delegation(facts, config, calendar, self.ctx.today())

    def all(self) -> list[Finding]:
        """Every finding over every live delegation."""
        return self.over(select(Delegation).where(Delegation.deleted.is_(False)))

    def over(self, stmt: Select) -> list[Finding]:
        """Findings of the delegations `stmt` selects, evaluated batch by batch."""
        config, calendar = self.context()
        today = self.ctx.today()
        out: list[Finding] = []
        with self.ctx.db.read() as s:
            for batch in _batches(s, stmt.order_by(Delegation.start_date, Delegation.id)):
                for facts in bulk_facts(s, batch):
                    out.extend(evaluate_delegation(facts, config, calendar, today))
        return out


def _batches(s: Session, stmt: Select) -> Iterator[list[Delegation]]:
    result = s.scalars(stmt.execution_options(yield_per=BATCH))
    for part in result.partitions(BATCH):
        yield list(part)


def bulk_facts(s: Session, delegations: list[Delegation]) -> list[DelegationFacts]:
    """Facts of many stored delegations with a few queries."""
    ids = [d.id for d in delegations]
    members = defaultdict(list)
    for m in _chunked_in(s, DelegationMember, DelegationMember.delegation_id, ids):
        if not m.deleted:
            members[m.delegation_id].append(m)
    person_ids = {m.person_id for ms in members.values() for m in ms if m.person_id}
    years = {d.start_date.year for d in delegations if d.start_date}
    lookup = PersonLookup(s, person_ids, years)
    return [_facts(d, [_member_data(m) for m in members[d.id]], lookup) for d in delegations]


def draft_facts(s: Session, delegation_id: str, data: dict[str, Any],
                members: list[dict[str, Any]]) -> DelegationFacts:
    """Facts of unsaved editor content; the stored copy of this delegation is not counted twice."""
    person_ids = {m["person_id"] for m in members if m.get("person_id")}
    start = data.get("start_date")
    lookup = PersonLookup(s, person_ids, {start.year} if isinstance(start, date) else set())
    holder = Delegation(id=delegation_id)
    for key, value in data.items():
        if key in Delegation.__sync_fields__:
            setattr(holder, key, value)
    return _facts(holder, members, lookup)


class PersonLookup:
    """Persons, their discipline periods and their trips per year, loaded together."""

    def __init__(self, s: Session, person_ids: Iterable[str], years: Iterable[int]):
        ids = list(person_ids)
        self.persons = {p.id: p for p in _chunked_in(s, Person, Person.id, ids)}
        self.discipline: dict[str, list[DisciplinePeriod]] = defaultdict(list)
        for r in _chunked_in(s, DisciplineRecord, DisciplineRecord.person_id, ids):
            if not r.deleted:
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
    # date ranges, not extract(year): the planner can then use the start-date index
    in_years = or_(*[Delegation.start_date.between(date(y, 1, 1), date(y, 12, 31)) for y in sorted(years)])
    for chunk in _chunks(person_ids):
        stmt = (
            select(DelegationMember.person_id, Delegation.start_date, Delegation.id)
            .join(Delegation, Delegation.id == DelegationMember.delegation_id)
            .where(DelegationMember.person_id.in_(chunk), DelegationMember.deleted.is_(False),
                   Delegation.deleted.is_(False), Delegation.direction == "outbound",
                   Delegation.status.in_(COUNTED_STATUSES), in_years)
        )
        for person_id, start, d_id in s.execute(stmt):
            out[(person_id, start.year)].add(d_id)
    return out


def _facts(d: Delegation, members: list[dict[str, Any]], lookup: PersonLookup) -> DelegationFacts:
    year = d.start_date.year if isinstance(d.start_date, date) else None
    facts = tuple(_member_facts(m, lookup, year, d.id) for m in members)
    return DelegationFacts(
        id=d.id, direction=d.direction or "outbound", kind=d.kind or "other", title=d.title or "",
        start_date=d.start_date, end_date=d.end_date, status=d.status or "draft",
        submitted_on=d.submitted_on, in_annual_plan=bool(d.in_annual_plan),
        report_received_on=d.report_received_on, override_reason=d.override_reason, members=facts,
    )


def _member_facts(m: dict[str, Any], lookup: PersonLookup, year: int | None, delegation_id: str) -> MemberFacts:
    person = lookup.persons.get(m.get("person_id") or "")
    base = MemberFacts(member_id=m.get("id"), person_id=m.get("person_id"),
                       name=m.get("guest_name") or "", role=m.get("role") or "member")
    if person is None:
        return base
    return replace(
        base, name=person.full_name, unit_code=person.unit_code, is_key_leader=person.is_key_leader,
        passport_number=person.passport_number, passport_expiry=person.passport_expiry,
        discipline=tuple(lookup.discipline.get(person.id, ())),
        other_trips_same_year=lookup.trips_excluding(person.id, year, delegation_id) if year else 0,
    )


def _member_data(m: DelegationMember) -> dict[str, Any]:
    return {"id": m.id, "person_id": m.person_id, "guest_name": m.guest_name, "role": m.role}


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _chunked_in(s: Session, model: Any, column: Any, values: list[str]) -> list[Any]:
    out: list[Any] = []
    for chunk in _chunks(values):
        out.extend(s.scalars(select(model).where(column.in_(chunk))))
    return out


def count_live(s: Session) -> int:
    """How many delegations are not deleted (for progress)."""
    return s.scalar(select(func.count(Delegation.id)).where(Delegation.deleted.is_(False)))

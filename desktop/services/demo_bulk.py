"""The generated part of the demo: officers and delegations of several units over five years.

Written through the ORM in one session, flushed every ~2,000 records: the
change-tracking hook still gives every record its version and change-log row,
and every record is checked with the same validation as the editors first.
50,000 delegations (and 150,000 members) take about a minute and a quarter
this way (bench/run.py --fresh prints it); a service call per record, status
step by status step, would take most of an hour.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.validation import (
    validate_delegation,
    validate_discipline,
    validate_member,
    validate_person,
)
from desktop.models import Delegation, DelegationMember, DisciplineRecord, Person
from desktop.models.base import new_id
from desktop.services.demo_data import (
    FA_POSITION,
    GRADES,
    GUEST_TITLES,
    INBOUND_TITLES,
    KEY_POSITIONS,
    NGOS,
    OUTBOUND_TITLES,
    PARTNERS,
    POSITIONS,
    PRODUCTS,
    Partner,
    email_for,
    guest_name,
    guest_passport,
    phone_for,
    vietnamese_country,
    vietnamese_name,
    vn_passport,
)
from desktop.sync.records import apply_data

FLUSH_EVERY = 1000
REORGANISED = date(2025, 7, 1)  # district level abolished: later records belong to communes
DISTRICTS = ("DL-EKA", "DL-KPA", "DL-CMG", "DL-BHO", "DL-KAN", "DL-LAK")
COMMUNES = (("DL-PBMT", "Phường Buôn Ma Thuột"), ("DL-PTAN", "Phường Tân An"), ("DL-XEKA", "Xã Ea Kar"))
KINDS = ("official_visit", "working_trip", "training", "conference", "promotion", "other")
KIND_WEIGHTS = (3, 5, 3, 2, 4, 1)
FUNDING = ("state_budget", "partner", "self", "mixed")


@dataclass(frozen=True)
class UnitPool:
    """A unit that owns generated records, and the days it existed."""

    code: str
    name: str
    valid_from: date | None
    valid_to: date | None

    def active_on(self, day: date) -> bool:
        """Whether records of `day` can belong to this unit."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


def write_background(services: Any, rng: random.Random, delegations: int) -> None:
    """Generate and store `delegations` delegations (about three members each) and their officers."""
    if delegations <= 0:
        return
    units = _unit_pool(services)
    gen = Generator(rng, services.ctx.today(), units, services.rules.calendar(), services.rules.config())
    # About one trip a year per key leader, however many delegations are asked for (R5 stays rare).
    gen.leader_share = min(0.5, 5 * 3 * len(units) / delegations)
    with services.ctx.db.session() as session:
        writer = BulkWriter(session)
        people = gen.people(per_unit=max(10, delegations // 25), local=services.ctx.local_unit())
        writer.persons(people)
        for batch in _chunks(range(delegations), FLUSH_EVERY // 4):
            writer.delegations([gen.delegation(people) for _ in batch])


def _unit_pool(services: Any) -> list[UnitPool]:
    """At the province: the local unit, some former districts and the communes that replaced them (added
    if missing). At a unit: the unit and the units under it only — its register can then be sent to the
    province as it is (SYNC.md step 3: a unit's bundle carries records of its own subtree, nothing else)."""
    local = services.ctx.local_unit()
    if not services.province.is_province():
        below = {u.code for u in services.units.list() if u.parent_code == local}
        return [UnitPool(u.code, u.name, None if u.code == local else u.valid_from,
                         None if u.code == local else u.valid_to)
                for u in services.units.list() if u.code == local or u.code in below]
    for code, name in COMMUNES:
        if services.units.get(code) is None:
            services.units.add(code, name, "commune", "DL", REORGANISED)
    wanted = {local, *DISTRICTS, *(code for code, _name in COMMUNES)}
    return [UnitPool(u.code, u.name, None if u.code == local else u.valid_from,
                     None if u.code == local else u.valid_to)
            for u in services.units.list() if u.code in wanted]


def _chunks(items: range, size: int) -> Iterator[range]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class GeneratedPerson:
    """A generated officer, with the discipline record some of them have."""

    id: str
    unit_code: str
    data: dict[str, Any]
    discipline: dict[str, Any] | None = None


class Generator:
    """Deterministic (given the `rng`) officers and delegations, valid and dated around `today`."""

    def __init__(self, rng: random.Random, today: date, units: list[UnitPool], calendar, config):
        self.rng = rng
        self.today = today
        self.units = units
        self.calendar = calendar
        self.config = config
        self.first = date(today.year - 3, 1, 1)
        self.span = (date(today.year + 1, 12, 31) - self.first).days
        self.serial = 0
        self.decision = 0
        self.leader_share = 0.5
        self.split: dict[str, tuple[list[GeneratedPerson], list[GeneratedPerson]]] = {}

    # --- officers ---------------------------------------------------------------------------

    def people(self, per_unit: int, local: str) -> dict[str, list[GeneratedPerson]]:
        """Officers of every unit: its chair, two vice-chairs and FA officer first, then staff.

        The `local` unit gets staff only: the showcase already wrote its leaders and officer.
        """
        out = {}
        for unit in self.units:
            roles = [] if unit.code == local else ["chair", "vice_chair", "vice_chair", "fa_officer"]
            roles += ["staff"] * (per_unit - len(roles))
            out[unit.code] = [self.person(unit.code, role) for role in roles]
        return out

    def person(self, unit_code: str, role: str) -> GeneratedPerson:
        """One officer: "chair" and "vice_chair" are key leaders; "fa_officer" does foreign affairs."""
        rng = self.rng
        self.serial += 1
        gender = rng.choice(("male", "female"))
        name = vietnamese_name(rng, gender)
        positions = {"chair": KEY_POSITIONS[0], "vice_chair": KEY_POSITIONS[1], "fa_officer": FA_POSITION}
        data = {
            "full_name": name, "gender": gender, "position": positions.get(role) or rng.choice(POSITIONS),
            "grade": rng.choice(GRADES),
            "birth_date": date(rng.randrange(1965, 1999), rng.randrange(1, 13), rng.randrange(1, 29)),
            "phone": phone_for(rng), "email": email_for(name, self.serial),
            "is_key_leader": role in ("chair", "vice_chair"), "is_fa_officer": role == "fa_officer",
            "unit_code": unit_code, **self._passport(),
        }
        person = GeneratedPerson(new_id(), unit_code, data)
        if rng.random() < 0.03:
            person.discipline = self._old_discipline(person.id)
        return person

    def _passport(self) -> dict[str, Any]:
        roll = self.rng.random()
        if roll < 0.05:
            return {"passport_number": None, "passport_expiry": None}
        days = self.rng.randrange(30, 300) if roll < 0.15 else self.rng.randrange(365, 3000)
        return {"passport_number": vn_passport(self.rng), "passport_expiry": self.today + timedelta(days=days)}

    def _old_discipline(self, person_id: str) -> dict[str, Any]:
        """A penalty long served (the background never blocks a trip; the showcase does)."""
        start = date(self.today.year - 5, self.rng.randrange(1, 13), self.rng.randrange(1, 29))
        form = self.rng.choice(("reprimand", "warning"))
        return {"person_id": person_id, "form": form, "decision_number": f"{self.rng.randrange(1, 300)}/QĐ-UBND",
                "decision_date": start - timedelta(days=2), "effective_from": start,
                "effective_until": start + timedelta(days=364)}

    # --- delegations ----------------------------------------------------------------------

    def delegation(self, people: dict[str, list[GeneratedPerson]]) -> tuple[dict, list[dict]]:
        """One delegation (data with its unit) and its members."""
        rng = self.rng
        start = self.first + timedelta(days=rng.randrange(self.span))
        unit = rng.choice([u for u in self.units if u.active_on(start)])
        direction = "outbound" if rng.random() < 0.7 else "inbound"
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        partner = rng.choice(NGOS if direction == "inbound" and kind == "working_trip" else PARTNERS)
        days = rng.randrange(3, 10) if direction == "outbound" else rng.randrange(1, 6)
        data = self._trip(direction, kind, partner, unit, start, start + timedelta(days=days - 1))
        if direction == "outbound":
            return data, self._officers(unit.code, people[unit.code])
        return data, self._guests(partner)

    def _trip(self, direction, kind, partner: Partner, unit: UnitPool, start: date, end: date) -> dict:
        rng = self.rng
        titles = OUTBOUND_TITLES if direction == "outbound" else INBOUND_TITLES
        title = titles[kind].format(unit=unit.name, partner=partner.name, topic=partner.topic,
                                    country=vietnamese_country(partner.country), product=rng.choice(PRODUCTS))
        funding = rng.choice(FUNDING) if direction == "outbound" else "partner"
        data = {
            "unit_code": unit.code, "direction": direction, "kind": kind, "title": title,
            "purpose": f"Trao đổi, hợp tác với {partner.name} về {partner.topic}.",
            "countries": [partner.country], "partner": partner.name, "start_date": start, "end_date": end,
            "funding": funding, "in_annual_plan": rng.random() < 0.8, "attachments": [],
            "cost_estimate_vnd": rng.randrange(50, 900) * 1_000_000 if funding in ("state_budget", "mixed") else None,
        }
        data.update(self._progress(data))
        return data

    def _progress(self, data: dict) -> dict:
        """Status, submission, decision and report dates consistent with today."""
        start, end, today, rng = data["start_date"], data["end_date"], self.today, self.rng
        if end < today:
            status = rng.choices(("completed", "cancelled", "rejected"), (85, 7, 8))[0]
        elif start <= today:
            status = "approved"
        else:
            status = rng.choices(("draft", "submitted", "approved"), (5, 3, 2))[0]
        if status in ("draft", "cancelled"):
            return {"status": status}
        submitted = min(self._submitted_on(data), today, start - timedelta(days=1))
        out = {"status": status, "submitted_on": submitted}
        if status != "submitted":
            self.decision += 1
            decided = max(submitted, min(submitted + timedelta(days=rng.randrange(3, 15)), start, today))
            out.update(decision_number=f"{self.decision % 999 + 1}/QĐ-UBND", decision_date=decided,
                       decision_authority="UBND tỉnh Đắk Lắk")
        if status == "completed" and data["direction"] == "outbound":
            received = end + timedelta(days=rng.randrange(3, 25))
            keeps_up = 0.98 if end < today - timedelta(days=365) else 0.75  # old gaps get chased up
            if received <= today and rng.random() < keeps_up:
                out["report_received_on"] = received
        return out

    def _submitted_on(self, data: dict) -> date:
        code = "R1" if data["direction"] == "outbound" else "R2"
        deadline = self.calendar.subtract_working_days(
            data["start_date"], int(self.config.param(code, "lead_working_days")))
        if self.rng.random() < 0.12:
            return deadline + timedelta(days=self.rng.randrange(1, 9))
        return deadline - timedelta(days=self.rng.randrange(0, 25))

    def _officers(self, unit_code: str, staff: list[GeneratedPerson]) -> list[dict]:
        rng = self.rng
        if unit_code not in self.split:
            self.split[unit_code] = ([p for p in staff if p.data["is_key_leader"]],
                                     [p for p in staff if not p.data["is_key_leader"]])
        leaders, others = self.split[unit_code]
        size = rng.choice((1, 2, 3, 3, 4, 5))
        chosen = rng.sample(others, min(size, len(others)))
        if leaders and rng.random() < self.leader_share:
            chosen[0] = rng.choice(leaders)
        roles = ["head", "deputy_head"] + ["member"] * (len(chosen) - 2)
        if len(chosen) > 3 and rng.random() < 0.4:
            roles[-1] = "interpreter"
        return [{"person_id": p.id, "role": role} for p, role in zip(chosen, roles, strict=False)]

    def _guests(self, partner: Partner) -> list[dict]:
        rng = self.rng
        return [{"guest_name": guest_name(rng, partner.country), "guest_title": rng.choice(GUEST_TITLES),
                 "guest_organisation": partner.name, "guest_nationality": partner.country,
                 "guest_passport": guest_passport(rng, partner.country),
                 "role": "head" if i == 0 else "member"}
                for i in range(rng.randrange(1, 6))]


class BulkWriter:
    """Adds validated records to one session, flushing every ~FLUSH_EVERY of them."""

    def __init__(self, session: Session):
        self.session = session

    def persons(self, people: dict[str, list[GeneratedPerson]]) -> None:
        """Store officers, then their discipline records (which refer to them)."""
        everyone = [p for staff in people.values() for p in staff]
        self._store(Person, [(p.id, p.unit_code, p.data) for p in everyone], validate_person)
        records = [(new_id(), p.unit_code, p.discipline) for p in everyone if p.discipline]
        self._store(DisciplineRecord, records, validate_discipline)

    def delegations(self, trips: list[tuple[dict, list[dict]]]) -> None:
        """Store delegations, then their members, each with its own flush."""
        rows, members = [], []
        for data, people in trips:
            delegation_id = new_id()
            rows.append((delegation_id, data["unit_code"], data))
            members += [(new_id(), data["unit_code"], {**m, "delegation_id": delegation_id, "_dir": data["direction"]})
                        for m in people]
        self._store(Delegation, rows, validate_delegation)
        self._store(DelegationMember, members, _validate_member)

    def _store(self, model, rows: list[tuple[str, str, dict]], validate) -> None:
        for start in range(0, len(rows), FLUSH_EVERY):
            for record_id, unit_code, data in rows[start:start + FLUSH_EVERY]:
                problems = validate(data)
                if problems:
                    raise ValueError(f"demo {model.__entity__} invalid: {problems}")
                obj = model(id=record_id, unit_code=unit_code)
                apply_data(obj, data)
                self.session.add(obj)
            self.session.flush()
            self.session.expunge_all()


def _validate_member(data: dict) -> list:
    return validate_member(data, data["_dir"])

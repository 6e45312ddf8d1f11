"""Demo data: every rule fires, names keep their apostrophes, the workflow and change log apply."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.config import Paths
from desktop.domain.validation import validate_delegation, validate_member, validate_person
from desktop.errors import AppError
from desktop.models import ChangeLog, Delegation, DelegationMember, Person
from desktop.services import open_services
from desktop.services.common import ListQuery
from desktop.services.delegations import Filter
from desktop.services.demo import DEMO_OFFICER, DEMO_UNIT, fill_demo
from tests.templates import sqlite_url

RULES = {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R14"}


def _services_on(tmp_path, today: date):
    return open_services(sqlite_url(tmp_path / 'demo.sqlite3'), Paths(tmp_path / "data"), today=lambda: today)


def test_every_rule_fires_on_the_demo(services):
    summary = fill_demo(services)

    found = services.all_findings()
    assert RULES <= {f.rule for f in found}
    assert summary.delegations == 60 and summary.outbound + summary.inbound == 60
    assert summary.first_year == 2023 and summary.last_year == 2027
    assert summary.units == 1  # a unit's register: its own trips only, so it can be sent as it is


def test_a_units_demo_keeps_to_the_unit_and_the_communes_under_it(services):
    fill_demo(services)

    with services.ctx.db.read() as s:
        units = set(s.scalars(select(Person.unit_code).distinct()))
    assert units == {DEMO_UNIT}  # SYNC.md step 3: nothing of another unit, and no unit of its own


@pytest.mark.parametrize("today", [date(2026, 2, 12), date(2026, 7, 1), date(2026, 11, 26), date(2027, 12, 30)])
def test_every_rule_fires_whatever_the_day(tmp_path, today):
    services = _services_on(tmp_path, today)
    try:
        fill_demo(services)
        assert RULES <= {f.rule for f in services.all_findings()}
    finally:
        services.close()


def test_one_blocked_member_and_one_overridden(services):
    fill_demo(services)

    r4 = [f for f in services.findings.all() if f.rule == "R4"]
    blocking = [f for f in r4 if f.severity == "blocking"]
    overridden = [f for f in r4 if f.severity == "warning"]
    assert len(blocking) == 1 and "Y Thông Ktla" in blocking[0].message
    assert len(overridden) == 1 and "Lê Văn Thành" in overridden[0].message
    assert "Đã cho phép vượt quy định" in overridden[0].message


def test_ethnic_names_keep_their_apostrophes(services):
    fill_demo(services)

    for typed, name in (("h'hen", "H'Hen Niê"), ("dieu k'loi", "Điểu K'Lơi"), ("siu h'mai", "Siu H'Mai")):
        rows = services.persons.page(ListQuery(search=typed))
        assert name in [r.full_name for r in rows]
    exported = {r["full_name"] for r in services.records.iter_json("person")}
    assert {"H'Hen Niê", "Y Thông Ktla", "Nguyễn Thị Hồng Nhung", "Trần Đức Hải"} <= exported


def test_the_korean_folk_artists_of_the_2023_coffee_festival(services):
    fill_demo(services)

    rows = services.delegations.page(ListQuery(search="le hoi ca phe buon ma thuot lan thu 8"),
                                     Filter(direction="inbound"))
    assert len(rows) == 1 and rows[0].start_date == date(2023, 3, 9) and rows[0].status == "completed"
    detail = services.delegations.get(rows[0].id)
    assert {m.data["guest_nationality"] for m in detail.members} == {"KR"}
    assert all(m.data["guest_passport"] and m.data["guest_title"] for m in detail.members)
    assert detail.version == 4  # draft → submitted → approved → completed, one version each


def test_the_device_is_set_up_when_it_was_not(bare_services):
    fill_demo(bare_services)

    info = bare_services.device.info()
    assert (info.unit_code, info.officer) == (DEMO_UNIT, DEMO_OFFICER)


def test_a_filled_register_is_refused(services):
    fill_demo(services, delegations=20)
    with pytest.raises(AppError, match="cơ sở dữ liệu trống"):
        fill_demo(services, delegations=20)


def test_same_seed_same_records(tmp_path, services):
    fill_demo(services, delegations=80, seed=7)
    other = _services_on(tmp_path / "other", date(2026, 1, 20))
    try:
        fill_demo(other, delegations=80, seed=7)
        assert _content(other) == _content(services)
    finally:
        other.close()


def _content(services) -> Counter:
    with services.ctx.db.read() as s:
        trips = s.execute(select(Delegation.title, Delegation.start_date, Delegation.status, Delegation.unit_code))
        people = s.execute(select(Person.full_name, Person.passport_number))
        return Counter(list(trips) + list(people))


def test_bulk_path_writes_valid_tracked_records(services):
    summary = fill_demo(services, delegations=1200)

    assert summary.delegations == 1200 and summary.members > 2 * 1200
    with services.ctx.db.read() as s:
        logged = s.scalar(select(func.count(ChangeLog.id)))
        officers = set(s.scalars(select(ChangeLog.officer).distinct()))
        versions = set(s.scalars(select(Delegation.version).distinct()))
        trips = s.scalars(select(Delegation).order_by(Delegation.id).limit(300)).all()
        members = s.scalars(select(DelegationMember).limit(600)).all()
        people = s.scalars(select(Person).limit(300)).all()
    assert logged >= summary.delegations + summary.members + summary.persons
    assert officers == {"Nguyễn Văn An"} and versions <= {1, 2, 3, 4}
    directions = {t.id: t.direction for t in trips}
    assert not [p for t in trips for p in validate_delegation(_data(t))]
    assert not [p for m in members if m.delegation_id in directions
                for p in validate_member(_data(m), directions[m.delegation_id])]
    assert not [p for person in people for p in validate_person(_data(person))]


def test_bulk_data_at_the_province_spreads_over_units_and_years(services):
    services.sync.set_province_mode(True)  # a province's demo holds every unit's records
    fill_demo(services, delegations=1200)

    with services.ctx.db.read() as s:
        units = set(s.scalars(select(Delegation.unit_code).distinct()))
        late_districts = s.scalar(select(func.count(Delegation.id)).where(
            Delegation.unit_code.in_(("DL-EKA", "DL-KPA", "DL-CMG")), Delegation.start_date >= date(2025, 7, 1)))
    assert {"DL-BMT", "DL-EKA", "DL-KPA", "DL-CMG"} <= units
    assert late_districts == 0  # after 01/7/2025 the former districts' work belongs to communes
    assert {2023, 2024, 2025, 2026, 2027} <= set(services.delegations.years())


def _data(obj) -> dict:
    return {name: getattr(obj, name) for name in obj.__sync_fields__}


@pytest.mark.parametrize("province", [False, True])
def test_the_unit_has_one_chair_and_one_designated_fa_officer(services, province):
    if province:
        services.sync.set_province_mode(True)
    fill_demo(services, delegations=300)

    staff = services.persons.page(ListQuery(unit_code=DEMO_UNIT, limit=1000))
    assert [p.full_name for p in staff if p.is_fa_officer] == ["Nguyễn Thị Hồng Nhung"]
    assert [p.full_name for p in staff if p.position == "Chủ tịch UBND"] == ["Trần Đức Hải"]
    if province:  # the other units of a province's demo are staffed the same way
        other = services.persons.page(ListQuery(unit_code="DL-EKA", limit=1000))
        assert sum(p.is_fa_officer for p in other) == 1 and sum(p.is_key_leader for p in other) == 3


def test_the_showcase_files_its_requests_with_a_complete_dossier_and_numbered_documents(services):
    fill_demo(services)

    signed: dict[int, list] = {}
    for row in services.documents.page(ListQuery(limit=1000)):
        signed.setdefault(row.year, []).append(row)
    assert {2023, 2025, 2026} <= set(signed)
    for rows in signed.values():  # each year from 01, in the order of the signing days
        rows.sort(key=lambda r: r.number)
        assert [r.number for r in rows] == list(range(1, len(rows) + 1))
        assert [r.issued_on for r in rows] == sorted(r.issued_on for r in rows)
    title = "Đoàn lãnh đạo thành phố thăm và làm việc tại tỉnh Gyeongsangbuk-do"
    [visit] = [r for r in services.delegations.page(ListQuery(search=title)) if r.title == title]
    assert visit.status == "submitted" and services.dossier.missing(visit.id) == []
    documents = services.documents.for_record("delegation", visit.id)
    assert {d.form for d in documents} == {"delegation-request", "member-list"}
    assert all(d.status == "signed" and d.issued_on == visit.submitted_on for d in documents)


def test_demo_requests_print_ready_to_sign(services):
    """The demo sets the chair as signer, so a demo request prints instead of asking for one."""
    from desktop.services.demo import SIGNER_NAME, fill_demo

    fill_demo(services, delegations=20)
    assert services.printing.settings().signer_name == SIGNER_NAME
    outbound = services.delegations.page(ListQuery(limit=200), Filter(direction="outbound"))
    printable = [r for r in outbound if not services.printing.missing("delegation-request", r.id)]
    assert printable, "no demo request prints"
    assert services.printing.render("delegation-request", printable[0].id).startswith(b"%PDF")

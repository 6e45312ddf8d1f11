"""The overseas-Vietnamese register: contacts by country and kind, activities, tombstones, open cases,
the yearly summary."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.errors import AppError, NotFoundError, ValidationError
from desktop.models import ChangeLog, OverseasActivity
from desktop.services.common import ListQuery
from desktop.services.demo_overseas import fill_overseas
from tests.conftest import TODAY

BUSAN = {"kind": "association", "name": "Hội người Việt Nam tại Busan", "country": "KR", "city": "Busan"}
THANH = {"kind": "person", "name": "Nguyễn Văn Thành", "country": "FR", "city": "Lyon",
         "hometown": "Xã Ea Kao, TP. Buôn Ma Thuột", "email": "thanh@example.fr"}
TET = {"kind": "home_visit", "title": "Về quê ăn Tết, tặng quà hộ nghèo", "date": date(2025, 1, 26),
       "location": "Xã Ea Kao", "value_vnd": 30_000_000}
SCHOOL = {"kind": "donation", "title": "Tài trợ xây phòng học ở Krông Pắc", "date": date(2025, 10, 1),
          "value_vnd": 850_000_000}
CASE = {"kind": "citizen_protection", "title": "Lao động bị tai nạn ở Changwon", "date": date(2026, 1, 5)}


def test_contact_round_trip_with_change_log_and_version_check(services):
    saved = services.overseas.save_contact(THANH)
    got = services.overseas.get_contact(saved.id)
    assert got.version == 1 and got.data["name"] == "Nguyễn Văn Thành" and got.data["country"] == "FR"
    with services.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)
                        .where(ChangeLog.entity == "overseas_contact")) == 1
    changed = services.overseas.save_contact({**got.data, "city": "Paris"}, saved.id, expected_version=1)
    assert changed.version == 2 and changed.data["city"] == "Paris"
    with pytest.raises(AppError):
        services.overseas.save_contact({**got.data, "city": "Nice"}, saved.id, expected_version=1)


def test_country_is_stored_as_an_upper_case_iso_code_and_unknown_codes_are_refused(services):
    assert services.overseas.save_contact({**BUSAN, "country": " kr "}).data["country"] == "KR"
    with pytest.raises(ValidationError) as caught:
        services.overseas.save_contact({**BUSAN, "country": "QQ", "name": " ", "email": "x@"})
    assert {p.field for p in caught.value.problems} == {"country", "name", "email"}
    assert services.overseas.count_contacts() == 1


def test_contacts_filtered_by_country_kind_and_searched_without_diacritics(services):
    busan = services.overseas.save_contact(BUSAN)
    thanh = services.overseas.save_contact(THANH)
    assert services.overseas.count_contacts() == 2
    assert [r.id for r in services.overseas.contacts(country="KR")] == [busan.id]
    assert [r.id for r in services.overseas.contacts(kind="person")] == [thanh.id]
    assert [r.id for r in services.overseas.contacts(ListQuery(search="ea kao buon ma thuot"))] == [thanh.id]
    assert services.overseas.countries() == ["FR", "KR"]
    by_country = services.overseas.contacts(ListQuery(sort="country", descending=True))
    assert [r.country for r in by_country] == ["KR", "FR"]


def test_activities_per_contact_and_overall_with_kind_and_year(services):
    thanh = services.overseas.save_contact(THANH)
    busan = services.overseas.save_contact(BUSAN)
    tet = services.overseas.save_activity(thanh.id, TET)
    school = services.overseas.save_activity(thanh.id, SCHOOL)
    case = services.overseas.save_activity(busan.id, CASE)
    assert tet.data["status"] == "done" and case.data["status"] == "open"
    assert [a.id for a in services.overseas.get_contact(thanh.id).activities] == [school.id, tet.id]
    assert [r.id for r in services.overseas.activities()] == [case.id, school.id, tet.id]  # newest first
    assert [r.id for r in services.overseas.activities(kind="donation")] == [school.id]
    assert [r.id for r in services.overseas.activities(year=2025)] == [school.id, tet.id]
    assert services.overseas.count_activities(contact_id=busan.id) == 1
    assert [r.id for r in services.overseas.activities(country="KR")] == [case.id]
    assert [r.id for r in services.overseas.activities(ListQuery(search="krong pac"))] == [school.id]
    assert {r.id for r in services.overseas.activities(ListQuery(search="nguyen van thanh"))} == {tet.id, school.id}
    assert services.overseas.years() == [2026, 2025]
    [row] = services.overseas.contacts(country="FR")
    assert row.activity_count == 2 and row.last_activity == date(2025, 10, 1) and row.open_cases == 0


def test_activity_validation_writes_nothing(services):
    thanh = services.overseas.save_contact(THANH)
    with pytest.raises(ValidationError) as caught:
        services.overseas.save_activity(thanh.id, {**SCHOOL, "value_vnd": -5, "closed_on": date(2025, 9, 1)})
    assert {p.field for p in caught.value.problems} == {"value_vnd", "closed_on"}
    with pytest.raises(NotFoundError):
        services.overseas.save_activity("no-such-contact", SCHOOL)
    assert services.overseas.count_activities() == 0


def test_open_cases_until_settled_with_a_result_dated_today(services):
    busan = services.overseas.save_contact(BUSAN)
    case = services.overseas.save_activity(busan.id, CASE)
    services.overseas.save_activity(busan.id, TET)
    [open_case] = services.overseas.open_cases()
    assert open_case.id == case.id and open_case.contact_name == BUSAN["name"] and open_case.country == "KR"
    assert services.overseas.contacts()[0].open_cases == 1
    with pytest.raises(ValidationError) as caught:
        services.overseas.save_activity(busan.id, {**case.data, "status": "done"}, case.id)
    assert [p.field for p in caught.value.problems] == ["result"]
    done = services.overseas.save_activity(busan.id, {**case.data, "status": "done",
                                                      "result": "Được bồi thường"}, case.id)
    assert done.data["closed_on"] == TODAY and services.overseas.open_cases() == []
    reopened = services.overseas.save_activity(busan.id, {**done.data, "status": "in_progress"}, case.id)
    assert reopened.data["closed_on"] is None and len(services.overseas.open_cases()) == 1


def test_delete_contact_tombstones_its_activities_and_restore_brings_back_only_those(services):
    thanh = services.overseas.save_contact(THANH)
    tet = services.overseas.save_activity(thanh.id, TET)
    school = services.overseas.save_activity(thanh.id, SCHOOL)
    services.overseas.delete_activity(tet.id)  # deleted on its own before
    services.overseas.delete_contact(thanh.id)
    assert services.overseas.count_contacts() == 0 and services.overseas.count_activities() == 0
    with pytest.raises(NotFoundError):
        services.overseas.get_contact(thanh.id)
    with services.ctx.db.read() as s:
        assert s.get(OverseasActivity, school.id).deleted  # a tombstone, not a removed row
    services.overseas.restore_contact(thanh.id)
    assert [a.id for a in services.overseas.get_contact(thanh.id).activities] == [school.id]
    services.overseas.restore_activity(tet.id)
    assert services.overseas.count_activities() == 2


def test_locate_gives_the_contact_of_an_activity(services):
    thanh = services.overseas.save_contact(THANH)
    tet = services.overseas.save_activity(thanh.id, TET)
    assert services.overseas.locate("overseas_activity", tet.id) == thanh.id
    assert services.overseas.locate("overseas_contact", thanh.id) == thanh.id


def test_yearly_summary_by_kind_counts_and_totals_vnd(services):
    thanh = services.overseas.save_contact(THANH)
    services.overseas.save_activity(thanh.id, TET)
    services.overseas.save_activity(thanh.id, SCHOOL)
    services.overseas.save_activity(thanh.id, {**SCHOOL, "title": "Tặng sách", "value_vnd": 50_000_000})
    services.overseas.save_activity(thanh.id, {**SCHOOL, "title": "Tặng học bổng", "value_vnd": None})
    services.overseas.save_activity(thanh.id, CASE)  # 2026
    summary = {t.kind: (t.count, t.total_vnd) for t in services.overseas.summary(2025)}
    assert summary["donation"] == (3, 900_000_000) and summary["home_visit"] == (1, 30_000_000)
    assert summary["citizen_protection"] == (0, 0) and len(summary) == 6


def test_demo_has_every_country_and_an_open_case_of_a_worker_in_korea(services):
    assert fill_overseas(services, random.Random(1)) == 10
    assert set(services.overseas.countries()) == {"FR", "US", "KR", "JP", "AU"}
    cases = services.overseas.open_cases()
    assert any(c.country == "KR" and "Lao động" in c.title for c in cases)
    assert services.overseas.count_activities(ListQuery(search="krong pac"), kind="donation") == 1


def test_ctrl_k_finds_contacts_and_activities_without_diacritics(services):
    busan = services.overseas.save_contact(BUSAN)
    case = services.overseas.save_activity(busan.id, CASE)
    hits = {(h.entity, h.record_id): h for h in services.search.search("changwon")}
    assert ("overseas_activity", case.id) in hits
    assert hits[("overseas_activity", case.id)].register == "Hoạt động của kiều bào"
    [contact] = [h for h in services.search.search("hoi nguoi viet nam tai busan") if h.entity == "overseas_contact"]
    assert contact.record_id == busan.id and contact.detail == "Hàn Quốc · Busan"

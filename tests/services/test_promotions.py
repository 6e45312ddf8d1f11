"""The promotion register: CRUD, diacritic-free search, filters, follow-ups, cascade delete, R14."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.errors import AppError, NotFoundError, ValidationError
from desktop.models import ChangeLog, FollowUpAction
from desktop.services.common import ListQuery
from desktop.services.demo_promotions import fill_promotions
from tests.conftest import TODAY
from tests.services.builders import outbound

DAY = timedelta(days=1)
FAIR = {"kind": "trade", "title": "Giới thiệu cà phê OCOP tại Hội chợ Thực phẩm Seoul",
        "start_date": date(2025, 11, 3), "end_date": date(2025, 11, 6), "place": "Seoul", "abroad": True,
        "countries": ["KR"], "partners": "Nhà nhập khẩu Hàn Quốc", "cost_vnd": 420_000_000,
        "outcomes": "Gặp 8 nhà nhập khẩu", "mou_count": 2, "lead_count": 8}
PEPPER = {"kind": "investment", "title": "Hội nghị xúc tiến đầu tư hồ tiêu Đắk Lắk",
          "start_date": date(2024, 6, 1), "place": "Buôn Ma Thuột"}


def test_save_get_round_trip_with_change_log(services):
    saved = services.promotions.save(FAIR)
    got = services.promotions.get(saved.id)
    assert got.version == 1 and got.data["title"] == FAIR["title"]
    assert got.data["countries"] == ["KR"] and got.data["cost_vnd"] == 420_000_000
    with services.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)
                        .where(ChangeLog.entity == "promotion_activity")) >= 1
    changed = services.promotions.save({**got.data, "mou_count": 3}, saved.id, expected_version=1)
    assert changed.version == 2 and changed.data["mou_count"] == 3
    with pytest.raises(AppError):
        services.promotions.save({**got.data, "mou_count": 4}, saved.id, expected_version=1)


def test_validation_names_every_field_and_writes_nothing(services):
    with pytest.raises(ValidationError) as caught:
        services.promotions.save({"kind": "trade", "title": " ", "mou_count": -1})
    assert {p.field for p in caught.value.problems} == {"title", "start_date", "mou_count"}
    with pytest.raises(ValidationError) as caught:
        services.promotions.save({**FAIR, "end_date": date(2025, 11, 1)})
    assert [p.field for p in caught.value.problems] == ["end_date"]
    assert services.promotions.count() == 0


def test_search_ignores_diacritics_and_filters_by_kind_and_year(services):
    fair = services.promotions.save(FAIR)
    pepper = services.promotions.save(PEPPER)
    assert [r.id for r in services.promotions.page(ListQuery(search="ca phe"))] == [fair.id]
    assert [r.id for r in services.promotions.page(ListQuery(search="HO TIEU dak lak"))] == [pepper.id]
    assert services.promotions.count(ListQuery(), kind="investment") == 1
    assert [r.id for r in services.promotions.page(ListQuery(), year=2025)] == [fair.id]
    assert services.promotions.years() == [2025, 2024]
    newest_first = services.promotions.page(ListQuery(sort="start_date", descending=True))
    assert [r.id for r in newest_first] == [fair.id, pepper.id]


def test_list_counts_open_and_overdue_follow_ups(services):
    fair = services.promotions.save(FAIR)
    add = services.promotions.save_follow_up
    add(fair.id, {"action": "Gửi mẫu cà phê cho nhà nhập khẩu Hàn Quốc", "due_date": TODAY - DAY})
    add(fair.id, {"action": "Gọi lại cho người mua tiềm năng", "due_date": TODAY, "status": "in_progress"})
    add(fair.id, {"action": "Ký biên bản ghi nhớ", "due_date": TODAY - 9 * DAY, "status": "done", "result": "Đã ký"})
    [row] = services.promotions.page()
    assert (row.open_follow_ups, row.overdue_follow_ups) == (2, 1)


def test_done_needs_a_result_and_is_dated_today(services):
    fair = services.promotions.save(FAIR)
    with pytest.raises(ValidationError) as caught:
        services.promotions.save_follow_up(fair.id, {"action": "Gọi lại", "status": "done"})
    assert [p.field for p in caught.value.problems] == ["result"]
    done = services.promotions.save_follow_up(fair.id, {"action": "Gọi lại", "status": "done", "result": "Đã gọi"})
    assert done.data["done_on"] == TODAY
    reopened = services.promotions.save_follow_up(fair.id, {**done.data, "status": "open"}, done.id)
    assert reopened.data["done_on"] is None


def test_follow_ups_across_activities_sorted_by_due_date(services):
    fair = services.promotions.save(FAIR)
    pepper = services.promotions.save(PEPPER)
    add = services.promotions.save_follow_up
    add(fair.id, {"action": "Không hạn", "due_date": None})
    add(pepper.id, {"action": "Hạn xa", "due_date": TODAY + 20 * DAY})
    add(fair.id, {"action": "Quá hạn", "due_date": TODAY - 3 * DAY, "owner": "Chị Hoa"})
    add(pepper.id, {"action": "Đã xong", "due_date": TODAY - 5 * DAY, "status": "done", "result": "Xong"})
    rows = services.promotions.open_follow_ups(ListQuery())
    assert [r.action for r in rows] == ["Quá hạn", "Hạn xa", "Không hạn"]
    assert rows[0].overdue and rows[0].owner_name == "Chị Hoa" and rows[0].activity_title == FAIR["title"]
    assert services.promotions.count_open_follow_ups(ListQuery(search="ho tieu")) == 1


def test_owner_person_gives_the_name(services):
    person = services.persons.save({"full_name": "H'Hen Niê"})
    fair = services.promotions.save(FAIR)
    services.promotions.save_follow_up(fair.id, {"action": "Gọi lại", "owner_person_id": person.id,
                                                 "due_date": TODAY - DAY})
    [f] = services.promotions.get(fair.id).follow_ups
    assert f.owner_name == "H'Hen Niê" and f.overdue
    assert "H'Hen Niê" in services.promotions.get(fair.id).findings[0].message


def test_delete_cascades_and_restore_brings_back_only_what_went_with_it(services):
    fair = services.promotions.save(FAIR)
    kept = services.promotions.save_follow_up(fair.id, {"action": "Gửi mẫu", "due_date": TODAY - DAY})
    mistaken = services.promotions.save_follow_up(fair.id, {"action": "Nhầm", "due_date": TODAY})
    services.promotions.delete_follow_up(mistaken.id)
    services.promotions.delete(fair.id)
    assert services.promotions.count() == 0 and services.promotions.open_follow_ups() == []
    with pytest.raises(NotFoundError):
        services.promotions.get(fair.id)
    with services.ctx.db.read() as s:
        assert s.scalars(select(FollowUpAction).where(FollowUpAction.deleted.is_(False))).all() == []
    assert services.promotions.all_findings() == []
    services.promotions.restore(fair.id)
    assert [f.id for f in services.promotions.get(fair.id).follow_ups] == [kept.id]


def test_r14_findings_and_dashboard_items(services):
    fair = services.promotions.save(FAIR)  # ended 06/11/2025, results, no follow-up
    [warning] = services.promotions.all_findings()
    assert warning.severity == "warning" and warning.record_id == fair.id
    late = services.promotions.save_follow_up(fair.id, {"action": "Gửi mẫu cà phê", "due_date": TODAY - DAY})
    services.promotions.save_follow_up(fair.id, {"action": "Hạn xa", "due_date": TODAY + 60 * DAY})
    found = services.promotions.all_findings()
    assert [(f.severity, f.record_id) for f in found] == [("overdue", late.id)]
    assert services.promotions.due_items() == found
    services.promotions.mark_done(late.id, "Đã gửi 2 kg mẫu")
    assert services.promotions.all_findings() == [] and services.promotions.due_items() == []


def test_live_check_reads_typed_content_and_stored_follow_ups(services):
    draft = {**FAIR, "mou_count": 0, "lead_count": 0}
    assert services.promotions.check(draft) == []
    assert [f.severity for f in services.promotions.check(FAIR)] == ["warning"]
    assert services.promotions.validate({"kind": "trade"})


def test_link_to_a_delegation_shows_its_title(services):
    delegation = services.delegations.save(outbound(), [])
    fair = services.promotions.save({**FAIR, "delegation_id": delegation.id})
    assert services.promotions.get(fair.id).delegation_title == delegation.data["title"]
    assert services.promotions.locate("promotion_activity", fair.id) == fair.id


def test_demo_makes_every_outcome_of_r14_fire(services):
    assert fill_promotions(services, random.Random(4)) >= 5
    found = services.promotions.all_findings()
    assert {"overdue", "reminder", "warning"} <= {f.severity for f in found}
    assert {f.rule for f in found} == {"R14"}
    assert any("Buôn Ma Thuột lần thứ 8" in r.title for r in services.promotions.page(ListQuery(search="le hoi")))
    assert {f.severity for f in services.promotions.due_items()} >= {"overdue", "reminder", "warning"}

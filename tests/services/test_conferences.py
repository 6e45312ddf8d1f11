"""The conferences register: CRUD, search without diacritics, workflow, R3 findings, demo."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from desktop.errors import AppError, NotFoundError, ValidationError
from desktop.services.common import ListQuery
from desktop.services.demo_conferences import fill_conferences

TODAY = date(2026, 1, 20)
DAY = timedelta(days=1)


def conference(**kw) -> dict:
    data = {"title": "Hội thảo quốc tế phát triển bền vững ngành cà phê", "start_date": date(2026, 6, 10),
            "end_date": date(2026, 6, 11), "place": "Khách sạn Sài Gòn – Ban Mê", "mode": "offline",
            "organiser": "UBND thành phố Buôn Ma Thuột", "participant_countries": ["KR", "JP"],
            "foreign_participants": 20, "status": "draft"}
    return {**data, **kw}


def test_create_read_update_keeps_every_field(services):
    saved = services.conferences.save(conference(sensitive_topics=["religion"], ministerial_guests=True,
                                                 cost_estimate_vnd=150_000_000, funding="mixed"))
    detail = services.conferences.get(saved.id)
    assert detail.data["title"] == "Hội thảo quốc tế phát triển bền vững ngành cà phê"
    assert detail.data["participant_countries"] == ["KR", "JP"]
    assert detail.data["sensitive_topics"] == ["religion"] and detail.data["ministerial_guests"] is True
    updated = services.conferences.save({**detail.data, "place": "Trung tâm Hội nghị tỉnh"}, saved.id, detail.version)
    assert updated.data["place"] == "Trung tâm Hội nghị tỉnh" and updated.version == detail.version + 1


def test_search_ignores_diacritics_and_d(services):
    services.conferences.save(conference())
    services.conferences.save(conference(title="Hội nghị xúc tiến đầu tư Đắk Lắk – Hàn Quốc"))
    assert [r.title for r in services.conferences.page(ListQuery(search="hoi thao"))] == [
        "Hội thảo quốc tế phát triển bền vững ngành cà phê"]
    assert services.conferences.count(ListQuery(search="dak lak")) == 1
    assert services.conferences.count(ListQuery(search="ban me")) == 2  # the place is searched too


def test_filters_by_year_and_status_and_lists_years(services):
    services.conferences.save(conference())
    services.conferences.save(conference(start_date=date(2025, 5, 1), end_date=date(2025, 5, 1)))
    assert services.conferences.years() == [2026, 2025]
    assert services.conferences.count(year=2025) == 1
    assert services.conferences.count(status="draft") == 2
    assert services.conferences.count(status="approved") == 0


def test_rows_carry_approval_level_deadline_and_late_flag(services):
    services.conferences.save(conference(start_date=TODAY + 20 * DAY, end_date=TODAY + 20 * DAY,
                                         sensitive_topics=["security"]))
    row = services.conferences.page()[0]
    assert row.pm_approval and row.deadline == TODAY - 20 * DAY and row.late


def test_validation_refuses_and_names_fields(services):
    with pytest.raises(ValidationError) as err:
        services.conferences.save(conference(title=" ", end_date=date(2026, 6, 1), foreign_participants=-1))
    assert {p.field for p in err.value.problems} == {"title", "end_date", "foreign_participants"}
    assert services.conferences.count() == 0


def test_workflow_dates_the_submission_and_refuses_jumps(services):
    saved = services.conferences.save(conference())
    with pytest.raises(ValidationError) as err:
        services.conferences.save({**saved.data, "status": "completed", "submitted_on": TODAY}, saved.id)
    assert "Không thể chuyển trạng thái" in err.value.problems[0].message
    submitted = services.conferences.save({**saved.data, "status": "submitted"}, saved.id)
    assert submitted.data["submitted_on"] == TODAY
    approved = services.conferences.save({**submitted.data, "status": "approved"}, saved.id)
    assert approved.data["status"] == "approved"


def test_a_stale_version_is_refused(services):
    saved = services.conferences.save(conference())
    services.conferences.save({**saved.data, "place": "A"}, saved.id, saved.version)
    with pytest.raises(AppError, match="sửa ở nơi khác"):
        services.conferences.save({**saved.data, "place": "B"}, saved.id, saved.version)


def test_delete_and_undo(services):
    saved = services.conferences.save(conference())
    services.conferences.delete(saved.id)
    assert services.conferences.count() == 0
    with pytest.raises(NotFoundError):
        services.conferences.get(saved.id)
    services.conferences.delete(saved.id, deleted=False)
    assert services.conferences.get(saved.id).data["title"]


def test_live_check_and_approval_follow_what_is_typed(services):
    data = conference(start_date=TODAY + 45 * DAY, end_date=TODAY + 45 * DAY)
    assert services.conferences.check(data) == []
    assert services.conferences.approval(data).label == "Chủ tịch UBND tỉnh cho phép"
    pm = {**data, "ministerial_guests": True}
    assert services.conferences.approval(pm).label == "Cần Thủ tướng Chính phủ cho phép"
    assert [f.severity for f in services.conferences.check(pm)] == ["reminder"]  # deadline 5 days away


def test_findings_and_due_items(services):
    services.conferences.save(conference(start_date=TODAY + 35 * DAY, end_date=TODAY + 35 * DAY))
    services.conferences.save(conference(start_date=TODAY + 300 * DAY, end_date=TODAY + 300 * DAY))
    old = services.conferences.save(conference(start_date=TODAY - 100 * DAY, end_date=TODAY - 100 * DAY))
    found = services.conferences.all_findings()
    assert {(f.record_id == old.id, f.severity) for f in found} == {(False, "reminder"), (True, "warning")}
    due = services.conferences.due_items()
    assert [f.severity for f in due] == ["reminder"]  # the long-past draft is not on Tổng quan


def test_demo_fires_every_case_of_r3(services):
    assert fill_conferences(services, random.Random(4)) == 7
    found = services.conferences.all_findings()
    assert {f.severity for f in found} == {"reminder", "warning"}
    assert any("gửi muộn" in f.message for f in found)
    assert any("đã quá hạn" in f.message for f in found)
    assert any(r.pm_approval for r in services.conferences.page())
    assert services.conferences.count(status="completed") == 2  # this year's and last year's

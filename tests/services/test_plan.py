"""The annual plan: one per unit and year, planned activities, links kept in step, plan-versus-actual,
R7 from the link and R16 (today is 20/01/2026 in the fixtures)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import ChangeLog, Delegation
from tests.services.builders import inbound, outbound, received_unit


def _plan(services, year: int = 2026):
    return services.plan.create(year)


def _activity(services, plan_id: str, **changes):
    data = {"kind": "outbound", "title": "Đoàn xúc tiến cà phê tại Hàn Quốc", "planned_from": date(2026, 6, 1),
            "planned_to": date(2026, 6, 30), "budget_vnd": 1_000_000_000, "owner": "Phòng Kinh tế",
            **changes}
    return services.plan.save_activity(plan_id, data)


def _r7(services, delegation_id: str):
    return [f for f in services.findings.for_delegation(delegation_id) if f.rule == "R7"]


def test_one_plan_per_unit_and_year(services):
    plan = _plan(services)
    assert plan.data["title"] == "Kế hoạch hoạt động đối ngoại năm 2026" and plan.data["status"] == "draft"
    with pytest.raises(ValidationError, match="đã có kế hoạch đối ngoại năm 2026"):
        _plan(services)
    services.plan.delete_plan(plan.id)
    again = _plan(services)  # the deleted plan no longer counts
    with pytest.raises(ValidationError):
        services.plan.restore_plan(plan.id)
    assert services.plan.plan_for(2026).id == again.id
    with pytest.raises(ValidationError) as caught:
        services.plan.create(1990)
    assert caught.value.for_field("year")


def test_issuing_the_plan_needs_its_decision(services):
    plan = _plan(services)
    with pytest.raises(ValidationError) as caught:
        services.plan.save_plan(plan.id, {"status": "approved"})
    assert caught.value.for_field("approval_number") and caught.value.for_field("approval_date")
    saved = services.plan.save_plan(plan.id, {"status": "approved", "approval_number": "15/QĐ-UBND",
                                              "approval_date": date(2026, 1, 10), "year": 2030})
    assert saved.year == 2026 and saved.data["approval_number"] == "15/QĐ-UBND" and saved.version == 2


def test_planned_activity_is_checked_field_by_field(services):
    plan = _plan(services)
    with pytest.raises(ValidationError) as caught:
        _activity(services, plan.id, title=" ", planned_from=date(2027, 2, 1), planned_to=date(2026, 1, 5),
                  budget_vnd=-5, kind="visit")
    for key in ("title", "planned_from", "planned_to", "budget_vnd", "kind"):
        assert caught.value.for_field(key), key
    assert "không thuộc năm kế hoạch 2026" in caught.value.for_field("planned_from")[0]


def test_activities_are_deleted_and_restored(services):
    plan = _plan(services)
    row = _activity(services, plan.id, title="Đón đoàn Champasak", kind="inbound")
    services.plan.delete_activity(row.id)
    assert services.plan.activities(plan.id) == []
    services.plan.restore_activity(row.id)
    assert [r.data["title"] for r in services.plan.activities(plan.id)] == ["Đón đoàn Champasak"]


def test_linking_keeps_the_flag_the_status_and_r7_in_step(services):
    trip = services.delegations.save(outbound(in_annual_plan=False), [])
    [r7] = _r7(services, trip.id)
    assert "chưa có kế hoạch đối ngoại năm 2026" in r7.message
    plan = _plan(services)
    [r7] = _r7(services, trip.id)
    assert "không có hoạt động nào của “Kế hoạch hoạt động đối ngoại năm 2026”" in r7.message
    planned = _activity(services, plan.id)
    [candidate] = services.plan.candidates(plan.id, "outbound", search="ca phe han quoc")
    assert candidate.id == trip.id

    row = services.plan.link(planned.id, "delegation", trip.id)
    assert row.linked.id == trip.id and row.data["status"] == "done" and row.progress == "done"
    assert services.delegations.get(trip.id).data["in_annual_plan"] is True
    assert _r7(services, trip.id) == []
    assert services.plan.candidates(plan.id, "outbound") == []  # taken

    row = services.plan.unlink(planned.id)
    assert row.linked is None and row.data["status"] == "planned"
    assert services.delegations.get(trip.id).data["in_annual_plan"] is False
    assert len(_r7(services, trip.id)) == 1


def test_deleting_the_activity_puts_the_trip_off_plan_and_restoring_back(services):
    trip = services.delegations.save(outbound(), [])
    planned = _activity(services, _plan(services).id)
    services.plan.link(planned.id, "delegation", trip.id)
    services.plan.delete_activity(planned.id)
    assert services.delegations.get(trip.id).data["in_annual_plan"] is False and _r7(services, trip.id)
    services.plan.restore_activity(planned.id)
    assert services.delegations.get(trip.id).data["in_annual_plan"] is True and not _r7(services, trip.id)


def test_a_link_must_fit_the_kind_the_year_and_be_free(services):
    plan = _plan(services)
    planned_out = _activity(services, plan.id)
    conference_kind = _activity(services, plan.id, kind="conference", title="Hội thảo cà phê")
    visitors = services.delegations.save(inbound(), [])
    next_year = services.delegations.save(outbound(start_date=date(2027, 3, 1), end_date=date(2027, 3, 5)), [])
    with pytest.raises(ValidationError, match="phải gắn với một đoàn cùng loại"):
        services.plan.link(planned_out.id, "delegation", visitors.id)
    with pytest.raises(ValidationError, match="không thể do đoàn thực hiện"):
        services.plan.link(conference_kind.id, "delegation", visitors.id)
    with pytest.raises(ValidationError, match="không thuộc kế hoạch năm 2026"):
        services.plan.link(planned_out.id, "delegation", next_year.id)
    trip = services.delegations.save(outbound(), [])
    services.plan.link(planned_out.id, "delegation", trip.id)
    second = _activity(services, plan.id, title="Đoàn thứ hai")
    with pytest.raises(ValidationError, match="đã gắn với một hoạt động khác"):
        services.plan.link(second.id, "delegation", trip.id)


def test_the_delegation_editor_chooses_the_planned_activity(services):
    plan = _plan(services)
    planned = _activity(services, plan.id)
    [choice] = services.plan.choices_for("delegation", None, 2026, "outbound")
    assert choice.id == planned.id and services.plan.record_unit("delegation", None) == "DL-BMT"
    assert services.plan.choices_for("delegation", None, 2026, "inbound") == []
    data = outbound(planned_activity_id=planned.id)
    assert [f for f in services.delegations.check(data, []) if f.rule == "R7"] == []  # live, before saving
    trip = services.delegations.save(data, [])
    assert services.plan.link_of("delegation", trip.id).planned_id == planned.id
    assert services.plan.record_unit("delegation", trip.id) == "DL-BMT"
    assert trip.data["in_annual_plan"] is True and not _r7(services, trip.id)
    moved = services.delegations.set_status(trip.id, "cancelled")  # saving without the key keeps the link
    assert services.plan.link_of("delegation", moved.id) is not None
    again = services.delegations.save(outbound(title="Đoàn mới", planned_activity_id=None), [])
    assert again.data["in_annual_plan"] is False


def test_r7_names_the_other_year_when_the_trip_moved(services):
    planned = _activity(services, _plan(services).id)
    trip = services.delegations.save(outbound(), [])
    services.plan.link(planned.id, "delegation", trip.id)
    moved = {**services.delegations.get(trip.id).data, "start_date": date(2027, 1, 4), "end_date": date(2027, 1, 8)}
    services.delegations.save(moved, [], trip.id)
    [r7] = _r7(services, trip.id)
    assert "ngoài kế hoạch năm 2027" in r7.message and "của kế hoạch năm 2026" in r7.message


def test_r7_hints_at_a_flag_with_no_link(services):
    _plan(services)
    trip = services.delegations.save(outbound(in_annual_plan=True), [])
    [r7] = _r7(services, trip.id)
    assert "được đánh dấu «trong kế hoạch» nhưng chưa gắn" in r7.message


def test_plan_versus_actual(services):
    plan = _plan(services)
    done_trip = services.delegations.save(outbound(cost_estimate_vnd=800_000_000), [])
    off_trip = services.delegations.save(outbound(title="Đoàn ngoài kế hoạch", cost_estimate_vnd=300_000_000), [])
    services.delegations.save(outbound(title="Đoàn đã hủy", status="cancelled"), [])
    a = _activity(services, plan.id, budget_vnd=1_000_000_000)
    _activity(services, plan.id, title="Chưa làm", budget_vnd=200_000_000)
    _activity(services, plan.id, title="Hoãn", status="postponed", budget_vnd=None)
    _activity(services, plan.id, kind="ngo", title="Vận động tài trợ", status="done", planned_from=None,
              planned_to=None)
    services.plan.link(a.id, "delegation", done_trip.id)

    figures = services.plan.versus_actual(plan.id)
    out = next(r for r in figures.rows if r.kind == "outbound")
    assert (out.planned, out.done, out.not_yet, out.dropped, out.off_plan) == (3, 1, 1, 1, 1)
    assert (out.planned_budget_vnd, out.actual_cost_vnd, out.off_plan_cost_vnd) == (
        1_200_000_000, 800_000_000, 300_000_000)
    ngo = next(r for r in figures.rows if r.kind == "ngo")
    assert (ngo.planned, ngo.done) == (1, 1)
    assert (figures.total.planned, figures.total.done, figures.total.off_plan) == (4, 2, 1)
    assert [a.id for a in figures.off_plan] == [off_trip.id]


def test_r16_reminds_in_january_and_warns_after(services, bare_services):
    [reminder] = services.plan.all_findings()
    assert (reminder.rule, reminder.severity, reminder.entity) == ("R16", "reminder", "annual_plan")
    assert reminder.record_id == services.units.get("DL-BMT").id and reminder.due_date == date(2026, 1, 31)
    assert "chưa có kế hoạch đối ngoại năm 2026" in reminder.message
    plan = _plan(services)
    [draft] = services.plan.due_items()
    assert draft.record_id == plan.id and "còn là dự thảo" in draft.message
    assert services.plan.locate("annual_plan", reminder.record_id) == ("DL-BMT", 2026, None)
    services.ctx.today = lambda: date(2026, 2, 1)
    [late] = services.plan.all_findings()
    assert late.severity == "warning" and "đã quá hạn" in late.message
    services.plan.save_plan(plan.id, {"status": "approved", "approval_number": "15/QĐ-UBND",
                                      "approval_date": date(2026, 1, 30)})
    assert services.plan.all_findings() == []


def test_r16_due_day_is_a_setting_and_reaches_the_dashboard(services):
    services.rules.update("R16", {"due_month": 3, "due_day": 31}, "Quy định của UBND tỉnh")
    [item] = [i for i in services.dashboard.due() if i.rule == "R16"]
    assert item.due_date == date(2026, 3, 31) and item.source == "Quy định của UBND tỉnh"
    assert "R16" in {f.rule for f in services.all_findings()}


def test_r15_and_r16_cover_the_units_under_the_device_unit(services):
    received_unit(services, "DL-XHP", "Xã Hòa Phú", "DL-BMT")
    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})
    found = services.all_findings()
    assert [f.message for f in found if f.rule == "R15"] == [
        "Xã Hòa Phú chưa có cán bộ được phân công kiêm nhiệm công tác đối ngoại: "
        "hãy đánh dấu «Cán bộ làm công tác đối ngoại» cho người được phân công."]
    assert {f.message.split(" chưa")[0] for f in found if f.rule == "R16"} == {"Thành phố Buôn Ma Thuột", "Xã Hòa Phú"}


def test_every_change_goes_to_the_change_log(services):
    plan = _plan(services)
    row = _activity(services, plan.id)
    with services.ctx.db.read() as s:
        entities = set(s.scalars(select(ChangeLog.entity)))
        assert s.scalar(select(Delegation).limit(1)) is None
    assert {"annual_plan", "planned_activity"} <= entities
    assert services.plan.get_activity(row.id).version == 1


def test_a_linked_conference_or_promotion_stays_in_the_plan_when_its_box_is_unticked(services):
    """The conference and promotion editors still show a tick box: saving one linked to a planned activity
    with the box cleared must not make its flag disagree with the link (the link is the truth)."""
    from tests.services.test_conferences import conference
    from tests.services.test_promotions import FAIR

    plan = _plan(services)
    seminar = services.conferences.save(conference())
    fair = services.promotions.save({**FAIR, "start_date": date(2026, 5, 4), "end_date": date(2026, 5, 7)})
    services.plan.link(_activity(services, plan.id, kind="conference", title="Hội thảo cà phê").id,
                       "conference", seminar.id)
    services.plan.link(_activity(services, plan.id, kind="promotion", title="Hội chợ Seoul").id,
                       "promotion_activity", fair.id)
    got = services.conferences.get(seminar.id)
    assert got.data["in_annual_plan"] is True
    resaved = services.conferences.save({**got.data, "in_annual_plan": False}, seminar.id, got.version)
    assert resaved.data["in_annual_plan"] is True
    got = services.promotions.get(fair.id)
    assert got.data["in_annual_plan"] is True
    resaved = services.promotions.save({**got.data, "in_annual_plan": False}, fair.id, got.version)
    assert resaved.data["in_annual_plan"] is True
    # unlinked, the box is the officer's to set
    other = services.conferences.save(conference(title="Hội thảo khác"))
    assert services.conferences.save({**services.conferences.get(other.id).data, "in_annual_plan": False},
                                     other.id).data["in_annual_plan"] is False

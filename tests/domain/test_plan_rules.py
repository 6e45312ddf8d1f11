"""The annual plan in the domain: R7 from the link, R16 by the due day, validation, plan-versus-actual."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.facts import PlanStanding
from desktop.domain.plan_rules import (
    ActualFacts,
    PlannedFacts,
    UnitPlanFacts,
    check_link_kind,
    evaluate_plan_deadline,
    plan_due_date,
    plan_versus_actual,
    progress,
    validate_plan,
    validate_planned,
)
from desktop.domain.rules import evaluate_delegation
from tests.domain.factories import CALENDAR, CONFIG, delegation

PLAN = "Kế hoạch hoạt động đối ngoại năm 2026"


def r7(standing: PlanStanding | None, **changes):
    facts = delegation(plan=standing, in_annual_plan=False, **changes)
    return [f for f in evaluate_delegation(facts, CONFIG, CALENDAR, date(2026, 1, 20)) if f.rule == "R7"]


def test_r7_a_trip_linked_to_its_units_plan_of_its_year_is_in_the_plan():
    linked = PlanStanding(2026, PLAN, True, "Xúc tiến cà phê tại Hàn Quốc", 2026)
    assert r7(linked) == []
    assert r7(PlanStanding(2026, PLAN, False, "Xúc tiến cà phê", 2026)) == []  # a draft plan still counts


def test_r7_an_unlinked_trip_names_the_plan_or_says_there_is_none():
    [none] = r7(PlanStanding(2026))
    assert none.message == ("Đoàn “Xúc tiến cà phê tại Hàn Quốc” ngoài kế hoạch: đơn vị chưa có kế hoạch "
                            "đối ngoại năm 2026 (lập ở trang «Kế hoạch năm»).")
    [unlinked] = r7(PlanStanding(2026, PLAN, True))
    assert f"không có hoạt động nào của “{PLAN}” gắn với đoàn này." in unlinked.message
    assert unlinked.field == "in_annual_plan" and unlinked.severity == "warning"


def test_r7_the_stored_flag_alone_is_not_the_truth():
    [flagged] = r7(PlanStanding(2026, PLAN, True, flagged=True))
    assert "được đánh dấu «trong kế hoạch» nhưng chưa gắn" in flagged.message
    facts = delegation(in_annual_plan=True, plan=PlanStanding(2026, PLAN, True, flagged=True))
    assert [f.rule for f in evaluate_delegation(facts, CONFIG, CALENDAR, date(2026, 1, 20))].count("R7") == 1


def test_r7_a_link_to_another_years_plan_or_unit_does_not_count():
    [other_year] = r7(PlanStanding(2026, PLAN, True, "Đoàn năm sau", 2027))
    assert "ngoài kế hoạch năm 2026" in other_year.message and "kế hoạch năm 2027" in other_year.message
    assert len(r7(PlanStanding(2026, PLAN, True, "Đoàn của huyện khác", 2026, activity_same_unit=False))) == 1


def test_r7_without_a_standing_keeps_the_plain_message():
    [plain] = r7(None)
    assert "không có trong kế hoạch đối ngoại năm 2026 đã được duyệt" in plain.message
    assert r7(None, status="cancelled") == []


def _unit(plan_status=None, year=2026):
    return UnitPlanFacts("u-1", "DL-BMT", "Thành phố Buôn Ma Thuột", year,
                         "p-1" if plan_status else None, PLAN if plan_status else None, plan_status)


@pytest.mark.parametrize(("today", "status", "severity", "words"), [
    (date(2026, 1, 20), None, "reminder", "chưa có kế hoạch đối ngoại năm 2026: cần lập và ban hành trước 31/01/2026"),
    (date(2026, 1, 31), None, "reminder", "cần lập và ban hành trước 31/01/2026"),
    (date(2026, 2, 1), None, "warning", "hạn ban hành là 31/01/2026, đã quá hạn"),
    (date(2026, 1, 5), "draft", "reminder", "còn là dự thảo: cần ban hành trước 31/01/2026"),
    (date(2026, 9, 1), "draft", "warning", "còn là dự thảo; hạn ban hành là 31/01/2026, đã quá hạn"),
])
def test_r16_reminder_until_the_due_day_then_a_warning(today, status, severity, words):
    [finding] = evaluate_plan_deadline([_unit(status)], CONFIG, today)
    assert (finding.rule, finding.severity, finding.due_date) == ("R16", severity, date(2026, 1, 31))
    assert words in finding.message
    assert finding.record_id == ("p-1" if status else "u-1") and finding.entity == "annual_plan"
    assert "13/CT-UBND" in finding.source


def test_r16_an_issued_plan_or_another_year_or_switched_off_says_nothing():
    assert evaluate_plan_deadline([_unit("approved")], CONFIG, date(2026, 3, 1)) == []
    assert evaluate_plan_deadline([_unit(None, year=2025)], CONFIG, date(2026, 3, 1)) == []
    off = CONFIG.with_overrides("R16", enabled=False)
    assert evaluate_plan_deadline([_unit(None)], off, date(2026, 3, 1)) == []


def test_r16_due_day_is_a_setting_kept_within_the_calendar():
    assert plan_due_date(2026, CONFIG.with_overrides("R16", {"due_month": 2, "due_day": 31})) == date(2026, 2, 28)
    assert plan_due_date(2026, CONFIG.with_overrides("R16", {"due_month": 0, "due_day": 0})) == date(2026, 1, 1)
    [late] = evaluate_plan_deadline([_unit()], CONFIG.with_overrides("R16", {"due_month": 1, "due_day": 15}),
                                    date(2026, 1, 20))
    assert late.severity == "warning"


def test_plan_and_planned_validation():
    assert validate_plan({"year": 2026, "title": PLAN, "status": "draft"}) == []
    issued = {e.field for e in validate_plan({"year": 2026, "title": PLAN, "status": "approved"})}
    assert issued == {"approval_number", "approval_date"}
    assert {e.field for e in validate_plan({"year": "2026", "title": "", "status": "x"})} == {
        "year", "title", "status"}
    good = {"kind": "outbound", "title": "Đoàn", "status": "planned", "planned_from": date(2026, 3, 1),
            "planned_to": date(2026, 3, 5), "budget_vnd": 0, "countries": ["KR"]}
    assert validate_planned(good, 2026) == []
    bad = {**good, "planned_to": date(2026, 2, 1), "budget_vnd": 1.5, "countries": ["kr"],
           "conference_id": "c-1"}
    assert {e.field for e in validate_planned(bad, 2026)} == {"planned_to", "budget_vnd", "countries", "conference_id"}
    assert {e.field for e in validate_planned(good, 2027)} == {"planned_from", "planned_to"}


def test_link_kinds():
    assert check_link_kind("outbound", "delegation", "outbound") == []
    assert check_link_kind("training", "delegation", "inbound") == []
    assert check_link_kind("other", "promotion_activity") == []
    assert check_link_kind("outbound", "delegation", "inbound")
    assert check_link_kind("ngo", "delegation")
    assert check_link_kind("promotion", "conference")


def test_plan_versus_actual_counts_kinds_budgets_and_off_plan():
    trip = ActualFacts("delegation", "d-1", "outbound", "Đoàn Hàn Quốc", date(2026, 6, 1), 800)
    cancelled = ActualFacts("delegation", "d-2", "outbound", "Đoàn đã hủy", date(2026, 7, 1), 500, active=False)
    off = ActualFacts("delegation", "d-3", "inbound", "Đoàn ngoài kế hoạch", date(2026, 4, 1), None)
    fair = ActualFacts("promotion_activity", "x-1", "promotion", "Hội chợ OCOP", date(2026, 5, 1), 300)
    planned = [
        PlannedFacts("p-1", "outbound", "Đoàn Hàn Quốc", "done", 1000, trip),
        PlannedFacts("p-2", "outbound", "Đoàn bị hủy", "done", 400, cancelled),
        PlannedFacts("p-3", "conference", "Hội thảo", "postponed", 200),
        PlannedFacts("p-4", "promotion", "Hội chợ", "planned", 100),
    ]
    assert [progress(p) for p in planned] == ["done", "not_yet", "dropped", "not_yet"]
    result = plan_versus_actual(planned, [trip, cancelled, off, fair])
    assert [r.kind for r in result.rows] == ["outbound", "inbound", "conference", "promotion"]
    out = result.rows[0]
    assert (out.planned, out.done, out.not_yet, out.planned_budget_vnd, out.actual_cost_vnd) == (2, 1, 1, 1400, 800)
    assert [a.id for a in result.off_plan] == ["d-3", "x-1"]
    assert (result.total.planned, result.total.done, result.total.not_yet, result.total.dropped,
            result.total.off_plan, result.total.off_plan_cost_vnd) == (4, 1, 2, 1, 2, 300)

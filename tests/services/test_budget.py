"""Kinh phí đối ngoại: a year's budget with its additions, the activities' actual costs, and the report's
budget.allocated_vnd / budget.spent_vnd counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ValidationError
from tests.services.builders import outbound


def _conference(services, **changes):
    data = {"title": "Hội thảo cà phê quốc tế", "start_date": date(2025, 3, 10), "end_date": date(2025, 3, 11),
            "place": "Buôn Ma Thuột", "mode": "offline", "status": "draft"}
    data.update(changes)
    return services.conferences.save(data).id


def test_a_years_budget_with_additions_and_the_actual_costs(services):
    trip = services.delegations.save(outbound(start_date=date(2025, 5, 4), end_date=date(2025, 5, 9),
                                              cost_estimate_vnd=120_000_000), []).id
    services.budget.save(2025, {"allocated_vnd": 500_000_000, "decision": "Quyết định 12/QĐ-UBND"})
    services.budget.save_addition(2025, {"amount_vnd": 80_000_000, "decided_on": date(2025, 6, 1),
                                         "reason": "Đón đoàn Gimhae phát sinh"})
    services.budget.set_actual_cost("delegation", trip, 98_500_000)
    services.budget.set_actual_cost("delegation", trip, 101_000_000)  # corrected: one cost, not two
    year = services.budget.year(2025)
    assert (year.allocated_vnd, year.additions_vnd, year.spent_vnd) == (580_000_000, 80_000_000, 101_000_000)
    [line] = [x for x in year.lines if x.id == trip]
    assert (line.estimate_vnd, line.actual_vnd, line.editable) == (120_000_000, 101_000_000, True)
    services.budget.set_actual_cost("delegation", trip, None)  # removed
    assert services.budget.year(2025).spent_vnd == 0


def test_bad_amounts_are_named(services):
    with pytest.raises(ValidationError) as caught:
        services.budget.save_addition(2025, {"amount_vnd": 0, "decided_on": None, "reason": " "})
    assert {p.field for p in caught.value.problems} == {"amount_vnd", "decided_on", "reason"}
    with pytest.raises(ValidationError):
        services.budget.save(2025, {"allocated_vnd": -5})


def test_the_report_counts_the_budget_and_what_the_years_activities_cost(services):
    counted = services.delegations.save(outbound(start_date=date(2025, 5, 4), end_date=date(2025, 5, 9)), []).id
    cancelled = services.delegations.save(outbound(title="Đoàn hủy", start_date=date(2025, 7, 1),
                                                   end_date=date(2025, 7, 3), status="cancelled"), []).id
    next_year = services.delegations.save(outbound(title="Năm sau", start_date=date(2026, 1, 2),
                                                   end_date=date(2026, 1, 4)), []).id
    conference = _conference(services)
    services.promotions.save({"kind": "trade", "title": "Hội chợ OCOP", "start_date": date(2025, 9, 1),
                              "cost_vnd": 15_000_000})
    # the cancelled trip's money was spent on nothing the report counts; next year's counts next year
    for record, vnd in ((counted, 90_000_000), (cancelled, 7_000_000), (next_year, 40_000_000)):
        services.budget.set_actual_cost("delegation", record, vnd)
    services.budget.set_actual_cost("conference", conference, 25_000_000)
    services.budget.save(2025, {"allocated_vnd": 300_000_000})
    services.budget.save_addition(2025, {"amount_vnd": 50_000_000, "decided_on": date(2025, 8, 1), "reason": "Bổ sung"})
    services.budget.save(2026, {"allocated_vnd": 1_000_000})
    f = services.reports.annual(2025).figures
    assert f["budget.allocated_vnd"].value == 350_000_000 and f["budget.additions_vnd"].value == 50_000_000
    assert f["budget.spent_vnd"].value == 90_000_000 + 25_000_000 + 15_000_000
    assert {ref[0] for ref in f["budget.spent_vnd"].refs} == {"delegation", "conference", "promotion_activity"}


def test_the_years_budget_goes_to_excel_with_numbers_as_numbers_and_is_found_by_search(services, tmp_path):
    from openpyxl import load_workbook

    trip = services.delegations.save(outbound(start_date=date(2025, 5, 4), end_date=date(2025, 5, 9),
                                              cost_estimate_vnd=120_000_000), []).id
    services.budget.save(2025, {"allocated_vnd": 500_000_000, "decision": "Quyết định 12/QĐ-UBND"})
    services.budget.save_addition(2025, {"amount_vnd": 80_000_000, "decided_on": date(2025, 6, 1),
                                         "reason": "Đón đoàn Gimhae"})
    services.budget.set_actual_cost("delegation", trip, 101_000_000)
    out = tmp_path / "kinh-phi.xlsx"
    assert services.spreadsheets.export_budget(services.budget.year(2025), out) == 1
    rows = list(load_workbook(out)["Kinh phí năm 2025"].iter_rows(values_only=True))
    totals = {r[0]: r[4] for r in rows[1:6]}
    assert totals == {"Dự toán được giao": 500_000_000, "Bổ sung trong năm": 80_000_000,
                      "Tổng được giao": 580_000_000, "Đã chi": 101_000_000, "Còn lại": 479_000_000}
    assert ("Đón đoàn Gimhae", 80_000_000) in [(r[1], r[4]) for r in rows]
    [line] = [r for r in rows if r[2] == "Đoàn"]
    assert line[3:] == (120_000_000, 101_000_000) and line[0].year == 2025  # a date, not text
    [hit] = [h for h in services.search.search("12/QĐ-UBND") if h.entity == "fa_budget"]
    assert services.budget.locate(hit.entity, hit.record_id) == ("DL-BMT", 2025)


def test_the_plans_cost_of_what_was_done_is_the_actual_cost_where_recorded(services):
    trip = services.delegations.save(outbound(start_date=date(2025, 5, 4), end_date=date(2025, 5, 9),
                                              cost_estimate_vnd=120_000_000), []).id
    plan = services.plan.create(2025)
    planned = services.plan.save_activity(plan.id, {"kind": "outbound", "title": "Đoàn đi Hàn Quốc",
                                                    "planned_from": date(2025, 5, 1), "budget_vnd": 150_000_000})
    services.plan.link(planned.id, "delegation", trip)
    assert services.reports.annual(2025).figures["plan.cost_actual_vnd"].value == 120_000_000  # the estimate
    services.budget.set_actual_cost("delegation", trip, 98_000_000)
    assert services.reports.annual(2025).figures["plan.cost_actual_vnd"].value == 98_000_000  # what it cost

"""Kinh phí năm, from Kế hoạch năm: the officer types the estimate, an addition, and a trip's actual cost."""

from __future__ import annotations

from datetime import date

from desktop.app import build_main_window
from tests.services.builders import outbound
from tests.ui.conftest import activate
from tests.ui.typing import type_text


def test_the_officer_types_the_years_budget_and_a_trips_actual_cost(qtbot, services):
    trip = services.delegations.save(outbound(title="Đoàn Hàn Quốc", start_date=date(2026, 3, 2),
                                              end_date=date(2026, 3, 6), cost_estimate_vnd=120_000_000), []).id
    window = build_main_window(services)
    qtbot.addWidget(window)
    activate(qtbot, window)
    page = window.show_page("plan")
    dialog = page.open_budget()
    qtbot.addWidget(dialog)
    type_text(dialog.allocated, "5 trăm")  # not an amount: refused beside the field, nothing stored
    dialog.save_button.click()
    assert dialog.form.error("allocated_vnd") and services.budget.year(2026).version is None
    dialog.allocated.clear()
    type_text(dialog.allocated, "500.000.000")
    type_text(dialog.decision, "Quyết định số 25/QĐ-UBND")
    dialog.save_button.click()
    assert services.budget.year(2026).data["allocated_vnd"] == 500_000_000

    dialog.additions.add_button.click()
    add = dialog.additions.open_dialog
    type_text(add.money, "80.000.000")
    add.fields["decided_on"].setText("01/06/2026")
    type_text(add.fields["reason"], "Đón đoàn Gimhae phát sinh")
    add.ok_button.click()
    assert services.budget.year(2026).additions_vnd == 80_000_000

    [row] = [r for r, line in enumerate(dialog.view.lines) if line.id == trip]
    dialog.table.selectRow(row)
    cost = dialog.edit_cost()
    type_text(cost.money, "101.500.000")
    cost.ok_button.click()
    year = services.budget.year(2026)
    assert (year.allocated_vnd, year.spent_vnd) == (580_000_000, 101_500_000)
    assert "Đã chi 101.500.000" in dialog.summary.text() and "Còn lại 478.500.000" in dialog.summary.text()
    assert dialog.table.item(row, 4).text().startswith("101.500.000")


def test_a_budget_found_by_search_opens_its_year(qtbot, services, tmp_path):
    from openpyxl import load_workbook

    services.budget.save(2025, {"allocated_vnd": 300_000_000, "decision": "Quyết định 12/QĐ-UBND"})
    [hit] = [h for h in services.search.search("12/QĐ-UBND") if h.entity == "fa_budget"]
    window = build_main_window(services)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.open_record(hit.entity, hit.record_id)
    dialog = window.page("plan").dialog
    assert window.current_key() == "plan" and dialog.year == 2025 and dialog.allocated.value() == 300_000_000
    dialog.export_to(tmp_path / "kp.xlsx")
    assert "Đã ghi" in dialog.state.text()
    assert load_workbook(tmp_path / "kp.xlsx").sheetnames == ["Kinh phí năm 2025"]

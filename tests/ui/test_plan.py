"""Kế hoạch năm, driven as a user: create the plan, add a planned activity typing Vietnamese, link a
delegation, see plan-versus-actual change; the delegation editor shows the planned activity."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.app import build_main_window
from desktop.ui.delegations.editor import DelegationEditor
from desktop.ui.plan.activity_dialog import PlannedDialog
from desktop.ui.plan.page import LINK_COLUMN, PlanPage
from tests.services.builders import outbound
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton


def open_page(qtbot, services) -> PlanPage:
    page = PlanPage(services)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_create_plan_add_activity_link_and_see_plan_versus_actual(qtbot, services, shown_errors):
    trip = services.delegations.save(outbound(cost_estimate_vnd=750_000_000), [])
    page = open_page(qtbot, services)
    assert page.selected_year() == 2026 and page.body.currentIndex() == 0
    assert page.create_button.text() == "Lập kế hoạch năm 2026"
    qtbot.mouseClick(page.create_button, LEFT)
    assert page.body.currentIndex() == 1 and page.title.text() == "Kế hoạch hoạt động đối ngoại năm 2026"
    assert page.figures.off_plan.rowCount() == 1  # the trip is outside the (empty) plan

    qtbot.mouseClick(page.add_button, LEFT)
    dialog = page.dialog
    assert isinstance(dialog, PlannedDialog)
    type_text(dialog.title, "Đoàn xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc")
    type_text(dialog.planned_from, "01/06/2026")
    type_text(dialog.planned_to, "30/06/2027")
    type_text(dialog.budget, "1.000.000.000")
    type_text(dialog.owner, "Phòng Kinh tế – H'Hen Niê")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "không thuộc năm kế hoạch 2026" in dialog.form.error("planned_to") and dialog.isVisible()
    clear_and_type(dialog.planned_to, "30/06/2026")

    picker = dialog.open_picker()
    picker.search.setText("han quoc")
    picker.search.flush()
    assert picker.list.count() == 1
    picker.accept()
    assert "Hàn Quốc" in dialog.link.label.text()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible() and shown_errors == []

    [row] = services.plan.activities(services.plan.plan_for(2026).id)
    assert row.data["title"] == "Đoàn xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc"
    assert row.data["owner"] == "Phòng Kinh tế – H'Hen Niê" and row.linked.id == trip.id
    assert page.table.item(0, LINK_COLUMN).text().startswith("Đoàn: Đoàn công tác xúc tiến cà phê")
    assert page.table.item(0, 6).text() == "Đã thực hiện"
    assert page.figures.off_plan.rowCount() == 0
    assert "Đã thực hiện 1/1 hoạt động" in page.figures.summary.text()
    assert page.figures.table.item(0, 2).text() == "1"  # outbound: carried out
    assert services.delegations.get(trip.id).data["in_annual_plan"] is True

    with qtbot.waitSignal(page.openRecord) as opened:
        page.table.cellClicked.emit(0, LINK_COLUMN)
    assert opened.args == ["delegation", trip.id]


def test_the_plan_header_is_issued_with_its_decision(qtbot, services, shown_errors):
    services.plan.create(2026)
    page = open_page(qtbot, services)
    page.status.setCurrentIndex(page.status.findData("approved"))
    assert page.save_header() is False
    assert page.field_error("approval_number")
    type_text(page.approval_number, "15/QĐ-UBND")
    type_text(page.approval_date, "10/01/2026")
    assert page.save_header() is True
    assert services.plan.plan_for(2026).data["status"] == "approved"
    assert [f for f in services.plan.all_findings()] == []


def test_delete_and_undo_an_activity(qtbot, services, answer):
    plan = services.plan.create(2026)
    services.plan.save_activity(plan.id, {"kind": "inbound", "title": "Đón đoàn tỉnh Champasak"})
    page = open_page(qtbot, services)
    answer(True)
    page.table.selectRow(0)
    page.remove_selected()
    assert page.table.rowCount() == 0 and "Đã xóa “Đón đoàn tỉnh Champasak”" in page.undo_label.text()
    page.undo_delete()
    assert page.table.rowCount() == 1


def test_the_delegation_editor_picks_the_planned_activity(qtbot, services, shown_errors):
    plan = services.plan.create(2026)
    planned = services.plan.save_activity(plan.id, {"kind": "outbound", "title": "Đoàn xúc tiến tại Hàn Quốc"})
    editor = DelegationEditor(services, "outbound")
    qtbot.addWidget(editor)
    editor.show()
    type_text(editor.general.title, "Đoàn công tác tại Hàn Quốc")
    editor.general.countries.set_codes(["KR"])
    type_text(editor.general.start_date, "15/06/2026")
    type_text(editor.general.end_date, "20/06/2026")
    editor.refresh_live()
    assert "ngoài kế hoạch" in editor.findings.text()
    assert editor.general.plan.label.text().startswith("Ngoài kế hoạch")
    picker = editor.general.plan.open_picker()
    assert picker.list.count() == 1
    picker.accept()
    editor.refresh_live()
    assert "ngoài kế hoạch" not in editor.findings.text()
    assert editor.save() and shown_errors == []
    assert services.plan.get_activity(planned.id).linked.id == editor.delegation_id
    assert "Đoàn xúc tiến tại Hàn Quốc" in editor.general.plan.label.text()


def test_the_plan_page_is_in_the_navigation_and_opens_from_a_finding(qtbot, services):
    window = build_main_window(services)
    qtbot.addWidget(window)
    keys = [s.key for s in window.specs]
    assert keys.index("plan") == keys.index("persons") + 1
    [r16] = services.plan.all_findings()
    window.open_record(r16.entity, r16.record_id)
    assert window.current_key() == "plan" and window.page("plan").body.currentIndex() == 0
    plan = services.plan.create(2027)
    window.open_record("annual_plan", plan.id)
    page = window.page("plan")
    assert page.selected_year() == 2027 and page.body.currentIndex() == 1
    assert date(2026, 1, 20) == services.ctx.today()


def test_keys_and_coming_back_refresh(qtbot, services, answer):
    plan = services.plan.create(2026)
    services.plan.save_activity(plan.id, {"kind": "inbound", "title": "Đón đoàn tỉnh Attapeu"})
    page = open_page(qtbot, services)
    page.hide()
    services.plan.save_activity(plan.id, {"kind": "other", "title": "Tổng kết năm"})
    page.show()
    assert page.table.rowCount() == 2  # made elsewhere while the page was hidden
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert isinstance(page.dialog, PlannedDialog) and page.dialog.record.id == page.rows[0].id
    page.dialog.reject()
    answer(True)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.table.rowCount() == 1

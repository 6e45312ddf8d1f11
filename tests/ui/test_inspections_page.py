"""Thanh tra, đôn đốc as officers use it: the province types an inspection with a recommendation and
reminds every unit failing an indicator from Theo dõi đơn vị; the unit answers from Tổng quan."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import build_main_window
from desktop.sync.state import PROVINCE_MODE
from tests.ui.conftest import activate
from tests.ui.typing import type_text


def _window(qtbot, services):
    window = build_main_window(services)
    qtbot.addWidget(window)
    activate(qtbot, window)
    return window


def _select(combo, code) -> None:
    combo.setCurrentIndex(combo.findData(code))


def test_the_province_types_an_inspection_and_its_recommendation(qtbot, services, shown_errors):
    services.device.put_setting(PROVINCE_MODE, "1")
    window = _window(qtbot, services)
    page = window.show_page("inspections")
    editor = page.new_inspection()
    editor.save_button.click()  # nothing typed: every missing field named, nothing stored
    assert "Chưa chọn đơn vị" in editor.form.error("unit_code") and services.inspections.inspections() == []
    _select(editor.fields["unit_code"], "DL-CMG")
    type_text(editor.fields["team"], "Đoàn kiểm tra Sở Ngoại vụ, Trưởng đoàn: Lê Văn Tâm")
    type_text(editor.fields["scope"], "Thực hiện Chỉ thị 13/CT-UBND năm 2025")
    editor.fields["end_date"].setText("02/01/2026")  # before the start (20/01): refused beside the field
    editor.save_button.click()
    assert "Ngày kết thúc" in editor.form.error("end_date")
    assert editor.fields["team"].text().startswith("Đoàn kiểm tra")  # what was typed stays
    editor.fields["end_date"].setText("22/01/2026")
    editor.save_button.click()
    [row] = services.inspections.inspections()
    assert row.unit_code == "DL-CMG" and row.team == "Đoàn kiểm tra Sở Ngoại vụ, Trưởng đoàn: Lê Văn Tâm"
    assert page.inspection_table.item(0, 0).text() == "Huyện Cư M'gar"

    editor.recommendations.add_button.click()
    dialog = editor.recommendations.open_dialog
    type_text(dialog.fields["content"], "Nộp bổ sung báo cáo kết quả chuyến đi Hàn Quốc")
    dialog.fields["due_date"].setText("10/01/2026")
    dialog.ok_button.click()
    [rec] = services.inspections.get(row.id).recommendations
    assert rec.overdue and editor.recommendations.table.item(0, 1).text() == "10/01/2026"
    assert page.inspection_table.item(0, 8).text() == "1"  # overdue (R17) on the list too
    assert any(f.rule == "R17" for f in services.all_findings())
    editor.close()


def test_a_deleted_inspection_comes_back_with_undo(qtbot, services, answer):
    services.device.put_setting(PROVINCE_MODE, "1")
    detail = services.inspections.save({"unit_code": "DL-CMG", "start_date": date(2026, 1, 6), "team": "Đoàn A",
                                        "scope": "Kế hoạch năm"})
    services.inspections.save_recommendation(detail.id, {"content": "Ban hành kế hoạch", "due_date": date(2026, 2, 1)})
    window = _window(qtbot, services)
    page = window.show_page("inspections")
    asked = answer(True)
    page.inspection_table.selectRow(0)
    page.inspection_table.setFocus()
    qtbot.keyClick(page.inspection_table, Qt.Key.Key_Delete)
    assert "cùng 1 kiến nghị" in asked[0] and services.inspections.inspections() == []
    page.undo_button.click()
    [row] = services.inspections.inspections()
    assert row.recommendations == 1


def test_a_reminder_to_every_unit_without_a_plan_from_the_scorecard(qtbot, services):
    services.device.put_setting(PROVINCE_MODE, "1")
    window = _window(qtbot, services)
    monitoring = window.show_page("monitoring")
    monitoring.year.setValue(2025)
    qtbot.waitUntil(lambda: not monitoring.busy() and bool(monitoring.rows) and monitoring._year == 2025, timeout=20000)
    without_plan = [r.unit_code for r in monitoring.rows if r.plan_issued_on is None]
    assert len(without_plan) > 2
    monitoring.table.setCurrentCell(0, 1)  # the plan column (R16)
    monitoring.remind_button.click()
    page = window.page("inspections")
    dialog = page.open_dialog
    assert window.current_key() == "inspections"
    assert dialog.subject.text() == "Đôn đốc ban hành kế hoạch công tác đối ngoại năm 2025"
    assert dialog.indicator.currentData() == "R16" and sorted(dialog.chosen_units()) == sorted(without_plan)
    dialog.unit_list.item(0).setCheckState(Qt.CheckState.Unchecked)  # that one has just sent its plan
    dialog.ok_button.click()  # no body yet: refused beside the field, nothing written
    assert "Chưa nhập nội dung" in dialog.form.error("body") and services.inspections.reminders() == []
    type_text(dialog.body, "Đề nghị ban hành kế hoạch trước ngày 31/01/2026, gửi Sở Ngoại vụ.")
    dialog.ok_button.click()
    stored = services.inspections.reminders()
    assert len(stored) == len(without_plan) - 1 and {r.data["indicator"] for r in stored} == {"R16"}
    assert page.reminder_table.rowCount() == len(stored)
    assert page.reminder_table.item(0, 4).text() == "chưa rõ" and page.reminder_table.item(0, 5).text() == "chưa"


def test_the_unit_answers_a_reminder_from_tong_quan(qtbot, services):
    from desktop.models import Reminder

    with services.ctx.db.session() as s:  # as an ack from the province leaves it
        s.info["applying_bundle"] = True
        s.add(Reminder(id="0b6f3c7e-1111-4c1e-9a55-000000000001", unit_code="DL-BMT", version=1,
                       origin_device="9f0c3c7e-2222-4c1e-9a55-000000000002",
                       subject="Đôn đốc ban hành kế hoạch đối ngoại năm 2026", body="Đề nghị ban hành trước 31/01.",
                       indicator="R16", sent_on=date(2026, 1, 15)))
    window = _window(qtbot, services)
    dashboard = window.show_page("dashboard")
    qtbot.waitUntil(lambda: any(i.entity == "reminder" for i in dashboard.items), timeout=20000)
    entry = next(i for i in dashboard.items if i.entity == "reminder")
    assert entry.message == "Sở Ngoại vụ đôn đốc (Thành phố Buôn Ma Thuột): Đôn đốc ban hành kế hoạch đối ngoại năm 2026"
    window.open_record(entry.entity, entry.record_id)
    page = window.page("inspections")
    assert window.current_key() == "inspections" and not page.new_reminder_button.isVisible()
    dialog = page.open_dialog
    dialog.ok_button.click()  # no result: refused
    assert "Hãy ghi kết quả" in dialog.form.error("result")
    type_text(dialog.result, "Đã ban hành Kế hoạch số 12/KH-UBND")
    dialog.ok_button.click()
    QApplication.processEvents()
    [row] = services.inspections.reminders()
    assert row.done and row.data["result"] == "Đã ban hành Kế hoạch số 12/KH-UBND"
    assert row.data["done_on"] == date(2026, 1, 20)
    assert page.reminder_table.item(0, 5).text() == "20/01/2026"

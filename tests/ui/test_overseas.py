"""Người VN ở nước ngoài, driven as a user: add an association typed in Vietnamese, add its activities,
see an open protection case at the top of the page, settle it, delete and undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.services.common import ListQuery
from desktop.ui.overseas.activities import ActivityDialog
from desktop.ui.overseas.page import OverseasPage
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton


def open_page(qtbot, services) -> OverseasPage:
    page = OverseasPage(services)
    qtbot.addWidget(page)
    page.show()
    return page


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_contact_typed_in_vietnamese_then_a_case_and_a_donation(qtbot, services, shown_errors):
    page = open_page(qtbot, services)
    assert page.cases_list.isHidden()
    editor = page.new_record()
    choose(editor.fields["kind"], "association")
    type_text(editor.fields["name"], "Hội người Việt Nam tại Busan")
    type_text(editor.fields["country"].lineEdit(), "Hàn Quốc")
    qtbot.keyClick(editor.fields["country"].lineEdit(), Qt.Key.Key_Return)
    type_text(editor.fields["hometown"], "Huyện Krông Búk, Đắk Lắk")
    assert editor.activities.add_button.isEnabled() is False  # not saved yet
    qtbot.mouseClick(editor.save_button, LEFT)
    assert shown_errors == []
    [row] = services.overseas.contacts(ListQuery(search="hoi nguoi viet busan"))
    stored = services.overseas.get_contact(row.id).data
    assert (stored["name"], stored["country"], stored["kind"], stored["hometown"]) == (
        "Hội người Việt Nam tại Busan", "KR", "association", "Huyện Krông Búk, Đắk Lắk")
    assert page.model.rowCount() == 1  # the list followed the save

    editor.tabs.setCurrentIndex(1)
    qtbot.mouseClick(editor.activities.add_button, LEFT)
    dialog = editor.activities.open_dialog
    assert isinstance(dialog, ActivityDialog)
    choose(dialog.fields["kind"], "citizen_protection")
    type_text(dialog.fields["title"], "Lao động Y Bhim Niê bị tai nạn, chưa được bồi thường")
    type_text(dialog.fields["date"], "05/01/2026")
    type_text(dialog.fields["location"], "Changwon")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible() and shown_errors == []
    [case] = services.overseas.open_cases()
    assert case.title == "Lao động Y Bhim Niê bị tai nạn, chưa được bồi thường" and case.date == date(2026, 1, 5)
    assert case.status == "open"
    assert editor.activities.table.rowCount() == 1
    assert page.cases_list.count() == 1 and "Y Bhim Niê" in page.cases_list.item(0).text()
    assert not page.cases_label.isHidden()

    qtbot.mouseClick(editor.activities.add_button, LEFT)
    dialog = editor.activities.open_dialog
    choose(dialog.fields["kind"], "donation")
    type_text(dialog.fields["title"], "Tặng sách cho trường ở Krông Pắc")
    type_text(dialog.fields["date"], "12/01/2026")
    type_text(dialog.fields["value_vnd"], "1.250.000x")
    qtbot.mouseClick(dialog.ok_button, LEFT)  # not an amount: refused beside the field
    assert dialog.isVisible() and "1.250.000x" in dialog.form.error("value_vnd")
    dialog.fields["value_vnd"].clear()
    type_text(dialog.fields["value_vnd"], "1.250.000")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    [donation] = services.overseas.activities(kind="donation")
    assert donation.value_vnd == 1_250_000 and donation.title == "Tặng sách cho trường ở Krông Pắc"

    editor.activities.table.selectRow(1)  # newest first: the case is the second row
    qtbot.mouseClick(editor.activities.edit_button, LEFT)
    dialog = editor.activities.open_dialog
    choose(dialog.fields["status"], "done")
    qtbot.mouseClick(dialog.ok_button, LEFT)  # a settled case needs its result
    assert dialog.isVisible() and dialog.form.error("result")
    type_text(dialog.fields["result"], "Được chủ sử dụng bồi thường đầy đủ")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert services.overseas.open_cases() == [] and page.cases_list.isHidden()
    assert shown_errors == []


def test_editor_names_what_is_missing_and_keeps_what_was_typed(qtbot, services):
    page = open_page(qtbot, services)
    editor = page.new_record()
    type_text(editor.fields["name"], "H'Liên Byă")
    type_text(editor.fields["country"].lineEdit(), "Xứ Sở Thần Tiên")
    type_text(editor.fields["email"], "hlien@")
    assert editor.save() is False
    assert "Xứ Sở Thần Tiên" in editor.form.error("country")
    assert "hlien@" in editor.form.error("email")
    assert editor.fields["name"].text() == "H'Liên Byă"
    assert services.overseas.count_contacts() == 0


def test_filters_activity_tab_delete_and_undo(qtbot, services, answer):
    answer(True)
    thanh = services.overseas.save_contact({"kind": "person", "name": "Nguyễn Văn Thành", "country": "FR"})
    services.overseas.save_contact({"kind": "association", "name": "Hội người Việt tại Melbourne",
                                    "country": "AU"})
    services.overseas.save_activity(thanh.id, {"kind": "home_visit", "title": "Về quê ăn Tết",
                                               "date": date(2025, 1, 26)})
    page = open_page(qtbot, services)
    assert page.model.rowCount() == 2
    assert page.country_filter.count() == 3  # every country + the two with contacts
    choose(page.country_filter, "AU")
    assert [page.model.row_at(i).name for i in range(page.model.rowCount())] == ["Hội người Việt tại Melbourne"]
    assert page.activity_model.rowCount() == 0
    choose(page.country_filter, None)
    choose(page.year_filter, 2025)
    assert page.activity_model.rowCount() == 1

    page.tabs.setCurrentIndex(0)
    page.view.selectRow(page.model.row_for_id(thanh.id))
    page.delete_current()
    assert services.overseas.count_contacts() == 1 and services.overseas.count_activities() == 0
    assert "Nguyễn Văn Thành" in page.undo_label.text()
    page.undo_delete()
    assert services.overseas.count_contacts() == 2 and services.overseas.count_activities() == 1

    page.tabs.setCurrentIndex(1)
    page.activity_view.selectRow(0)
    page.delete_current()
    assert services.overseas.count_activities() == 0 and services.overseas.count_contacts() == 2
    page.undo_delete()
    assert services.overseas.count_activities() == 1


def test_search_hit_opens_the_contact_on_its_activities(qtbot, services):
    thanh = services.overseas.save_contact({"kind": "person", "name": "Nguyễn Văn Thành", "country": "FR"})
    visit = services.overseas.save_activity(thanh.id, {"kind": "home_visit", "title": "Về quê ăn Tết",
                                                       "date": date(2025, 1, 26)})
    page = open_page(qtbot, services)
    editor = page.open_record("overseas_activity", visit.id)
    assert editor.contact_id == thanh.id and editor.tabs.currentIndex() == 1
    assert editor.activities.table.item(0, 2).text() == "Về quê ăn Tết"
    assert page.open_record("overseas_contact", thanh.id) is editor


def test_excel_export_of_the_contacts_shown(qtbot, services, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    services.overseas.save_contact({"kind": "person", "name": "Nguyễn Văn Thành", "country": "FR"})
    services.overseas.save_contact({"kind": "association", "name": "Hội người Việt Nam tại Busan", "country": "KR"})
    page = open_page(qtbot, services)
    choose(page.country_filter, "KR")
    target = tmp_path / "kieu-bao.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page.export_action.trigger()
    qtbot.waitUntil(lambda: target.exists(), timeout=10000)
    rows = list(load_workbook(target).active.values)
    assert "Họ tên / tên hội" in rows[0]
    assert len(rows) == 2 and "Hội người Việt Nam tại Busan" in rows[1] and "Hàn Quốc" in rows[1]

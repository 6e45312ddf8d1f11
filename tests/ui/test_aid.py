"""Viện trợ PCP, driven as a user: type a project, pick the donor from the NGO register, see the decree
and R13 live, add a disbursement, filter, export, delete and undo; bad amounts keep what was typed."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain.calendar import add_months
from desktop.services.common import ListQuery
from desktop.ui.aid.disbursements import DisbursementDialog
from desktop.ui.aid.page import AidPage
from tests.conftest import TODAY
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton


def open_page(qtbot, services) -> AidPage:
    page = AidPage(services)
    qtbot.addWidget(page)
    page.show()
    return page


def test_type_a_project_with_an_ngo_donor_then_a_disbursement(qtbot, services, shown_errors):
    ngo = services.ngos.save({"name_original": "Good Neighbors International",
                              "name_vi": "Tổ chức Láng giềng Tốt Quốc tế", "country": "KR"})
    page = open_page(qtbot, services)
    editor = page.new_record()
    general, value = editor.general, editor.value
    type_text(general.title, "Cấp nước sạch cho buôn Ko Tam, người Ê Đê")
    type_text(general.donor.combo.lineEdit(), "lang gieng")  # no diacritics: the register is searched
    assert general.donor.names.stringList() == ["Tổ chức Láng giềng Tốt Quốc tế"]
    general.donor.combo.setEditText("Tổ chức Láng giềng Tốt Quốc tế")  # the completion chosen
    assert "Good Neighbors International" in general.donor.note.text()
    general.sector.setCurrentIndex(general.sector.findData("water_sanitation"))
    general.status.setCurrentIndex(general.status.findData("in_progress"))
    type_text(general.location, "Xã Ea Tu, TP. Buôn Ma Thuột")
    type_text(value.currency.lineEdit(), "usd")
    type_text(value.value_original, "185.000")
    type_text(value.value_vnd, "4.625.000.000")
    type_text(value.approval_date, "16/06/2025")
    type_text(value.start_date, "01/08/2025")
    editor.refresh_live()
    assert "80/2020/NĐ-CP" in editor.decree.text()
    clear_and_type(value.approval_date, "10/12/2025")
    clear_and_type(value.start_date, "05/01/2026")
    editor.refresh_live()
    assert "313/2025/NĐ-CP" in editor.decree.text()
    qtbot.mouseClick(editor.save_button, LEFT)
    assert shown_errors == [] and editor.project_id is not None
    assert value.value_vnd.text() == "4.625.000.000 ₫"  # shown back in the house money format

    [row] = services.aid.page(ListQuery(search="ko tam e de"))
    stored = services.aid.get(row.id)
    assert stored.data["donor_ngo_id"] == ngo.id and stored.data["currency"] == "USD"
    assert (stored.data["value_original"], stored.data["value_vnd"]) == (185_000, 4_625_000_000)
    assert stored.data["approval_date"] == date(2025, 12, 10) and stored.data["status"] == "in_progress"
    assert row.decree == "313/2025/NĐ-CP" and page.model.rowCount() == 1

    editor.tabs.setCurrentIndex(2)
    qtbot.mouseClick(editor.disbursements.add_button, LEFT)
    dialog = editor.disbursements.open_dialog
    assert isinstance(dialog, DisbursementDialog)
    type_text(dialog.fields["period_start"], "05/01/2026")
    type_text(dialog.fields["period_end"], "15/01/2026")
    type_text(dialog.fields["amount_vnd"], "1.156.250.000")
    type_text(dialog.fields["amount_original"], "46.250")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert editor.disbursements.table.rowCount() == 1
    assert "Đã giải ngân: 1.156.250.000 ₫ (25%)" in editor.disbursements.totals_label.text()
    [paid] = services.aid.get(row.id).disbursements
    assert (paid.data["amount_vnd"], paid.data["amount_original"]) == (1_156_250_000, 46_250)
    assert page.model.row_at(0).disbursed_vnd == 1_156_250_000  # the list followed
    assert shown_errors == []


def test_bad_amounts_keep_the_text_and_say_why(qtbot, services, shown_errors):
    page = open_page(qtbot, services)
    editor = page.new_record()
    type_text(editor.general.title, "Trường mẫu giáo cho trẻ em Jrai")
    type_text(editor.general.donor.combo.lineEdit(), "Quỹ Hỗ trợ cộng đồng Gimhae")
    type_text(editor.value.value_vnd, "ba tỷ đồng")
    assert editor.save() is False
    slot = editor.value.slots["value_vnd"]
    assert "phải là số tiền nguyên, không âm" in slot.problem.text() and not slot.problem.isHidden()
    assert editor.value.value_vnd.text() == "ba tỷ đồng"
    assert editor.tabs.currentIndex() == 1 and services.aid.count() == 0
    clear_and_type(editor.value.value_vnd, "-5")
    assert editor.save() is False and services.aid.count() == 0
    clear_and_type(editor.value.value_vnd, "3.000.000.000 ₫")
    assert editor.save() is True
    assert services.aid.page()[0].value_vnd == 3_000_000_000 and shown_errors == []

    editor.tabs.setCurrentIndex(2)
    qtbot.mouseClick(editor.disbursements.add_button, LEFT)
    dialog = editor.disbursements.open_dialog
    type_text(dialog.fields["period_start"], "05/01/2026")
    type_text(dialog.fields["amount_vnd"], "12,5 triệu")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "số tiền nguyên" in dialog.form.error("amount_vnd")
    assert dialog.fields["amount_vnd"].text() == "12,5 triệu"
    assert services.aid.get(editor.project_id).disbursements == []


def test_r13_live_in_the_findings_panel(qtbot, services):
    page = open_page(qtbot, services)
    editor = page.new_record()
    type_text(editor.general.title, "Chăm sóc sức khỏe bà mẹ và trẻ em")
    type_text(editor.general.donor.combo.lineEdit(), "World Vision")
    editor.general.status.setCurrentIndex(editor.general.status.findData("approved"))
    type_text(editor.value.approval_date, add_months(TODAY, -7).strftime("%d/%m/%Y"))
    editor.refresh_live()
    assert "Quá hạn" in editor.findings.text() and "hết hiệu lực" in editor.findings.text()
    type_text(editor.value.start_date, "10/01/2026")  # started ten days ago: nothing to say
    editor.refresh_live()
    assert "Không có cảnh báo" in editor.findings.text()


def test_list_filters_open_export_and_delete_with_undo(qtbot, services, answer, tmp_path, monkeypatch):
    answer(True)
    ngo = services.ngos.save({"name_original": "Oxfam", "country": "GB"})
    base = {"form": "project", "aid_type": "investment", "value_vnd": 1_000_000_000}
    services.aid.save({**base, "title": "Sinh kế cà phê cho hộ M'nông", "donor_ngo_id": ngo.id,
                       "status": "approved", "approval_date": add_months(TODAY, -7)})
    services.aid.save({**base, "title": "Trường học cho trẻ em Ê Đê", "donor_name": "Plan International",
                       "status": "proposed"})
    page = open_page(qtbot, services)
    assert page.model.rowCount() == 2 and page.count_label.text() == "2 chương trình, dự án"
    assert page.totals_label.text() == "Tổng cam kết: 2.000.000.000 ₫ · Đã giải ngân: 0 ₫ (0%)"
    page.status_filter.setCurrentIndex(page.status_filter.findData("approved"))
    [lapsed] = page.model.loaded_rows()
    assert lapsed.title == "Sinh kế cà phê cho hộ M'nông" and lapsed.r13 == "overdue"
    page.status_filter.setCurrentIndex(0)
    page.donor_filter.setCurrentIndex(page.donor_filter.findData(ngo.id))
    assert [r.title for r in page.model.loaded_rows()] == ["Sinh kế cà phê cho hộ M'nông"]
    page.donor_filter.setCurrentIndex(0)
    page.search.setText("truong hoc e de")
    page.search.flush()
    assert [r.title for r in page.model.loaded_rows()] == ["Trường học cho trẻ em Ê Đê"]

    told = []
    target = tmp_path / "vien-tro.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert "1 dòng" in told[0]
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Tên chương trình, dự án" in rows[0] and len(rows) == 2
    assert rows[1][rows[0].index("Tên chương trình, dự án")] == "Trường học cho trẻ em Ê Đê"
    page.search.setText("")
    page.search.flush()
    page.year_filter.setCurrentIndex(page.year_filter.findData(add_months(TODAY, -7).year))
    assert page.model.rowCount() == 1
    page.export_action.trigger()  # the year of approval narrows the export as it narrows the list
    qtbot.waitUntil(lambda: len(told) == 2, timeout=10000)
    assert "1 dòng" in told[1]
    header, *body = list(load_workbook(target).active.iter_rows(values_only=True))
    assert [r[header.index("Tên chương trình, dự án")] for r in body] == ["Sinh kế cà phê cho hộ M'nông"]
    page.year_filter.setCurrentIndex(0)
    page.search.setText("truong hoc e de")
    page.search.flush()

    page.view.selectRow(0)
    editor = page.open_record("aid_project", page.current_row().id)
    assert editor.general.title.text() == "Trường học cho trẻ em Ê Đê"
    editor.close()
    page.delete_current()
    assert page.model.rowCount() == 0 and services.aid.count() == 1
    page.undo_delete()
    assert services.aid.count() == 2 and page.model.rowCount() == 1


def test_a_disbursement_or_a_due_r13_line_opens_its_project_from_the_main_window(qtbot, services):
    from desktop.app import build_main_window

    project = services.aid.save({"title": "Nước sạch cho buôn Kram", "donor_name": "WaterAid", "form": "project",
                                 "aid_type": "investment", "status": "approved",
                                 "approval_date": add_months(TODAY, -7)})
    paid = services.aid.save_disbursement(project.id, {"period_start": TODAY, "amount_vnd": 5_000_000})
    assert [d.rule for d in services.dashboard.due() if d.record_id == project.id] == ["R13"]
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    window.open_record("aid_disbursement", paid.id)
    assert window.current_key() == "aid"
    [editor] = window.page("aid").editors()
    assert editor.project_id == project.id and editor.disbursements.table.rowCount() == 1
    assert "Quá hạn" in editor.findings.text()


def test_the_decree_switch_day_is_edited_in_settings(qtbot, services, shown_errors):
    from desktop.ui.settings.rules_tab import RuleDialog

    [rule] = [r for r in services.rules.list() if r.code == "R13"]
    dialog = RuleDialog(services, rule)
    qtbot.addWidget(dialog)
    field = dialog.dates["decree_313_from"]
    assert field.text() == "08/12/2025"
    clear_and_type(field, "31/02/2026")  # impossible: refused beside the field, nothing stored
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.form.error("decree_313_from") and services.aid.decree_for(date(2025, 12, 8)).number == "313/2025/NĐ-CP"
    clear_and_type(field, "01/01/2026")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert services.aid.decree_for(date(2025, 12, 8)).number == "80/2020/NĐ-CP"
    assert services.aid.decree_for(date(2026, 1, 1)).number == "313/2025/NĐ-CP" and shown_errors == []


def test_a_donor_typed_in_decomposed_letters_still_links_the_ngo(qtbot, services):
    import unicodedata

    from desktop.ui.aid.fields import DonorBox

    ngo = services.ngos.save({"name_original": "Good Neighbors International",
                              "name_vi": "Tổ chức Láng giềng Tốt Quốc tế", "country": "KR"})
    box = DonorBox(services)
    qtbot.addWidget(box)
    type_text(box.combo.lineEdit(), unicodedata.normalize("NFD", "Tổ chức Láng giềng Tốt Quốc tế"))
    assert box.collect() == {"donor_ngo_id": ngo.id, "donor_name": "Tổ chức Láng giềng Tốt Quốc tế"}
    clear_and_type(box.combo.lineEdit(), "Quỹ Hỗ trợ cộng đồng Gimhae")
    assert box.collect() == {"donor_ngo_id": None, "donor_name": "Quỹ Hỗ trợ cộng đồng Gimhae"}
    assert "Không có trong sổ" in box.note.text()


def test_attach_the_approval_decision_then_save(qtbot, services, shown_errors, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    decision = tmp_path / "quyet-dinh.pdf"
    decision.write_bytes(b"%PDF-1.4")
    page = open_page(qtbot, services)
    editor = page.new_record()
    assert not editor.attachments.add_button.isEnabled()  # not saved yet
    type_text(editor.general.title, "Nước sạch cho buôn Kram")
    type_text(editor.general.donor.combo.lineEdit(), "WaterAid")
    assert editor.save() is True
    editor.tabs.setCurrentIndex(3)
    editor.attachments.kind.setCurrentIndex(editor.attachments.kind.findData("decision"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(decision)], ""))
    qtbot.mouseClick(editor.attachments.add_button, LEFT)
    assert editor.attachments.table.rowCount() == 1
    assert editor.attachments.table.item(0, 1).text() == "Quyết định phê duyệt"
    type_text(editor.general.location, "Xã Hòa Phú")
    assert editor.save() is True and shown_errors == []  # the attachment moved the version on: no conflict
    stored = services.aid.get(editor.project_id).data
    assert stored["location"] == "Xã Hòa Phú" and [a["kind"] for a in stored["attachments"]] == ["decision"]


def test_the_keyboard_deletes_and_undoes(qtbot, services, answer):
    from tests.ui.conftest import activate

    asked = answer(True)
    services.aid.save({"title": "Sinh kế cho hộ M'nông", "donor_name": "Oxfam", "form": "project",
                       "aid_type": "investment", "status": "proposed"})
    page = open_page(qtbot, services)
    activate(qtbot, page)
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked and "Sinh kế cho hộ M'nông" in asked[0] and services.aid.count() == 0
    assert "Đã xóa" in page.undo_label.text()
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.aid.count() == 1 and page.model.rowCount() == 1


def test_amounts_read_back_what_they_show_in_both_languages(qtbot):
    from desktop.i18n import set_language
    from desktop.ui.widgets.money_field import MoneyField

    field = MoneyField("Giá trị", "USD")
    qtbot.addWidget(field)
    type_text(field, "185.000 usd")
    assert field.value() == 185_000 and field.error() is None
    field.set_value(1_250_000)
    assert field.text() == "1.250.000 USD" and field.value() == 1_250_000
    set_language("en")
    try:
        english = MoneyField("Value")
        qtbot.addWidget(english)
        english.set_value(1_250_000)
        assert english.text() == "1,250,000 ₫" and english.value() == 1_250_000
    finally:
        set_language("vi")

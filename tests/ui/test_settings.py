"""Cài đặt: rules, working calendar, units, this computer, language — edited as a user does."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.ui.settings.page import SettingsPage
from tests.ui.conftest import double_click
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, services) -> SettingsPage:
    widget = SettingsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def province_page(qtbot, bare_services) -> SettingsPage:
    """Cài đặt at the province, which owns the unit list."""
    bare_services.device.set_up("DL", "Nguyễn Văn An")
    widget = SettingsPage(bare_services)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_rule(qtbot, page: SettingsPage, code: str):
    tab = page.rules
    row = [r.code for r in tab.rules].index(code)
    double_click(qtbot, tab.table.viewport(), tab.table.visualItemRect(tab.table.item(row, 1)).center())
    return tab.dialog


def test_change_r1_lead_days_through_the_dialog(qtbot, page, services):
    dialog = open_rule(qtbot, page, "R1")
    assert dialog.isVisible()
    spin = dialog.spins["lead_working_days"]
    assert spin.value() == 20
    assert "NV-CPRD-01" in dialog.source.toPlainText()
    clear_and_type(spin, "25")
    with qtbot.waitSignal(page.rulesChanged):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert services.rules.config().param("R1", "lead_working_days") == 25
    row = [r.code for r in page.rules.rules].index("R1")
    assert page.rules.table.item(row, 0).text() == "R1 *"
    assert ": 25" in page.rules.table.item(row, 3).text()


def test_rule_without_source_is_refused_beside_the_field(qtbot, page, services):
    dialog = open_rule(qtbot, page, "R5")
    dialog.source.clear()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and dialog.form.error("source")
    assert not [r for r in services.rules.list() if r.edited]


def test_restore_default_after_confirmation(qtbot, page, services, answer):
    services.rules.update("R1", {"lead_working_days": 30, "notice_working_days": 10}, "Quyết định mới")
    page.rules.reload()
    dialog = open_rule(qtbot, page, "R1")
    answer(True)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert services.rules.config().param("R1", "lead_working_days") == 20


def test_switch_a_rule_off(qtbot, page, services):
    dialog = open_rule(qtbot, page, "R6")
    box = dialog.enabled
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not services.rules.config().is_enabled("R6")


def test_add_and_remove_a_day_off(qtbot, page, services):
    tab = page.calendar
    page.tabs.setCurrentWidget(tab)
    type_text(tab.day, "04/05/2026")
    type_text(tab.note, "Nghỉ bù ngày Quốc tế Lao động")
    with qtbot.waitSignal(page.rulesChanged):
        qtbot.mouseClick(tab.add_button, LEFT)
    [day] = services.rules.calendar_days()
    assert (day.day, day.kind, day.note) == (date(2026, 5, 4), "off", "Nghỉ bù ngày Quốc tế Lao động")
    assert not services.rules.calendar().is_working_day(date(2026, 5, 4))
    assert tab.table.item(0, 0).text() == "Thứ Hai 04/05/2026"
    assert tab.day.text() == ""
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.remove_button, LEFT)
    assert services.rules.calendar_days() == []


def test_makeup_day_on_a_weekday_is_refused_with_a_message(qtbot, page, services):
    tab = page.calendar
    type_text(tab.day, "05/05/2026")
    tab.kind.setCurrentIndex(tab.kind.findData("work"))
    qtbot.mouseClick(tab.add_button, LEFT)
    assert "thứ Bảy hoặc Chủ nhật" in tab.day_error.text() and tab.day_error.isVisibleTo(tab)
    assert tab.day.text() == "05/05/2026"
    assert services.rules.calendar_days() == []


def test_public_holidays_of_the_year_are_listed(page):
    tab = page.calendar
    tab.year.setValue(2026)
    texts = [tab.holidays.item(i).text() for i in range(tab.holidays.count())]
    assert any("17/02/2026" in t for t in texts)
    assert any("02/09/2026" in t for t in texts)


def test_add_a_commune(qtbot, province_page, bare_services):
    page, services = province_page, bare_services
    tab = page.units
    qtbot.mouseClick(tab.add_button, LEFT)
    dialog = tab.dialog
    type_text(dialog.code, "DL-TANAN")
    type_text(dialog.name, "Phường Tân An")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    unit = services.units.get("DL-TANAN")
    assert unit.name == "Phường Tân An" and unit.level == "commune" and unit.parent_code == "DL"
    assert unit.valid_from == date(2025, 7, 1)
    assert "Phường Tân An" in [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]


def test_duplicate_unit_code_is_shown_beside_the_field(qtbot, province_page):
    page = province_page
    qtbot.mouseClick(page.units.add_button, LEFT)
    dialog = page.units.dialog
    type_text(dialog.code, "DL-BMT")
    type_text(dialog.name, "Phường Buôn Ma Thuột")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "DL-BMT" in dialog.form.error("code")


def test_a_units_machine_receives_the_unit_list_and_does_not_edit_it(page, services):
    tab = page.units
    assert tab.add_button.isHidden() and tab.retire_button.isHidden()
    assert "do Sở Ngoại vụ quản lý" in tab.owner_note.text() and not tab.owner_note.isHidden()


def test_retire_a_unit(qtbot, province_page, bare_services):
    page, services = province_page, bare_services
    services.units.add("DL-TANAN", "Phường Tân An", "commune", "DL", date(2025, 7, 1))
    tab = page.units
    tab.reload()
    tab.table.selectRow([u.code for u in tab.units].index("DL-TANAN"))
    qtbot.mouseClick(tab.retire_button, LEFT)
    type_text(tab.dialog.valid_to, "31/12/2030")
    qtbot.mouseClick(tab.dialog.ok_button, LEFT)
    assert services.units.get("DL-TANAN").valid_to == date(2030, 12, 31)


def test_device_tab_shows_identity_and_renames_the_officer(qtbot, page, services):
    tab = page.device
    info = services.device.info()
    labels = " ".join(w.text() for w in tab.findChildren(type(tab.officer_notice)))
    assert info.id in labels and info.fingerprint in labels and "test.sqlite3" in labels
    clear_and_type(tab.officer, "Nguyễn Thị Bích Ngọc")
    with qtbot.waitSignal(page.officerChanged):
        qtbot.mouseClick(tab.save_officer_button, LEFT)
    assert services.device.info().officer == "Nguyễn Thị Bích Ngọc"


def test_empty_officer_name_is_refused(qtbot, page, services):
    tab = page.device
    tab.officer.clear()
    qtbot.mouseClick(tab.save_officer_button, LEFT)
    assert tab.officer_error.isVisibleTo(tab) and tab.officer_error.text()
    assert services.device.info().officer == "Nguyễn Văn An"


def test_language_is_stored_for_the_next_start(qtbot, page, services):
    tab = page.language
    tab.language.setCurrentIndex(tab.language.findData("en"))
    qtbot.mouseClick(tab.save_button, LEFT)
    assert services.device.get_setting("language") == "en"
    assert "khởi động lại" in tab.notice.text()


def test_list_parameter_is_edited_with_checkboxes(qtbot, page, services):
    dialog = open_rule(qtbot, page, "R7")
    inbound = dialog.choices["directions"]["inbound"]
    assert inbound.isChecked() and inbound.text() == "Đoàn vào"
    qtbot.mouseClick(inbound, LEFT, pos=QPoint(8, inbound.height() // 2))
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert services.rules.config().param("R7", "directions") == ["outbound"]
    row = [r.code for r in page.rules.rules].index("R7")
    assert page.rules.table.item(row, 3).text().endswith(": Đoàn ra")


def test_the_unit_of_the_machine_is_changed_in_may_nay_after_saying_what_it_means(qtbot, page, services, answer):
    tab = page.device
    page.tabs.setCurrentWidget(tab)
    assert tab.unit.currentData() == "DL-BMT" and not tab.change_unit_button.isEnabled()
    tab.unit.setCurrentIndex(tab.unit.findData("DL"))
    assert tab.unit_meaning.text().startswith("Máy của Sở Ngoại vụ (tỉnh)")
    asked = answer(False)
    qtbot.mouseClick(tab.change_unit_button, LEFT)
    assert "sẽ chuyển sang «Tỉnh Đắk Lắk»" in asked[0] and "sau khi gửi gói đầu tiên" in asked[0]
    assert services.device.info().unit_code == "DL-BMT"  # Hủy changes nothing

    answer(True)
    qtbot.mouseClick(tab.change_unit_button, LEFT)
    assert services.device.info().unit_code == "DL" and services.province.is_province()
    assert "Đã đổi: máy này phục vụ Tỉnh Đắk Lắk" in tab.unit_notice.text()


def test_after_the_first_bundle_the_unit_is_fixed(qtbot, services, tmp_path):
    from desktop.ui.settings.page import SettingsPage

    services.sync.export_bundle(tmp_path, allow_plaintext=True)
    page = SettingsPage(services)
    qtbot.addWidget(page)
    assert not page.device.unit.isEnabled()
    assert "1 gói dữ liệu" in page.device.unit.toolTip()

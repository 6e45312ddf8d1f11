"""First run: choose the unit, type the officer's name, optionally load demo data."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel

from desktop.services.common import ListQuery
from desktop.ui.dialogs.first_run import FirstRunDialog
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def dialog(qtbot, bare_services) -> FirstRunDialog:
    widget = FirstRunDialog(bare_services)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def choose_unit(dialog: FirstRunDialog, code: str) -> None:
    index = dialog.unit.findData(code)
    assert index >= 0, code
    dialog.unit.setCurrentIndex(index)


def test_officer_and_unit_are_stored(qtbot, dialog, bare_services):
    type_text(dialog.officer, "Hoàng Thị Thu Trang")
    choose_unit(dialog, "DL-KPA")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.result() == QDialog.DialogCode.Accepted
    info = bare_services.device.info()
    assert info.officer == "Hoàng Thị Thu Trang"
    assert info.unit_code == "DL-KPA" and info.unit_name == "Huyện Krông Pắc"
    assert bare_services.device.get_setting("language") == "vi"


def test_empty_name_is_refused_beside_the_field_and_dialog_stays(qtbot, dialog, bare_services):
    choose_unit(dialog, "DL-BMT")
    type_text(dialog.officer, "   ")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible()
    assert dialog.form.error("officer") == "Hãy nhập họ tên cán bộ sử dụng máy."
    assert not bare_services.device.is_set_up()
    assert dialog.unit.currentData() == "DL-BMT"
    type_text(dialog.officer, "Y Thông Ktla")
    assert dialog.form.error("officer") == ""  # the message goes once the name is typed
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert bare_services.device.info().officer == "Y Thông Ktla"


def test_retired_units_are_marked(dialog):
    texts = [dialog.unit.itemText(i) for i in range(dialog.unit.count())]
    assert "Thành phố Buôn Ma Thuột (DL-BMT) (trước 01/7/2025)" in texts
    assert "Tỉnh Đắk Lắk (DL)" in texts


def test_a_units_machine_adds_no_unit_of_its_own(dialog):
    """The unit list is the province's (SYNC.md step 3): the first run only chooses from it."""
    assert not hasattr(dialog, "add_unit_button")
    assert "báo Sở" in " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_english_is_remembered(qtbot, dialog, bare_services):
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    type_text(dialog.officer, "Nguyễn Văn An")
    choose_unit(dialog, "DL-BMT")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert bare_services.device.get_setting("language") == "en"


def test_nothing_is_chosen_for_the_officer(qtbot, dialog, bare_services):
    """Accepting the defaults must not make this PC the province's receiving station."""
    assert dialog.unit.currentIndex() == -1 and dialog.unit.currentData() is None
    assert dialog.unit_meaning.isHidden()
    type_text(dialog.officer, "Nguyễn Văn An")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and not bare_services.device.is_set_up()
    assert dialog.form.error("unit_code") == "Hãy chọn đơn vị mà máy này phục vụ."
    assert dialog.unit.hasFocus()


def test_choosing_the_province_says_what_it_means(qtbot, dialog, bare_services):
    choose_unit(dialog, "DL")
    assert dialog.unit_meaning.isVisible()
    assert dialog.unit_meaning.text().startswith("Máy của Sở Ngoại vụ (tỉnh): nhận và nhập gói dữ liệu")
    choose_unit(dialog, "DL-KPA")
    assert dialog.unit_meaning.text().startswith("Huyện Krông Pắc thôi hoạt động từ 01/07/2025")


def test_demo_data_is_loaded_when_asked(qtbot, dialog, bare_services):
    assert dialog.demo.isVisibleTo(dialog)
    type_text(dialog.officer, "Nguyễn Văn An")
    choose_unit(dialog, "DL-BMT")
    qtbot.mouseClick(dialog.demo, LEFT, pos=QPoint(8, dialog.demo.height() // 2))
    assert dialog.demo.isChecked()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert bare_services.delegations.count(ListQuery()) > 0
    assert bare_services.persons.count(ListQuery()) > 0


def test_unreadable_database_is_reported_and_left_untouched(tmp_path, monkeypatch, qapp):
    import desktop.app as app

    broken = tmp_path / "hong.sqlite3"
    broken.write_bytes(b"day khong phai SQLite " * 100)
    before = broken.read_bytes()
    shown = []
    monkeypatch.setattr(app, "_fatal", shown.append)
    assert app.run_gui(str(broken)) == 2
    assert broken.read_bytes() == before
    assert shown and shown[0]


def test_closing_the_first_run_dialog_quits_without_setting_up(tmp_path, monkeypatch, qapp):
    import desktop.app as app

    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    db = tmp_path / "moi.sqlite3"
    assert app.run_gui(str(db)) == 1
    from desktop.config import Paths
    from desktop.services import open_services

    services = open_services(f"sqlite:///{db}", Paths(tmp_path / "data"))
    try:
        assert not services.device.is_set_up()
    finally:
        services.close()


def test_the_provinces_key_file_can_be_loaded_at_the_first_run(qtbot, dialog, bare_services, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from desktop.config import Paths
    from desktop.services import open_services
    from desktop.ui.widgets import errors
    from tests.templates import sqlite_url

    province = open_services(sqlite_url(tmp_path / 'province.sqlite3'), Paths(tmp_path / "province"))
    try:
        province.device.set_up("DL", "Lê Thị Hoa")
        province.sync.set_province_mode(True)
        key_file = province.sync.export_key_file(tmp_path / "usb")
        expected = province.sync.keys()
    finally:
        province.close()
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(key_file), ""))
    monkeypatch.setattr(errors, "confirm", lambda _p, _t, text: asked.append(text) or True)
    qtbot.mouseClick(dialog.key_file_button, LEFT)
    assert expected.fingerprint in asked[0] and expected.fingerprint in dialog.key_file_label.text()
    assert not bare_services.device.is_set_up()  # nothing stored before "Bắt đầu"
    type_text(dialog.officer, "Hoàng Thị Thu Trang")
    choose_unit(dialog, "DL-KPA")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    keys = bare_services.sync.keys()
    assert (keys.recipient, keys.province_fingerprint) == (expected.recipient, expected.fingerprint)

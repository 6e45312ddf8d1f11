"""First run: which unit this computer serves, who uses it, the language, demo data."""

from __future__ import annotations

import importlib
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import LANGUAGES, _, current_language
from desktop.ui.dialogs.add_unit import AddUnitDialog
from desktop.ui.dialogs.form import FieldForm, open_modal
from desktop.ui.sync.keys_box import choose_key_file, fingerprint_question
from desktop.ui.widgets import errors


def unit_label(unit) -> str:
    """"Tên (MÃ)", with "(trước 01/7/2025)" for a unit that no longer exists."""
    text = f"{unit.name} ({unit.code})"
    if unit.valid_to is not None:
        end = unit.valid_to + timedelta(days=1)
        text += " " + _("(trước {date})").format(date=f"{end.day:02d}/{end.month}/{end.year}")
    return text


def demo_filler():
    """`desktop.services.demo.fill_demo` when that module is installed, else None."""
    try:
        return importlib.import_module("desktop.services.demo").fill_demo
    except ImportError:
        return None


class FirstRunDialog(QDialog):
    """Sets up this installation through `services.device.set_up`."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.new_unit: dict | None = None
        self.setWindowTitle(_("Thiết lập lần đầu — Sổ Đối ngoại"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Chào mừng! Hãy chọn đơn vị mà máy này phục vụ và nhập họ tên cán bộ sử dụng máy. "
                         "Mỗi thay đổi về sau sẽ được ghi kèm đơn vị và tên này."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self._unit_row()
        self.officer = self.form.add("officer", _("Họ tên cán bộ *"), QLineEdit())
        self.officer.setPlaceholderText(_("ví dụ Nguyễn Thị Hoa"))
        self.language = self.form.add("language", _("Ngôn ngữ"), self._languages())
        self._key_file_row()
        self.demo = QCheckBox(_("Nạp dữ liệu mẫu để xem thử"))
        self.demo.setVisible(demo_filler() is not None)
        layout.addWidget(self.demo)
        layout.addWidget(self._buttons())
        self.officer.setFocus()

    def _unit_row(self) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.unit = QComboBox()
        self.unit.setMinimumContentsLength(30)
        self.add_unit_button = QPushButton(_("Thêm xã/phường…"))
        self.add_unit_button.clicked.connect(self.add_unit)
        row.addWidget(self.unit, 1)
        row.addWidget(self.add_unit_button)
        self.form.add("unit_code", _("Đơn vị *"), box)
        self.form.widgets["unit_code"] = self.unit
        self.fill_units()

    def _key_file_row(self) -> None:
        """The province's key file (optional here, also on Đồng bộ later): bundles are encrypted from the first."""
        self.key_file: Path | None = None
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.key_file_button = QPushButton(_("Chọn tệp khóa…"))
        self.key_file_button.clicked.connect(self.choose_key_file)
        self.key_file_label = QLabel(_("không bắt buộc; có thể nạp sau ở trang Đồng bộ"))
        self.key_file_label.setWordWrap(True)
        row.addWidget(self.key_file_button)
        row.addWidget(self.key_file_label, 1)
        self.form.add("key_file", _("Tệp khóa của tỉnh"), box)

    def choose_key_file(self) -> bool:
        """Pick the province's key file and compare its fingerprint now; it is taken when "Bắt đầu" is pressed."""
        chosen = choose_key_file(self, self.services)
        if chosen is None:
            return False
        keys, path = chosen
        if not errors.confirm(self, _("So dấu vân tay"), fingerprint_question(keys)):
            return False
        self.key_file = path
        self.key_file_label.setText(_("{unit} — dấu vân tay {fingerprint}").format(
            unit=keys.unit_name, fingerprint=keys.fingerprint))
        return True

    def _languages(self) -> QComboBox:
        combo = QComboBox()
        for code, name in LANGUAGES.items():
            combo.addItem(name, code)
        combo.setCurrentIndex(max(combo.findData(current_language()), 0))
        return combo

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.ok_button = box.addButton(_("Bắt đầu"), QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(_("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        return box

    def fill_units(self, select: str | None = None) -> None:
        """List every unit; select `select`, else the first still-existing commune or the province."""
        units = self.services.units.list(include_retired=True)
        self.unit.clear()
        for unit in units:
            self.unit.addItem(unit_label(unit), unit.code)
        if self.new_unit is not None:
            self.unit.addItem(_("{name} ({code}) — mới thêm").format(**self.new_unit), self.new_unit["code"])
        if select is None:
            current = [u for u in units if u.valid_to is None]
            communes = [u for u in current if u.level == "commune"]
            select = (communes or current or units)[0].code if units else None
        self.unit.setCurrentIndex(max(self.unit.findData(select), 0))

    def add_unit(self) -> None:
        """Open "Thêm xã/phường…" and select the unit it adds."""
        dialog = AddUnitDialog(self.services, self, deferred=True)
        self.add_unit_dialog = open_modal(dialog, lambda: self._unit_added(dialog.pending))

    def _unit_added(self, values: dict) -> None:
        """Offer the new unit; it is stored with the device when "Bắt đầu" is pressed."""
        self.new_unit = values
        self.fill_units(select=values["code"])

    def save(self) -> None:
        """Set the device up; problems stay beside the fields and the dialog stays open."""
        self.form.clear_errors()
        code = self.unit.currentData()
        new_unit = self.new_unit if self.new_unit and self.new_unit["code"] == code else None
        if not self.form.attempt(self, lambda: self.services.device.set_up(
                code, self.officer.text(), new_unit=new_unit)):
            return
        self.services.device.put_setting("language", self.language.currentData())
        self._take_key_file()
        if self.demo.isChecked():
            self._fill_demo()
        self.accept()

    def _take_key_file(self) -> None:
        if self.key_file is None or self.services.sync.is_province():
            return  # the province makes keys, it does not load them
        try:
            self.services.sync.load_key_file(self.key_file)
        except AppError as exc:
            errors.show_error(self, exc)

    def _fill_demo(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo_filler()(self.services)
        except AppError as exc:
            errors.show_error(self, exc)
        finally:
            QApplication.restoreOverrideCursor()

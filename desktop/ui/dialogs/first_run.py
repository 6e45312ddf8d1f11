"""First run: which unit this computer serves, who uses it, the language, demo data."""

from __future__ import annotations

import importlib
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
from desktop.ui.dialogs.form import FieldForm
from desktop.ui.dialogs.unit_choice import fill_units, meaning, unit_combo, unit_label  # noqa: F401 (unit_label: used by callers)
from desktop.ui.sync.keys_box import choose_key_file, fingerprint_question
from desktop.ui.widgets import errors


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
        self.unit = unit_combo()
        self.unit.currentIndexChanged.connect(self._show_meaning)
        column = QWidget()
        lines = QVBoxLayout(column)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.addWidget(self.unit)
        self.unit_meaning = QLabel()
        self.unit_meaning.setWordWrap(True)
        self.unit_meaning.setVisible(False)
        lines.addWidget(self.unit_meaning)
        missing = QLabel(_("Không thấy xã, phường của mình? Danh sách đơn vị do Sở Ngoại vụ quản lý: hãy báo Sở "
                           "để được bổ sung."))
        missing.setWordWrap(True)
        missing.setStyleSheet("color: #555;")
        lines.addWidget(missing)
        self.form.add("unit_code", _("Đơn vị *"), column)
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
        """List every unit; select `select`, else nothing: the officer chooses (the province's machine
        is a different thing from a commune's, and a default would choose it silently)."""
        self._units = {u.code: u for u in self.services.units.list(include_retired=True)}
        fill_units(self.unit, list(self._units.values()), select)
        self._show_meaning()

    def _show_meaning(self) -> None:
        unit = self._units.get(self.unit.currentData()) if self.unit.currentIndex() >= 0 else None
        self.unit_meaning.setText(meaning(unit))
        province = unit is not None and unit.level == "province"
        self.unit_meaning.setStyleSheet("color: #8a4b00; font-weight: 600;" if province else "color: #555;")
        self.unit_meaning.setVisible(unit is not None)
        self.form.set_error("unit_code", "")

    def save(self) -> None:
        """Set the device up; problems stay beside the fields and the dialog stays open."""
        self.form.clear_errors()
        if self.unit.currentIndex() < 0:
            self.form.set_error("unit_code", _("Hãy chọn đơn vị mà máy này phục vụ."))
            self.unit.setFocus()
            return
        code = self.unit.currentData()
        if not self.form.attempt(self, lambda: self.services.device.set_up(code, self.officer.text())):
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

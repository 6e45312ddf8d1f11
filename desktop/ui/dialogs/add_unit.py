"""Add a commune or ward (units formed on 01/7/2025 are not all in the seed)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.dialogs.form import FieldForm
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.text_limits import limit_text

REORGANISATION_DAY = date(2025, 7, 1)


class AddUnitDialog(QDialog):
    """Code, name, parent province and start date of a new commune-level unit (at the province,
    which owns the unit list)."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.added = None
        self.setWindowTitle(_("Thêm xã/phường"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.form = FieldForm()
        self.code = self.form.add("code", _("Mã đơn vị *"), QLineEdit())
        self.code.setPlaceholderText(_("ví dụ DL-EAKAO"))
        self.name = self.form.add("name", _("Tên xã/phường *"), QLineEdit())
        self.name.setPlaceholderText(_("ví dụ Phường Buôn Ma Thuột"))
        limit_text({"code": self.code, "name": self.name}, services.records.text_limits("unit"))
        self.parent_unit = self.form.add("parent_code", _("Thuộc tỉnh"), self._provinces())
        self.valid_from = self.form.add("valid_from", _("Hiệu lực từ"), DateField())
        self.valid_from.setDate(REORGANISATION_DAY)
        layout.addLayout(self.form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Thêm"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _provinces(self) -> QComboBox:
        combo = QComboBox()
        for unit in self.services.units.list(include_retired=False):
            if unit.level == "province":
                combo.addItem(f"{unit.name} ({unit.code})", unit.code)
        return combo

    def save(self) -> None:
        """Add the unit; problems appear beside the fields."""
        self.form.clear_errors()
        if self.valid_from.error():
            self.form.set_error("valid_from", self.valid_from.error())
            return
        values = {"code": self.code.text().strip().upper(), "name": self.name.text().strip(), "level": "commune",
                  "parent_code": self.parent_unit.currentData(), "valid_from": self.valid_from.date()}
        if self.form.attempt(self, lambda: self._store(values)):
            self.accept()

    def _store(self, values: dict) -> None:
        self.added = self.services.units.add(**values)

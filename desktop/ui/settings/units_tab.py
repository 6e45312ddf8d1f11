"""Đơn vị: the unit list; add a commune or ward, retire a unit on a date."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError, ValidationError
from desktop.i18n import _, format_date
from desktop.ui.dialogs.add_unit import AddUnitDialog
from desktop.ui.dialogs.form import FieldForm, open_modal, required_date
from desktop.ui.settings.tables import fill_rows, read_only_table, selected_row
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField


class RetireDialog(QDialog):
    """Ask the last day a unit existed, then retire it."""

    def __init__(self, services, unit, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.unit = services, unit
        self.setWindowTitle(_("Ngừng hoạt động đơn vị"))
        layout = QVBoxLayout(self)
        text = QLabel(_("Đơn vị «{name}» hoạt động đến hết ngày nào? Hồ sơ cũ vẫn giữ đơn vị này.")
                      .format(name=unit.name))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.form = FieldForm()
        self.valid_to = self.form.add("valid_to", _("Đến ngày"), DateField())
        layout.addLayout(self.form)
        box = QDialogButtonBox()
        self.ok_button = box.addButton(_("Đồng ý"), QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def save(self) -> None:
        """Retire the unit on the typed date."""
        self.form.clear_errors()
        try:
            day = required_date(self.valid_to)
        except ValueError as exc:
            self.form.set_error("valid_to", str(exc))
            return
        try:
            self.services.units.retire(self.unit.code, day)
        except ValidationError as exc:
            self.form.show_problems(exc)
            return
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.accept()


class UnitsTab(QWidget):
    """Units table with add and retire."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        self.table = read_only_table([_("Mã"), _("Tên"), _("Cấp"), _("Thuộc"), _("Hiệu lực từ"), _("Đến")],
                                     stretch=1)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Thêm xã/phường…"))
        self.add_button.clicked.connect(self.add_unit)
        self.retire_button = QPushButton(_("Ngừng hoạt động…"))
        self.retire_button.clicked.connect(self.retire_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.retire_button)
        row.addStretch(1)
        layout.addLayout(row)
        owner = services.units.may_edit()  # the list is the province's; a unit's machine receives it
        for button in (self.add_button, self.retire_button):
            button.setVisible(owner)
        self.owner_note = QLabel(_("Danh sách đơn vị do Sở Ngoại vụ quản lý và gửi về máy này cùng gói xác nhận. "
                                   "Thiếu xã, phường nào, hãy báo Sở."))
        self.owner_note.setWordWrap(True)
        self.owner_note.setStyleSheet("color: #555;")
        self.owner_note.setVisible(not owner)
        layout.addWidget(self.owner_note)
        self.reload()

    def reload(self) -> None:
        """Re-read the units."""
        self.units = self.services.units.list(include_retired=True)
        levels = ENUM_LABELS["unit_level"]
        fill_rows(self.table, [[u.code, u.name, _(levels.get(u.level, u.level)), u.parent_code or "",
                                format_date(u.valid_from), format_date(u.valid_to)] for u in self.units])

    def add_unit(self) -> None:
        """Add a commune or ward."""
        self.dialog = open_modal(AddUnitDialog(self.services, self), self.reload)

    def retire_selected(self) -> None:
        """Retire the selected unit."""
        row = selected_row(self.table)
        if row >= 0:
            self.dialog = open_modal(RetireDialog(self.services, self.units[row], self), self.reload)

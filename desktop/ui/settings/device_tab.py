"""Cài đặt › Máy này: the installation's identity, the officer's name, and — while no bundle has
been sent or received — the unit it serves (which also makes it the province's machine or a unit's)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.dialogs.form import error_label
from desktop.ui.dialogs.unit_choice import fill_units, meaning, unit_combo
from desktop.ui.widgets import errors

NOTICE_STYLE = "color: #1565c0;"


def selectable(text: str, monospace: bool = False) -> QLabel:
    """A label the user can select and copy."""
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if monospace:
        label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return label


class DeviceTab(QWidget):
    """Máy này: identity of the installation; the officer's name and (before any bundle) the unit."""

    officerChanged = Signal()
    unitChanged = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        info = services.device.info()
        form = QFormLayout(self)
        form.addRow(_("Mã máy"), selectable(info.id, monospace=True))
        form.addRow(_("Đơn vị"), self._unit_row(info.unit_code))
        form.addRow(_("Thế hệ khóa"), selectable(str(info.epoch)))
        form.addRow(_("Dấu vân tay khóa"), selectable(info.fingerprint, monospace=True))
        form.addRow(_("Cán bộ sử dụng máy"), self._officer_row(info.officer))
        form.addRow(_("Tệp khóa riêng"), selectable(info.key_file, monospace=True))
        form.addRow(_("Cơ sở dữ liệu"), selectable(services.device.database_location(), monospace=True))

    # --- the unit --------------------------------------------------------------------------

    def _unit_row(self, current: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.unit = unit_combo()
        self._units = {u.code: u for u in self.services.units.list(include_retired=True)}
        fill_units(self.unit, list(self._units.values()), current)
        self.unit.currentIndexChanged.connect(self._unit_chosen)
        self.change_unit_button = QPushButton(_("Đổi đơn vị…"))
        self.change_unit_button.setEnabled(False)
        self.change_unit_button.clicked.connect(self.change_unit)
        row.addWidget(self.unit, 1)
        row.addWidget(self.change_unit_button)
        column.addLayout(row)
        self.unit_meaning = QLabel(meaning(self._units.get(current)))
        self.unit_meaning.setWordWrap(True)
        self.unit_meaning.setStyleSheet("color: #555;")
        column.addWidget(self.unit_meaning)
        self.unit_notice = QLabel()
        self.unit_notice.setWordWrap(True)
        self.unit_notice.setVisible(False)
        column.addWidget(self.unit_notice)
        exchanged = self.services.device.bundles_exchanged()
        if exchanged:
            self.unit.setEnabled(False)
            self.unit.setToolTip(_("Máy đã gửi hoặc nhận {n} gói dữ liệu: Sở Ngoại vụ biết máy theo đơn vị "
                                   "này, nên không đổi được nữa.").format(n=exchanged))
        return box

    def _unit_chosen(self) -> None:
        chosen = self.unit.currentData()
        self.unit_meaning.setText(meaning(self._units.get(chosen)))
        self.change_unit_button.setEnabled(chosen is not None and chosen != self.services.device.info().unit_code)

    def change_unit(self) -> bool:
        """After saying what changes, make this machine serve the chosen unit."""
        info = self.services.device.info()
        unit = self._units[self.unit.currentData()]
        question = _("Đổi đơn vị của máy từ «{old}» sang «{new}»?\n\n{meaning}\n\nMọi hồ sơ đã ghi cho «{old}» "
                     "trên máy này sẽ chuyển sang «{new}». Chỉ đổi được khi máy chưa gửi hay nhận gói dữ liệu "
                     "nào; sau khi gửi gói đầu tiên, đơn vị của máy là cố định. Các trang sẽ hiển thị theo "
                     "đơn vị mới khi mở lại chương trình.").format(
            old=info.unit_name, new=unit.name, meaning=meaning(unit))
        if not errors.confirm(self, _("Đổi đơn vị của máy"), question):
            return False
        try:
            changed = self.services.device.change_unit(unit.code)
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.change_unit_button.setEnabled(False)
        self.unit_notice.setStyleSheet(NOTICE_STYLE)
        self.unit_notice.setText(_("Đã đổi: máy này phục vụ {name}. Hãy đóng rồi mở lại chương trình.").format(
            name=changed.unit_name))
        self.unit_notice.setVisible(True)
        self.unitChanged.emit()
        return True

    # --- the officer -----------------------------------------------------------------------

    def _officer_row(self, officer: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.officer = QLineEdit(officer)
        self.save_officer_button = QPushButton(_("Lưu tên"))
        self.save_officer_button.clicked.connect(self.save_officer)
        self.officer.setMaximumWidth(420)
        row.addWidget(self.officer, 1)
        row.addWidget(self.save_officer_button)
        row.addStretch(1)
        column.addLayout(row)
        self.officer_error = error_label()
        self.officer_notice = QLabel()
        self.officer_notice.setStyleSheet(NOTICE_STYLE)
        self.officer_notice.setVisible(False)
        column.addWidget(self.officer_error)
        column.addWidget(self.officer_notice)
        if self.services.accounts.exist():  # each change is recorded under the account logged in
            self.officer.setReadOnly(True)
            self.save_officer_button.setVisible(False)
            self.officer_notice.setText(_("Mỗi thay đổi được ghi kèm họ tên của tài khoản đang đăng nhập "
                                          "(Cài đặt › Tài khoản)."))
            self.officer_notice.setVisible(True)
        return box

    def save_officer(self) -> None:
        """Store the officer's name; later changes are recorded under it."""
        self.officer_notice.setVisible(False)
        try:
            self.services.device.set_officer(self.officer.text())
        except AppError as exc:
            self.officer_error.setText(str(exc))
            self.officer_error.setVisible(True)
            return
        self.officer_error.setVisible(False)
        self.officer_notice.setText(_("Đã lưu."))
        self.officer_notice.setVisible(True)
        self.officerChanged.emit()

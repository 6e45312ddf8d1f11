"""Keys at a unit: this device's (read to the province) and the province's (pasted here, fingerprint compared)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.sync.trust_dialog import fingerprint_font
from desktop.ui.widgets import errors


def _selectable() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class ProvinceKeysBox(QGroupBox):
    """This device's identity for the province, and the province's keys for encryption and its acks."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(_("Khóa"), parent)
        self.services = services
        form = QFormLayout(self)
        self.device_label = _selectable()
        self.own_key_label = _selectable()
        self.own_fingerprint = _selectable()
        self.own_fingerprint.setFont(fingerprint_font())
        form.addRow(_("Mã thiết bị này:"), self.device_label)
        form.addRow(_("Khóa công khai của máy này:"), self.own_key_label)
        form.addRow(_("Dấu vân tay (đọc cho tỉnh):"), self.own_fingerprint)
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setAccessibleName(_("Khóa mã hóa của tỉnh"))
        self.recipient_edit.setPlaceholderText("age1…")
        self.province_key_edit = QLineEdit()
        self.province_key_edit.setAccessibleName(_("Khóa ký của tỉnh"))
        self.province_key_edit.setPlaceholderText(_("Chuỗi base64, 44 ký tự"))
        self.province_key_edit.textChanged.connect(self._show_fingerprint)
        self.province_fingerprint = _selectable()
        self.province_fingerprint.setFont(fingerprint_font())
        self.save_button = QPushButton(_("Lưu khóa của tỉnh"))
        self.save_button.clicked.connect(self.save)
        self.state_label = _selectable()
        form.addRow(_("Khóa mã hóa của tỉnh (age):"), self.recipient_edit)
        form.addRow(_("Khóa ký của tỉnh:"), self.province_key_edit)
        form.addRow(_("Dấu vân tay của tỉnh:"), self.province_fingerprint)
        row = QHBoxLayout()
        row.addWidget(self.state_label, 1)
        row.addWidget(self.save_button)
        form.addRow("", row)

    def refresh(self) -> None:
        """Show this device's keys and the province's keys stored so far."""
        info = self.services.sync.keys()
        self.device_label.setText(info.device_id)
        self.own_key_label.setText(info.public_key)
        self.own_fingerprint.setText(info.fingerprint)
        self.recipient_edit.setText(info.recipient or "")
        self.province_key_edit.setText(info.province_public_key or "")
        self._show_state(info)

    def _show_state(self, info) -> None:
        if info.recipient and info.province_public_key:
            self.state_label.setText(_("Gói gửi tỉnh được mã hóa; phản hồi của tỉnh được kiểm tra chữ ký."))
        elif info.recipient:
            self.state_label.setText(_("Chưa có khóa ký của tỉnh: chưa nhập được phản hồi của tỉnh."))
        else:
            self.state_label.setText(_("Chưa có khóa mã hóa của tỉnh: gói gửi đi sẽ KHÔNG được mã hóa."))

    def _show_fingerprint(self) -> None:
        text = self.province_key_edit.text().strip()
        if not text:
            self.province_fingerprint.setText("")
            return
        try:
            self.province_fingerprint.setText(self.services.province.fingerprint(text))
        except AppError as exc:
            self.province_fingerprint.setText(str(exc))

    def save(self) -> bool:
        """Store the province's keys after the officer confirms the fingerprint read by the province."""
        recipient = "".join(self.recipient_edit.text().split())
        key = "".join(self.province_key_edit.text().split())
        try:
            fingerprint = self.services.province.fingerprint(key) if key else ""
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        if key and not errors.confirm(self, _("So dấu vân tay"), _(
                "Dấu vân tay Sở Ngoại vụ đọc cho anh/chị có đúng là\n\n{fingerprint}\n\nkhông?").format(
                fingerprint=fingerprint)):
            return False
        try:
            self.services.sync.set_province_keys(recipient or None, key or None)
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.refresh()
        return True

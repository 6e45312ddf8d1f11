"""Keys at a unit: this device's (read to the province) and the province's (pasted here, fingerprint compared)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
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

KEY_FILE_FOLDER = "sync.key_file_folder"


def choose_key_file(parent: QWidget, services):
    """Pick the province's key file (.dnk) and read it; the ProvinceKeys, or None (cancelled or refused).

    Nothing is stored yet: the caller asks the officer to compare the fingerprint first."""
    start = services.device.get_setting(KEY_FILE_FOLDER, "") or ""
    path, _filter = QFileDialog.getOpenFileName(parent, _("Chọn tệp khóa của tỉnh"), start,
                                                _("Tệp khóa Sổ Đối ngoại (*.dnk)"))
    if not path:
        return None
    services.device.put_setting(KEY_FILE_FOLDER, str(Path(path).parent))
    try:
        return services.sync.read_key_file(Path(path)), Path(path)
    except AppError as exc:
        errors.show_error(parent, exc)
        return None


def fingerprint_question(keys) -> str:
    """What the officer confirms before the province's keys are taken."""
    return _("Tệp khóa của {unit} ({code}). Dấu vân tay của tỉnh:\n\n{fingerprint}\n\nHãy gọi điện cho tỉnh và "
             "đọc so từng nhóm. Có đúng với dấu vân tay tỉnh đọc cho anh/chị không?").format(
        unit=keys.unit_name, code=keys.unit_code, fingerprint=keys.fingerprint)


def load_key_file(parent: QWidget, services) -> bool:
    """Choose, read, compare the fingerprint, then take the province's keys; True when they were taken."""
    chosen = choose_key_file(parent, services)
    if chosen is None:
        return False
    keys, path = chosen
    if not errors.confirm(parent, _("So dấu vân tay"), fingerprint_question(keys)):
        return False
    try:
        services.sync.load_key_file(path)
    except AppError as exc:
        errors.show_error(parent, exc)
        return False
    return True


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
        self.load_button = QPushButton(_("Nạp tệp khóa của tỉnh…"))
        self.load_button.setToolTip(_("Tệp .dnk Sở Ngoại vụ gửi: khóa mã hóa và khóa ký của tỉnh"))
        self.load_button.clicked.connect(self.load_file)
        load_row = QHBoxLayout()
        load_row.addWidget(self.load_button)
        load_row.addWidget(QLabel(_("hoặc nhập khóa tỉnh đọc cho:")), 1)
        form.addRow("", load_row)
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
            self.state_label.setText(_("Chưa có khóa mã hóa của tỉnh: hãy nạp tệp khóa của tỉnh. Chưa có khóa, gói "
                                       "chỉ được ghi KHÔNG mã hóa khi anh/chị chọn rõ điều đó."))

    def load_file(self) -> bool:
        """Take the province's keys from its key file, after the fingerprint was compared."""
        if not load_key_file(self, self.services):
            return False
        self.refresh()
        return True

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

"""Trust a unit's device: paste its id and public key, compare the fingerprint over the phone, confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.widgets import errors


def fingerprint_font() -> QFont:
    """A monospaced, larger font: the groups of four are read aloud one by one."""
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(font.pointSize() + 2)
    return font


class TrustDialog(QDialog):
    """The province trusts a unit's device key after comparing its fingerprint with the unit's officer."""

    trusted = Signal(str)  # device id

    def __init__(self, services, parent: QWidget | None = None, device_id: str = "", public_key: str = "",
                 unit_code: str | None = None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("Tin cậy thiết bị của đơn vị"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Cán bộ đơn vị mở trang “Đồng bộ” (hoặc chạy doingoai keys show) và đọc cho anh/chị "
                         "mã thiết bị, khóa công khai. Dán vào đây, rồi cùng đọc so từng nhóm của dấu vân tay."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName(_("Đơn vị"))
        for unit in services.province.unit_choices():
            self.unit_combo.addItem(f"{unit.name} ({unit.code})", unit.code)
        if unit_code:
            self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(unit_code), 0))
        self.device_edit = QLineEdit(device_id)
        self.device_edit.setAccessibleName(_("Mã thiết bị"))
        self.device_edit.setPlaceholderText("8c1f…")
        self.key_edit = QLineEdit(public_key)
        self.key_edit.setAccessibleName(_("Khóa công khai"))
        self.key_edit.setPlaceholderText(_("Chuỗi base64, 44 ký tự"))
        self.key_edit.textChanged.connect(self._show_fingerprint)
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setFont(fingerprint_font())
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("Đơn vị:"), self.unit_combo)
        form.addRow(_("Mã thiết bị:"), self.device_edit)
        form.addRow(_("Khóa công khai:"), self.key_edit)
        form.addRow(_("Dấu vân tay:"), self.fingerprint_label)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.trust_button = buttons.addButton(_("Tin cậy"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.trust_button.clicked.connect(self.trust)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._show_fingerprint()

    def _show_fingerprint(self) -> None:
        text = self.key_edit.text().strip()
        if not text:
            self.fingerprint_label.setText(_("(dán khóa công khai để thấy dấu vân tay)"))
            return
        try:
            self.fingerprint_label.setText(self.services.province.fingerprint(text))
        except AppError as exc:
            self.fingerprint_label.setText(str(exc))

    def trust(self) -> bool:
        """Ask whether the fingerprints matched, then trust the key through the sync service."""
        device_id, key = self.device_edit.text().strip(), "".join(self.key_edit.text().split())
        if not device_id or not key:
            errors.show_error(self, _("Hãy nhập mã thiết bị và khóa công khai của đơn vị."))
            return False
        try:
            fingerprint = self.services.province.fingerprint(key)
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        question = _("Dấu vân tay trên màn hình của đơn vị có đúng là\n\n{fingerprint}\n\nkhông? Chỉ đồng ý khi "
                     "anh/chị đã đọc so từng nhóm với cán bộ đơn vị (qua điện thoại hoặc trực tiếp).").format(
            fingerprint=fingerprint)
        if not errors.confirm(self, _("So dấu vân tay"), question):
            return False
        try:
            self.services.sync.trust(device_id, key, self.unit_combo.currentData())
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.trusted.emit(device_id)
        self.accept()
        return True

"""Thiết bị và khóa (province): the province's own keys for the units, the devices trusted, acks per device."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.sync.jobs import SyncJob
from desktop.ui.sync.tables import fill, readonly_table, selected_row
from desktop.ui.sync.times import local_time
from desktop.ui.sync.trust_dialog import TrustDialog, fingerprint_font
from desktop.ui.widgets import errors

ACK_OUT_SETTING = "sync.ack_out_folder"


def _selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class DevicesTab(QWidget):
    """What the units need from the province (its keys), whom the province trusts, and acks to send back."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.rows: list = []
        self.trust_dialog: TrustDialog | None = None
        self.job: SyncJob | None = None
        self.last_ack: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._own_keys())
        layout.addWidget(self._devices(), 1)

    def _own_keys(self) -> QGroupBox:
        box = QGroupBox(_("Khóa của tỉnh — gửi tệp khóa cho đơn vị, rồi đọc dấu vân tay khi đơn vị gọi"))
        form = QFormLayout(box)
        self.recipient_label = _selectable()
        self.public_key_label = _selectable()
        self.fingerprint_label = _selectable()
        self.fingerprint_label.setFont(fingerprint_font())
        self.copy_button = QPushButton(_("Chép cả hai khóa"))
        self.copy_button.clicked.connect(self.copy_keys)
        self.key_file_button = QPushButton(_("Xuất tệp khóa cho đơn vị…"))
        self.key_file_button.setToolTip(_("Ghi tệp .dnk (khóa mã hóa, khóa ký, dấu vân tay) để gửi các đơn vị qua "
                                          "USB hoặc thư điện tử; đơn vị nạp tệp ở trang Đồng bộ"))
        self.key_file_button.clicked.connect(self.choose_key_file_folder)
        self.key_file_label = _selectable()
        form.addRow(_("Khóa mã hóa (age):"), self.recipient_label)
        form.addRow(_("Khóa ký (công khai):"), self.public_key_label)
        form.addRow(_("Dấu vân tay:"), self.fingerprint_label)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.key_file_button)
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.key_file_label, 1)
        form.addRow("", copy_row)
        self.require_box = QCheckBox(_("Từ chối gói không được mã hóa (dữ liệu cá nhân — Nghị định 13/2023/NĐ-CP)"))
        self.require_box.toggled.connect(self.set_require_encrypted)
        form.addRow("", self.require_box)
        return box

    def _devices(self) -> QGroupBox:
        box = QGroupBox(_("Thiết bị đơn vị đã được tin cậy"))
        self.table = readonly_table([_("Đơn vị"), _("Mã thiết bị"), _("Dấu vân tay"), _("Người xác nhận"),
                                     _("Lúc")], _("Thiết bị đã tin cậy"))
        self.trust_button = QPushButton(_("Tin cậy thiết bị mới…"))
        self.trust_button.clicked.connect(self.open_trust)
        self.ack_button = QPushButton(_("Tạo phản hồi (ack)…"))
        self.ack_button.setToolTip(_("Ghi gói phản hồi cho thiết bị đang chọn: kết quả nhập và quyết định của tỉnh"))
        self.ack_button.clicked.connect(self.choose_ack_folder)
        self.ack_label = _selectable()
        row = QHBoxLayout()
        row.addWidget(self.ack_label, 1)
        row.addWidget(self.trust_button)
        row.addWidget(self.ack_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        return box

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the province's keys and the trusted devices."""
        info = self.services.sync.keys()
        self.recipient_label.setText(info.recipient or _("(chưa có)"))
        self.public_key_label.setText(info.public_key)
        self.fingerprint_label.setText(info.fingerprint)
        self.require_box.blockSignals(True)
        self.require_box.setChecked(info.require_encrypted)
        self.require_box.blockSignals(False)
        self.rows = [r for r in self.services.province.devices() if r.role == "unit"]
        fill(self.table, [[f"{r.unit_name} ({r.unit_code})", r.device_id, r.fingerprint, r.trusted_by,
                           local_time(r.trusted_at)] for r in self.rows])
        self.ack_button.setEnabled(bool(self.rows))

    def set_require_encrypted(self, on: bool) -> None:
        """The province's setting that refuses plaintext bundles."""
        try:
            self.services.sync.set_require_encrypted(on)
        except AppError as exc:
            errors.show_error(self, exc)

    def choose_key_file_folder(self) -> Path | None:
        """Pick the folder (a USB stick) the key file for the units is written to."""
        start = self.services.device.get_setting(ACK_OUT_SETTING, "") or ""
        folder = QFileDialog.getExistingDirectory(self, _("Chọn thư mục ghi tệp khóa"), start)
        return self.write_key_file(Path(folder)) if folder else None

    def write_key_file(self, folder: Path) -> Path | None:
        """Write the key file the units load, and say where it is."""
        try:
            path = self.services.sync.export_key_file(folder)
        except AppError as exc:
            errors.show_error(self, exc)
            return None
        self.key_file_label.setText(_("Đã ghi tệp khóa: {path}").format(path=path))
        return path

    def copy_keys(self) -> None:
        """Both keys on the clipboard, one a line, to paste into an e-mail or chat to the units."""
        QApplication.clipboard().setText(f"{self.recipient_label.text()}\n{self.public_key_label.text()}\n")

    # --- actions -------------------------------------------------------------------

    def open_trust(self, device_id: str = "", public_key: str = "", unit_code: str | None = None) -> TrustDialog:
        """The trust dialog (pre-filled when a refused bundle named an unknown device)."""
        self.trust_dialog = TrustDialog(self.services, self, device_id, public_key, unit_code)
        self.trust_dialog.trusted.connect(lambda _id: self._after_trust())
        self.trust_dialog.open()
        return self.trust_dialog

    def _after_trust(self) -> None:
        try:
            self.refresh()
        except AppError as exc:
            errors.show_error(self, exc)

    def choose_ack_folder(self) -> SyncJob | None:
        """Pick where to write the ack of the selected device."""
        row = selected_row(self.table)
        if row < 0:
            errors.show_error(self, _("Hãy chọn thiết bị cần gửi phản hồi."))
            return None
        start = self.services.device.get_setting(ACK_OUT_SETTING, "") or ""
        folder = QFileDialog.getExistingDirectory(self, _("Chọn thư mục ghi gói phản hồi"), start)
        return self.write_ack(self.rows[row].device_id, Path(folder)) if folder else None

    def write_ack(self, device_id: str, folder: Path) -> SyncJob:
        """Write the ack bundle off the UI thread and show the file written."""
        self.services.device.put_setting(ACK_OUT_SETTING, str(folder))
        self.ack_button.setEnabled(False)
        self.job = SyncJob(self, _("Tạo phản hồi"), _("Đang ghi gói phản hồi…"),
                           lambda _progress: self.services.sync.write_ack(device_id, folder), cancellable=False)
        self.job.finished.connect(self._ack_written)
        self.job.failed.connect(self._ack_failed)
        return self.job.start()

    def _ack_written(self, path) -> None:
        self.ack_button.setEnabled(True)
        self.last_ack = Path(getattr(path, "path", path))
        self.ack_label.setText(_("Đã ghi gói phản hồi: {path}").format(path=self.last_ack))

    def _ack_failed(self, message: str) -> None:
        self.ack_button.setEnabled(True)
        errors.show_error(self, message)

"""Đồng bộ (a unit's installation): send data to the province, the bundles sent, the province's answer, its keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.sync.export_dialog import ExportDialog, counts_text
from desktop.ui.sync.jobs import SyncJob
from desktop.ui.sync.keys_box import ProvinceKeysBox
from desktop.ui.sync.labels import entity_label, kind_label
from desktop.ui.sync.report import ReportTree
from desktop.ui.sync.tables import fill, readonly_table
from desktop.ui.sync.times import local_time
from desktop.ui.widgets import errors

ACK_FOLDER_SETTING = "sync.ack_folder"


class UnitSyncPage(QWidget):
    """What a district or commune does with sync: send, see what was sent, import the province's answer."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.export_dialog: ExportDialog | None = None
        self.job: SyncJob | None = None
        self._loaded = False
        layout = QVBoxLayout(self)
        layout.addLayout(self._actions())
        layout.addWidget(self._history_box(), 3)
        layout.addWidget(self._ack_box(), 1)
        self.keys_box = ProvinceKeysBox(services)
        layout.addWidget(self.keys_box)

    # --- building ------------------------------------------------------------------

    def _actions(self) -> QHBoxLayout:
        self.send_button = QPushButton(_("Gửi dữ liệu về tỉnh…"))
        self.send_button.setToolTip(_("Ghi một gói dữ liệu (.dnb) vào ổ USB hoặc thư mục để gửi Sở Ngoại vụ"))
        self.send_button.clicked.connect(self.open_export)
        self.ack_button = QPushButton(_("Nhập phản hồi của tỉnh…"))
        self.ack_button.setToolTip(_("Nhập gói phản hồi (.dnb) Sở Ngoại vụ gửi về sau khi nhận dữ liệu"))
        self.ack_button.clicked.connect(self.choose_ack)
        self.status_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.send_button)
        row.addWidget(self.ack_button)
        row.addStretch(1)
        row.addWidget(self.status_label)
        return row

    def _history_box(self) -> QGroupBox:
        box = QGroupBox(_("Các gói đã gửi"))
        self.history = readonly_table(
            [_("Số"), _("Ghi lúc"), _("Loại"), _("Tỉnh đã nhận"), _("Tệp"), _("Nội dung")], _("Các gói đã gửi"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.history)
        return box

    def _ack_box(self) -> QGroupBox:
        box = QGroupBox(_("Phản hồi của tỉnh"))
        self.ack_label = QLabel(_("Chưa nhập phản hồi nào trong lần làm việc này."))
        self.ack_label.setWordWrap(True)
        self.ack_report = ReportTree()
        self.conflicts = readonly_table([_("Sổ"), _("Mã hồ sơ"), _("Tỉnh báo"), _("Lý do")],
                                         _("Xung đột tỉnh báo về"))
        self.conflicts_label = QLabel(_("Hồ sơ tỉnh báo xung đột (tỉnh sẽ quyết định và gửi lại bản thống nhất):"))
        self.ack_report.setVisible(False)  # shown once an ack is imported
        layout = QVBoxLayout(box)
        layout.addWidget(self.ack_label)
        layout.addWidget(self.ack_report, 1)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflicts, 1)
        return box

    # --- loading -------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Read the history the first time the page is shown."""
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the bundles sent, the conflicts the province reported and the keys."""
        self._loaded = True
        try:
            self._fill_history(self.services.sync.history())
            self._fill_conflicts(self.services.sync.conflicts())
            self.keys_box.refresh()
        except AppError as exc:
            errors.show_error(self, exc)

    def _fill_history(self, rows: list) -> None:
        fill(self.history, [[str(r.bundle_seq), local_time(r.created_at), kind_label(r.kind),
                             _("Đã nhận") if r.acked else _("Chưa"), r.file_name, counts_text(r.counts)]
                            for r in rows])
        waiting = sum(1 for r in rows if not r.acked)
        self.status_label.setText(_("{n} gói chưa được tỉnh xác nhận").format(n=waiting) if waiting else "")

    def _fill_conflicts(self, rows: list) -> None:
        fill(self.conflicts, [[entity_label(r.entity), r.record_id, local_time(r.created_at), r.reason or ""]
                              for r in rows])
        self.conflicts_label.setVisible(bool(rows))
        self.conflicts.setVisible(bool(rows))

    # --- actions -------------------------------------------------------------------

    def open_export(self) -> ExportDialog:
        """The "Gửi dữ liệu về tỉnh" dialog; the history refreshes after each bundle written."""
        self.export_dialog = ExportDialog(self.services, self)
        self.export_dialog.exported.connect(lambda _result: self.refresh())
        self.export_dialog.open()
        return self.export_dialog

    def choose_ack(self) -> SyncJob | None:
        """Pick the province's ack bundle and import it."""
        start = self.services.device.get_setting(ACK_FOLDER_SETTING, "") or ""
        path, _filter = QFileDialog.getOpenFileName(self, _("Chọn gói phản hồi của tỉnh"), start,
                                                    _("Gói Sổ Đối ngoại (*.dnb)"))
        return self.import_ack(Path(path)) if path else None

    def import_ack(self, path: Path) -> SyncJob:
        """Import an ack bundle off the UI thread, then show what it applied and the conflicts reported."""
        self.ack_button.setEnabled(False)
        self.services.device.put_setting(ACK_FOLDER_SETTING, str(path.parent))
        self.job = SyncJob(self, _("Nhập phản hồi của tỉnh"), _("Đang nhập phản hồi…"),
                           lambda progress: self.services.sync.import_paths([path], progress=progress))
        self.job.finished.connect(self._ack_done)
        self.job.failed.connect(self._ack_failed)
        self.job.cancelled.connect(lambda: self._ack_failed(_("Đã dừng: phản hồi chưa được nhập.")))
        return self.job.start()

    def _ack_done(self, reports: list) -> None:
        self.ack_button.setEnabled(True)
        self.ack_report.setVisible(True)
        self.ack_report.show_reports(reports)
        refused = [r for r in reports if r.outcome == "refused"]
        self.ack_label.setText(_("Không nhập được phản hồi: xem lý do bên dưới.") if refused
                               else _("Đã nhập phản hồi của tỉnh."))
        self.refresh()

    def _ack_failed(self, message: str) -> None:
        self.ack_button.setEnabled(True)
        self.ack_label.setText(message)
        errors.show_error(self, message)

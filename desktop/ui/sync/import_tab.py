"""Nhập gói (province): choose bundles or a folder, see the dry run's report, then "Áp dụng"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.sync.jobs import SyncJob
from desktop.ui.sync.report import ReportTree, report_summary
from desktop.ui.sync.trust_dialog import TrustDialog
from desktop.ui.widgets import errors

IMPORT_FOLDER_SETTING = "sync.import_folder"
UNKNOWN_KEY = "envelope.unknown_key"  # BundleRefused code: signed by a device not trusted yet


class ImportTab(QWidget):
    """Every import is a dry run first: nothing is written until the officer presses "Áp dụng"."""

    imported = Signal()  # something was written: held list, conflicts and status change

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.paths: list[Path] = []
        self.job: SyncJob | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._buttons())
        self.paths_label = QLabel(_("Chưa chọn gói nào. Chọn tệp gói (.dnb) đơn vị gửi, hoặc cả thư mục "
                                    "(ví dụ ổ USB) — chương trình xem trước rồi mới ghi."))
        self.paths_label.setWordWrap(True)
        layout.addWidget(self.paths_label)
        self.report = ReportTree()
        layout.addWidget(self.report, 1)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.trust_button = QPushButton(_("Tin cậy thiết bị này…"))
        self.trust_button.setToolTip(_("Gói được ký bằng khóa chưa được tin cậy: so dấu vân tay với đơn vị rồi tin cậy"))
        self.trust_button.setVisible(False)
        self.trust_button.clicked.connect(self.trust_unknown)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.trust_button)
        layout.addLayout(bottom)
        self.unknown: dict = {}
        self.trust_dialog: TrustDialog | None = None

    def _buttons(self) -> QHBoxLayout:
        self.files_button = QPushButton(_("Chọn tệp gói…"))
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton(_("Chọn cả thư mục…"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.apply_button = QPushButton(_("Áp dụng"))
        self.apply_button.setToolTip(_("Ghi vào cơ sở dữ liệu những gói đã xem trước (sau khi tự sao lưu)"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        row = QHBoxLayout()
        row.addWidget(self.files_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        return row

    # --- choosing ------------------------------------------------------------------

    def _start_folder(self) -> str:
        return self.services.device.get_setting(IMPORT_FOLDER_SETTING, "") or ""

    def choose_files(self) -> SyncJob | None:
        """Pick one or more bundle files, then dry-run them."""
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Chọn tệp gói"), self._start_folder(),
                                                      _("Gói Sổ Đối ngoại (*.dnb)"))
        return self.preview([Path(p) for p in paths]) if paths else None

    def choose_folder(self) -> SyncJob | None:
        """Pick a folder: every bundle in it, in order, is dry-run."""
        folder = QFileDialog.getExistingDirectory(self, _("Chọn thư mục có các gói"), self._start_folder())
        return self.preview([Path(folder)]) if folder else None

    # --- dry run, then apply -------------------------------------------------------

    def preview(self, paths: list[Path]) -> SyncJob:
        """The dry run: the report of what importing `paths` would do; nothing is written."""
        self.paths = list(paths)
        self.services.device.put_setting(IMPORT_FOLDER_SETTING, str(_folder_of(self.paths[0])))
        self.paths_label.setText(_("Gói đã chọn: {paths}").format(paths=", ".join(str(p) for p in self.paths)))
        self.apply_button.setEnabled(False)
        return self._run(True)

    def apply(self) -> SyncJob | None:
        """Write what the dry run showed (the service checks everything again)."""
        if not self.paths:
            return None
        self.apply_button.setEnabled(False)
        return self._run(False)

    def _run(self, dry_run: bool) -> SyncJob:
        paths = list(self.paths)
        text = _("Đang kiểm tra gói…") if dry_run else _("Đang ghi dữ liệu của gói…")
        self._set_busy(True)
        self.job = SyncJob(self, _("Tiếp nhận dữ liệu"), text,
                           lambda progress: self.services.sync.import_paths(paths, dry_run=dry_run,
                                                                            progress=progress))
        self.job.finished.connect(lambda reports: self._done(reports, dry_run))
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(lambda: self._failed(_("Đã dừng: không có gì được ghi.")))
        return self.job.start()

    def _set_busy(self, busy: bool) -> None:
        self.files_button.setEnabled(not busy)
        self.folder_button.setEnabled(not busy)

    def _done(self, reports: list, dry_run: bool) -> None:
        self._set_busy(False)
        self.report.show_reports(reports)
        self.unknown = next((r.details for r in reports if r.code == UNKNOWN_KEY and r.details.get("public_key")), {})
        self.trust_button.setVisible(bool(self.unknown))
        if dry_run:
            ready = [r for r in reports if r.outcome == "dry_run"]
            held = [r for r in reports if r.outcome == "held"]
            self.apply_button.setEnabled(bool(ready or held))
            text = _("Xem trước: {n} gói sẵn sàng để áp dụng — chưa ghi gì. Kiểm tra rồi bấm “Áp dụng”.").format(
                n=len(ready)) if ready else _("Không có gói nào áp dụng được ngay: xem lý do ở từng gói.")
            if held:
                text += " " + _("{n} gói thiếu gói trước: bấm “Áp dụng” để giữ lại, chờ các gói còn thiếu.").format(
                    n=len(held))
            self.summary_label.setText(text)
            return
        applied = [r for r in reports if r.outcome == "applied"]
        held = [r for r in reports if r.outcome == "held"]
        text = _("Đã áp dụng {n} gói. {summary}").format(
            n=len(applied), summary="; ".join(report_summary(r) for r in applied))
        if held:
            text += " " + _("{n} gói được giữ lại chờ gói trước (xem “Gói đang chờ”).").format(n=len(held))
        self.summary_label.setText(text)
        self.paths = []
        self.imported.emit()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.apply_button.setEnabled(False)
        self.summary_label.setText(message)
        errors.show_error(self, message)


    def trust_unknown(self) -> TrustDialog:
        """Trust the device whose key refused a bundle (after comparing fingerprints), then preview again."""
        d = self.unknown
        self.trust_dialog = TrustDialog(self.services, self, d.get("device_id", ""), d.get("public_key", ""),
                                        d.get("unit_code"))
        self.trust_dialog.trusted.connect(lambda _id: self.preview(self.paths) if self.paths else None)
        self.trust_dialog.open()
        return self.trust_dialog


def _folder_of(path: Path) -> Path:
    return path if path.is_dir() else path.parent

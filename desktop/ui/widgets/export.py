""""Xuất Excel…" on a list page: pick a file, export off the UI thread, say where it went."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from desktop.i18n import _
from desktop.ui.dashboard.loader import BackgroundCall
from desktop.ui.widgets import errors


class ExcelExport:
    """Exports one register as the page shows it (its search text and fixed filters)."""

    def __init__(self, page: QWidget, services: Any, entity: str, file_stem: str,
                 search: Callable[[], str], filters: dict[str, Any] | None = None):
        self.page, self.services, self.entity, self.file_stem = page, services, entity, file_stem
        self.search, self.filters = search, dict(filters or {})
        self.progress: QProgressDialog | None = None
        self.job: BackgroundCall | None = None
        self.target: Path | None = None

    def ask_and_run(self) -> None:
        """Ask where to save, then export."""
        start = Path.home() / f"{self.file_stem}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self.page, _("Xuất ra Excel"), str(start),
                                                    _("Bảng tính Excel (*.xlsx)"))
        if path:
            self.run(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def run(self, target: Path) -> None:
        """Export to `target` in the background with a busy dialog."""
        self.target = target
        self.progress = QProgressDialog(_("Đang xuất ra Excel…"), "", 0, 0, self.page)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        search = self.search()
        self.job = BackgroundCall(lambda: self.services.spreadsheets.export(
            self.entity, target, search=search, filters=self.filters), self.page)
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.start()

    def _done(self, rows: int) -> None:
        self._close_progress()
        QMessageBox.information(self.page, _("Đã xuất ra Excel"),
                                _("Đã ghi {n} dòng vào {path}.").format(n=rows, path=self.target))

    def _failed(self, message: str) -> None:
        self._close_progress()
        errors.show_error(self.page, message)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None

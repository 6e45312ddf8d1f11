""""Xuất Excel…" (Ctrl+E) on every list page: pick a file, export the list as shown off the UI thread with
progress, say where it went."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QWidget

from desktop.domain.text import fold
from desktop.i18n import _
from desktop.ui.itemmodels.paged_table import PagedTableModel
from desktop.ui.sync.jobs import SyncJob
from desktop.ui.widgets import errors
from desktop.ui.widgets.search_box import SearchBox

SHORTCUT = "Ctrl+E"


@dataclass(frozen=True)
class ListSource:
    """What a list exports: its register, the table's model (its search, filters and sort) and the sheet's name."""

    entity: str
    model: PagedTableModel
    title: str


class ExcelExport:
    """Exports the rows a list shows, every one its model matches (not only those loaded), in its order.

    `source` is the list, or a callable giving the one in front (a page with tabs of lists).
    """

    def __init__(self, page: QWidget, services: Any, source: ListSource | Callable[[], ListSource]):
        self.page, self.services = page, services
        self.source = source if callable(source) else (lambda: source)
        self.job: SyncJob | None = None
        self.target: Path | None = None

    def add_to(self, toolbar: QToolBar) -> QAction:
        """The "Xuất Excel…" action, the same text, tip and shortcut on every list."""
        action = QAction(_("Xuất Excel…"), self.page)
        action.setToolTip(_("Ghi danh sách đang xem ra tệp .xlsx (Ctrl+E)"))
        action.setShortcut(QKeySequence(SHORTCUT))
        action.triggered.connect(self.ask_and_run)
        toolbar.addAction(action)
        return action

    def ask_and_run(self) -> SyncJob | None:
        """Ask where to save, then export."""
        for box in self.page.findChildren(SearchBox):
            if box.pending():  # text typed a moment ago: the list shows it, and so does the export
                box.flush()
        source = self.source()
        start = Path.home() / f"{file_stem(source.title)}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self.page, _("Xuất ra Excel"), str(start),
                                                    _("Bảng tính Excel (*.xlsx)"))
        if not path:
            return None
        return self.run(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"), source)

    def run(self, target: Path, source: ListSource | None = None) -> SyncJob:
        """Export to `target` in the background, with progress and "Dừng"."""
        source = source or self.source()
        self.target = target
        rows, total = source.model.matching(), source.model.total  # the list as it stands now
        self.job = SyncJob(self.page, _("Xuất ra Excel"), _("Đang xuất ra Excel…"),
                           lambda progress: self.services.spreadsheets.export_list(
                               source.entity, target, (row.id for row in rows), source.title, total, progress))
        self.job.finished.connect(self._done)
        self.job.failed.connect(lambda message: errors.show_error(self.page, message))
        return self.job.start()

    def _done(self, rows: int) -> None:
        QMessageBox.information(self.page, _("Đã xuất ra Excel"),
                                _("Đã ghi {n} dòng vào {path}.").format(n=rows, path=self.target))


def file_stem(title: str) -> str:
    """The suggested file name of a list: "Hội nghị, hội thảo" → "hoi-nghi-hoi-thao"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-") or "danh-sach"

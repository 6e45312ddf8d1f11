"""Ctrl+K: one box over every register; Enter opens the highlighted record."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.search_box import SearchBox

HIT_ROLE = Qt.ItemDataRole.UserRole
MOVE_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)


class SearchEverywhere(QDialog):
    """Type to search all registers; the register of each hit is shown beside it."""

    openRecord = Signal(str, str)

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("Tìm trong mọi sổ"))
        fit_to_screen(self, 720, 460)
        self.box = SearchBox()
        self.box.setPlaceholderText(_("Tìm đoàn, cán bộ, hội nghị, tổ chức, văn bản… (không cần dấu)"))
        self.box.searchChanged.connect(self.run)
        self.box.returnPressed.connect(self.open_current)
        self.box.installEventFilter(self)
        self.results = QListWidget()
        self.results.itemActivated.connect(self._open_item)
        self.status = QLabel(_("Gõ ít nhất một chữ để tìm."))
        layout = QVBoxLayout(self)
        for widget in (self.box, self.results, self.status):
            layout.addWidget(widget)

    def run(self, text: str) -> None:
        """Search and list the hits, best first."""
        hits = self.services.search.search(text)
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.title}\n    {hit.register} · {hit.detail}".rstrip(" ·"))
            item.setData(HIT_ROLE, (hit.entity, hit.record_id))
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        self.status.setText(_("{n} kết quả").format(n=len(hits)) if text.strip() else _("Gõ ít nhất một chữ để tìm."))

    def open_current(self) -> None:
        """Open the highlighted hit (Enter in the box; a search still waiting runs first)."""
        if self.box.pending():
            self.box.flush()
        item = self.results.currentItem()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        entity, record_id = item.data(HIT_ROLE)
        self.accept()
        self.openRecord.emit(entity, record_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        """Arrow keys in the box move through the results, so hands stay on the keyboard."""
        if watched is self.box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in MOVE_KEYS:
                self.results.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

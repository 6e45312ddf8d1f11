"""An optional link from a promotion activity to the delegation that carried it out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _, format_date
from desktop.services.common import ListQuery
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.search_box import SearchBox

LIMIT = 50


class DelegationPicker(QDialog):
    """Search the delegations by title (no diacritics needed) and pick one."""

    picked = Signal(str, str)  # id, title

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("Chọn đoàn liên quan"))
        fit_to_screen(self, 560, 420)
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên đoàn, đối tác (không cần dấu)…"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Danh sách đoàn"))
        self.ok = QPushButton(_("Chọn"))
        cancel = QPushButton(_("Hủy"))
        for button in (self.ok, cancel):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.search.searchChanged.connect(self.load)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self.load("")

    def load(self, text: str) -> None:
        """List the delegations matching `text`."""
        try:
            rows = self.services.delegations.page(ListQuery(search=text, limit=LIMIT, sort="start_date",
                                                            descending=True))
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.title} — {format_date(row.start_date)}")
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.title))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def accept(self) -> None:
        """Hand the chosen delegation over and close."""
        item = self.list.currentItem()
        if item is not None:
            self.picked.emit(*item.data(Qt.ItemDataRole.UserRole))
            super().accept()


class DelegationLink(QWidget):
    """The linked delegation's title with "Chọn đoàn…" and "Bỏ liên kết"."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._id: str | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.choose = QPushButton(_("Chọn đoàn…"))
        self.clear = QPushButton(_("Bỏ liên kết"))
        for button in (self.choose, self.clear):
            button.setAutoDefault(False)
        self.choose.clicked.connect(self.open_picker)
        self.clear.clicked.connect(lambda: self._set(None, None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.choose)
        row.addWidget(self.clear)
        self.picker: DelegationPicker | None = None
        self.set_value(None, None)

    def value(self) -> str | None:
        """The linked delegation's id, or None."""
        return self._id

    def set_value(self, delegation_id: str | None, title: str | None) -> None:
        """Show a stored link (no change signal)."""
        self._id = delegation_id
        self.label.setText(title or _("Không gắn với đoàn nào."))
        self.clear.setEnabled(delegation_id is not None)

    def open_picker(self) -> DelegationPicker:
        """Open the search dialog."""
        self.picker = DelegationPicker(self.services, self)
        self.picker.picked.connect(self._set)
        self.picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker.open()
        return self.picker

    def _set(self, delegation_id: str | None, title: str | None) -> None:
        self.set_value(delegation_id, title)
        self.changed.emit()

"""Choosing officers for an outbound delegation: search by name without diacritics, pick."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from desktop.services.persons import PersonRow
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.search_box import SearchBox

LIMIT = 50


def describe(row: PersonRow) -> str:
    """Two lines about an officer: name and position; unit, passport, discipline on file."""
    first = f"{row.full_name} — {row.position}" if row.position else row.full_name
    second = [row.unit_name or row.unit_code]
    if row.passport_number:
        expiry = f" ({_('hết hạn')} {format_date(row.passport_expiry)})" if row.passport_expiry else ""
        second.append(f"{_('hộ chiếu')} {row.passport_number}{expiry}")
    if row.discipline_count:
        second.append(_("có {n} quyết định kỷ luật").format(n=row.discipline_count))
    return first + "\n" + " · ".join(second)


class PersonPicker(QDialog):
    """A window-modal list of officers; `picked(list[PersonRow])` when the user confirms."""

    picked = Signal(list)

    def __init__(self, services, exclude: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self._exclude = services, set(exclude)
        self.setWindowTitle(_("Chọn cán bộ tham gia đoàn"))
        fit_to_screen(self, 620, 460)
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo họ tên, chức vụ (không cần dấu)…"))
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(_("Danh sách cán bộ"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count = QLabel()
        self.ok = QPushButton(_("Thêm vào đoàn"))
        self.cancel = QPushButton(_("Hủy"))
        for button in (self.ok, self.cancel):
            button.setAutoDefault(False)
        self._layout()
        self.search.searchChanged.connect(self.load)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.itemSelectionChanged.connect(self._update_ok)
        self.ok.clicked.connect(self.accept)
        self.cancel.clicked.connect(self.reject)
        self.search.installEventFilter(self)
        self.list.installEventFilter(self)
        self.load("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The keyboard way: Down from the search goes to the list, Enter adds what is chosen
        (from the search: the highlighted officer, or the first match), Up at the top goes back."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.search and key == Qt.Key.Key_Down:
            self._settle_search()
            return self._step_into_list()
        if watched is self.search and enter:
            self._settle_search()
            if not self.list.selectedItems():
                self._step_into_list()
            self.accept()
            return True
        if watched is self.list and enter:
            self.accept()
            return True
        if watched is self.list and key == Qt.Key.Key_Up and self.list.currentRow() <= self._first_selectable():
            self.search.setFocus()
            return True
        return False

    def _settle_search(self) -> None:
        """Typed text still waiting for its pause is searched now, so the keys act on its matches."""
        if self.search.pending():
            self.search.flush()

    def _first_selectable(self) -> int:
        for row in range(self.list.count()):
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsSelectable:
                return row
        return -1

    def _step_into_list(self) -> bool:
        row = self._first_selectable()
        if row >= 0:
            self.list.setFocus()
            self.list.setCurrentRow(row)
        return True

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.ok)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def load(self, text: str) -> None:
        """List the officers matching `text` (at most 50)."""
        try:
            rows = self.services.persons.choices(text, LIMIT)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(describe(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            if row.id in self._exclude:
                item.setText(item.text() + " " + _("(đã có trong đoàn)"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(item)
        shown = _("{n} cán bộ").format(n=len(rows)) if len(rows) < LIMIT else _("{n} cán bộ đầu tiên; gõ để tìm thêm").format(n=LIMIT)
        self.count.setText(shown)
        self._update_ok()

    def selected(self) -> list[PersonRow]:
        """The officers selected in the list."""
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]

    def accept(self) -> None:
        """Hand the selection over and close; nothing happens with no selection."""
        rows = self.selected()
        if rows:
            self.picked.emit(rows)
            super().accept()

    def _update_ok(self) -> None:
        self.ok.setEnabled(bool(self.list.selectedItems()))

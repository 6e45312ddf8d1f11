"""What the register list pages (Đoàn ra/vào, Hội nghị, Xúc tiến) share: lazy first load, toolbar actions,
the year filter, the unit filter of the province store, open editors, and delete with an undo bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QToolBar,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.itemmodels.paged_table import PagedTableModel
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.editor_windows import EditorWindows
from desktop.ui.widgets.elided import ElidedLabel
from desktop.ui.widgets.empty_hint import EmptyHint, empty_hint

Models = Iterable[PagedTableModel] | Callable[[], Iterable[PagedTableModel]]


def add_unit_filter(row: QHBoxLayout, services, models: Models, parent: QWidget, at: int = 1) -> QComboBox | None:
    """In the province store, put "Đơn vị: [Mọi đơn vị ▾]" into a filter row at position `at`.

    Choosing a unit narrows every list of `models` (a list, or a callable giving them when the choice changes)
    to that unit's records (`ListQuery.unit_code`); a unit's own installation gets no filter (returns None).
    """
    if not services.province.is_province():
        return None
    combo = QComboBox()
    combo.setAccessibleName(_("Đơn vị"))
    combo.setToolTip(_("Xem hồ sơ của mọi đơn vị hoặc của một đơn vị"))
    combo.addItem(_("Mọi đơn vị"), None)
    for unit in services.province.unit_choices():
        combo.addItem(f"{unit.name} ({unit.code})", unit.code)
    combo.setMaximumWidth(280)

    def chosen(_index: int) -> None:
        targets = models() if callable(models) else models
        try:
            for model in targets:
                model.set_query(unit_code=combo.currentData())
        except AppError as exc:
            dialogs.show_error(parent, exc)

    combo.currentIndexChanged.connect(chosen)
    row.insertWidget(at, QLabel(_("Đơn vị:")))
    row.insertWidget(at + 1, combo)
    return combo


class RegisterPage(QWidget):
    """Base of a register list page.

    A subclass builds `self.view` (its table, passed to `_watch_delete_key`), `self.model`, `self.undo_action`
    and `self.year_filter`, lays out `_undo_bar()`, and provides `refresh()`, `_tombstone(id, deleted)`,
    `_delete_question(row)` and `_deleted_text(row)`; `_restored(row)` says what follows an undo.
    """

    view: QTableView
    undo_action: QAction
    year_filter: QComboBox

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._windows = EditorWindows(self._saved)
        self._deleted: list[Any] = []
        self._loaded = False

    # --- building ------------------------------------------------------------------

    def _action(self, bar: QToolBar, text: str, tip: str, keys, slot) -> QAction:
        """A toolbar action with a tooltip and an optional shortcut."""
        action = QAction(text, self)
        action.setToolTip(tip)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        bar.addAction(action)
        return action

    def _choice_filter(self, everything: str, labels: dict[str, str]) -> QComboBox:
        """A filter combo: `everything` (no filter) then the translated `labels`; a change reloads the list."""
        combo = QComboBox()
        combo.addItem(everything, None)
        for value, label in labels.items():
            combo.addItem(_(label), value)
        combo.currentIndexChanged.connect(self._filter_changed)
        return combo

    def _filter_row(self, *filters: tuple[str, QComboBox]) -> QHBoxLayout:
        """`self.search`, the unit filter (province store only: `self.unit_filter`), each labelled filter combo,
        then the row count (`self.count_label`) at the right."""
        self.count_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.search, 2)
        for label, combo in filters:
            row.addWidget(QLabel(label))
            row.addWidget(combo)
        row.addStretch(1)
        row.addWidget(self.count_label)
        self.unit_filter = add_unit_filter(row, self.services, self._unit_models, self)
        self._filter_combos = [combo for _label, combo in filters] + [c for c in (self.unit_filter,) if c]
        return row

    def _hint(self, view, empty: str) -> EmptyHint:
        """What `view` says while it has no row: `empty` (how to start the register) or, under a
        search or filter, that nothing matches."""
        return empty_hint(view, empty, self.search, self._filter_combos)

    def _unit_models(self) -> list[PagedTableModel]:
        """The lists the unit filter narrows: the page's own paged models."""
        return self.findChildren(PagedTableModel, options=Qt.FindChildOption.FindDirectChildrenOnly)

    def _filter_changed(self) -> None:
        """Apply the filter combos; the subclass says how."""
        raise NotImplementedError

    def _watch_delete_key(self) -> None:
        """Let the Delete key in the table delete the selected record."""
        self.view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        """Delete in the table deletes the selected record (after asking)."""
        if watched is self.view and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete:
            self.delete_current()
            return True
        return super().eventFilter(watched, event)

    def _undo_bar(self) -> QHBoxLayout:
        """The "Đã xóa …" line with its Hoàn tác button, hidden until something is deleted."""
        self.undo_label = ElidedLabel()
        self.undo_button = QPushButton(_("Hoàn tác (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_delete)
        row = QHBoxLayout()
        row.addWidget(self.undo_label)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        self._show_undo()
        return row

    # --- loading -------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """The first time the page is shown, load its first page (start-up stays quick)."""
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Reload the page's lists; the subclass says how."""
        raise NotImplementedError

    def _fill_year_filter(self, years) -> None:
        """Offer `years` after "Mọi năm", keeping the year chosen when it is still there."""
        chosen = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        while self.year_filter.count() > 1:
            self.year_filter.removeItem(1)
        for year in years:
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(self.year_filter.findData(chosen), 0))
        self.year_filter.blockSignals(False)

    # --- records and editors -------------------------------------------------------

    def current_row(self):
        """The record selected in the table."""
        index = self.view.currentIndex()
        return self.model.row_at(index) if index.isValid() else None

    def editors(self) -> list:
        """Editors this page has open."""
        return self._windows.all()

    def _show_editor(self, editor):
        """Keep track of an editor, refresh when it saves, and show it."""
        return self._windows.show(editor)

    def _bring_forward(self, test: Callable[[Any], bool]):
        """The open editor `test` accepts (the record asked for is open already), brought forward; or None."""
        return self._windows.forward(test)

    def _saved(self, record_id: str) -> None:
        """After a save: reload and select the saved record."""
        self.refresh()
        row = self.model.row_for_id(record_id)
        if row >= 0:
            self.view.selectRow(row)

    # --- delete and undo -----------------------------------------------------------

    def _tombstone(self, record_id: str, deleted: bool) -> None:
        """Mark the record deleted (or not any more) in its service."""
        raise NotImplementedError

    def _delete_question(self, row) -> tuple[str, str]:
        """The title and text of the "delete?" question."""
        raise NotImplementedError

    def _deleted_text(self, row) -> str:
        """The undo bar's "Đã xóa …" line."""
        raise NotImplementedError

    def _restored(self, row) -> None:
        """What follows a successful undo: a reload."""
        self.refresh()

    def delete_current(self) -> None:
        """Delete the selected record after asking; Ctrl+Z brings it back."""
        row = self.current_row()
        if row is None or not dialogs.confirm(self, *self._delete_question(row)):
            return
        try:
            self._tombstone(row.id, True)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self._deleted.append(row)
        self._show_undo()
        self.refresh()

    def undo_delete(self) -> None:
        """Restore the record deleted last."""
        if not self._deleted:
            return
        row = self._deleted.pop()
        try:
            self._tombstone(row.id, False)
        except AppError as exc:
            self._deleted.append(row)
            dialogs.show_error(self, exc)
            return
        self._show_undo()
        self._restored(row)

    def _show_undo(self) -> None:
        last = self._deleted[-1] if self._deleted else None
        self.undo_action.setEnabled(last is not None)
        self.undo_button.setVisible(last is not None)
        self.undo_label.setText(self._deleted_text(last) if last else "")

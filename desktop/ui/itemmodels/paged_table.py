"""A table model that pages through a service query, sorted and filtered in SQL.

The model never holds more rows than the user has scrolled to: `fetchMore`
asks the service for the next page; sorting and searching reset it and ask
again with a new `ListQuery`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.services.common import ListQuery
from desktop.ui.widgets.columns import widen_to_headers

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: what it shows for a row and which SQL sort key it maps to."""

    key: str
    title: str
    display: Callable[[Any], str]
    sort_key: str | None = None
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[Any], str] | None = None


class PagedTableModel(QAbstractTableModel):
    """Rows from `page(ListQuery)`, fetched lazily `page_size` at a time."""

    loaded = Signal(int)

    def __init__(
        self,
        columns: list[Column],
        count: Callable[[ListQuery], int],
        page: Callable[[ListQuery], list[Any]],
        page_size: int = 100,
        parent=None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self._count = count
        self._page = page
        self._page_size = page_size
        self._query = ListQuery(limit=page_size)
        self._rows: list[Any] = []
        self._total = 0
        self._loaded_once = False

    # --- the query -------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        """The current search and sort (offset 0)."""
        return self._query

    @property
    def total(self) -> int:
        """How many rows match the current search (not how many are loaded)."""
        return self._total

    def set_search(self, text: str) -> None:
        """Filter by `text` (the service ignores diacritics) and reload."""
        if text == self._query.search and self._loaded_once:
            return
        self._query = replace(self._query, search=text)
        self.refresh()

    def set_query(self, **changes: Any) -> None:
        """Change several query fields at once and reload."""
        self._query = replace(self._query, **changes)
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's SQL key; columns without one are ignored."""
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._query = replace(self._query, sort=self.columns[column].sort_key, descending=descending)
        self.refresh()

    def sort_column(self) -> int:
        """Index of the column the current sort key belongs to, or -1."""
        for i, col in enumerate(self.columns):
            if col.sort_key and col.sort_key == self._query.sort:
                return i
        return -1

    def refresh(self) -> None:
        """Drop loaded rows, count the matches and fetch the first page."""
        self.beginResetModel()
        self._total = self._count(replace(self._query, offset=0))
        self._rows = list(self._page(replace(self._query, offset=0, limit=self._page_size)))
        self._loaded_once = True
        self.endResetModel()
        self.loaded.emit(self._total)

    # --- lazy loading ----------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """True while rows beyond the loaded ones exist."""
        return not parent.isValid() and self._loaded_once and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Append the next page from the service."""
        if not self.canFetchMore(parent):
            return
        more = list(self._page(replace(self._query, offset=len(self._rows), limit=self._page_size)))
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # --- access ----------------------------------------------------------

    def row_at(self, index: Index | int) -> Any:
        """The row object behind an index (or a row number)."""
        row = index if isinstance(index, int) else index.row()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_for_id(self, record_id: str) -> int:
        """Row number of the loaded row whose `id` is `record_id`, or -1."""
        for i, row in enumerate(self._rows):
            if getattr(row, "id", None) == record_id:
                return i
        return -1

    def loaded_rows(self) -> list[Any]:
        """The rows fetched so far."""
        return list(self._rows)

    def matching(self, batch: int = 1000) -> Iterator[Any]:
        """Every row the current search, filters and sort match, in the list's order, not only those loaded
        (what an export writes): the query is taken now, the rows are read `batch` at a time as they are used."""
        return _every_page(self._page, replace(self._query, offset=0, limit=batch))

    # --- QAbstractTableModel ---------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align is not None:
            return int(col.align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
        return super().headerData(section, orientation, role)


def _every_page(page: Callable[[ListQuery], list[Any]], query: ListQuery) -> Iterator[Any]:
    while True:
        rows = list(page(query))
        yield from rows
        if len(rows) < query.limit:
            return
        query = replace(query, offset=query.offset + len(rows))


def attach_sorting(view, model: PagedTableModel, default_column: int = 0) -> None:
    """Let header clicks sort `model` in SQL; clicks on columns without a sort key do nothing."""
    header = view.horizontalHeader()
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    widen_to_headers(header)  # the sort arrow takes room in every header
    current = model.sort_column()
    order = Qt.SortOrder.DescendingOrder if model.query.descending else Qt.SortOrder.AscendingOrder
    header.setSortIndicator(current if current >= 0 else default_column, order)

    def changed(column: int, order: Qt.SortOrder) -> None:
        if model.columns[column].sort_key is None:
            back = model.sort_column()
            header.blockSignals(True)
            header.setSortIndicator(back if back >= 0 else default_column,
                                    Qt.SortOrder.DescendingOrder if model.query.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            return
        model.sort(column, order)

    header.sortIndicatorChanged.connect(changed)

"""A read-only, row-selecting table the settings tabs share."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def read_only_table(headers: list[str], stretch: int = -1) -> QTableWidget:
    """A table of whole rows with column `stretch` taking the spare width."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_rows(table: QTableWidget, rows: list[list[str]], tooltips: list[str] | None = None) -> None:
    """Replace the table's content with `rows` of text (optional tooltip per row)."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if tooltips:
                item.setToolTip(tooltips[r])
            table.setItem(r, c, item)


def selected_row(table: QTableWidget) -> int:
    """Index of the selected row, or -1."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1

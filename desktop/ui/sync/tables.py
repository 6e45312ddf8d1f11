"""Small read-only tables the sync pages fill from service rows."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

ATTENTION = QColor("#c62828")


def readonly_table(headers: list[str], name: str) -> QTableWidget:
    """A whole-row-selecting table with the given column titles and accessible name."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fill(table: QTableWidget, rows: list[list[str]], attention: list[bool] | None = None) -> None:
    """Replace the table's rows; rows flagged in `attention` are drawn red."""
    table.setRowCount(len(rows))
    for i, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if attention and attention[i]:
                item.setForeground(QBrush(ATTENTION))
            table.setItem(i, column, item)


def selected_row(table: QTableWidget) -> int:
    """The selected row number, or -1."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1

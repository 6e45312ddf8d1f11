"""Column widths of a list: the column the officer reads first (Tên đoàn, Tên tổ chức …) takes the spare
width, and no other column is narrower than its header, so a header never reads "i biểu nước ng"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


def fit_columns(view: QTableView, main: int = 0, widths: Sequence[int] = ()) -> None:
    """Give `view`'s columns `widths` and let column `main` stretch; no column is narrower than its header.

    A header's width is known only once the list is shown in its real font with its sort arrow, so the
    columns are widened again then (and when the font changes). The columns stay resizable by hand."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in range(header.count()):
        header.resizeSection(column, widths[column] if column < len(widths) else header.defaultSectionSize())
    header.setSectionResizeMode(main, QHeaderView.ResizeMode.Stretch)
    widen_to_headers(header)
    header.installEventFilter(_HeaderWatch(header))


def widen_to_headers(header: QHeaderView) -> None:
    """Widen each resizable column that is narrower than its own title (and sort arrow)."""
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
            continue
        needed = header.sectionSizeHint(column)
        if header.sectionSize(column) < needed:
            header.resizeSection(column, needed)


class _HeaderWatch(QObject):
    """Widens the columns to their titles when the header is shown or its font or style changes."""

    EVENTS = (QEvent.Type.Show, QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish)

    def __init__(self, header: QHeaderView):
        super().__init__(header)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in self.EVENTS and isinstance(watched, QHeaderView):
            widen_to_headers(watched)
        return False

"""The line an empty list shows over its rows: how to fill the register, or that nothing matches.

A part-time officer opening a register for the first time sees a blank table and does not know
what to press; every list says it ("Chưa có đoàn ra nào — bấm Thêm (Ctrl+N)…"), and a search
or filter that hides every row says that instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel

from desktop.i18n import _


class EmptyHint(QLabel):
    """A grey, centred label on `view`'s viewport, shown while its model has no row."""

    def __init__(self, view: QAbstractItemView, empty: str, filtered: Callable[[], bool]):
        super().__init__(view.viewport())
        self._view, self._empty, self._filtered = view, empty, filtered
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("color: #666; font-size: 11pt; padding: 24px; background: transparent;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_hint)
        view.viewport().installEventFilter(self)
        self.update_hint()

    def update_hint(self) -> None:
        """Show the right line when the list is empty, hide it otherwise."""
        model = self._view.model()
        if model is None or model.rowCount() > 0:
            self.hide()
            return
        self.setText(_("Không có dòng nào khớp với tìm kiếm và bộ lọc đang chọn — xóa ô tìm kiếm "
                       "hoặc chọn «Mọi …» ở bộ lọc để xem cả sổ.") if self._filtered() else self._empty)
        self._place()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        viewport = self._view.viewport()
        self.setGeometry(0, 0, viewport.width(), max(viewport.height() // 2, self.heightForWidth(viewport.width())))


def empty_hint(view: QAbstractItemView, empty: str, search=None, filters=()) -> EmptyHint:
    """`EmptyHint` on `view`; the list counts as filtered while `search` holds text, a combo of
    `filters` is off its first entry ("Mọi …") or a check box of them is ticked."""

    def is_set(widget) -> bool:
        return widget.isChecked() if isinstance(widget, QAbstractButton) else widget.currentIndex() > 0

    def filtered() -> bool:
        typed = bool(search is not None and search.text().strip())
        return typed or any(is_set(widget) for widget in filters if widget is not None)

    return EmptyHint(view, empty, filtered)

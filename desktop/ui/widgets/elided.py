"""A one-line label that never widens its window: text longer than the room it has ends in "…".

An undo line under a list ("Đã xóa đoàn “…”") quotes a title the officer typed; a 230-character title
once made the main window 1,927 px wide. The label keeps its whole text (`text()`, the tooltip, screen
readers) and only paints it shortened.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

WIDEST_HINT = 480  # the width it asks for at most; it takes less when the window has less


class ElidedLabel(QLabel):
    """A QLabel painted elided to its width, asking for no minimum width of its own."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setWordWrap(False)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        """Show `text` (whole in the tooltip), shortened when painted into less room."""
        super().setText(text or "")
        self.setToolTip(text or "")
        self.setAccessibleName(text or "")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        return QSize(min(hint.width(), WIDEST_HINT), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """What is painted: the text, elided to the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())
        painter.end()

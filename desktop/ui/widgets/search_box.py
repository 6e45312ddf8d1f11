"""The search field of every list: clear button, placeholder, debounced signal."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.i18n import _

DEBOUNCE_MS = 200


class SearchBox(QLineEdit):
    """Emits `searchChanged(text)` once typing pauses for 200 ms (at once when cleared)."""

    searchChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, delay_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(_("Tìm (không cần dấu)…"))
        self.setMinimumWidth(240)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._typed)

    def _typed(self, text: str) -> None:
        if text:
            self._timer.start()
        else:
            self.flush()

    def pending(self) -> bool:
        """Whether typed text still waits for its debounce."""
        return self._timer.isActive()

    def flush(self) -> None:
        """Emit the current text now (pending debounce cancelled)."""
        self._timer.stop()
        self.searchChanged.emit(self.text().strip())

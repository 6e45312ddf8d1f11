"""The editor windows a page has open: one per record (opening it again brings the open one forward),
the page told after each save, each forgotten when it closes (the main window asks about unsaved edits
through `unsaved`, which finds them itself)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog


class EditorWindows:
    """A page's open editors; `on_saved(record id)` runs after each save in any of them."""

    def __init__(self, on_saved: Callable[[str], None]):
        self._open: list[QDialog] = []
        self._on_saved = on_saved

    def show(self, editor: Any) -> Any:
        """Keep track of `editor` (a dialog with a `saved(str)` signal) and show it."""
        self._open.append(editor)
        editor.saved.connect(self._on_saved)
        editor.finished.connect(lambda _result, e=editor: self._closed(e))
        editor.show()
        return editor

    def forward(self, test: Callable[[Any], bool]) -> Any | None:
        """The open editor `test` accepts, brought to the front; None when there is none."""
        for editor in self._open:
            if test(editor):
                editor.raise_()
                editor.activateWindow()
                return editor
        return None

    def all(self) -> list:
        """The editors open now."""
        return list(self._open)

    def _closed(self, editor: QDialog) -> None:
        if editor in self._open:
            self._open.remove(editor)
        editor.deleteLater()

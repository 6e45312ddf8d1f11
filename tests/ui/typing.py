"""Typing Vietnamese in GUI tests.

`qtbot.keyClicks` aborts the process on non-ASCII text (FIELD-NOTES.md), so
Vietnamese is sent the way an input method such as Unikey does: a
QInputMethodEvent with a commit string, one per character.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` character by character, as a user with an IME would."""
    widget.setFocus()
    for ch in text:
        if ch.isascii() and ch.isprintable():
            QApplication.sendEvent(widget, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
            QApplication.sendEvent(widget, QKeyEvent(QKeyEvent.Type.KeyRelease, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def clear_and_type(widget: QWidget, text: str) -> None:
    """Select all, delete, then type."""
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
        QApplication.sendEvent(widget, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier))
    type_text(widget, text)

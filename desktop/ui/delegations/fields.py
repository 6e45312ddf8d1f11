"""Editor building blocks: a field with its problem line, the money field, combo helpers."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import _
from desktop.ui.widgets.date_field import DATE_HINT, DateField, mark_invalid

PROBLEM_STYLE = "color: #c62828;"
_CURRENCY = re.compile(r"(₫|đồng|đ|vnd)$", re.IGNORECASE)


def change_signal(widget: QWidget):
    """The signal that fires when the user edits `widget`."""
    if hasattr(widget, "changed"):
        return widget.changed
    if isinstance(widget, DateField):  # a date picked on the calendar is an edit too
        return widget.textChanged
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    raise TypeError(f"no change signal for {type(widget).__name__}")


class FieldSlot(QWidget):
    """An editor widget with a red problem line under it (hidden while there is none)."""

    edited = Signal()

    def __init__(self, key: str, label: str, editor: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.key, self.label, self.editor = key, label, editor
        self.touched = False
        self.problem = QLabel()
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.problem)
        editor.setAccessibleName(label)
        change_signal(editor).connect(self._edited)

    def _edited(self, *_args) -> None:
        self.touched = True
        self.edited.emit()

    def local_problem(self, shown_only: bool = False) -> str | None:
        """A problem the widget itself knows (a date or amount it cannot read).

        `shown_only`: not while the user is still typing a date.
        """
        if shown_only and isinstance(self.editor, DateField):
            return self.editor.shown_error()
        return self.editor.error() if hasattr(self.editor, "error") else None

    def set_problem(self, message: str | None) -> None:
        """Show (or clear) the problem beside the field."""
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        if isinstance(self.editor, DateField):
            mark_invalid(self.editor, message or self.editor.shown_error(), _(DATE_HINT))
        else:
            mark_invalid(self.editor, message)
        self.problem.setAccessibleName(message or "")


def enum_combo(enum: str, optional: bool = False) -> QComboBox:
    """A combo of an enum's Vietnamese labels, the value as item data."""
    combo = QComboBox()
    if optional:
        combo.addItem(_("— chưa chọn —"), None)
    for value, label in ENUM_LABELS[enum].items():
        combo.addItem(_(label), value)
    return combo


def select_data(combo: QComboBox, value) -> None:
    """Make the item whose data is `value` current (the first item when absent)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def text_or_none(widget: QLineEdit | QPlainTextEdit) -> str | None:
    """The widget's text, None when blank."""
    text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return text if text.strip() else None


class Section(QWidget):
    """One part of the editor: its fields by SYNC.md name, each with a problem line."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slots: dict[str, FieldSlot] = {}

    def slot(self, key: str, label: str, editor: QWidget) -> FieldSlot:
        """Wrap `editor` as field `key`; edits of it count as edits of the section."""
        slot = FieldSlot(key, label, editor, self)
        slot.edited.connect(self.changed)
        self.slots[key] = slot
        return slot

    def local_problems(self, shown_only: bool = False) -> dict[str, str]:
        """Problems the widgets know before any service is asked (unreadable dates, amounts)."""
        return {key: msg for key, slot in self.slots.items() if (msg := slot.local_problem(shown_only))}

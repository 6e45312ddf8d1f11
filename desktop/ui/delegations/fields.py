"""Editor building blocks: a field with its problem line, the money field, combo helpers."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
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
from desktop.i18n import _, babel_locale
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


class MoneyField(QLineEdit):
    """An amount in đồng: accepts "1.250.000", "1250000" or "1.250.000 ₫"; shows "1.250.000"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._value: int | None = None
        self._error: str | None = None
        self.setPlaceholderText(_("ví dụ 1.250.000"))
        self.setMaximumWidth(220)
        self.textChanged.connect(self._reparse)
        self.editingFinished.connect(self._reformat)

    def value(self) -> int | None:
        """The amount, or None when empty or not a number."""
        return self._value

    def error(self) -> str | None:
        """Why the text is not an amount, or None."""
        return self._error

    def set_value(self, value: int | None) -> None:
        """Show `value` with thousands separators."""
        self.setText("" if value is None else format_decimal(value, locale=babel_locale()))

    def _reparse(self, text: str) -> None:
        self._value, self._error = None, None
        cleaned = _CURRENCY.sub("", text.strip()).replace(" ", "").replace("\u00a0", "").strip()
        if not cleaned:
            return
        try:
            number = parse_decimal(cleaned, locale="vi_VN", strict=True)
        except NumberFormatError:
            number = None
        if number is None or number < 0 or number != number.to_integral_value():
            self._error = _("Dự toán kinh phí phải là số đồng, ví dụ 1.250.000 (đã nhập: {text}).").format(text=text.strip())
            return
        self._value = int(Decimal(number))

    def _reformat(self) -> None:
        if self._value is not None:
            formatted = format_decimal(self._value, locale=babel_locale())
            if formatted != self.text():
                self.setText(formatted)


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

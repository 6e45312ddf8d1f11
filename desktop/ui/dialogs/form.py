"""A form whose fields show their own problems in red, right under the field.

Editors put widgets in a `FieldForm`; after a service raises ValidationError
the form places each message beside the field it names and keeps what the
user typed. Messages about fields the form does not have come back to the
caller to show elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.screen import within_screen

ERROR_STYLE = "color: #c62828;"


def error_label() -> QLabel:
    """A hidden red label for a field's message."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class FieldForm(QFormLayout):
    """A QFormLayout whose rows carry an error label under the widget."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        """Add a labelled row for field `key`; returns `widget`."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[key] = error_label()
        column.addWidget(self.errors[key])
        self.addRow(label, box)
        self.widgets[key] = widget
        if isinstance(widget, QLineEdit):  # the message goes once the officer types the correction
            widget.textEdited.connect(lambda _text, key=key: self.set_error(key, ""))
        return widget

    def set_error(self, key: str, messages: list[str] | str) -> None:
        """Show `messages` under field `key` (empty hides them)."""
        text = messages if isinstance(messages, str) else "\n".join(messages)
        self.errors[key].setText(text)
        self.errors[key].setVisible(bool(text))
        if text:
            self._grow_window()

    def _grow_window(self) -> None:
        """Make room for a message that appeared, rather than squeezing the fields."""
        owner = self.parentWidget()
        if owner is None:
            return
        window = owner.window()
        hint = window.sizeHint()
        if hint.height() > window.height() or hint.width() > window.width():
            window.resize(max(window.width(), hint.width()), max(window.height(), hint.height()))
            within_screen(window)  # never past the screen's edge: the buttons stay in reach

    def error(self, key: str) -> str:
        """The message shown under `key` ("" when none)."""
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""

    def shown_problems(self) -> list[str]:
        """The messages shown under the fields, in the form's order."""
        return [label.text() for label in self.errors.values() if not label.isHidden()]

    def clear_errors(self) -> None:
        """Hide every field's message."""
        for key in self.errors:
            self.set_error(key, "")

    def show_problems(self, error: ValidationError, preferred: dict[str, str] | None = None) -> list[str]:
        """Place each problem under its field; `preferred` messages replace a field's.

        Returns the messages about fields this form does not show.
        """
        preferred = preferred or {}
        self.clear_errors()
        elsewhere = []
        by_field: dict[str, list[str]] = {}
        for problem in error.problems:
            if problem.field in self.errors:
                by_field.setdefault(problem.field, []).append(problem.message)
            else:
                elsewhere.append(problem.message)
        for key, message in preferred.items():
            by_field[key] = [message]
        for key, messages in by_field.items():
            self.set_error(key, messages)
        self.focus_first_error()
        return elsewhere

    def attempt(self, parent: QWidget, action: Callable[[], object],
                preferred: dict[str, str] | None = None) -> bool:
        """Run a service call; show its problems beside the fields (or in a box). True on success."""
        from desktop.errors import AppError
        from desktop.ui.widgets import errors

        try:
            action()
        except ValidationError as exc:
            elsewhere = self.show_problems(exc, preferred)
            if elsewhere:
                errors.show_error(parent, "\n".join(elsewhere))
            return False
        except AppError as exc:
            errors.show_error(parent, exc)
            return False
        return True

    def focus_first_error(self) -> None:
        """Put the cursor in the first field that shows a problem."""
        for key, label in self.errors.items():
            if not label.isHidden():
                self.widgets[key].setFocus()
                return


def open_modal(dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> QDialog:
    """Show `dialog` window-modal without a nested event loop; run `on_accepted` after OK.

    The dialog deletes itself when closed; keep the returned reference only while it is open.
    """
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_accepted is not None:
        dialog.accepted.connect(on_accepted)
    dialog.open()
    return dialog


def read_date(field: DateField) -> tuple[date | str | None, str]:
    """(value, problem) of a date field; unreadable text is returned as text so the service reports it too."""
    problem = field.error()
    return (field.text(), problem) if problem else (field.date(), "")


def required_date(field: DateField) -> date:
    """The field's date; ValueError with a Vietnamese message when empty or unreadable."""
    problem = field.error()
    if problem:
        raise ValueError(problem)
    if field.date() is None:
        raise ValueError(_("Hãy nhập ngày dạng dd/mm/yyyy."))
    return field.date()

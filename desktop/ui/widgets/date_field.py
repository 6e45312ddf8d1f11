"""A date typed as dd/mm/yyyy, with a calendar popup for those who prefer to click.

What the user typed is never replaced: an impossible date ("31/02/2026") stays
in the field, marked red, with the reason as its tooltip.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

from desktop.domain.validation import format_date, parse_date
from desktop.i18n import N_, _

PLACEHOLDER = "dd/mm/yyyy"
DATE_HINT = N_("Nhập ngày dạng dd/mm/yyyy (hoặc chọn trên lịch)")
INVALID_STYLE = "border: 1px solid #c62828; background: #fdecea;"
# Text that looks finished: a wrong date is shown as wrong at once, a half-typed one only on leaving.
_COMPLETE = re.compile(r"\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*")


def mark_invalid(widget: QWidget, message: str | None, hint: str = "") -> None:
    """Colour `widget` red with `message` as tooltip, or restore it (tooltip `hint`)."""
    name = widget.metaObject().className()
    widget.setStyleSheet(f"{name} {{ {INVALID_STYLE} }}" if message else "")
    widget.setToolTip(message or hint)
    widget.setAccessibleDescription(message or hint)


class DateField(QLineEdit):
    """Typed date ("02/03/2026" or "2/3/2026"); `date()` is None when empty or invalid."""

    dateChanged = Signal(object)  # the new date, or None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._date: date | None = None
        self._error: str | None = None
        self.setPlaceholderText(PLACEHOLDER)
        self.setToolTip(_(DATE_HINT))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 48)
        self.setMaximumWidth(180)
        action = self.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        action.setToolTip(_("Chọn ngày trên lịch"))
        action.triggered.connect(self.open_calendar)
        self.textChanged.connect(self._reparse)
        self.editingFinished.connect(self._show_state)

    def date(self) -> date | None:
        """The typed date; None when the field is empty or the text is not a date."""
        return self._date

    def setDate(self, value: date | None) -> None:  # noqa: N802 (Qt naming)
        """Show `value` as dd/mm/yyyy (empty for None)."""
        self.setText(format_date(value))
        self._show_state()

    def error(self) -> str | None:
        """Why the text is not a date (Vietnamese), or None when empty or valid."""
        return self._error

    def shown_error(self) -> str | None:
        """The error, unless the user is still in the middle of typing the date."""
        if self._error and (self.hasFocus() and not _COMPLETE.fullmatch(self.text())):
            return None
        return self._error

    def open_calendar(self) -> None:
        """Pop a month calendar under the field; a click fills the date in."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        if self._date:
            calendar.setSelectedDate(QDate(self._date.year, self._date.month, self._date.day))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        calendar.clicked.connect(lambda d: (self._pick(d), menu.close()))
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def _pick(self, qdate: QDate) -> None:
        self.setDate(date(qdate.year(), qdate.month(), qdate.day()))

    def _reparse(self, text: str) -> None:
        old = self._date
        try:
            self._date, self._error = (parse_date(text) if text.strip() else None), None
        except ValueError as exc:
            self._date, self._error = None, str(exc)
        self._show_state()
        if self._date != old:
            self.dateChanged.emit(self._date)

    def _show_state(self) -> None:
        mark_invalid(self, self.shown_error(), _(DATE_HINT))


def _calendar_icon() -> QIcon:
    """A small calendar sheet drawn in code (no icon file to ship)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#455a64"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#c62828"))
    for row in range(2):
        for col in range(3):
            painter.fillRect(3 + col * 4, 8 + row * 3, 2, 2, QColor("#455a64"))
    painter.end()
    return QIcon(pixmap)

"""Lịch làm việc: announced days off and make-up working days, with the public holidays shown."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import N_, _, format_date
from desktop.ui.dialogs.form import error_label, required_date
from desktop.ui.settings.tables import fill_rows, read_only_table, selected_row
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField

KINDS = {"off": N_("Ngày nghỉ"), "work": N_("Ngày làm bù")}
WEEKDAYS = (N_("Thứ Hai"), N_("Thứ Ba"), N_("Thứ Tư"), N_("Thứ Năm"), N_("Thứ Sáu"), N_("Thứ Bảy"), N_("Chủ nhật"))


def holidays_of(calendar, year: int) -> list[tuple[date, str]]:
    """(day, name) of every public holiday the calendar knows in `year`."""
    day, out = date(year, 1, 1), []
    while day.year == year:
        name = calendar.holiday_name(day)
        if name:
            out.append((day, name))
        day += timedelta(days=1)
    return out


def day_text(day: date) -> str:
    """"Thứ Bảy 07/02/2026"."""
    return f"{_(WEEKDAYS[day.weekday()])} {format_date(day)}"


class CalendarTab(QWidget):
    """The user's calendar exceptions and, for one year, the public holidays."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        layout = QHBoxLayout(self)
        layout.addWidget(self._days_box(), 3)
        layout.addWidget(self._holidays_box(), 2)
        self.reload()

    def _days_box(self) -> QGroupBox:
        box = QGroupBox(_("Ngày nghỉ và ngày làm bù do Nhà nước công bố"))
        column = QVBoxLayout(box)
        self.table = read_only_table([_("Ngày"), _("Loại"), _("Ghi chú")], stretch=2)
        for col, width in ((0, 170), (1, 120)):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        column.addWidget(self.table)
        column.addLayout(self._add_row())
        self.day_error = error_label()
        column.addWidget(self.day_error)
        self.remove_button = QPushButton(_("Xóa ngày đã chọn"))
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _add_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.day = DateField()
        self.kind = QComboBox()
        for value, label in KINDS.items():
            self.kind.addItem(_(label), value)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Ghi chú, ví dụ: nghỉ bù Tết"))
        self.add_button = QPushButton(_("Thêm"))
        self.add_button.clicked.connect(self.add_day)
        for widget in (self.day, self.kind):
            row.addWidget(widget)
        row.addWidget(self.note, 1)
        row.addWidget(self.add_button)
        return row

    def _holidays_box(self) -> QGroupBox:
        box = QGroupBox(_("Ngày lễ, Tết theo quy định (để tham khảo)"))
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Năm")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.services.ctx.today().year)
        self.year.valueChanged.connect(self.show_holidays)
        row.addWidget(self.year)
        row.addStretch(1)
        column.addLayout(row)
        self.holidays = QListWidget()
        column.addWidget(self.holidays)
        return box

    def reload(self) -> None:
        """Re-read the user's days and the holidays of the chosen year."""
        self.days = self.services.rules.calendar_days()
        fill_rows(self.table, [[day_text(d.day), _(KINDS.get(d.kind, d.kind)), d.note] for d in self.days])
        self.show_holidays()

    def show_holidays(self) -> None:
        """List the public holidays of the year in the spin box."""
        self.holidays.clear()
        for day, name in holidays_of(self.services.rules.calendar(), self.year.value()):
            self.holidays.addItem(f"{day_text(day)} — {name}")

    def add_day(self) -> None:
        """Store the typed day as a day off or make-up working day."""
        self._set_error("")
        try:
            day = required_date(self.day)
        except ValueError as exc:
            self._set_error(str(exc))
            return
        try:
            self.services.rules.set_calendar_day(day, self.kind.currentData(), self.note.text())
        except AppError as exc:
            self._set_error(str(exc))
            return
        self.day.clear()
        self.note.clear()
        self.reload()
        self.changed.emit()

    def remove_selected(self) -> None:
        """Forget the selected day."""
        row = selected_row(self.table)
        if row < 0:
            return
        try:
            self.services.rules.remove_calendar_day(self.days[row].day)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.reload()
        self.changed.emit()

    def _set_error(self, text: str) -> None:
        self.day_error.setText(text)
        self.day_error.setVisible(bool(text))

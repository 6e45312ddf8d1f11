"""The columns of the delegation list, and the red "Muộn" flag."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import N_, _, country_name, format_date
from desktop.services.delegations import DelegationRow
from desktop.ui.itemmodels.paged_table import Column

LATE_COLOUR = QColor("#c62828")
DATE_WORDS = {"outbound": (N_("Ngày đi"), N_("Ngày về")), "inbound": (N_("Ngày đến"), N_("Ngày rời"))}


def countries_text(row: DelegationRow) -> str:
    """Vietnamese names of the row's countries, comma separated."""
    return ", ".join(country_name(c) for c in row.countries)


def status_text(row: DelegationRow) -> str:
    """The row's status in words."""
    return _(ENUM_LABELS["status"].get(row.status, row.status))


def late_text(row: DelegationRow) -> str:
    """"Muộn" when the request was (or will be) filed after its deadline."""
    return _("Muộn") if row.late else ""


def late_tooltip(row: DelegationRow) -> str:
    """Why a row is late."""
    if not row.late or row.deadline is None:
        return ""
    return _("Hồ sơ xin phép nộp sau hạn {due}").format(due=format_date(row.deadline))


def delegation_columns(direction: str) -> list[Column]:
    """The list's columns; those with a sort key sort in SQL when their header is clicked."""
    start, end = DATE_WORDS[direction]
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column("title", _("Tên đoàn"), lambda r: r.title, "title", tooltip=lambda r: r.title),
        Column("countries", _("Quốc gia"), countries_text, None, tooltip=countries_text),
        Column("partner", _("Đối tác"), lambda r: r.partner or "", "partner"),
        Column("start_date", _(start), lambda r: format_date(r.start_date), "start_date"),
        Column("end_date", _(end), lambda r: format_date(r.end_date), "end_date"),
        Column("status", _("Trạng thái"), status_text, "status"),
        Column("member_count", _("Thành viên"), lambda r: str(r.member_count), None, align=right),
        Column("deadline", _("Hạn nộp"), lambda r: format_date(r.deadline), None),
        Column("late", _("Muộn"), late_text, None, tooltip=late_tooltip),
    ]


class LateDelegate(QStyledItemDelegate):
    """Draws the "Muộn" column in bold red (the model gives text only)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        """Red, bold text for this column."""
        super().initStyleOption(option, index)
        option.palette.setColor(option.palette.ColorRole.Text, LATE_COLOUR)
        option.palette.setColor(option.palette.ColorRole.HighlightedText, QColor("#ffebee"))
        font = QFont(option.font)
        font.setBold(True)
        option.font = font

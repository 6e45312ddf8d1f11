"""The columns of the promotion list and of "Việc cần theo dõi", and the red overdue cell."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import _, country_name, format_date
from desktop.services.promotions import FollowUpRow, PromotionRow
from desktop.ui.itemmodels.paged_table import Column

OVERDUE_COLOUR = QColor("#c62828")


def period_text(row: PromotionRow) -> str:
    """'05/03/2023' or '05/03/2023 – 09/03/2023'."""
    if row.end_date is None or row.end_date == row.start_date:
        return format_date(row.start_date)
    return f"{format_date(row.start_date)} – {format_date(row.end_date)}"


def place_text(row: PromotionRow) -> str:
    """The place, marked when abroad."""
    place = row.place or ""
    if row.abroad:
        return f"{place} ({_('nước ngoài')})" if place else _("Nước ngoài")
    return place


def countries_text(row: PromotionRow) -> str:
    """Names of the row's countries, comma separated."""
    return ", ".join(country_name(c) for c in row.countries)


def follow_up_text(row: PromotionRow) -> str:
    """'2 đang mở · 1 quá hạn', or '' when nothing is open."""
    if not row.open_follow_ups:
        return ""
    text = _("{n} đang mở").format(n=row.open_follow_ups)
    if row.overdue_follow_ups:
        text += " · " + _("{n} quá hạn").format(n=row.overdue_follow_ups)
    return text


def promotion_columns() -> list[Column]:
    """The activity list's columns; those with a sort key sort in SQL."""
    right = Qt.AlignmentFlag.AlignRight
    kinds = ENUM_LABELS["promotion_kind"]
    return [
        Column("title", _("Tên hoạt động"), lambda r: r.title, "title", tooltip=lambda r: r.title),
        Column("kind", _("Loại"), lambda r: _(kinds.get(r.kind, r.kind)), "kind"),
        Column("start_date", _("Thời gian"), period_text, "start_date"),
        Column("place", _("Địa điểm"), place_text, "place", tooltip=place_text),
        Column("countries", _("Quốc gia"), countries_text, None, tooltip=countries_text),
        Column("mou_count", _("MoU"), lambda r: str(r.mou_count or ""), "mou_count", align=right),
        Column("follow_ups", _("Việc theo dõi"), follow_up_text, None),
    ]


def follow_up_columns() -> list[Column]:
    """The columns of the open follow-up actions across activities."""
    statuses = ENUM_LABELS["follow_up_status"]
    return [
        Column("due_date", _("Hạn"), lambda r: format_date(r.due_date), None),
        Column("action", _("Việc cần làm"), lambda r: r.action, None, tooltip=lambda r: r.action),
        Column("owner", _("Người phụ trách"), lambda r: r.owner_name, None),
        Column("status", _("Tình trạng"), lambda r: _(statuses.get(r.status, r.status)), None),
        Column("activity", _("Hoạt động"), lambda r: r.activity_title, None,
               tooltip=lambda r: r.activity_title),
    ]


def is_overdue(row: PromotionRow | FollowUpRow) -> bool:
    """True when the row has (or is) an action past its due date."""
    return bool(getattr(row, "overdue_follow_ups", 0) or getattr(row, "overdue", False))


class OverdueDelegate(QStyledItemDelegate):
    """Draws a cell in bold red when its row has an overdue follow-up action."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        """Red, bold text for overdue rows."""
        super().initStyleOption(option, index)
        row = index.data(Qt.ItemDataRole.UserRole)
        if row is not None and is_overdue(row):
            option.palette.setColor(option.palette.ColorRole.Text, OVERDUE_COLOUR)
            font = QFont(option.font)
            font.setBold(True)
            option.font = font

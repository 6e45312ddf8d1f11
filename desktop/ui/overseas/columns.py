"""The columns of the contact list, of every activity, and of the open citizen-protection cases."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import _, country_name, format_date, format_money
from desktop.services.overseas import ActivityRow, ContactRow
from desktop.ui.itemmodels.paged_table import Column


def enum_text(enum: str, value: str | None) -> str:
    """The Vietnamese label of an enum value ("" for None)."""
    if not value:
        return ""
    return _(ENUM_LABELS[enum].get(value, value))


def activity_text(row: ContactRow) -> str:
    """'3 hoạt động · 1 vụ bảo hộ đang mở' (or '' when none)."""
    if not row.activity_count:
        return ""
    text = _("{n} hoạt động").format(n=row.activity_count)
    if row.open_cases:
        text += " · " + _("{n} vụ bảo hộ đang mở").format(n=row.open_cases)
    return text


def case_line(row: ActivityRow) -> str:
    """One open case at the top of the page: date, content, who, where, status."""
    who = row.contact_name + (f" ({country_name(row.country)})" if row.country else "")
    return _("{date} — {title} — {who} — {status}").format(
        date=format_date(row.date), title=row.title, who=who,
        status=enum_text("follow_up_status", row.status))


def contact_columns() -> list[Column]:
    """The contact list's columns; those with a sort key sort in SQL."""
    return [
        Column("name", _("Họ tên / tên hội"), lambda r: r.name, "name", tooltip=lambda r: r.name),
        Column("kind", _("Loại"), lambda r: enum_text("overseas_contact_kind", r.kind), "kind"),
        Column("country", _("Quốc gia"), lambda r: country_name(r.country) if r.country else "", "country"),
        Column("city", _("Thành phố"), lambda r: r.city or "", "city"),
        Column("hometown", _("Quê quán"), lambda r: r.hometown or "", None),
        Column("association", _("Hội, đoàn thể"), lambda r: r.association or "", None),
        Column("last", _("Hoạt động gần nhất"), lambda r: format_date(r.last_activity), None),
        Column("activities", _("Hoạt động"), activity_text, None),
    ]


def activity_columns() -> list[Column]:
    """The columns of every activity, newest first by default."""
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column("date", _("Ngày"), lambda r: format_date(r.date), "date"),
        Column("kind", _("Loại hoạt động"), lambda r: enum_text("overseas_activity_kind", r.kind), "kind"),
        Column("title", _("Nội dung"), lambda r: r.title, "title", tooltip=lambda r: r.title),
        Column("contact", _("Kiều bào / hội"), lambda r: r.contact_name, None),
        Column("country", _("Quốc gia"), lambda r: country_name(r.country) if r.country else "", None),
        Column("location", _("Địa bàn"), lambda r: r.location or "", None),
        Column("value_vnd", _("Giá trị"), lambda r: format_money(r.value_vnd), "value_vnd", align=right),
        Column("status", _("Tình trạng"), lambda r: enum_text("follow_up_status", r.status), "status"),
    ]

"""Choosing the unit a machine serves: the list (nothing chosen for the officer), and what the
choice means — the province's machine receives every unit's bundles, a unit's machine sends."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox

from desktop.i18n import _


def unit_label(unit) -> str:
    """"Tên (MÃ)", with "(trước 01/7/2025)" for a unit that no longer exists."""
    text = f"{unit.name} ({unit.code})"
    if unit.valid_to is not None:
        end = unit.valid_to + timedelta(days=1)
        text += " " + _("(trước {date})").format(date=f"{end.day:02d}/{end.month}/{end.year}")
    return text


def unit_combo() -> QComboBox:
    """A searchable-by-typing list of units showing "— Chọn đơn vị —" until one is chosen."""
    combo = QComboBox()
    combo.setPlaceholderText(_("— Chọn đơn vị mà máy này phục vụ —"))
    combo.setMinimumContentsLength(30)
    combo.setMaxVisibleItems(20)
    return combo


def fill_units(combo: QComboBox, units, selected: str | None = None) -> None:
    """List `units` (retired ones marked); select `selected`, else nothing."""
    combo.blockSignals(True)
    combo.clear()
    for unit in units:
        combo.addItem(unit_label(unit), unit.code)
    combo.setCurrentIndex(combo.findData(selected) if selected else -1)
    combo.blockSignals(False)


def meaning(unit) -> str:
    """What choosing `unit` makes of this machine, in a sentence or two."""
    if unit is None:
        return ""
    if unit.level == "province":
        return _("Máy của Sở Ngoại vụ (tỉnh): nhận và nhập gói dữ liệu của mọi đơn vị, xem tình hình "
                 "toàn tỉnh và gửi xác nhận về đơn vị. Chỉ chọn khi máy này đặt ở Sở; máy của xã, "
                 "phường hãy chọn đúng xã, phường đó.")
    if unit.valid_to is not None:
        end = unit.valid_to + timedelta(days=1)
        return _("{name} thôi hoạt động từ {date}: chỉ chọn khi máy này ghi lại hồ sơ cũ của đơn vị đó; "
                 "xã, phường hiện nay có tên riêng trong danh sách.").format(
            name=unit.name, date=f"{end.day:02d}/{end.month:02d}/{end.year}")
    return _("Máy của {name}: ghi sổ của đơn vị và gửi gói dữ liệu về Sở Ngoại vụ bằng USB hoặc thư điện tử.").format(
        name=unit.name)

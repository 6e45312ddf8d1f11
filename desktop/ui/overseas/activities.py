"""A contact's activities (home visits, investments, donations, protection cases, programmes),
each stored at once through the service when its dialog closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableWidgetItem, QWidget

from desktop.i18n import N_, _, format_date, format_money
from desktop.services.overseas import ActivityDetail
from desktop.ui.delegations.fields import enum_combo
from desktop.ui.overseas.columns import enum_text
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_field import MoneyField
from desktop.ui.widgets.sub_records import SubRecordDialog, SubRecordTable

OPEN_CASE_COLOUR = QColor("#c62828")


class ActivityDialog(SubRecordDialog):
    """Add or change one activity (the base's `owner_id` is the contact's id)."""

    title = N_("Hoạt động của kiều bào")
    entity = "overseas_activity"
    min_width = 520

    def build_fields(self) -> dict[str, QWidget]:
        title = QLineEdit()
        title.setPlaceholderText(_("ví dụ: Về thăm quê dịp Tết, tặng quà hộ nghèo xã Ea Kao"))
        self.money = MoneyField(_("Giá trị"))
        return {
            "kind": self.form.add("kind", _("Loại hoạt động *"), enum_combo("overseas_activity_kind")),
            "title": self.form.add("title", _("Nội dung *"), title),
            "date": self.form.add("date", _("Ngày *"), DateField()),
            "location": self.form.add("location", _("Địa bàn"), QLineEdit()),
            "value_vnd": self.form.add("value_vnd", _("Giá trị (đồng)"), self.money),
            "status": self.form.add("status", _("Tình trạng"), enum_combo("follow_up_status", optional=True)),
            "closed_on": self.form.add("closed_on", _("Ngày kết thúc"), DateField()),
            "result": self.form.add("result", _("Kết quả"), QLineEdit()),
            "notes": self.form.add("notes", _("Ghi chú"), QLineEdit()),
        }

    def fill(self, data: dict[str, Any]) -> None:
        super().fill({k: v for k, v in data.items() if k != "value_vnd"})
        self.money.set_value(data.get("value_vnd"))

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        data, bad = super().collect()
        data["value_vnd"] = self.money.value()
        if self.money.error():
            bad["value_vnd"] = _("Giá trị phải là số đồng, ví dụ 1.250.000 (đã nhập: {text}).").format(
                text=self.money.text().strip())
            data["value_vnd"] = self.money.text()  # the service names it too
        return data, bad

    def store(self, data: dict[str, Any]) -> None:
        self.services.overseas.save_activity(self.owner_id, data, self.record_id())


class ActivityTable(SubRecordTable):
    """The activities of one contact, newest first; open protection cases in red."""

    entity = "overseas_activity"
    dialog = ActivityDialog
    unsaved_note = N_("Lưu thông tin kiều bào (hội) trước, rồi thêm các hoạt động.")

    def __init__(self, services, on_changed: Callable[[], None], parent: QWidget | None = None):
        super().__init__(services, on_changed, parent)
        self.table.setAccessibleName(_("Hoạt động của kiều bào"))
        header = self.table.horizontalHeader()
        for col in range(self.table.columnCount()):  # the content takes the room the others leave
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in (2, 3)
                                        else QHeaderView.ResizeMode.ResizeToContents)

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        return [
            (_("Ngày"), lambda d: format_date(d.get("date"))),
            (_("Loại"), lambda d: enum_text("overseas_activity_kind", d.get("kind"))),
            (_("Nội dung"), lambda d: d.get("title") or ""),
            (_("Địa bàn"), lambda d: d.get("location") or ""),
            (_("Giá trị"), lambda d: format_money(d.get("value_vnd"))),
            (_("Tình trạng"), lambda d: enum_text("follow_up_status", d.get("status"))),
        ]

    def show_records(self, owner_id: str | None, records: list[ActivityDetail]) -> None:
        super().show_records(owner_id, records)
        for row, record in enumerate(self.records):
            if record.open_case:
                for col in range(self.table.columnCount()):
                    item: QTableWidgetItem = self.table.item(row, col)
                    item.setForeground(QBrush(OPEN_CASE_COLOUR))
                    item.setToolTip(_("Vụ việc bảo hộ công dân đang mở"))

    def delete_record(self, record_id: str) -> None:
        self.services.overseas.delete_activity(record_id)

"""Giải ngân: the disbursements of a project by period, each stored at once, with committed vs disbursed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.domain.aid_rules import AidTotals, ratio_text
from desktop.i18n import N_, _, format_date
from desktop.ui.dialogs.form import read_date
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_field import VND, MoneyField, amount_text
from desktop.ui.widgets.sub_records import SubRecordDialog, SubRecordTable

OVER_STYLE = "color: #c62828; font-weight: 600;"
AMOUNT_COLUMNS = (1, 2)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DisbursementDialog(SubRecordDialog):
    """Add or change one disbursement (the base's `owner_id` is the project's id)."""

    title = N_("Giải ngân")
    entity = "aid_disbursement"

    def build_fields(self) -> dict[str, QWidget]:
        currency = getattr(self.parent(), "currency", None)
        return {
            "period_start": self.form.add("period_start", _("Từ ngày *"), DateField()),
            "period_end": self.form.add("period_end", _("Đến ngày"), DateField()),
            "amount_vnd": self.form.add("amount_vnd", _("Số tiền (đồng) *"), MoneyField(_("Số tiền giải ngân"))),
            "amount_original": self.form.add(
                "amount_original", _("Số tiền nguyên tệ"),
                MoneyField(_("Số tiền nguyên tệ"), currency if currency and currency != VND else None)),
            "notes": self.form.add("notes", _("Ghi chú"), QLineEdit()),
        }

    def fill(self, data: dict[str, Any]) -> None:
        for key, widget in self.fields.items():
            if isinstance(widget, DateField):
                widget.setDate(data.get(key))
            elif isinstance(widget, MoneyField):
                widget.set_value(data.get(key))
            else:
                widget.setText(data.get(key) or "")

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed values; unreadable dates and amounts go as typed (the service refuses them) with their message."""
        data: dict[str, Any] = {}
        bad: dict[str, str] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, DateField):
                data[key], problem = read_date(widget)
            elif isinstance(widget, MoneyField):
                problem = widget.error() or ""
                data[key] = widget.text() if problem else widget.value()
            else:
                data[key], problem = widget.text(), ""
            if problem:
                bad[key] = problem
        return data, bad

    def store(self, data: dict[str, Any]) -> None:
        self.services.aid.save_disbursement(self.owner_id, data, self.record_id())


class DisbursementTable(SubRecordTable):
    """The disbursements of one project, with the committed, disbursed and remaining amounts under them."""

    entity = "aid_disbursement"
    dialog = DisbursementDialog
    unsaved_note = N_("Lưu chương trình, dự án trước, rồi ghi các lần giải ngân.")
    currency: str | None = None  # the project's currency when not VND: the unit of the original amounts

    def __init__(self, services, on_changed: Callable[[], None], parent: QWidget | None = None):
        super().__init__(services, on_changed, parent)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.layout().insertWidget(2, self.totals_label)
        self.table.setAccessibleName(_("Các lần giải ngân"))

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        def period(d: dict) -> str:
            end = d.get("period_end")
            start = format_date(d.get("period_start"))
            return f"{start} – {format_date(end)}" if end and end != d.get("period_start") else start

        return [
            (_("Thời gian"), period),
            (_("Số tiền (đồng)"), lambda d: amount_text(d.get("amount_vnd"))),
            (_("Nguyên tệ"), lambda d: amount_text(d.get("amount_original"), self.currency)),
            (_("Ghi chú"), lambda d: d.get("notes") or ""),
        ]

    def delete_record(self, record_id: str) -> None:
        self.services.aid.delete_disbursement(record_id)

    def show_all(self, owner_id: str | None, records: list, totals: AidTotals, currency: str | None) -> None:
        """Show the disbursements of `owner_id` and the totals line."""
        self.currency = currency if currency and currency != VND else None
        self.show_records(owner_id, records)
        for row in range(self.table.rowCount()):  # amounts line up on the right
            for col in AMOUNT_COLUMNS:
                self.table.item(row, col).setTextAlignment(RIGHT)
        self.totals_label.setText(totals_text(totals))
        over = totals.remaining_vnd is not None and totals.remaining_vnd < 0
        self.totals_label.setStyleSheet(OVER_STYLE if over else "")


def totals_text(totals: AidTotals) -> str:
    """'Cam kết 3.000.000.000 ₫ · Đã giải ngân 1.500.000.000 ₫ (50%) · Còn lại 1.500.000.000 ₫'."""
    parts = [_("Cam kết: {amount}").format(amount=amount_text(totals.committed_vnd) or _("chưa ghi giá trị"))]
    disbursed = _("Đã giải ngân: {amount}").format(amount=amount_text(totals.disbursed_vnd))
    if totals.ratio is not None:
        disbursed += f" ({ratio_text(totals.ratio)})"
    parts.append(disbursed)
    remaining = totals.remaining_vnd
    if remaining is not None and remaining >= 0:
        parts.append(_("Còn lại: {amount}").format(amount=amount_text(remaining)))
    elif remaining is not None:
        parts.append(_("Vượt giá trị cam kết: {amount}").format(amount=amount_text(-remaining)))
    return " · ".join(parts)

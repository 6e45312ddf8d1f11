"""Thông tin chung: what the delegation is, where, when, and who pays."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.ui.delegations.countries import CountryPicker
from desktop.ui.delegations.fields import (
    Section,
    enum_combo,
    select_data,
    text_or_none,
)
from desktop.ui.plan.plan_link import PlanLinkField
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_field import MoneyField

LABELS = {
    "outbound": {"countries": N_("Nước đến"), "partner": N_("Đối tác, cơ quan mời"),
                 "start_date": N_("Ngày đi"), "end_date": N_("Ngày về")},
    "inbound": {"countries": N_("Đoàn đến từ nước"), "partner": N_("Cơ quan, tổ chức nước ngoài"),
                "start_date": N_("Ngày đến"), "end_date": N_("Ngày rời")},
}


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class GeneralSection(Section):
    """The delegation's own fields, except its status."""

    def __init__(self, direction: str, services, parent: QWidget | None = None):
        super().__init__(parent)
        words = LABELS[direction]
        self.kind = enum_combo("kind")
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("ví dụ: Đoàn công tác xúc tiến thương mại cà phê tại Hàn Quốc"))
        self.purpose = _text_box(3)
        self.countries = CountryPicker()
        self.partner = QLineEdit()
        self.start_date, self.end_date = DateField(), DateField()
        self.funding = enum_combo("funding", optional=True)
        self.cost = MoneyField(_("Dự toán kinh phí"))
        # which planned activity of the annual plan this trip carries out (R7 reads the link)
        self.plan = PlanLinkField(services, direction, self.start_date.date)
        self.notes = _text_box(3)
        outer = QVBoxLayout(self)
        outer.addLayout(self._form(words))
        outer.addStretch(1)  # spare height below the fields, not between them

    def _form(self, words: dict[str, str]) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = [
            ("kind", _("Hình thức"), self.kind), ("title", _("Tên đoàn"), self.title),
            ("purpose", _("Mục đích"), self.purpose),
            ("countries", _(words["countries"]), self.countries),
            ("partner", _(words["partner"]), self.partner),
            ("start_date", _(words["start_date"]), self.start_date),
            ("end_date", _(words["end_date"]), self.end_date),
            ("funding", _("Nguồn kinh phí"), self.funding),
        ]
        for key, label, editor in rows:
            form.addRow(label + ":", self.slot(key, label, editor))
        cost = _("Dự toán kinh phí (đồng)")
        form.addRow(cost + ":", self.slot("cost_estimate_vnd", cost, self.cost))
        plan = _("Kế hoạch năm")
        form.addRow(plan + ":", self.slot("planned_activity_id", plan, self.plan))
        form.addRow(_("Ghi chú") + ":", self.slot("notes", _("Ghi chú"), self.notes))
        return form

    def load(self, data: dict[str, Any]) -> None:
        """Show a stored (or new) delegation's fields."""
        select_data(self.kind, data.get("kind") or "working_trip")
        self.title.setText(data.get("title") or "")
        self.purpose.setPlainText(data.get("purpose") or "")
        self.countries.set_codes(data.get("countries") or [])
        self.partner.setText(data.get("partner") or "")
        self.start_date.setDate(data.get("start_date"))
        self.end_date.setDate(data.get("end_date"))
        select_data(self.funding, data.get("funding"))
        self.cost.set_value(data.get("cost_estimate_vnd"))
        self.notes.setPlainText(data.get("notes") or "")

    def collect(self) -> dict[str, Any]:
        """The fields as typed (unreadable dates and amounts as None)."""
        return {
            "kind": self.kind.currentData(), "title": text_or_none(self.title),
            "purpose": text_or_none(self.purpose), "countries": self.countries.codes(),
            "partner": text_or_none(self.partner), "start_date": self.start_date.date(),
            "end_date": self.end_date.date(), "funding": self.funding.currentData(),
            "cost_estimate_vnd": self.cost.value(), "planned_activity_id": self.plan.value(),
            "in_annual_plan": self.plan.value() is not None,
            "notes": text_or_none(self.notes),
        }

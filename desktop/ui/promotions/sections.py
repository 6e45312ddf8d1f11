"""The activity editor's sections: Thông tin (what, when, where, who) and Kết quả (outcomes)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.delegations.countries import CountryPicker
from desktop.ui.delegations.fields import Section, enum_combo, select_data, text_or_none
from desktop.ui.promotions.delegation_link import DelegationLink
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_field import MoneyField


def text_box(lines: int) -> QPlainTextEdit:
    """A multi-line field `lines` high; Tab moves on."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class CountField(QSpinBox):
    """A whole number from 0 (MoUs signed, leads found)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, 100000)
        self.setMaximumWidth(120)
        self.valueChanged.connect(lambda _v: self.changed.emit())


def _form(section: Section, rows: list[tuple[str, str, QWidget]]) -> None:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for key, label, editor in rows:
        form.addRow(label + ":" if label else "", section.slot(key, label, editor))
    outer = QVBoxLayout(section)
    outer.addLayout(form)
    outer.addStretch(1)


class InfoSection(Section):
    """What the activity is, when and where, with whom, what it cost."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = enum_combo("promotion_kind")
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("ví dụ: Giới thiệu cà phê OCOP tại Hội chợ Thực phẩm Seoul"))
        self.start_date, self.end_date = DateField(), DateField()
        self.place = QLineEdit()
        self.abroad = QCheckBox(_("Tổ chức ở nước ngoài"))
        self.countries = CountryPicker()
        self.partners, self.participants = text_box(2), text_box(2)
        self.cost = MoneyField(_("Kinh phí"))
        self.delegation = DelegationLink(services)
        self.in_plan = QCheckBox(_("Có trong kế hoạch đối ngoại năm"))
        self.notes = text_box(3)
        _form(self, [
            ("kind", _("Loại hoạt động"), self.kind), ("title", _("Tên hoạt động"), self.title),
            ("start_date", _("Từ ngày"), self.start_date), ("end_date", _("Đến ngày"), self.end_date),
            ("place", _("Địa điểm"), self.place), ("abroad", "", self.abroad),
            ("countries", _("Quốc gia đối tác"), self.countries),
            ("partners", _("Đối tác"), self.partners),
            ("participants", _("Thành phần tham gia"), self.participants),
            ("cost_vnd", _("Kinh phí (đồng)"), self.cost),
            ("delegation_id", _("Đoàn liên quan"), self.delegation),
            ("in_annual_plan", "", self.in_plan), ("notes", _("Ghi chú"), self.notes),
        ])

    def load(self, data: dict[str, Any], delegation_title: str | None) -> None:
        """Show a stored (or new) activity's fields."""
        select_data(self.kind, data.get("kind") or "trade")
        self.title.setText(data.get("title") or "")
        self.start_date.setDate(data.get("start_date"))
        self.end_date.setDate(data.get("end_date"))
        self.place.setText(data.get("place") or "")
        self.abroad.setChecked(bool(data.get("abroad")))
        self.countries.set_codes(data.get("countries") or [])
        self.partners.setPlainText(data.get("partners") or "")
        self.participants.setPlainText(data.get("participants") or "")
        self.cost.set_value(data.get("cost_vnd"))
        self.delegation.set_value(data.get("delegation_id"), delegation_title)
        self.in_plan.setChecked(bool(data.get("in_annual_plan")))
        self.notes.setPlainText(data.get("notes") or "")

    def collect(self) -> dict[str, Any]:
        """The fields as typed (unreadable dates and amounts as None)."""
        return {
            "kind": self.kind.currentData(), "title": text_or_none(self.title),
            "start_date": self.start_date.date(), "end_date": self.end_date.date(),
            "place": text_or_none(self.place), "abroad": self.abroad.isChecked(),
            "countries": self.countries.codes(), "partners": text_or_none(self.partners),
            "participants": text_or_none(self.participants), "cost_vnd": self.cost.value(),
            "delegation_id": self.delegation.value(), "in_annual_plan": self.in_plan.isChecked(),
            "notes": text_or_none(self.notes),
        }


class ResultsSection(Section):
    """Outcomes in words, MoUs signed and potential partners found."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.outcomes = text_box(8)
        self.outcomes.setPlaceholderText(_("Hợp đồng, thỏa thuận, đơn hàng, đối tác đã gặp…"))
        self.mou_count, self.lead_count = CountField(), CountField()
        _form(self, [
            ("outcomes", _("Kết quả"), self.outcomes),
            ("mou_count", _("Số biên bản ghi nhớ (MoU)"), self.mou_count),
            ("lead_count", _("Số đối tác tiềm năng"), self.lead_count),
        ])

    def load(self, data: dict[str, Any]) -> None:
        """Show the stored outcomes."""
        self.outcomes.setPlainText(data.get("outcomes") or "")
        self.mou_count.setValue(data.get("mou_count") or 0)
        self.lead_count.setValue(data.get("lead_count") or 0)

    def collect(self) -> dict[str, Any]:
        """The outcomes as typed."""
        return {"outcomes": text_or_none(self.outcomes), "mou_count": self.mou_count.value(),
                "lead_count": self.lead_count.value()}

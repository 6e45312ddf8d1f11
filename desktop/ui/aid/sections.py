"""The aid editor's sections: Thông tin chung (what, who, where) and Giá trị, phê duyệt (money and dates)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.aid import DonorChoice
from desktop.ui.aid.fields import CurrencyBox, DonorBox
from desktop.ui.delegations.fields import Section, enum_combo, select_data, text_or_none
from desktop.ui.promotions.sections import text_box
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_field import MoneyField


def _form(section: Section, rows: list[tuple[str, str, QWidget]]) -> None:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for key, label, editor in rows:
        form.addRow(label + ":" if label else "", section.slot(key, label, editor))
    outer = QVBoxLayout(section)
    outer.addLayout(form)
    outer.addStretch(1)


class GeneralSection(Section):
    """What the aid is, who gives it, where, who manages and holds it, where it stands."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("ví dụ: Cấp nước sạch sinh hoạt cho các buôn đồng bào Ê Đê xã Ea Tu"))
        self.donor = DonorBox(services)
        self.form = enum_combo("aid_form")
        self.aid_type = enum_combo("aid_type")
        self.sector = enum_combo("ngo_sector", optional=True)
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("xã, phường nơi thực hiện"))
        self.managing_agency, self.aid_holder = QLineEdit(), QLineEdit()
        self.status = enum_combo("aid_status")
        self.notes = text_box(3)
        _form(self, [
            ("title", _("Tên chương trình, dự án"), self.title), ("donor_name", _("Nhà tài trợ"), self.donor),
            ("form", _("Hình thức"), self.form), ("aid_type", _("Loại viện trợ"), self.aid_type),
            ("sector", _("Lĩnh vực"), self.sector), ("location", _("Địa bàn"), self.location),
            ("managing_agency", _("Cơ quan chủ quản"), self.managing_agency),
            ("aid_holder", _("Chủ khoản viện trợ"), self.aid_holder),
            ("status", _("Tình trạng"), self.status), ("notes", _("Ghi chú"), self.notes),
        ])

    def load(self, data: dict[str, Any], donor: DonorChoice | None) -> None:
        """Show a stored (or new) project's fields."""
        self.title.setText(data.get("title") or "")
        self.donor.set_value(donor, data.get("donor_name"))
        select_data(self.form, data.get("form") or "project")
        select_data(self.aid_type, data.get("aid_type") or "technical_assistance")
        select_data(self.sector, data.get("sector"))
        self.location.setText(data.get("location") or "")
        self.managing_agency.setText(data.get("managing_agency") or "")
        self.aid_holder.setText(data.get("aid_holder") or "")
        select_data(self.status, data.get("status") or "proposed")
        self.notes.setPlainText(data.get("notes") or "")

    def collect(self) -> dict[str, Any]:
        """The fields as typed."""
        return {
            "title": text_or_none(self.title), **self.donor.collect(), "form": self.form.currentData(),
            "aid_type": self.aid_type.currentData(), "sector": self.sector.currentData(),
            "location": text_or_none(self.location), "managing_agency": text_or_none(self.managing_agency),
            "aid_holder": text_or_none(self.aid_holder), "status": self.status.currentData(),
            "notes": text_or_none(self.notes),
        }


class ValueSection(Section):
    """The value in original currency and in đồng, counterpart funds, the approval and the dates."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.currency = CurrencyBox()
        self.value_original = MoneyField(_("Giá trị nguyên tệ"), None)
        self.value_vnd = MoneyField(_("Giá trị quy đổi"))
        self.counterpart = MoneyField(_("Vốn đối ứng"))
        self.approval_number = QLineEdit()
        self.approval_number.setPlaceholderText(_("ví dụ 1520/QĐ-UBND"))
        self.approval_date, self.start_date, self.end_date = DateField(), DateField(), DateField()
        self.approval_authority = QLineEdit()
        self.approval_authority.setPlaceholderText(_("ví dụ Chủ tịch UBND tỉnh Đắk Lắk"))
        self.currency.changed.connect(self._currency_changed)
        _form(self, [
            ("currency", _("Loại tiền"), self.currency),
            ("value_original", _("Giá trị (nguyên tệ)"), self.value_original),
            ("value_vnd", _("Giá trị quy đổi (đồng)"), self.value_vnd),
            ("counterpart_vnd", _("Vốn đối ứng (đồng)"), self.counterpart),
            ("approval_number", _("Số quyết định phê duyệt"), self.approval_number),
            ("approval_date", _("Ngày phê duyệt"), self.approval_date),
            ("approval_authority", _("Cấp phê duyệt"), self.approval_authority),
            ("start_date", _("Ngày bắt đầu thực hiện"), self.start_date),
            ("end_date", _("Ngày kết thúc"), self.end_date),
        ])

    def _currency_changed(self) -> None:
        code = self.currency.code()
        self.value_original.set_unit(code if code and len(code) == 3 else None)  # noqa: PLR2004

    def load(self, data: dict[str, Any]) -> None:
        """Show the stored money and dates."""
        self.currency.set_code(data.get("currency"))
        self._currency_changed()
        self.value_original.set_value(data.get("value_original"))
        self.value_vnd.set_value(data.get("value_vnd"))
        self.counterpart.set_value(data.get("counterpart_vnd"))
        self.approval_number.setText(data.get("approval_number") or "")
        self.approval_date.setDate(data.get("approval_date"))
        self.approval_authority.setText(data.get("approval_authority") or "")
        self.start_date.setDate(data.get("start_date"))
        self.end_date.setDate(data.get("end_date"))

    def collect(self) -> dict[str, Any]:
        """The money and dates as typed (unreadable ones as None; `local_problems` names them)."""
        return {
            "currency": self.currency.code(), "value_original": self.value_original.value(),
            "value_vnd": self.value_vnd.value(), "counterpart_vnd": self.counterpart.value(),
            "approval_number": text_or_none(self.approval_number), "approval_date": self.approval_date.date(),
            "approval_authority": text_or_none(self.approval_authority),
            "start_date": self.start_date.date(), "end_date": self.end_date.date(),
        }

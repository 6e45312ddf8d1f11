"""An NGO's certificates, contacts and annual reports: small tables with their own dialogs.

Each change is stored at once through the service (not with the NGO's Save),
then the editor reloads the NGO so its findings follow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.domain.ngo_rules import reporting_period, reporting_year_of
from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import N_, _, country_choices, country_name, format_date
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.sub_records import SubRecordDialog, SubRecordTable


def country_combo(blank: str) -> QComboBox:
    """Countries by their Vietnamese names; item data is the ISO code (None for the blank item)."""
    combo = QComboBox()
    combo.addItem(blank, None)
    for code, name in country_choices():
        combo.addItem(name, code)
    return combo


class NgoRecordDialog(SubRecordDialog):
    """The small editors of an NGO's records."""

    min_width = 460


class CertificateDialog(NgoRecordDialog):
    """Add or change a registration certificate."""

    title = N_("Giấy đăng ký")
    entity = "ngo_certificate"

    def build_fields(self) -> dict[str, QWidget]:
        kind = QComboBox()
        for value, label in ENUM_LABELS["ngo_certificate_kind"].items():
            kind.addItem(_(label), value)
        number = QLineEdit()
        number.setPlaceholderText(_("ví dụ 123/BNG-GĐK"))
        issuer = QLineEdit()
        issuer.setPlaceholderText(_("Bộ Ngoại giao"))
        return {
            "kind": self.form.add("kind", _("Loại giấy *"), kind),
            "number": self.form.add("number", _("Số giấy *"), number),
            "issued_on": self.form.add("issued_on", _("Ngày cấp *"), DateField()),
            "expires_on": self.form.add("expires_on", _("Ngày hết hạn *"), DateField()),
            "issuer": self.form.add("issuer", _("Cơ quan cấp"), issuer),
            "plan_notified_on": self.form.add(
                "plan_notified_on", _("Ngày thông báo kế hoạch hoạt động"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.ngos.save_certificate(self.owner_id, data, self.record_id())


class ContactDialog(NgoRecordDialog):
    """Add or change a contact person."""

    title = N_("Người liên hệ")
    entity = "ngo_contact"

    def build_fields(self) -> dict[str, QWidget]:
        return {
            "full_name": self.form.add("full_name", _("Họ tên *"), QLineEdit()),
            "title": self.form.add("title", _("Chức danh"), QLineEdit()),
            "nationality": self.form.add("nationality", _("Quốc tịch"), country_combo(_("(chưa chọn)"))),
            "phone": self.form.add("phone", _("Điện thoại"), QLineEdit()),
            "email": self.form.add("email", _("Thư điện tử"), QLineEdit()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.ngos.save_contact(self.owner_id, data, self.record_id())


class ReportDialog(NgoRecordDialog):
    """Record an annual report received."""

    title = N_("Báo cáo hằng năm")
    entity = "ngo_report"

    def build_fields(self) -> dict[str, QWidget]:
        year = QSpinBox()
        year.setRange(1900, 2999)  # the service says which years are acceptable, and why
        # the year most often entered: the one whose report falls due in December
        year.setValue(reporting_year_of(self.services.ctx.today()) - 1)
        year.valueChanged.connect(self._show_period)
        self.period = QLabel()
        self.period.setStyleSheet("color: #555;")
        fields = {
            "reporting_year": self.form.add("reporting_year", _("Năm báo cáo *"), year),
            "received_on": self.form.add("received_on", _("Ngày nhận *"), DateField()),
            "notes": self.form.add("notes", _("Ghi chú"), QLineEdit()),
        }
        self.form.addRow("", self.period)
        self._show_period(year.value())
        return fields

    def _show_period(self, year: int) -> None:
        start, end = reporting_period(year)
        self.period.setText(_("Kỳ báo cáo: {start} – {end}").format(start=format_date(start), end=format_date(end)))

    def store(self, data: dict[str, Any]) -> None:
        self.services.ngos.save_report(self.owner_id, data, self.record_id())


class NgoRecordTable(SubRecordTable):
    """An NGO's records: deleted through the NGO service."""

    unsaved_note = N_("Lưu thông tin tổ chức trước, rồi thêm mục này.")

    def delete_record(self, record_id: str) -> None:
        self.services.ngos.delete_sub(self.entity, record_id)


class CertificateTable(NgoRecordTable):
    """Registration certificates, the one expiring last first."""

    entity = "ngo_certificate"
    dialog = CertificateDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        labels = ENUM_LABELS["ngo_certificate_kind"]
        return [
            (_("Loại giấy"), lambda d: _(labels.get(d.get("kind"), d.get("kind") or ""))),
            (_("Số giấy"), lambda d: d.get("number") or ""),
            (_("Ngày cấp"), lambda d: format_date(d.get("issued_on"))),
            (_("Ngày hết hạn"), lambda d: format_date(d.get("expires_on"))),
            (_("Thông báo kế hoạch"), lambda d: format_date(d.get("plan_notified_on"))),
        ]


class ContactTable(NgoRecordTable):
    """People to call at the NGO."""

    entity = "ngo_contact"
    dialog = ContactDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        return [
            (_("Họ tên"), lambda d: d.get("full_name") or ""),
            (_("Chức danh"), lambda d: d.get("title") or ""),
            (_("Quốc tịch"), lambda d: country_name(d["nationality"]) if d.get("nationality") else ""),
            (_("Điện thoại"), lambda d: d.get("phone") or ""),
            (_("Thư điện tử"), lambda d: d.get("email") or ""),
        ]


class ReportTable(NgoRecordTable):
    """Annual reports received, by reporting year."""

    entity = "ngo_report"
    dialog = ReportDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        return [
            (_("Năm báo cáo"), lambda d: str(d.get("reporting_year") or "")),
            (_("Ngày nhận"), lambda d: format_date(d.get("received_on"))),
            (_("Ghi chú"), lambda d: d.get("notes") or ""),
        ]

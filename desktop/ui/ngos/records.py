"""An NGO's certificates, contacts and annual reports: small tables with their own dialogs.

Each change is stored at once through the service (not with the NGO's Save),
then the editor reloads the NGO so its findings follow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.ngo_rules import reporting_period, reporting_year_of
from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import N_, _, country_choices, country_name, format_date
from desktop.ui.dialogs.form import FieldForm, open_modal, read_date
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField


def country_combo(blank: str) -> QComboBox:
    """Countries by their Vietnamese names; item data is the ISO code (None for the blank item)."""
    combo = QComboBox()
    combo.addItem(blank, None)
    for code, name in country_choices():
        combo.addItem(name, code)
    return combo


class NgoRecordDialog(QDialog):
    """Base of the small editors: a FieldForm, Lưu/Hủy, service errors beside the fields."""

    title = ""

    def __init__(self, services, ngo_id: str, record=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.ngo_id, self.record = services, ngo_id, record
        self.setWindowTitle(_(self.title))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self.fields = self.build_fields()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if record is not None:
            self.fill(record.data)

    def build_fields(self) -> dict[str, QWidget]:
        """Add the rows of the form; returns the widgets by field."""
        raise NotImplementedError

    def fill(self, data: dict[str, Any]) -> None:
        """Show a stored record."""
        for key, widget in self.fields.items():
            if isinstance(widget, DateField):
                widget.setDate(data.get(key))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(data.get(key)), 0))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(data.get(key) or widget.value()))
            else:
                widget.setText(data.get(key) or "")

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed values and the messages of unreadable dates."""
        data: dict[str, Any] = {}
        bad: dict[str, str] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, DateField):
                data[key], problem = read_date(widget)
                if problem:
                    bad[key] = problem
            elif isinstance(widget, QComboBox):
                data[key] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                data[key] = widget.value()
            else:
                data[key] = widget.text()
        return data, bad

    def store(self, data: dict[str, Any]) -> None:
        """Call the service."""
        raise NotImplementedError

    def record_id(self) -> str | None:
        """The id of the record edited (None when adding)."""
        return self.record.id if self.record else None

    def save(self) -> None:
        """Store; stay open with messages beside the fields on problems."""
        data, bad = self.collect()
        if self.form.attempt(self, lambda: self.store(data), bad):
            self.accept()


class CertificateDialog(NgoRecordDialog):
    """Add or change a registration certificate."""

    title = N_("Giấy đăng ký")

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
        self.services.ngos.save_certificate(self.ngo_id, data, self.record_id())


class ContactDialog(NgoRecordDialog):
    """Add or change a contact person."""

    title = N_("Người liên hệ")

    def build_fields(self) -> dict[str, QWidget]:
        return {
            "full_name": self.form.add("full_name", _("Họ tên *"), QLineEdit()),
            "title": self.form.add("title", _("Chức danh"), QLineEdit()),
            "nationality": self.form.add("nationality", _("Quốc tịch"), country_combo(_("(chưa chọn)"))),
            "phone": self.form.add("phone", _("Điện thoại"), QLineEdit()),
            "email": self.form.add("email", _("Thư điện tử"), QLineEdit()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.ngos.save_contact(self.ngo_id, data, self.record_id())


class ReportDialog(NgoRecordDialog):
    """Record an annual report received."""

    title = N_("Báo cáo hằng năm")

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
        self.services.ngos.save_report(self.ngo_id, data, self.record_id())


class NgoRecordTable(QWidget):
    """A table of sub-records with Thêm / Sửa / Xóa; disabled until the NGO is saved."""

    entity = ""
    dialog: type[NgoRecordDialog] = NgoRecordDialog

    def __init__(self, services, on_changed: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.on_changed = services, on_changed
        self.ngo_id: str | None = None
        self.records: list = []
        self.open_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.note = QLabel(_("Lưu thông tin tổ chức trước, rồi thêm mục này."))
        layout.addWidget(self.note)
        self.table = self._table()
        layout.addWidget(self.table)
        layout.addLayout(self._buttons())
        self._enable()

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        """(title, text of a record's data) per column."""
        raise NotImplementedError

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(self.columns()))
        table.setHorizontalHeaderLabels([title for title, _fn in self.columns()])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Thêm…"))
        self.edit_button = QPushButton(_("Sửa…"))
        self.remove_button = QPushButton(_("Xóa"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _enable(self) -> None:
        saved = self.ngo_id is not None
        self.note.setVisible(not saved)
        for widget in (self.table, self.add_button, self.edit_button, self.remove_button):
            widget.setEnabled(saved)

    def show_records(self, ngo_id: str | None, records: list) -> None:
        """Show `records` of `ngo_id`."""
        self.ngo_id, self.records = ngo_id, list(records)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            for col, (_title, text) in enumerate(self.columns()):
                self.table.setItem(row, col, QTableWidgetItem(text(record.data)))
        self._enable()

    def selected(self):
        """The selected record, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def add(self) -> None:
        """Open an empty dialog."""
        self._open(None)

    def edit_selected(self) -> None:
        """Open the selected record."""
        record = self.selected()
        if record is not None:
            self._open(record)

    def _open(self, record) -> None:
        self.open_dialog = open_modal(self.dialog(self.services, self.ngo_id, record, self), self.on_changed)

    def remove_selected(self) -> None:
        """Delete the selected record after confirmation."""
        record = self.selected()
        if record is None or not errors.confirm(self, _("Xóa"), _("Xóa mục đã chọn?")):
            return
        try:
            self.services.ngos.delete_sub(self.entity, record.id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.on_changed()


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

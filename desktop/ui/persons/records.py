"""A person's discipline records and training courses: small tables with their own dialogs.

Each change is stored at once through the service (not with the person's Save).
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import N_, _, format_date
from desktop.ui.dialogs.form import FieldForm, open_modal, read_date
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField


class SubRecordDialog(QDialog):
    """Base of the small editors: a FieldForm, OK/Cancel, service errors beside fields."""

    title = ""
    date_fields: tuple[str, ...] = ()

    def __init__(self, services, person_id: str, record=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.person_id, self.record = services, person_id, record
        self.setWindowTitle(_(self.title))
        self.setMinimumWidth(420)
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
            else:
                data[key] = widget.text()
        return data, bad

    def store(self, data: dict[str, Any]) -> None:
        """Call the service."""
        raise NotImplementedError

    def save(self) -> None:
        """Store; stay open with messages beside the fields on problems."""
        data, bad = self.collect()
        if self.form.attempt(self, lambda: self.store(data), bad):
            self.accept()


class DisciplineDialog(SubRecordDialog):
    """Add or change a discipline decision."""

    title = N_("Quyết định kỷ luật")

    def build_fields(self) -> dict[str, QWidget]:
        form = QComboBox()
        for value, label in ENUM_LABELS["discipline_form"].items():
            form.addItem(_(label), value)
        return {
            "form": self.form.add("form", _("Hình thức kỷ luật"), form),
            "decision_number": self.form.add("decision_number", _("Số quyết định"), QLineEdit()),
            "decision_date": self.form.add("decision_date", _("Ngày quyết định"), DateField()),
            "effective_from": self.form.add("effective_from", _("Hiệu lực từ *"), DateField()),
            "effective_until": self.form.add("effective_until", _("Hiệu lực đến"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.persons.save_discipline(self.person_id, data, self.record.id if self.record else None)


class TrainingDialog(SubRecordDialog):
    """Add or change a training course."""

    title = N_("Khóa bồi dưỡng")

    def build_fields(self) -> dict[str, QWidget]:
        return {
            "course": self.form.add("course", _("Khóa bồi dưỡng *"), QLineEdit()),
            "organiser": self.form.add("organiser", _("Đơn vị tổ chức"), QLineEdit()),
            "start_date": self.form.add("start_date", _("Từ ngày"), DateField()),
            "end_date": self.form.add("end_date", _("Đến ngày"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.persons.save_training(self.person_id, data, self.record.id if self.record else None)


class SubRecordTable(QWidget):
    """A table of sub-records with Thêm / Sửa / Xóa; disabled until the person is saved."""

    entity = ""
    dialog: type[SubRecordDialog] = SubRecordDialog

    def __init__(self, services, on_changed: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.on_changed = services, on_changed
        self.person_id: str | None = None
        self.records: list = []
        self.open_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.note = QLabel(_("Lưu hồ sơ cán bộ trước, rồi mở lại để thêm mục này."))
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
        saved = self.person_id is not None
        self.note.setVisible(not saved)
        for widget in (self.table, self.add_button, self.edit_button, self.remove_button):
            widget.setEnabled(saved)

    def show_records(self, person_id: str, records: list) -> None:
        """Show `records` of `person_id`."""
        self.person_id, self.records = person_id, list(records)
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
        self.open_dialog = open_modal(self.dialog(self.services, self.person_id, record, self), self.on_changed)

    def remove_selected(self) -> None:
        """Delete the selected record after confirmation."""
        record = self.selected()
        if record is None or not errors.confirm(self, _("Xóa"), _("Xóa mục đã chọn?")):
            return
        try:
            self.services.persons.delete_sub(self.entity, record.id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.on_changed()


class DisciplineTable(SubRecordTable):
    """Discipline decisions of a person."""

    entity = "discipline_record"
    dialog = DisciplineDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        labels = ENUM_LABELS["discipline_form"]
        return [
            (_("Hình thức"), lambda d: _(labels.get(d.get("form"), d.get("form") or ""))),
            (_("Số quyết định"), lambda d: d.get("decision_number") or ""),
            (_("Ngày quyết định"), lambda d: format_date(d.get("decision_date"))),
            (_("Hiệu lực từ"), lambda d: format_date(d.get("effective_from"))),
            (_("Hiệu lực đến"), lambda d: format_date(d.get("effective_until"))),
        ]


class TrainingTable(SubRecordTable):
    """Training courses of a person."""

    entity = "training_record"
    dialog = TrainingDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        return [
            (_("Khóa bồi dưỡng"), lambda d: d.get("course") or ""),
            (_("Đơn vị tổ chức"), lambda d: d.get("organiser") or ""),
            (_("Từ ngày"), lambda d: format_date(d.get("start_date"))),
            (_("Đến ngày"), lambda d: format_date(d.get("end_date"))),
        ]

"""Records that belong to one owner (a person's discipline decisions, an NGO's certificates …):
a small dialog to edit one, and a table with Thêm / Sửa / Xóa that stays disabled until
the owner is saved. Subclasses name the fields, the columns and the service calls."""

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
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.dialogs.form import FieldForm, open_modal, read_date
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.text_limits import limit_text


class SubRecordDialog(QDialog):
    """Base of the small editors: a FieldForm, Lưu/Hủy, service errors beside the fields."""

    title = ""
    entity = ""  # the register (SYNCED_MODELS key) whose text limits the line edits take
    min_width = 420

    def __init__(self, services, owner_id: str, record=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.owner_id, self.record = services, owner_id, record
        self.setWindowTitle(_(self.title))
        self.setMinimumWidth(self.min_width)
        layout = QVBoxLayout(self)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self.fields = self.build_fields()
        if self.entity:
            limit_text(self.fields, services.records.text_limits(self.entity))
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

    def store(self, data: dict[str, Any]) -> None:
        """Call the service."""
        raise NotImplementedError

    def record_id(self) -> str | None:
        """The id of the record edited (None when adding)."""
        return self.record.id if self.record else None

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

    def save(self) -> None:
        """Store; stay open with messages beside the fields on problems."""
        data, bad = self.collect()
        if self.form.attempt(self, lambda: self.store(data), bad):
            self.accept()


class SubRecordTable(QWidget):
    """A table of one owner's records with Thêm / Sửa / Xóa; disabled until the owner is saved."""

    entity = ""
    dialog: type[SubRecordDialog] = SubRecordDialog
    unsaved_note = ""

    def __init__(self, services, on_changed: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.on_changed = services, on_changed
        self.owner_id: str | None = None
        self.records: list = []
        self.open_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.note = QLabel(_(self.unsaved_note))
        layout.addWidget(self.note)
        self.table = self._table()
        layout.addWidget(self.table)
        layout.addLayout(self._buttons())
        self._enable()

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        """(title, text of a record's data) per column."""
        raise NotImplementedError

    def delete_record(self, record_id: str) -> None:
        """Tombstone one record through the owner's service."""
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
        saved = self.owner_id is not None
        self.note.setVisible(not saved)
        for widget in (self.table, self.add_button, self.edit_button, self.remove_button):
            widget.setEnabled(saved)

    def show_records(self, owner_id: str | None, records: list) -> None:
        """Show `records` of `owner_id` (None: the owner is not saved yet)."""
        self.owner_id, self.records = owner_id, list(records)
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
        self.open_dialog = open_modal(self.dialog(self.services, self.owner_id, record, self), self.on_changed)

    def remove_selected(self) -> None:
        """Delete the selected record after confirmation."""
        record = self.selected()
        if record is None or not errors.confirm(self, _("Xóa"), _("Xóa mục đã chọn?")):
            return
        try:
            self.delete_record(record.id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.on_changed()

"""Việc theo dõi: the follow-up actions of an activity, each stored at once through the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
from desktop.services.promotions import FollowUpDetail
from desktop.ui.dialogs.form import open_modal
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.sub_records import SubRecordDialog

OVERDUE_COLOUR = QColor("#c62828")


class FollowUpDialog(SubRecordDialog):
    """Add or change a follow-up action (the base's `owner_id` is the activity's id)."""

    title = N_("Việc theo dõi")
    entity = "follow_up_action"

    def build_fields(self) -> dict[str, QWidget]:
        status = QComboBox()
        for value, label in ENUM_LABELS["follow_up_status"].items():
            status.addItem(_(label), value)
        return {
            "action": self.form.add("action", _("Việc cần làm *"), QLineEdit()),
            "owner": self.form.add("owner", _("Người phụ trách"), QLineEdit()),
            "due_date": self.form.add("due_date", _("Hạn"), DateField()),
            "status": self.form.add("status", _("Tình trạng"), status),
            "result": self.form.add("result", _("Kết quả"), QLineEdit()),
            "done_on": self.form.add("done_on", _("Ngày hoàn thành"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.promotions.save_follow_up(self.owner_id, data, self.record_id())


class DoneDialog(SubRecordDialog):
    """Mark an action done: its result, and the day (today when left empty)."""

    title = N_("Đánh dấu đã xong")
    entity = "follow_up_action"

    def build_fields(self) -> dict[str, QWidget]:
        return {
            "result": self.form.add("result", _("Kết quả *"), QLineEdit()),
            "done_on": self.form.add("done_on", _("Ngày hoàn thành"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.promotions.mark_done(self.record.id, data["result"] or "", data["done_on"] or None)


class FollowUpTable(QWidget):
    """The actions of one activity with Thêm / Sửa / Đã xong / Xóa; disabled until it is saved."""

    def __init__(self, services, on_changed: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.on_changed = services, on_changed
        self.activity_id: str | None = None
        self.records: list[FollowUpDetail] = []
        self.open_dialog: QDialog | None = None
        self.note = QLabel(_("Lưu hoạt động trước, rồi thêm các việc cần theo dõi."))
        self.table = self._table()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons())
        self._enable()

    def _table(self) -> QTableWidget:
        titles = [_("Việc cần làm"), _("Người phụ trách"), _("Hạn"), _("Tình trạng"), _("Kết quả")]
        table = QTableWidget(0, len(titles))
        table.setHorizontalHeaderLabels(titles)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setAccessibleName(_("Việc theo dõi"))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        return table

    def _buttons(self) -> QHBoxLayout:
        self.add_button = QPushButton(_("Thêm…"))
        self.edit_button = QPushButton(_("Sửa…"))
        self.done_button = QPushButton(_("Đánh dấu đã xong…"))
        self.remove_button = QPushButton(_("Xóa"))
        row = QHBoxLayout()
        for button, slot in ((self.add_button, self.add), (self.edit_button, self.edit_selected),
                             (self.done_button, self.mark_done), (self.remove_button, self.remove_selected)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _enable(self) -> None:
        saved = self.activity_id is not None
        self.note.setVisible(not saved)
        for widget in (self.table, self.add_button, self.edit_button, self.done_button, self.remove_button):
            widget.setEnabled(saved)

    def show_records(self, activity_id: str | None, records: list[FollowUpDetail]) -> None:
        """Show the actions of `activity_id` (None: the activity is not saved yet)."""
        self.activity_id, self.records = activity_id, list(records)
        statuses = ENUM_LABELS["follow_up_status"]
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            d = record.data
            texts = [d.get("action") or "", record.owner_name, format_date(d.get("due_date")),
                     _(statuses.get(d.get("status"), d.get("status") or "")), d.get("result") or ""]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if record.overdue:
                    item.setForeground(QBrush(OVERDUE_COLOUR))
                    item.setToolTip(_("Quá hạn"))
                self.table.setItem(row, col, item)
        self._enable()

    def selected(self) -> FollowUpDetail | None:
        """The selected action, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def add(self) -> None:
        """Open an empty action."""
        self._open(FollowUpDialog, None)

    def edit_selected(self) -> None:
        """Open the selected action."""
        if (record := self.selected()) is not None:
            self._open(FollowUpDialog, record)

    def mark_done(self) -> None:
        """Ask for the result of the selected action and close it."""
        if (record := self.selected()) is not None:
            self._open(DoneDialog, record)

    def _open(self, dialog: type[SubRecordDialog], record: FollowUpDetail | None) -> None:
        self.open_dialog = open_modal(dialog(self.services, self.activity_id, record, self), self.on_changed)

    def remove_selected(self) -> None:
        """Delete the selected action after asking."""
        record = self.selected()
        if record is None or not errors.confirm(
                self, _("Xóa"), _("Xóa việc “{action}”?").format(action=record.data.get("action") or "")):
            return
        try:
            self.services.promotions.delete_follow_up(record.id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.on_changed()

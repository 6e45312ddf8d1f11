"""The small dialogs of Thanh tra, đôn đốc: a reminder (to one unit, or to every unit failing an
indicator), the unit's answer to a reminder or a recommendation, and a recommendation itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import N_, _, format_date
from desktop.ui.delegations.fields import enum_combo
from desktop.ui.dialogs.form import FieldForm, open_modal, read_date
from desktop.ui.overseas.columns import enum_text
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.sub_records import SubRecordDialog, SubRecordTable
from desktop.ui.widgets.text_limits import limit_text

OVERDUE = QColor("#c62828")


def plain_text(placeholder: str = "", height: int = 90, most: int | None = None) -> QPlainTextEdit:
    """A multi-line field of a few lines (no taller than `most`, so the rest of the window keeps its room)."""
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setMinimumHeight(height)
    if most is not None:
        edit.setMaximumHeight(most)
    return edit


def unit_combo(services, with_province: bool = False) -> QComboBox:
    """The units of the unit list (districts, then communes, by name)."""
    combo = QComboBox()
    combo.addItem(_("— chọn đơn vị —"), None)
    for unit in services.province.unit_choices():
        if with_province or unit.level != "province":
            combo.addItem(f"{unit.name} ({unit.code})", unit.code)
    combo.setAccessibleName(_("Đơn vị"))
    return combo


def indicator_combo(services) -> QComboBox:
    """"Không gắn chỉ tiêu", then each rule a reminder may name, with its title."""
    titles = {r.code: r.title for r in services.rules.list()}
    combo = QComboBox()
    combo.addItem(_("Không gắn chỉ tiêu"), None)
    for code in services.inspections.indicators():
        combo.addItem(f"{code} — {_(titles[code])}" if code in titles else code, code)
    combo.setAccessibleName(_("Chỉ tiêu"))
    return combo


class _FormDialog(QDialog):
    """A FieldForm with Lưu / Hủy; problems beside their fields, what was typed kept."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.layout_ = QVBoxLayout(self)
        self.form = FieldForm()

    def _finish(self, ok_text: str) -> None:
        self.layout_.addLayout(self.form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)

    def _attempt(self, action: Callable[[], object], bad: dict[str, str]) -> None:
        """Run `action` (a service call); its problems — a text longer than its field included — beside the
        fields named, and the dialog stays open with what was typed."""
        if self.form.attempt(self, action, bad):
            self.accept()

    def save(self) -> None:
        raise NotImplementedError


class ReminderDialog(_FormDialog):
    """Write a reminder: to one unit, or — from Theo dõi đơn vị — to each unit of `units` still ticked."""

    def __init__(self, services, parent: QWidget | None = None, *, units: list[tuple[str, str]] | None = None,
                 indicator: str | None = None, subject: str = "", record=None):
        super().__init__(_("Văn bản đôn đốc"), parent)
        self.services, self.record = services, record
        self.created: list[str] = []
        f = self.form
        if units is not None:
            self.unit_list = QListWidget()
            self.unit_list.setAccessibleName(_("Các đơn vị được đôn đốc"))
            for code, name in units:
                item = QListWidgetItem(f"{name} ({code})")
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.unit_list.addItem(item)
            self.unit_list.setMaximumHeight(150)
            f.add("unit_code", _("Gửi đến (bỏ chọn đơn vị không cần gửi) *"), self.unit_list)
            self.unit = None
        else:
            self.unit_list = None
            self.unit = f.add("unit_code", _("Đơn vị được đôn đốc *"), unit_combo(services))
        self.subject = f.add("subject", _("Trích yếu *"), QLineEdit(subject))
        self.body = f.add("body", _("Nội dung *"), plain_text(_("Đề nghị đơn vị … trước ngày …, báo cáo kết quả về "
                                                                  "Sở Ngoại vụ."), 120))
        self.indicator = f.add("indicator", _("Chỉ tiêu"), indicator_combo(services))
        self.sent_on = f.add("sent_on", _("Ngày gửi *"), DateField())
        self.sent_on.setDate(services.ctx.today())
        limit_text({"subject": self.subject}, services.records.text_limits("reminder"))
        if indicator:
            self.indicator.setCurrentIndex(max(self.indicator.findData(indicator), 0))
        if record is not None:
            self._fill(record.data)
        self._finish(_("Lưu"))

    def _fill(self, data: dict[str, Any]) -> None:
        self.unit.setCurrentIndex(max(self.unit.findData(data.get("unit_code")), 0))
        self.unit.setEnabled(False)  # a reminder made keeps its unit (the ack has carried it there)
        self.subject.setText(data.get("subject") or "")
        self.body.setPlainText(data.get("body") or "")
        self.indicator.setCurrentIndex(max(self.indicator.findData(data.get("indicator")), 0))
        self.sent_on.setDate(data.get("sent_on"))

    def chosen_units(self) -> list[str]:
        """The units the reminder goes to."""
        if self.unit_list is None:
            return [self.unit.currentData()] if self.unit.currentData() else []
        items = (self.unit_list.item(i) for i in range(self.unit_list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def data(self) -> tuple[dict[str, Any], dict[str, str]]:
        """What is typed, and the messages of an unreadable date."""
        sent_on, problem = read_date(self.sent_on)
        data = {"subject": self.subject.text(), "body": self.body.toPlainText(),
                "indicator": self.indicator.currentData(), "sent_on": sent_on}
        return data, ({"sent_on": problem} if problem else {})

    def save(self) -> None:
        data, bad = self.data()
        units = self.chosen_units()
        service = self.services.inspections

        def store() -> None:
            if not units:
                raise ValidationError([FieldProblem("unit_code", _("Chưa chọn đơn vị nào để đôn đốc."))])
            if self.record is not None:
                self.created = [service.save_reminder({**data, "unit_code": units[0]}, self.record.id,
                                                      self.record.version).id]
            elif len(units) == 1:
                self.created = [service.save_reminder({**data, "unit_code": units[0]}).id]
            else:
                self.created = service.remind(units, data)

        self._attempt(store, bad)


class AnswerDialog(_FormDialog):
    """The unit's answer: what it did, and the day it was done."""

    def __init__(self, services, what: str, store: Callable[[str, Any], object], data: dict[str, Any],
                 parent: QWidget | None = None):
        super().__init__(_("Ghi kết quả thực hiện"), parent)
        self.services, self._store = services, store
        heading = QLabel(what)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: 600;")
        self.layout_.addWidget(heading)
        self.result = self.form.add("result", _("Kết quả thực hiện *"), plain_text(
            _("ví dụ: Đã ban hành Kế hoạch số 12/KH-UBND ngày 19/01/2026")))
        self.done_on = self.form.add("done_on", _("Ngày thực hiện xong *"), DateField())
        self.result.setPlainText(data.get("result") or "")
        self.done_on.setDate(data.get("done_on") or services.ctx.today())
        self._finish(_("Lưu kết quả"))

    def save(self) -> None:
        done_on, problem = read_date(self.done_on)
        text = self.result.toPlainText()
        self._attempt(lambda: self._store(text, done_on), {"done_on": problem} if problem else {})


class RecommendationDialog(SubRecordDialog):
    """Add or change one recommendation of an inspection (the province; `owner_id` is the inspection)."""

    title = N_("Kiến nghị sau thanh tra, kiểm tra")
    entity = "inspection_recommendation"
    min_width = 560

    def build_fields(self) -> dict[str, QWidget]:
        content = QLineEdit()
        content.setPlaceholderText(_("ví dụ: Nộp bổ sung báo cáo kết quả các chuyến đi năm 2025"))
        return {
            "content": self.form.add("content", _("Nội dung kiến nghị *"), content),
            "due_date": self.form.add("due_date", _("Hạn thực hiện *"), DateField()),
            "status": self.form.add("status", _("Tình trạng"), enum_combo("recommendation_status")),
            "result": self.form.add("result", _("Kết quả thực hiện"), QLineEdit()),
            "done_on": self.form.add("done_on", _("Ngày thực hiện xong"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.inspections.save_recommendation(self.owner_id, data, self.record_id(),
                                                      self.record.version if self.record else None)


class RecommendationTable(SubRecordTable):
    """An inspection's recommendations by due date; overdue ones in red. At a unit: "Ghi kết quả…" only."""

    entity = "inspection_recommendation"
    dialog = RecommendationDialog
    unsaved_note = N_("Lưu đợt thanh tra, kiểm tra trước, rồi thêm các kiến nghị.")

    def __init__(self, services, on_changed: Callable[[], None], parent: QWidget | None = None):
        super().__init__(services, on_changed, parent)
        self.table.setAccessibleName(_("Kiến nghị"))
        header = self.table.horizontalHeader()
        for col in range(self.table.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in (0, 3)
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.answer_button = QPushButton(_("Ghi kết quả…"))
        self.answer_button.setToolTip(_("Ghi kết quả đơn vị đã thực hiện kiến nghị đã chọn"))
        self.answer_button.clicked.connect(self.answer_selected)
        self.layout().itemAt(self.layout().count() - 1).layout().insertWidget(3, self.answer_button)
        if not services.inspections.may_write():  # the unit answers; only the province edits
            for button in (self.add_button, self.edit_button, self.remove_button):
                button.hide()
            self.table.doubleClicked.disconnect()
            self.table.doubleClicked.connect(lambda _index: self.answer_selected())

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        return [
            (_("Kiến nghị"), lambda d: d.get("content") or ""),
            (_("Hạn"), lambda d: format_date(d.get("due_date"))),
            (_("Tình trạng"), lambda d: _state_text(d)),
            (_("Kết quả"), lambda d: d.get("result") or ""),
        ]

    def show_records(self, owner_id: str | None, records: list) -> None:
        super().show_records(owner_id, records)
        for row, record in enumerate(self.records):
            if record.overdue:
                for col in range(self.table.columnCount()):
                    item = self.table.item(row, col)
                    item.setForeground(QBrush(OVERDUE))
                    item.setToolTip(_("Quá hạn thực hiện (R17)"))
        self.answer_button.setEnabled(owner_id is not None)

    def answer_selected(self) -> None:
        record = self.selected()
        if record is None:
            errors.show_error(self, AppError(_("Hãy chọn một kiến nghị trong bảng trước.")))
            return
        service = self.services.inspections
        self.open_dialog = open_modal(AnswerDialog(
            self.services, record.data.get("content") or "",
            lambda text, day: service.answer_recommendation(record.id, text, day), record.data, self), self.on_changed)

    def delete_record(self, record_id: str) -> None:
        self.services.inspections.delete_recommendation(record_id)


def _state_text(data: dict[str, Any]) -> str:
    if data.get("status") == "open" and data.get("done_on"):
        return _("Đơn vị báo đã xong ({day})").format(day=format_date(data["done_on"]))
    text = enum_text("recommendation_status", data.get("status"))
    return f"{text} ({format_date(data['done_on'])})" if data.get("done_on") else text

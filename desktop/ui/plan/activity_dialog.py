"""Add or change one planned activity, and pick the record that carried it out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.plan_rules import LINK_FIELDS, LINKS
from desktop.errors import AppError
from desktop.i18n import N_, _, format_date
from desktop.services.plan import PlannedRow
from desktop.ui.delegations.countries import CountryPicker
from desktop.ui.delegations.fields import enum_combo, select_data
from desktop.ui.dialogs.form import FieldForm, read_date
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_field import MoneyField
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.text_limits import limit_text

ENTITY_NAMES = {"delegation": N_("Đoàn"), "conference": N_("Hội nghị, hội thảo"),
                "promotion_activity": N_("Xúc tiến")}


class CandidatePicker(QDialog):
    """The unit's records of the plan year that can carry out the activity, searchable."""

    picked = Signal(str, str, str)  # entity, id, title

    def __init__(self, services, plan_id: str, kind: str, planned_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.plan_id, self.kind, self.planned_id = services, plan_id, kind, planned_id
        self.setWindowTitle(_("Chọn bản ghi đã thực hiện hoạt động"))
        fit_to_screen(self, 620, 420)
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên (không cần dấu)…"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Bản ghi có thể gắn"))
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Chọn"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.search, self.list, self.empty):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.search.searchChanged.connect(self.load)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.load("")

    def load(self, text: str) -> None:
        """List the candidates matching `text`."""
        try:
            rows = self.services.plan.candidates(self.plan_id, self.kind, text, self.planned_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self.list.clear()
        for c in rows:
            item = QListWidgetItem(f"{_(ENTITY_NAMES[c.entity])} · {format_date(c.start_date)} — {c.title}")
            item.setData(Qt.ItemDataRole.UserRole, (c.entity, c.id, c.title))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setText("" if rows else _(
            "Không có bản ghi nào của năm kế hoạch phù hợp với loại hoạt động này và chưa gắn với hoạt động khác."))

    def accept(self) -> None:
        """Hand the chosen record over and close."""
        item = self.list.currentItem()
        if item is not None:
            self.picked.emit(*item.data(Qt.ItemDataRole.UserRole))
            super().accept()


class LinkField(QWidget):
    """"Thực hiện bởi": the linked record with Chọn… and Bỏ gắn."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entity: str | None = None
        self.record_id: str | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.choose = QPushButton(_("Chọn…"))
        self.clear = QPushButton(_("Bỏ gắn"))
        for button in (self.choose, self.clear):
            button.setAutoDefault(False)
        self.clear.clicked.connect(lambda: self.set_link(None, None, None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.choose)
        row.addWidget(self.clear)
        self.set_link(None, None, None)

    def set_link(self, entity: str | None, record_id: str | None, title: str | None) -> None:
        """Show a link (or none)."""
        self.entity, self.record_id = entity, record_id
        self.label.setText(f"{_(ENTITY_NAMES[entity])}: {title}" if entity else _("Chưa gắn với bản ghi nào."))
        self.clear.setEnabled(entity is not None)

    def values(self) -> dict[str, str | None]:
        """The three link fields, at most one of them set."""
        return {key: self.record_id if entity == self.entity else None for entity, key in LINK_FIELDS.items()}


class PlannedDialog(QDialog):
    """The fields of a planned activity; Lưu stores through the plan service and stays open on problems."""

    def __init__(self, services, plan_id: str, record: PlannedRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.plan_id, self.record = services, plan_id, record
        self.setWindowTitle(_("Hoạt động trong kế hoạch"))
        self.setMinimumWidth(660)
        self.form = FieldForm()
        self._fields()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.picker: CandidatePicker | None = None
        self._fill(record)

    def _fields(self) -> None:
        f = self.form
        self.kind = f.add("kind", _("Loại hoạt động *"), enum_combo("planned_kind"))
        self.title = f.add("title", _("Nội dung *"), QLineEdit())
        self.title.setPlaceholderText(_("ví dụ: Đoàn xúc tiến tiêu thụ cà phê tại Hàn Quốc"))
        self.planned_from = f.add("planned_from", _("Thời gian dự kiến từ"), DateField())
        self.planned_to = f.add("planned_to", _("đến"), DateField())
        self.countries = f.add("countries", _("Quốc gia"), CountryPicker())
        self.budget = f.add("budget_vnd", _("Kinh phí dự kiến (đồng)"), MoneyField(_("Kinh phí dự kiến")))
        self.owner = f.add("owner", _("Đơn vị, người chủ trì"), QLineEdit())
        self.status = f.add("status", _("Tình trạng"), enum_combo("planned_status"))
        self.link = LinkField()
        f.add("link", _("Thực hiện bởi"), self.link)
        for key in LINK_FIELDS.values():  # problems about any link field show under the one row
            f.errors[key] = f.errors["link"]
            f.widgets[key] = self.link
        self.notes = f.add("notes", _("Ghi chú"), QPlainTextEdit())
        limit_text({"title": self.title, "owner": self.owner}, self.services.records.text_limits("planned_activity"))
        self.notes.setFixedHeight(60)
        self.link.choose.clicked.connect(self.open_picker)
        self.kind.currentIndexChanged.connect(self._kind_changed)

    def _fill(self, record: PlannedRow | None) -> None:
        data = record.data if record else {"kind": "outbound", "status": "planned"}
        select_data(self.kind, data.get("kind"))
        self.title.setText(data.get("title") or "")
        self.planned_from.setDate(data.get("planned_from"))
        self.planned_to.setDate(data.get("planned_to"))
        self.countries.set_codes(data.get("countries") or [])
        self.budget.set_value(data.get("budget_vnd"))
        self.owner.setText(data.get("owner") or "")
        select_data(self.status, data.get("status"))
        self.notes.setPlainText(data.get("notes") or "")
        linked = record.linked if record else None
        self.link.set_link(linked.entity if linked else None, linked.id if linked else None,
                           linked.title if linked else None)
        self._kind_changed()

    def _kind_changed(self) -> None:
        linkable = bool(LINKS.get(self.kind.currentData()))
        self.link.choose.setEnabled(linkable)
        self.link.choose.setToolTip("" if linkable else _("Loại hoạt động này không gắn với bản ghi nào; "
                                                          "khi làm xong, chọn tình trạng «Đã thực hiện»."))

    def open_picker(self) -> CandidatePicker:
        """Choose among the unit's records of the plan year."""
        self.picker = CandidatePicker(self.services, self.plan_id, self.kind.currentData(),
                                      self.record.id if self.record else None, self)
        self.picker.picked.connect(self.link.set_link)
        self.picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker.open()
        return self.picker

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed values, and the messages of dates and amounts the fields cannot read."""
        bad: dict[str, str] = {}
        data: dict[str, Any] = {"kind": self.kind.currentData(), "title": self.title.text(),
                                "countries": self.countries.codes(), "owner": self.owner.text(),
                                "status": self.status.currentData(), "notes": self.notes.toPlainText(),
                                "budget_vnd": self.budget.value(), **self.link.values()}
        for key, field in (("planned_from", self.planned_from), ("planned_to", self.planned_to)):
            data[key], problem = read_date(field)
            if problem:
                bad[key] = problem
        if self.budget.error():
            bad["budget_vnd"] = self.budget.error()
        return data, bad

    def save(self) -> None:
        """Store; on problems show them beside the fields and keep everything typed."""
        data, bad = self.collect()
        record_id = self.record.id if self.record else None
        version = self.record.version if self.record else None
        if bad:
            self.form.clear_errors()
            for key, message in bad.items():
                self.form.set_error(key, message)
            return
        if self.form.attempt(self, lambda: self.services.plan.save_activity(self.plan_id, data, record_id, version)):
            self.accept()

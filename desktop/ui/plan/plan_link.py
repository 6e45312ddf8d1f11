"""In a delegation's editor: which planned activity of the annual plan this trip carries out,
with a way to pick one (rule R7 reads this link, not a tick box)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _, format_date
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.screen import fit_to_screen


class PlannedPicker(QDialog):
    """The planned activities of the unit's plan for the trip's year that this trip can carry out."""

    picked = Signal(str, str)  # planned activity id, title

    def __init__(self, services, delegation_id: str | None, year: int | None, direction: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Chọn hoạt động trong kế hoạch năm"))
        fit_to_screen(self, 600, 380)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Hoạt động trong kế hoạch"))
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Chọn"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self._load(services, delegation_id, year, direction)

    def _load(self, services, delegation_id: str | None, year: int | None, direction: str) -> None:
        if year is None:
            self.note.setText(_("Hãy nhập ngày bắt đầu của đoàn trước: kế hoạch được chọn theo năm."))
            return
        try:
            unit = services.plan.record_unit("delegation", delegation_id)
            plan = services.plan.plan_for(year, unit)
            rows = services.plan.choices_for("delegation", delegation_id, year, direction, unit) if plan else []
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        if plan is None:
            self.note.setText(_("Đơn vị chưa có kế hoạch đối ngoại năm {year}: hãy lập ở trang «Kế hoạch năm».")
                              .format(year=year))
            return
        self.note.setText(_("{plan} — các hoạt động chưa gắn với đoàn nào:").format(plan=plan.data["title"])
                          if rows else _("{plan} không còn hoạt động nào phù hợp chưa gắn với đoàn khác; có "
                                         "thể thêm hoạt động ở trang «Kế hoạch năm».").format(plan=plan.data["title"]))
        for row in rows:
            when = format_date(row.data.get("planned_from"))
            item = QListWidgetItem(f"{row.data['title']}" + (f" — {when}" if when else ""))
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.data["title"]))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def accept(self) -> None:
        """Hand the chosen activity over and close."""
        item = self.list.currentItem()
        if item is not None:
            self.picked.emit(*item.data(Qt.ItemDataRole.UserRole))
            super().accept()


class PlanLinkField(QWidget):
    """"Kế hoạch năm": the planned activity this delegation carries out, Chọn… and Bỏ gắn."""

    changed = Signal()

    def __init__(self, services, direction: str, year_of: Callable[[], date | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.direction, self.year_of = services, direction, year_of
        self.delegation_id: str | None = None
        self._planned: str | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.choose = QPushButton(_("Chọn hoạt động…"))
        self.clear = QPushButton(_("Bỏ gắn"))
        for button in (self.choose, self.clear):
            button.setAutoDefault(False)
        self.choose.clicked.connect(self.open_picker)
        self.clear.clicked.connect(lambda: self._set(None, None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.choose)
        row.addWidget(self.clear)
        self.picker: PlannedPicker | None = None
        self._show(None, None)

    def load(self, delegation_id: str | None) -> None:
        """Show the stored link of a delegation (none for a new one)."""
        self.delegation_id = delegation_id
        try:
            link = self.services.plan.link_of("delegation", delegation_id)
        except AppError:
            link = None
        self._show(link.planned_id if link else None,
                   _("Thực hiện hoạt động “{title}” của {plan}.").format(title=link.title, plan=link.plan_title)
                   if link else None)

    def value(self) -> str | None:
        """The planned activity's id, or None (the trip is outside the plan)."""
        return self._planned

    def open_picker(self) -> PlannedPicker:
        """Choose a planned activity of the unit's plan for the trip's year."""
        start = self.year_of()
        self.picker = PlannedPicker(self.services, self.delegation_id, start.year if start else None,
                                    self.direction, self)
        self.picker.picked.connect(lambda planned_id, title: self._set(
            planned_id, _("Thực hiện hoạt động “{title}” (lưu đoàn để ghi nhận).").format(title=title)))
        self.picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker.open()
        return self.picker

    def _show(self, planned_id: str | None, text: str | None) -> None:
        self._planned = planned_id
        self.label.setText(text or _("Ngoài kế hoạch: chưa gắn với hoạt động nào của kế hoạch đối ngoại năm."))
        self.clear.setEnabled(planned_id is not None)

    def _set(self, planned_id: str | None, text: str | None) -> None:
        self._show(planned_id, text)
        self.changed.emit()

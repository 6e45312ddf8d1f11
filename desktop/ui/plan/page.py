"""Kế hoạch năm: the unit's annual foreign-affairs plan, its planned activities and what carried
them out, plan versus actual, and the year's activities outside the plan."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import enum_label
from desktop.errors import AppError, ValidationError
from desktop.i18n import N_, _, format_date, format_money
from desktop.services.plan import PlanDetail, PlannedRow
from desktop.ui.delegations.fields import enum_combo, select_data
from desktop.ui.dialogs.form import FieldForm, open_modal, read_date
from desktop.ui.plan.activity_dialog import ENTITY_NAMES, PlannedDialog
from desktop.ui.plan.figures import FiguresPanel
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.elided import ElidedLabel
from desktop.ui.widgets.text_limits import limit_text

COLUMNS = (N_("Loại"), N_("Nội dung"), N_("Thời gian (ngày/tháng)"), N_("Kinh phí dự kiến"), N_("Chủ trì"),
           N_("Thực hiện bởi"), N_("Tình trạng"))
LINK_COLUMN = 5
PROGRESS = {"done": N_("Đã thực hiện"), "not_yet": N_("Chưa thực hiện"), "dropped": N_("Hoãn, hủy")}
PROGRESS_COLOURS = {"done": "#1b5e20", "not_yet": "#8a5a00", "dropped": "#666666"}
LINK_COLOUR = "#0b57d0"


BUDGET_ENTITIES = ("fa_budget", "budget_addition", "actual_cost")  # opened in the year's Kinh phí window


class PlanPage(QWidget):
    """Year selector, plan header, planned activities, plan versus actual, off-plan list."""

    openRecord = Signal(str, str)  # noqa: N815 (Qt signal naming)

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.unit_code: str | None = None  # None: this device's unit
        self.plan: PlanDetail | None = None
        self.rows: list[PlannedRow] = []
        self.deleted_id: str | None = None
        self.dialog = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._top())
        self.body = QStackedWidget()
        self.body.addWidget(self._empty())
        self.body.addWidget(self._plan_view())
        layout.addWidget(self.body, 1)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_activity)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_delete)
        self.table.installEventFilter(self)  # Enter opens, Delete deletes the selected activity
        self._fill_years()
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        """Enter on the table opens the selected activity; Delete deletes it."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Coming back to the page: links made in an editor meanwhile show at once."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    # --- building ------------------------------------------------------------------------

    def _top(self) -> QHBoxLayout:
        title = QLabel(_("Kế hoạch đối ngoại năm"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.year = QComboBox()
        self.year.setAccessibleName(_("Năm kế hoạch"))
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.unit_label = QLabel()
        self.unit_label.setStyleSheet("color: #555;")
        self.budget_button = QPushButton(_("Kinh phí năm…"))
        self.budget_button.setToolTip(_("Dự toán được giao, bổ sung trong năm và kinh phí thực chi của các hoạt động"))
        self.budget_button.clicked.connect(self.open_budget)
        row = QHBoxLayout()
        row.addWidget(title)
        row.addWidget(self.year)
        row.addWidget(self.unit_label)
        row.addStretch(1)
        row.addWidget(self.budget_button)
        return row

    def open_budget(self):
        """Kinh phí đối ngoại of the year shown (and of the unit shown, at the province)."""
        from desktop.ui.plan.budget import BudgetDialog

        self.dialog = BudgetDialog(self.services, self.selected_year(), self.unit_code, self)
        self.dialog.open()
        return self.dialog

    def _empty(self) -> QWidget:
        box = QWidget()
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_plan)
        layout = QVBoxLayout(box)
        layout.addStretch(1)
        layout.addWidget(self.empty_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return box

    def _plan_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._header())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._activities())
        self.figures = FiguresPanel()
        self.figures.openRecord.connect(self.openRecord)
        splitter.addWidget(self.figures)
        splitter.setSizes([420, 280])
        layout.addWidget(splitter, 1)
        return view

    def _header(self) -> QGroupBox:
        box = QGroupBox(_("Thông tin kế hoạch"))
        left, right = FieldForm(), FieldForm()
        self.forms = (left, right)
        self.title = left.add("title", _("Tên kế hoạch *"), QLineEdit())
        self.approval_number = left.add("approval_number", _("Số quyết định ban hành"), QLineEdit())
        self.approval_number.setPlaceholderText(_("ví dụ: 15/QĐ-UBND"))
        limit_text({"title": self.title, "approval_number": self.approval_number},
                   self.services.records.text_limits("annual_plan"))
        self.status = right.add("status", _("Trạng thái"), enum_combo("plan_status"))
        self.approval_date = right.add("approval_date", _("Ngày ban hành"), DateField())
        self.save_button = QPushButton(_("Lưu thông tin kế hoạch"))
        self.save_button.clicked.connect(self.save_header)
        self.header_state = QLabel()
        self.header_state.setStyleSheet("color: #555;")
        side = QVBoxLayout()
        side.addWidget(self.save_button)
        side.addWidget(self.header_state)
        side.addStretch(1)
        layout = QHBoxLayout(box)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        layout.addLayout(side)
        return box

    def field_error(self, key: str) -> str:
        """The message shown under a header field ("" when none)."""
        return next(form.error(key) for form in self.forms if key in form.errors)

    def _activities(self) -> QWidget:
        box = QWidget()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("Các hoạt động trong kế hoạch"))
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (4, 140), (LINK_COLUMN, 210)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.cellClicked.connect(self._clicked)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.undo_label = ElidedLabel()
        self.undo_button = QPushButton(_("Hoàn tác (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_delete)
        undo = QHBoxLayout()
        undo.addWidget(self.undo_label, 1)
        undo.addWidget(self.undo_button)
        self._show_undo(None)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(undo)
        layout.addLayout(self._buttons())
        return box

    def _buttons(self) -> QHBoxLayout:
        self.add_button = QPushButton(_("Thêm hoạt động… (Ctrl+N)"))
        self.edit_button = QPushButton(_("Sửa…"))
        self.remove_button = QPushButton(_("Xóa"))
        row = QHBoxLayout()
        for button, slot in ((self.add_button, self.add_activity), (self.edit_button, self.edit_selected),
                             (self.remove_button, self.remove_selected)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        hint = QLabel(_("Nhấp vào cột «Thực hiện bởi» để mở đoàn, hội nghị hay hoạt động đã thực hiện."))
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint, 1)
        return row

    # --- content ----------------------------------------------------------------------------

    def _fill_years(self, wanted: int | None = None) -> None:
        current = wanted or self.year.currentData() or self.services.ctx.today().year
        self.year.blockSignals(True)
        self.year.clear()
        years = sorted(set(self.services.plan.years(self.unit_code)) | {current}, reverse=True)
        for y in years:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(self.year.findData(current), 0))
        self.year.blockSignals(False)

    def selected_year(self) -> int:
        """The year shown."""
        return int(self.year.currentData())

    def refresh(self) -> None:
        """Re-read the plan of the selected year and everything under it."""
        year = self.selected_year()
        unit = self.services.units.get(self.services.plan.unit(self.unit_code))
        self.unit_label.setText(_("Đơn vị: {name}").format(name=unit.name if unit else ""))
        try:
            self.plan = self.services.plan.plan_for(year, self.unit_code)
            if self.plan is None:
                self._show_empty(year)
                return
            self.rows = self.services.plan.activities(self.plan.id)
            figures = self.services.plan.versus_actual(self.plan.id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self._show_header(self.plan)
        self._show_rows()
        self.figures.show_figures(figures)
        self.body.setCurrentIndex(1)

    def _show_empty(self, year: int) -> None:
        self.rows = []
        self.empty_label.setText(_("Chưa có kế hoạch đối ngoại năm {year} của đơn vị.").format(year=year))
        self.create_button.setText(_("Lập kế hoạch năm {year}").format(year=year))
        self.body.setCurrentIndex(0)

    def _show_header(self, plan: PlanDetail) -> None:
        for form in self.forms:
            form.clear_errors()
        self.title.setText(plan.data.get("title") or "")
        select_data(self.status, plan.data.get("status"))
        self.approval_number.setText(plan.data.get("approval_number") or "")
        self.approval_date.setDate(plan.data.get("approval_date"))
        self.header_state.setText(_("Phiên bản {v}").format(v=plan.version))

    def _show_rows(self) -> None:
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            d = row.data
            when = " – ".join(_day_month(x) for x in (d.get("planned_from"), d.get("planned_to")) if x)
            status = _(PROGRESS[row.progress])
            if d.get("status") in ("postponed", "cancelled"):
                status = enum_label("planned_status", d["status"])
            cells = [enum_label("planned_kind", d.get("kind") or ""), d.get("title") or "", when,
                     format_money(d.get("budget_vnd")), d.get("owner") or "", _link_text(row), status]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == LINK_COLUMN and row.linked is not None:
                    item.setForeground(QBrush(QColor(LINK_COLOUR)))
                    font = item.font()
                    font.setUnderline(True)
                    item.setFont(font)
                    item.setToolTip(_("Nhấp để mở"))
                if c == len(cells) - 1:
                    item.setForeground(QBrush(QColor(PROGRESS_COLOURS[row.progress])))
                self.table.setItem(r, c, item)

    # --- actions -------------------------------------------------------------------------------

    def create_plan(self) -> None:
        """Start this year's plan as a draft."""
        try:
            self.services.plan.create(self.selected_year(), unit_code=self.unit_code)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self.refresh()

    def save_header(self) -> bool:
        """Store the plan header; problems show beside the fields."""
        if self.plan is None:
            return False
        when, problem = read_date(self.approval_date)
        data = {"title": self.title.text(), "status": self.status.currentData(),
                "approval_number": self.approval_number.text(), "approval_date": when}
        for form in self.forms:
            form.clear_errors()
        if problem:
            self.forms[1].set_error("approval_date", problem)
            return False
        try:
            self.services.plan.save_plan(self.plan.id, data, self.plan.version)
        except ValidationError as exc:
            shown = [form.show_problems(exc) for form in self.forms]
            elsewhere = [m for m in shown[0] if m in shown[1]]  # on no field of either form
            if elsewhere:
                dialogs.show_error(self, "\n".join(elsewhere))
            return False
        except AppError as exc:
            dialogs.show_error(self, exc)
            return False
        self.refresh()
        return True

    def selected(self) -> PlannedRow | None:
        """The selected planned activity, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def add_activity(self) -> PlannedDialog | None:
        """Open an empty planned activity (the plan must exist)."""
        return self._open(None) if self.plan is not None else None

    def edit_selected(self) -> PlannedDialog | None:
        """Open the selected planned activity."""
        row = self.selected()
        return self._open(row) if row is not None else None

    def _open(self, row: PlannedRow | None) -> PlannedDialog:
        self.dialog = open_modal(PlannedDialog(self.services, self.plan.id, row, self), self.refresh)
        return self.dialog

    def remove_selected(self) -> None:
        """Delete the selected activity (Ctrl+Z brings it back)."""
        row = self.selected()
        if row is None or not dialogs.confirm(self, _("Xóa"), _("Xóa hoạt động “{title}” khỏi kế hoạch?").format(
                title=row.data.get("title") or "")):
            return
        try:
            self.services.plan.delete_activity(row.id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self._show_undo(row)
        self.refresh()

    def undo_delete(self) -> None:
        """Bring back the activity just deleted."""
        if self.deleted_id is None:
            return
        try:
            self.services.plan.restore_activity(self.deleted_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self._show_undo(None)
        self.refresh()

    def _show_undo(self, row: PlannedRow | None) -> None:
        self.deleted_id = row.id if row else None
        self.undo_label.setText(_("Đã xóa “{title}”.").format(title=row.data.get("title") or "") if row else "")
        self.undo_label.setVisible(row is not None)
        self.undo_button.setVisible(row is not None)

    def _clicked(self, r: int, c: int) -> None:
        if c == LINK_COLUMN and 0 <= r < len(self.rows) and self.rows[r].linked is not None:
            linked = self.rows[r].linked
            self.openRecord.emit(linked.entity, linked.id)

    def _double_clicked(self, r: int, c: int) -> None:
        if c != LINK_COLUMN or self.rows[r].linked is None:
            self.table.selectRow(r)
            self.edit_selected()

    # --- opening from elsewhere -----------------------------------------------------------------

    def open_record(self, entity: str, record_id: str) -> None:
        """Show the plan a finding or search hit points at (and open the planned activity); a budget record
        opens that year's Kinh phí."""
        if entity in BUDGET_ENTITIES:
            unit, year = self.services.budget.locate(entity, record_id)
            self.unit_code = None if unit == self.services.ctx.local_unit() else unit
            self._fill_years(year)
            self.refresh()
            self.open_budget()
            return
        unit, year, planned_id = self.services.plan.locate(entity, record_id)
        self.unit_code = None if unit == self.services.ctx.local_unit() else unit
        self._fill_years(year)
        self.refresh()
        if planned_id is not None:
            index = next((i for i, r in enumerate(self.rows) if r.id == planned_id), None)
            if index is not None:
                self.table.selectRow(index)
                self.edit_selected()


def _link_text(row: PlannedRow) -> str:
    if row.linked is None:
        return ""
    return f"{_(ENTITY_NAMES[row.linked.entity])}: {row.linked.title} ({format_date(row.linked.start_date)})"


def _day_month(day) -> str:
    """"05/02": the plan's year is already on the page."""
    return f"{day.day:02d}/{day.month:02d}"

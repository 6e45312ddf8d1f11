"""Thanh tra, đôn đốc: the inspections of the units with their recommendations, and the reminders.

At the province the page writes them (they reach each unit with its next ack) and shows, for each
reminder, whether it has reached the unit and whether the unit has done it. At a unit the page shows
what the province sent and takes the unit's answers ("Ghi kết quả…"), which travel back in its next
bundle.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import N_, _, format_date
from desktop.ui.dialogs.form import open_modal
from desktop.ui.inspections.dialogs import AnswerDialog, ReminderDialog
from desktop.ui.inspections.editor import InspectionEditor
from desktop.ui.widgets import errors
from desktop.ui.widgets.editor_windows import EditorWindows
from desktop.ui.widgets.elided import ElidedLabel

BAD = QColor("#c62828")
DONE = QColor("#1b5e20")
ID_ROLE = Qt.ItemDataRole.UserRole
INSPECTION_COLUMNS = (N_("Đơn vị"), N_("Từ ngày"), N_("Đến ngày"), N_("Đoàn"), N_("Nội dung, phạm vi"),
                      N_("Số quyết định"), N_("Kiến nghị"), N_("Chưa xong"), N_("Quá hạn (R17)"))
REMINDER_COLUMNS = (N_("Ngày gửi"), N_("Đơn vị"), N_("Trích yếu"), N_("Chỉ tiêu"), N_("Đã đến đơn vị"),
                    N_("Đã thực hiện"), N_("Kết quả"))
STRETCH = {"inspections": (3, 4), "reminders": (2, 6)}


def _table(columns: tuple[str, ...], name: str, stretch: tuple[int, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([_(c) for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAccessibleName(name)
    header = table.horizontalHeader()
    for col in range(len(columns)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return table


class InspectionsPage(QWidget):
    """Two tabs: Thanh tra, kiểm tra and Đôn đốc."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.writable = services.inspections.may_write()
        self.inspection_rows: list = []
        self.reminder_rows: list = []
        self._windows = EditorWindows(lambda _id: self.refresh())
        self._deleted: list[tuple[str, str, str]] = []  # (kind, id, what) of each delete, for Hoàn tác
        self.open_dialog = None
        self._build()
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_delete,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if self.writable:
            QShortcut(QKeySequence.StandardKey.New, self, self._new,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(_("Thanh tra, kiểm tra và đôn đốc"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Năm:")))
        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName(_("Năm"))
        self.year_filter.addItem(_("Mọi năm"), None)
        self.year_filter.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.year_filter)
        self.unit_filter = None
        if self.writable:
            from desktop.ui.inspections.dialogs import unit_combo

            top.addWidget(QLabel(_("Đơn vị:")))
            self.unit_filter = unit_combo(self.services)
            self.unit_filter.setItemText(0, _("Mọi đơn vị"))
            self.unit_filter.setMaximumWidth(280)
            self.unit_filter.currentIndexChanged.connect(self.refresh)
            top.addWidget(self.unit_filter)
        top.addStretch(1)
        layout.addLayout(top)
        intro = QLabel(_("Sở Ngoại vụ ghi các đợt thanh tra, kiểm tra và văn bản đôn đốc; chúng đến đơn vị trong gói "
                         "phản hồi tiếp theo, đơn vị ghi kết quả và gửi lại trong gói của mình.") if self.writable else
                       _("Các đợt thanh tra, kiểm tra và văn bản đôn đốc do Sở Ngoại vụ gửi về. Thực hiện xong, hãy "
                         "chọn dòng rồi bấm “Ghi kết quả…”: kết quả đi lên tỉnh trong gói dữ liệu tiếp theo."))
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        layout.addWidget(intro)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._inspections_tab(), _("Thanh tra, kiểm tra"))
        self.tabs.addTab(self._reminders_tab(), _("Đôn đốc"))
        layout.addWidget(self.tabs, 1)
        undo = QHBoxLayout()
        self.undo_label = ElidedLabel()
        self.undo_button = QPushButton(_("Hoàn tác (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_delete)
        undo.addWidget(self.undo_label)
        undo.addWidget(self.undo_button)
        undo.addStretch(1)
        layout.addLayout(undo)
        self._show_undo()

    def _button(self, row: QHBoxLayout, text: str, tip: str, slot: Callable[[], None], province: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        row.addWidget(button)
        button.setVisible(self.writable or not province)
        return button

    def _inspections_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.new_inspection_button = self._button(
            row, _("Thêm đợt thanh tra, kiểm tra…"), _("Ghi một đợt thanh tra, kiểm tra mới (Ctrl+N)"),
            self.new_inspection, province=True)
        self._button(row, _("Mở…"), _("Mở đợt đã chọn (Enter hoặc nhấp đúp)"), self.open_inspection)
        self._button(row, _("Xóa"), _("Xóa đợt đã chọn cùng các kiến nghị (Delete)"), self.delete_inspection,
                     province=True)
        row.addStretch(1)
        self.inspection_count = QLabel()
        row.addWidget(self.inspection_count)
        layout.addLayout(row)
        self.inspection_table = _table(INSPECTION_COLUMNS, _("Các đợt thanh tra, kiểm tra"), STRETCH["inspections"])
        self.inspection_table.itemActivated.connect(lambda _item: self.open_inspection())
        self.inspection_table.installEventFilter(self)
        layout.addWidget(self.inspection_table, 1)
        return tab

    def _reminders_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.new_reminder_button = self._button(
            row, _("Viết văn bản đôn đốc…"), _("Đôn đốc một đơn vị (Ctrl+N). Đôn đốc mọi đơn vị chưa đạt một chỉ "
                                               "tiêu: từ trang Theo dõi đơn vị."), self.new_reminder, province=True)
        self._button(row, _("Sửa…"), _("Sửa văn bản đôn đốc đã chọn"), self.edit_reminder, province=True)
        self._button(row, _("Ghi kết quả…"), _("Ghi kết quả đơn vị đã thực hiện văn bản đôn đốc đã chọn"),
                     self.answer_reminder)
        self._button(row, _("Xóa"), _("Xóa văn bản đôn đốc đã chọn (Delete)"), self.delete_reminder, province=True)
        row.addStretch(1)
        self.reminder_count = QLabel()
        row.addWidget(self.reminder_count)
        layout.addLayout(row)
        self.reminder_table = _table(REMINDER_COLUMNS, _("Các văn bản đôn đốc"), STRETCH["reminders"])
        self.reminder_table.itemActivated.connect(
            lambda _item: (self.edit_reminder if self.writable else self.answer_reminder)())
        self.reminder_table.installEventFilter(self)
        layout.addWidget(self.reminder_table, 1)
        return tab

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        """Delete in a table deletes its selected record (after asking), at the province."""
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete and self.writable:
            if watched is self.inspection_table:
                self.delete_inspection()
                return True
            if watched is self.reminder_table:
                self.delete_reminder()
                return True
        return super().eventFilter(watched, event)

    # --- loading -------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Coming back to the page: what an import or an ack brought meanwhile shows at once."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        """Read both lists again (a few hundred records at most: on the UI thread)."""
        year, unit = self.year_filter.currentData(), self.unit_filter.currentData() if self.unit_filter else None
        try:
            self.inspection_rows = self.services.inspections.inspections(year, unit)
            self.reminder_rows = self.services.inspections.reminders(year, unit)
            years = self.services.inspections.years()
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._fill_years(years)
        self._fill_inspections()
        self._fill_reminders()

    def _fill_years(self, years: list[int]) -> None:
        chosen = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        while self.year_filter.count() > 1:
            self.year_filter.removeItem(1)
        for year in years:
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(self.year_filter.findData(chosen), 0))
        self.year_filter.blockSignals(False)

    def _fill_inspections(self) -> None:
        table, rows = self.inspection_table, self.inspection_rows
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.unit_name, format_date(row.start_date), format_date(row.end_date), row.team, row.scope,
                     row.decision_number or "", str(row.recommendations), str(row.open_recommendations),
                     str(row.overdue_recommendations))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.id)
                if c == len(cells) - 1 and row.overdue_recommendations:
                    item.setForeground(QBrush(BAD))
                table.setItem(r, c, item)
        self.inspection_count.setText(_("{n} đợt").format(n=len(rows)))

    def _fill_reminders(self) -> None:
        table, rows = self.reminder_table, self.reminder_rows
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            d = row.data
            if self.writable:
                received = format_date(row.received_at.date()) if row.received_at else _("chưa rõ")
            else:
                received = _("đã nhận")
            done = format_date(d.get("done_on")) if d.get("done_on") else _("chưa")
            cells = (format_date(d.get("sent_on")), row.unit_name, d.get("subject") or "", d.get("indicator") or "",
                     received, done, d.get("result") or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.id)
                if c == 5:
                    item.setForeground(QBrush(DONE if row.done else BAD))
                table.setItem(r, c, item)
            table.item(r, 4).setToolTip(_("Tỉnh biết văn bản đã đến đơn vị khi gói dữ liệu tiếp theo của đơn vị cho "
                                          "thấy đơn vị đã nhập gói phản hồi mang văn bản này."))
        open_ = sum(1 for row in rows if not row.done)
        self.reminder_count.setText(_("{n} văn bản, {open} chưa thực hiện").format(n=len(rows), open=open_))

    # --- inspections -----------------------------------------------------------------

    def _selected(self, table: QTableWidget) -> str | None:
        items = table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def _new(self) -> None:
        (self.new_inspection if self.tabs.currentIndex() == 0 else self.new_reminder)()

    def new_inspection(self) -> InspectionEditor:
        return self._windows.show(InspectionEditor(self.services, None, self))

    def open_inspection(self, inspection_id: str | None = None) -> InspectionEditor | None:
        inspection_id = inspection_id or self._selected(self.inspection_table)
        if inspection_id is None:
            return None
        found = self._windows.forward(lambda e: e.inspection_id == inspection_id)
        if found is not None:
            return found
        try:
            return self._windows.show(InspectionEditor(self.services, inspection_id, self))
        except AppError as exc:
            errors.show_error(self, exc)
            return None

    def editors(self) -> list[InspectionEditor]:
        """The inspection editors open now (the main window asks before closing)."""
        return self._windows.all()

    def delete_inspection(self) -> None:
        rid = self._selected(self.inspection_table)
        row = next((r for r in self.inspection_rows if r.id == rid), None)
        if row is None or not errors.confirm(self, _("Xóa đợt thanh tra, kiểm tra"), _(
                "Xóa đợt thanh tra, kiểm tra {unit} ngày {day} cùng {n} kiến nghị?").format(
                    unit=row.unit_name, day=format_date(row.start_date), n=row.recommendations)):
            return
        self._tombstone("inspection", row.id, True,
                        _("Đã xóa đợt thanh tra, kiểm tra {unit} ngày {day}.").format(
                            unit=row.unit_name, day=format_date(row.start_date)))

    # --- reminders -------------------------------------------------------------------

    def new_reminder(self, units: list[tuple[str, str]] | None = None, indicator: str | None = None,
                     subject: str = "") -> ReminderDialog:
        """Write a reminder (to one unit; or to `units`, from Theo dõi đơn vị)."""
        self.tabs.setCurrentIndex(1)
        self.open_dialog = open_modal(ReminderDialog(self.services, self, units=units, indicator=indicator,
                                                     subject=subject), self.refresh)
        return self.open_dialog

    def _reminder(self) -> object | None:
        rid = self._selected(self.reminder_table)
        return next((r for r in self.reminder_rows if r.id == rid), None)

    def edit_reminder(self) -> ReminderDialog | None:
        row = self._reminder()
        if row is None:
            return None
        self.open_dialog = open_modal(ReminderDialog(self.services, self, record=row), self.refresh)
        return self.open_dialog

    def answer_reminder(self, record_id: str | None = None) -> AnswerDialog | None:
        row = (next((r for r in self.reminder_rows if r.id == record_id), None) if record_id
               else self._reminder())
        if row is None:
            errors.show_error(self, AppError(_("Hãy chọn một văn bản đôn đốc trong bảng trước.")))
            return None
        service = self.services.inspections
        self.open_dialog = open_modal(AnswerDialog(
            self.services, row.data.get("subject") or "", lambda text, day: service.answer_reminder(row.id, text, day),
            row.data, self), self.refresh)
        return self.open_dialog

    def delete_reminder(self) -> None:
        row = self._reminder()
        if row is None or not errors.confirm(self, _("Xóa văn bản đôn đốc"), _(
                "Xóa văn bản đôn đốc “{subject}” gửi {unit}?").format(subject=row.data["subject"], unit=row.unit_name)):
            return
        self._tombstone("reminder", row.id, True, _("Đã xóa văn bản đôn đốc “{subject}”.").format(
            subject=row.data["subject"]))

    # --- delete and undo -------------------------------------------------------------

    def _tombstone(self, kind: str, record_id: str, deleted: bool, what: str = "") -> bool:
        service = self.services.inspections
        try:
            (service.delete if kind == "inspection" else service.delete_reminder)(record_id, deleted)
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        if deleted:
            self._deleted.append((kind, record_id, what))
        self._show_undo()
        self.refresh()
        return True

    def undo_delete(self) -> None:
        """Bring back what was deleted last."""
        if not self._deleted:
            return
        kind, record_id, what = self._deleted.pop()
        if not self._tombstone(kind, record_id, False):
            self._deleted.append((kind, record_id, what))
            self._show_undo()

    def _show_undo(self) -> None:
        last = self._deleted[-1] if self._deleted else None
        self.undo_button.setVisible(last is not None)
        self.undo_label.setText(last[2] if last else "")

    # --- opening a record from elsewhere (Tổng quan, Ctrl+K) -------------------------

    def open_record(self, entity: str, record_id: str) -> None:
        """Open the inspection of a recommendation or an inspection; select (and at a unit answer) a reminder."""
        kind, rid = self.services.inspections.locate(entity, record_id)
        if kind == "inspection":
            self.tabs.setCurrentIndex(0)
            self.open_inspection(rid)
            return
        self.tabs.setCurrentIndex(1)
        if all(r.id != rid for r in self.reminder_rows):
            self.year_filter.setCurrentIndex(0)
        for r in range(self.reminder_table.rowCount()):
            if self.reminder_table.item(r, 0).data(ID_ROLE) == rid:
                self.reminder_table.selectRow(r)
        if not self.writable:
            self.answer_reminder(rid)


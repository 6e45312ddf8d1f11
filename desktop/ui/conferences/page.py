"""Hội nghị, hội thảo: the list of international conferences, paged lazily, sorted and searched in SQL."""

from __future__ import annotations

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _, babel_locale, format_date
from desktop.services.common import ListQuery
from desktop.services.conferences import ConferenceRow
from desktop.ui.conferences.editor import ConferenceEditor
from desktop.ui.itemmodels.paged_table import Column, PagedTableModel, attach_sorting
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.register_page import RegisterPage
from desktop.ui.widgets.search_box import SearchBox

START_COLUMN = 1  # "Thời gian": the default sort, newest first
COLUMN_WIDTHS = (300, 150, 140, 100, 90, 110, 110, 90)


def period_text(row: ConferenceRow) -> str:
    """'05/03/2026' for one day, '05/03/2026 – 06/03/2026' for several."""
    if row.end_date and row.end_date != row.start_date:
        return f"{format_date(row.start_date)} – {format_date(row.end_date)}"
    return format_date(row.start_date)


def level_text(row: ConferenceRow) -> str:
    """Who approves: the Prime Minister or the provincial chair."""
    return _("Thủ tướng") if row.pm_approval else _("Chủ tịch UBND tỉnh")


def deadline_text(row: ConferenceRow) -> str:
    """The filing deadline, with "(muộn)" when the request was or will be late."""
    text = format_date(row.deadline)
    return f"{text} ({_('muộn')})" if row.late and text else text


def conference_columns() -> list[Column]:
    """The list's columns; those with a sort key sort in SQL when their header is clicked."""
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column("title", _("Tên"), lambda r: r.title, "title", tooltip=lambda r: r.title),
        Column("start_date", _("Thời gian"), period_text, "start_date"),
        Column("place", _("Địa điểm"), lambda r: r.place or "", "place"),
        Column("mode", _("Hình thức"), lambda r: _(ENUM_LABELS["conference_mode"].get(r.mode, r.mode)), "mode"),
        Column("foreign_participants", _("Đại biểu nước ngoài"),
               lambda r: "" if r.foreign_participants is None else str(r.foreign_participants),
               "foreign_participants", align=right),
        Column("level", _("Cấp cho phép"), level_text, None),
        Column("status", _("Trạng thái"), lambda r: _(ENUM_LABELS["status"].get(r.status, r.status)), "status"),
        Column("deadline", _("Hạn nộp"), deadline_text, None),
    ]


class ConferencesPage(RegisterPage):
    """International conferences: toolbar, search, filters, table, undoable delete."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._year: int | None = None
        self._status: str | None = None
        self.model = PagedTableModel(conference_columns(), self._count, self._page, parent=self)
        self.model.loaded.connect(self._show_count)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addLayout(self._filters())
        layout.addWidget(self._table(), 1)
        layout.addLayout(self._undo_bar())
        self.empty_hint = self._hint(self.view, _(
            "Chưa có hội nghị, hội thảo quốc tế nào — bấm Thêm (Ctrl+N) để ghi hội nghị đầu tiên."))

    # --- building ------------------------------------------------------------------

    def _toolbar(self) -> QToolBar:
        self.toolbar = bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(bar, _("Thêm"), _("Thêm hội nghị, hội thảo (Ctrl+N)"),
                                       QKeySequence.StandardKey.New, self.new_record)
        self.open_action = self._action(bar, _("Mở"), _("Mở hội nghị đang chọn (Enter, nhấp đúp)"),
                                        None, self.open_current)
        self.delete_action = self._action(bar, _("Xóa"), _("Xóa hội nghị đang chọn (Delete)"),
                                          None, self.delete_current)
        self.undo_action = self._action(bar, _("Hoàn tác"), _("Khôi phục hội nghị vừa xóa (Ctrl+Z)"),
                                        QKeySequence.StandardKey.Undo, self.undo_delete)
        self.undo_action.setEnabled(False)
        self.excel = ExcelExport(self, self.services, ListSource("conference", self.model, _("Hội nghị, hội thảo")))
        self.export_action = self.excel.add_to(bar)
        return bar

    def _filters(self) -> QHBoxLayout:
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên, địa điểm, cơ quan tổ chức, nhà tài trợ (không cần dấu)…"))
        self.search.searchChanged.connect(self.model.set_search)
        self.status_filter = self._choice_filter(_("Mọi trạng thái"), ENUM_LABELS["status"])
        self.year_filter = self._choice_filter(_("Mọi năm"), {})
        return self._filter_row((_("Trạng thái:"), self.status_filter), (_("Năm:"), self.year_filter))

    def _table(self) -> QTableView:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setAccessibleName(_("Danh sách hội nghị, hội thảo"))
        fit_columns(self.view, 0, COLUMN_WIDTHS)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.activated.connect(self._activated)
        self._watch_delete_key()
        return self.view

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the year filter and the first page with the current search, filter and sort."""
        try:
            self._fill_years()
            if not self._loaded:
                self._loaded = True
                self.model.sort(START_COLUMN, Qt.SortOrder.DescendingOrder)
                attach_sorting(self.view, self.model, START_COLUMN)
            else:
                self.model.refresh()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _count(self, q: ListQuery) -> int:
        return self.services.conferences.count(q, self._year, self._status)

    def _page(self, q: ListQuery) -> list[ConferenceRow]:
        return self.services.conferences.page(q, self._year, self._status)

    def _fill_years(self) -> None:
        self._fill_year_filter(self.services.conferences.years())

    def _filter_changed(self) -> None:
        self._year, self._status = self.year_filter.currentData(), self.status_filter.currentData()
        try:
            self.model.refresh()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(_("{n} hội nghị, hội thảo").format(n=format_decimal(total, locale=babel_locale())))

    # --- records -------------------------------------------------------------------

    def new_record(self) -> ConferenceEditor:
        """Open an empty editor for a new conference."""
        return self._show_editor(ConferenceEditor(self.services, None, self))

    def open_record(self, entity: str, record_id: str) -> ConferenceEditor | None:
        """Open (or bring forward) the editor of one conference; used by Tổng quan too."""
        found = self._bring_forward(lambda e: e.conference_id == record_id)
        if found is not None:
            return found
        try:
            editor = ConferenceEditor(self.services, record_id, self)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        return self._show_editor(editor)

    def open_current(self) -> None:
        """Open the selected conference."""
        row = self.current_row()
        if row is not None:
            self.open_record("conference", row.id)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.open_record("conference", row.id)

    # --- delete and undo -----------------------------------------------------------

    def _tombstone(self, record_id: str, deleted: bool) -> None:
        self.services.conferences.delete(record_id, deleted=deleted)

    def _delete_question(self, row: ConferenceRow) -> tuple[str, str]:
        return _("Xóa hội nghị, hội thảo"), _("Xóa “{title}”?\nCó thể khôi phục ngay bằng Hoàn tác (Ctrl+Z).").format(
            title=row.title)

    def _deleted_text(self, row: ConferenceRow) -> str:
        return _("Đã xóa “{title}”.").format(title=row.title)

    def _restored(self, row: ConferenceRow) -> None:
        self._saved(row.id)

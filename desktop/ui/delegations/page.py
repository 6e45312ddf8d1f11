"""Đoàn ra / Đoàn vào: the list of one direction, paged lazily, sorted and searched in SQL."""

from __future__ import annotations

from dataclasses import replace

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, QSettings, Qt
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
from desktop.i18n import _, babel_locale
from desktop.services.common import ListQuery
from desktop.services.delegations import DelegationRow, Filter
from desktop.ui.delegations.columns import LateDelegate, delegation_columns
from desktop.ui.delegations.editor import DelegationEditor
from desktop.ui.itemmodels.paged_table import PagedTableModel
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.register_page import RegisterPage
from desktop.ui.widgets.search_box import SearchBox

START_COLUMN = 3  # "Ngày đi": the default sort, newest first
COLUMN_WIDTHS = (300, 120, 180, 90, 90, 130, 75, 90, 55)


class DelegationPage(RegisterPage):
    """The delegations of one direction: toolbar, search, filters, table, undoable delete."""

    def __init__(self, services, direction: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.direction = services, direction
        self._filter = Filter(direction=direction)
        self.model = PagedTableModel(delegation_columns(direction), self._count, self._page, parent=self)
        self.model.loaded.connect(self._show_count)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addLayout(self._filters())
        layout.addWidget(self._table(), 1)
        layout.addLayout(self._undo_bar())
        self.empty_hint = self._hint(self.view, _(
            "Chưa có đoàn ra nào — bấm Thêm (Ctrl+N) để ghi đoàn đầu tiên, hoặc Nhập từ Excel… (Ctrl+I)."
        ) if direction == "outbound" else _(
            "Chưa có đoàn vào nào — bấm Thêm (Ctrl+N) để ghi đoàn đầu tiên, hoặc Nhập từ Excel… (Ctrl+I)."))

    # --- building ------------------------------------------------------------------

    def _toolbar(self) -> QToolBar:
        self.toolbar = bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(bar, _("Thêm"), _("Thêm đoàn mới (Ctrl+N)"), QKeySequence.StandardKey.New, self.new_record)
        self.open_action = self._action(bar, _("Mở"), _("Mở đoàn đang chọn (Enter, nhấp đúp)"), None, self.open_current)
        self.delete_action = self._action(bar, _("Xóa"), _("Xóa đoàn đang chọn (Delete)"), None, self.delete_current)
        self.undo_action = self._action(bar, _("Hoàn tác"), _("Khôi phục đoàn vừa xóa (Ctrl+Z)"), QKeySequence.StandardKey.Undo, self.undo_delete)
        self.undo_action.setEnabled(False)
        title = _("Đoàn ra") if self.direction == "outbound" else _("Đoàn vào")
        self.excel = ExcelExport(self, self.services, ListSource("delegation", self.model, title))
        self.export_action = self.excel.add_to(bar)
        self.import_action = self._action(bar, _("Nhập từ Excel…"),
                                          _("Nhập đoàn từ bảng tính, xem trước rồi mới ghi (Ctrl+I)"),
                                          "Ctrl+I", self.import_from_excel)
        return bar

    def import_from_excel(self) -> None:
        """The import wizard; the list reloads when rows were written."""
        from desktop.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.services, "delegation", self, fixed={"direction": self.direction})
        wizard.imported.connect(lambda _n: self.model.refresh())
        wizard.open()

    def _filters(self) -> QHBoxLayout:
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên đoàn, đối tác, số quyết định (không cần dấu)…"))
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
        self.view.setAccessibleName(_("Danh sách đoàn"))
        self.view.setItemDelegateForColumn(len(self.model.columns) - 1, LateDelegate(self.view))
        header = self.view.horizontalHeader()
        fit_columns(self.view, 0, COLUMN_WIDTHS)  # the title takes the spare width
        rows = self.view.verticalHeader()
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(START_COLUMN, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        self.view.activated.connect(self._activated)
        self._watch_delete_key()
        return self.view

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the year filter and the first page with the current search, filter and sort."""
        self._loaded = True
        try:
            self._fill_years()
            if self.model.sort_column() < 0:  # first load: the sort shown in the header
                header = self.view.horizontalHeader()
                self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
            else:
                self.model.refresh()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def save_state(self, settings: QSettings) -> None:
        """Remember column widths and the sort column."""
        settings.setValue(self._state_key(), self.view.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Bring back column widths and the sort column (applied when the list first loads)."""
        state = settings.value(self._state_key())
        if not state:
            return
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.restoreState(state)
        if self.model.columns[header.sortIndicatorSection()].sort_key is None:
            header.setSortIndicator(START_COLUMN, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)

    def _state_key(self) -> str:
        return f"delegations/{self.direction}/header"

    def _count(self, q: ListQuery) -> int:
        return self.services.delegations.count(q, self._filter)

    def _page(self, q: ListQuery) -> list[DelegationRow]:
        return self.services.delegations.page(q, self._filter)

    def _fill_years(self) -> None:
        self._fill_year_filter(self.services.delegations.years())

    def _filter_changed(self) -> None:
        self._filter = replace(self._filter, status=self.status_filter.currentData(),
                               year=self.year_filter.currentData())
        self._reload()

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if self.model.columns[column].sort_key is None:  # not sortable in SQL: keep the old order
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            old = Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(self.model.sort_column(), old)
            header.blockSignals(False)
            return
        self._reload(lambda: self.model.sort(column, order))

    def _reload(self, action=None) -> None:
        try:
            (action or self.model.refresh)()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(_("{n} đoàn").format(n=format_decimal(total, locale=babel_locale())))

    # --- records -------------------------------------------------------------------

    def new_record(self) -> DelegationEditor:
        """Open an empty editor for a new delegation of this direction."""
        return self._show_editor(DelegationEditor(self.services, self.direction, None, self))

    def open_record(self, record_id: str) -> DelegationEditor | None:
        """Open (or bring forward) the editor of one delegation; used by the dashboard too."""
        found = self._bring_forward(lambda e: e.delegation_id == record_id)
        if found is not None:
            return found
        try:
            editor = DelegationEditor(self.services, self.direction, record_id, self)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        return self._show_editor(editor)

    def open_current(self) -> None:
        """Open the selected delegation."""
        row = self.current_row()
        if row is not None:
            self.open_record(row.id)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.open_record(row.id)

    def _saved(self, record_id: str) -> None:
        self.refresh()
        self._select(record_id)

    def _select(self, record_id: str) -> None:
        row = self.model.row_for_id(record_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    # --- delete and undo -----------------------------------------------------------

    def _tombstone(self, record_id: str, deleted: bool) -> None:
        self.services.delegations.delete(record_id, deleted=deleted)

    def _delete_question(self, row: DelegationRow) -> tuple[str, str]:
        return _("Xóa đoàn"), _("Xóa đoàn “{title}”?\nCó thể khôi phục ngay bằng Hoàn tác (Ctrl+Z).").format(
            title=row.title)

    def _deleted_text(self, row: DelegationRow) -> str:
        return _("Đã xóa đoàn “{title}”.").format(title=row.title)

    def _restored(self, row: DelegationRow) -> None:
        self.refresh()
        self._select(row.id)

"""Xúc tiến: the promotion activities, and "Việc cần theo dõi" — open actions across activities."""

from __future__ import annotations

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _, babel_locale
from desktop.services.common import ListQuery
from desktop.services.promotions import FollowUpRow, PromotionRow
from desktop.ui.itemmodels.paged_table import PagedTableModel, attach_sorting
from desktop.ui.promotions.columns import OverdueDelegate, follow_up_columns, promotion_columns
from desktop.ui.promotions.editor import PromotionEditor
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.register_page import RegisterPage
from desktop.ui.widgets.search_box import SearchBox

START_COLUMN = 2  # "Thời gian": newest first


def _table(model: PagedTableModel, name: str, main: int, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.setAccessibleName(name)
    view.setItemDelegate(OverdueDelegate(view))
    view.horizontalHeader().setDefaultSectionSize(120)
    fit_columns(view, main, widths)  # the activity's name takes the spare width
    return view


class PromotionsPage(RegisterPage):
    """Toolbar, search, kind and year filters, the activity list, the open actions, undoable delete."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._kind: str | None = None
        self._year: int | None = None
        self.model = PagedTableModel(promotion_columns(), self._count, self._page, parent=self)
        self.model.loaded.connect(self._show_count)
        self.follow_model = PagedTableModel(follow_up_columns(), self.services.promotions.count_open_follow_ups,
                                            self.services.promotions.open_follow_ups, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addLayout(self._filters())
        layout.addWidget(self._tabs(), 1)
        layout.addLayout(self._undo_bar())
        self.empty_hint = self._hint(self.view, _(
            "Chưa có hoạt động xúc tiến nào — bấm Thêm (Ctrl+N) để ghi hoạt động đầu tiên."))
        self.follow_hint = self._hint(self.follow_view, _(
            "Chưa có việc nào cần theo dõi — ghi ở thẻ «Việc theo dõi» của một hoạt động xúc tiến."))

    # --- building ------------------------------------------------------------------

    def _toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(bar, _("Thêm"), _("Thêm hoạt động xúc tiến (Ctrl+N)"),
                                       QKeySequence.StandardKey.New, self.new_record)
        self.open_action = self._action(bar, _("Mở"), _("Mở hoạt động đang chọn (Enter, nhấp đúp)"),
                                        None, self.open_current)
        self.delete_action = self._action(bar, _("Xóa"), _("Xóa hoạt động đang chọn (Delete)"),
                                          None, self.delete_current)
        self.undo_action = self._action(bar, _("Hoàn tác"), _("Khôi phục hoạt động vừa xóa (Ctrl+Z)"),
                                        QKeySequence.StandardKey.Undo, self.undo_delete)
        self.undo_action.setEnabled(False)
        self.excel = ExcelExport(self, self.services, self._shown_list)
        self.export_action = self.excel.add_to(bar)
        return bar

    def _shown_list(self) -> ListSource:
        """What Xuất Excel… writes: the activities, or the open follow-up actions when that tab is in front."""
        if self.tabs.currentIndex() == 1:
            return ListSource("follow_up_action", self.follow_model, _("Việc cần theo dõi"))
        return ListSource("promotion_activity", self.model, _("Xúc tiến"))

    def _filters(self) -> QHBoxLayout:
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên hoạt động, địa điểm, đối tác, kết quả (không cần dấu)…"))
        self.search.searchChanged.connect(self._search)
        self.kind_filter = self._choice_filter(_("Mọi loại"), ENUM_LABELS["promotion_kind"])
        self.year_filter = self._choice_filter(_("Mọi năm"), {})
        return self._filter_row((_("Loại:"), self.kind_filter), (_("Năm:"), self.year_filter))

    def _tabs(self) -> QTabWidget:
        self.view = _table(self.model, _("Danh sách hoạt động xúc tiến"), 0, (320,))
        attach_sorting(self.view, self.model, START_COLUMN)
        header = self.view.horizontalHeader()
        header.blockSignals(True)  # shown now, applied on the first load
        header.setSortIndicator(START_COLUMN, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        self.view.activated.connect(self._activated)
        self._watch_delete_key()
        self.follow_view = _table(self.follow_model, _("Việc cần theo dõi"), 1, (200, 320))
        self.follow_view.activated.connect(self._follow_up_activated)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.view, _("Hoạt động"))
        self.tabs.addTab(self.follow_view, _("Việc cần theo dõi"))
        return self.tabs

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the year filter, the activities and the open actions."""
        self._loaded = True
        try:
            self._fill_years()
            if self.model.sort_column() < 0:
                header = self.view.horizontalHeader()
                self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
            else:
                self.model.refresh()
            self.follow_model.refresh()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _count(self, q: ListQuery) -> int:
        return self.services.promotions.count(q, self._kind, self._year)

    def _page(self, q: ListQuery) -> list[PromotionRow]:
        return self.services.promotions.page(q, self._kind, self._year)

    def _fill_years(self) -> None:
        self._fill_year_filter(self.services.promotions.years())

    def _search(self, text: str) -> None:
        self._reload(lambda: (self.model.set_search(text), self.follow_model.set_search(text)))

    def _filter_changed(self) -> None:
        self._kind, self._year = self.kind_filter.currentData(), self.year_filter.currentData()
        self._reload(self.model.refresh)

    def _reload(self, action) -> None:
        try:
            action()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(_("{n} hoạt động").format(n=format_decimal(total, locale=babel_locale())))

    # --- records -------------------------------------------------------------------

    def new_record(self) -> PromotionEditor:
        """Open an empty editor."""
        return self._show_editor(PromotionEditor(self.services, None, self))

    def open_record(self, entity: str, record_id: str) -> PromotionEditor | None:
        """Open the activity a record belongs to (the activity or one of its follow-ups)."""
        try:
            activity_id = self.services.promotions.locate(entity, record_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        found = self._bring_forward(lambda e: e.activity_id == activity_id)
        if found is not None:
            return found
        try:
            editor = PromotionEditor(self.services, activity_id, self)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        return self._show_editor(editor)

    def open_current(self) -> None:
        """Open the selected activity (or the activity of the selected action)."""
        if self.tabs.currentIndex() == 1:
            self._follow_up_activated(self.follow_view.currentIndex())
        elif (row := self.current_row()) is not None:
            self.open_record("promotion_activity", row.id)

    def _activated(self, index: QModelIndex) -> None:
        if (row := self.model.row_at(index)) is not None:
            self.open_record("promotion_activity", row.id)

    def _follow_up_activated(self, index: QModelIndex) -> None:
        row: FollowUpRow | None = self.follow_model.row_at(index) if index.isValid() else None
        if row is not None:
            self.open_record("promotion_activity", row.activity_id)

    # --- delete and undo -----------------------------------------------------------

    def _tombstone(self, record_id: str, deleted: bool) -> None:
        if deleted:
            self.services.promotions.delete(record_id)
        else:
            self.services.promotions.restore(record_id)

    def _delete_question(self, row: PromotionRow) -> tuple[str, str]:
        return _("Xóa hoạt động"), _(
            "Xóa hoạt động “{title}” cùng các việc theo dõi?\nCó thể khôi phục ngay bằng Hoàn tác (Ctrl+Z).").format(
            title=row.title)

    def _deleted_text(self, row: PromotionRow) -> str:
        return _("Đã xóa hoạt động “{title}”.").format(title=row.title)

"""Viện trợ PCP: the list of aid programmes and projects, filtered by status, year of approval and donor,
with committed and disbursed totals, Excel export, and delete with undo."""

from __future__ import annotations

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.aid_rules import ratio_text
from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _, babel_locale, format_date
from desktop.services.aid import AidRow, ListTotals
from desktop.services.common import ListQuery
from desktop.ui.aid.editor import AidEditor
from desktop.ui.itemmodels.paged_table import Column, PagedTableModel, attach_sorting
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.money_field import amount_text
from desktop.ui.widgets.register_page import RegisterPage
from desktop.ui.widgets.search_box import SearchBox

APPROVAL_COLUMN = 4  # "Ngày phê duyệt": newest first
R13_COLOURS = {"overdue": QColor("#c62828"), "reminder": QColor("#0d47a1")}


def value_text(row: AidRow) -> str:
    """The committed value in đồng, else in the original currency."""
    if row.value_vnd is not None:
        return amount_text(row.value_vnd)
    return amount_text(row.value_original, row.currency)


def disbursed_text(row: AidRow) -> str:
    """'1.500.000.000 ₫ (50%)'."""
    if not row.disbursed_vnd:
        return ""
    ratio = row.ratio
    return amount_text(row.disbursed_vnd) + (f" ({ratio_text(ratio)})" if ratio is not None else "")


def status_tip(row: AidRow) -> str:
    """Why a row is coloured: R13's state."""
    if row.r13 == "overdue":
        return _("R13: quá 6 tháng chưa triển khai — quyết định phê duyệt hết hiệu lực")
    if row.r13 == "reminder":
        return _("R13: đã phê duyệt gần 6 tháng mà chưa triển khai")
    return ""


def aid_columns() -> list[Column]:
    """The list's columns; those with a sort key sort in SQL."""
    right = Qt.AlignmentFlag.AlignRight
    forms, statuses = ENUM_LABELS["aid_form"], ENUM_LABELS["aid_status"]
    return [
        Column("title", _("Tên chương trình, dự án"), lambda r: r.title, "title", tooltip=lambda r: r.title),
        Column("donor", _("Nhà tài trợ"), lambda r: r.donor, "donor", tooltip=lambda r: r.donor),
        Column("form", _("Hình thức"), lambda r: _(forms.get(r.form, r.form)), "form"),
        Column("status", _("Tình trạng"), lambda r: _(statuses.get(r.status, r.status)), "status",
               tooltip=status_tip),
        Column("approval_date", _("Ngày phê duyệt"), lambda r: format_date(r.approval_date), "approval_date"),
        Column("decree", _("Nghị định"), lambda r: r.decree or "", None),
        Column("value_vnd", _("Giá trị"), value_text, "value_vnd", align=right),
        Column("disbursed_vnd", _("Đã giải ngân"), disbursed_text, "disbursed_vnd", align=right),
        Column("location", _("Địa bàn"), lambda r: r.location or "", "location", tooltip=lambda r: r.location or ""),
    ]


def list_totals_text(sums: ListTotals) -> str:
    """'Cam kết 18.740.000.000 ₫ · Đã giải ngân 6.655.000.000 ₫ (36%) · Vốn đối ứng 1.180.000.000 ₫'."""
    if not sums.projects:
        return ""
    disbursed = amount_text(sums.disbursed_vnd)
    if sums.ratio is not None:
        disbursed += f" ({ratio_text(sums.ratio)})"
    parts = [_("Tổng cam kết: {amount}").format(amount=amount_text(sums.committed_vnd)),
             _("Đã giải ngân: {amount}").format(amount=disbursed)]
    if sums.counterpart_vnd:
        parts.append(_("Vốn đối ứng: {amount}").format(amount=amount_text(sums.counterpart_vnd)))
    return " · ".join(parts)


class R13Delegate(QStyledItemDelegate):
    """Red bold rows for an approval that lapsed (R13 overdue), blue for the reminder."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        """Colour the row by R13's state."""
        super().initStyleOption(option, index)
        row = index.data(Qt.ItemDataRole.UserRole)
        colour = R13_COLOURS.get(getattr(row, "r13", None) or "")
        if colour is not None:
            option.palette.setColor(option.palette.ColorRole.Text, colour)
            if row.r13 == "overdue":
                font = QFont(option.font)
                font.setBold(True)
                option.font = font


class AidPage(RegisterPage):
    """Toolbar, search, status/year/donor filters, the project list with totals, undoable delete."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._status: str | None = None
        self._year: int | None = None
        self._donor: str | None = None
        self.model = PagedTableModel(aid_columns(), self._count, self._page, parent=self)
        self.model.loaded.connect(self._show_count)
        self.excel = ExcelExport(self, services, ListSource("aid_project", self.model, _("Viện trợ PCP")))
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addLayout(self._filters())
        layout.addWidget(self._table(), 1)
        self.totals_label = QLabel()
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.totals_label.setWordWrap(True)
        self.totals_label.setAccessibleName(_("Tổng giá trị cam kết và đã giải ngân"))
        layout.addWidget(self.totals_label)
        layout.addLayout(self._undo_bar())
        self.empty_hint = self._hint(self.view, _(
            "Chưa có chương trình, dự án viện trợ nào — bấm Thêm (Ctrl+N) để ghi dự án đầu tiên, "
            "hoặc Nhập từ Excel… (Ctrl+I)."))

    # --- building ------------------------------------------------------------------

    def _toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(bar, _("Thêm"), _("Thêm chương trình, dự án viện trợ (Ctrl+N)"),
                                       QKeySequence.StandardKey.New, self.new_record)
        self.open_action = self._action(bar, _("Mở"), _("Mở dự án đang chọn (Enter, nhấp đúp)"),
                                        None, self.open_current)
        self.delete_action = self._action(bar, _("Xóa"), _("Xóa dự án đang chọn (Delete)"), None, self.delete_current)
        self.undo_action = self._action(bar, _("Hoàn tác"), _("Khôi phục dự án vừa xóa (Ctrl+Z)"),
                                        QKeySequence.StandardKey.Undo, self.undo_delete)
        self.undo_action.setEnabled(False)
        self.export_action = self.excel.add_to(bar)
        self.import_action = self._action(bar, _("Nhập từ Excel…"),
                                          _("Nhập dự án viện trợ từ bảng tính Excel (Ctrl+I)"),
                                          "Ctrl+I", self.import_from_excel)
        return bar

    def import_from_excel(self):
        """The import wizard on aid projects; the list reloads once rows are written."""
        from desktop.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.services, "aid_project", self, entities=["aid_project", "foreign_ngo"])
        wizard.imported.connect(lambda _n: self.refresh())
        wizard.open()
        return wizard

    def _filters(self):
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên dự án, nhà tài trợ, địa bàn, số quyết định (không cần dấu)…"))
        self.search.searchChanged.connect(self._search)
        self.status_filter = self._choice_filter(_("Mọi tình trạng"), ENUM_LABELS["aid_status"])
        self.year_filter = self._choice_filter(_("Mọi năm"), {})
        self.donor_filter = self._choice_filter(_("Mọi nhà tài trợ"), {})
        self.donor_filter.setMaximumWidth(220)
        row = self._filter_row((_("Tình trạng:"), self.status_filter), (_("Năm phê duyệt:"), self.year_filter),
                               (_("Nhà tài trợ:"), self.donor_filter))
        return row

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.setAccessibleName(_("Danh sách chương trình, dự án viện trợ"))
        view.setItemDelegate(R13Delegate(view))
        view.horizontalHeader().setDefaultSectionSize(110)
        fit_columns(view, 0, (330, 120, 95, 95, 120, 95, 100, 115, 95))  # the project's name takes the spare width
        header = view.horizontalHeader()
        self.view = view
        attach_sorting(view, self.model, APPROVAL_COLUMN)
        header.blockSignals(True)  # shown now, applied on the first load
        header.setSortIndicator(APPROVAL_COLUMN, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        view.activated.connect(self._activated)
        self._watch_delete_key()
        return view

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the year and donor filters and the list."""
        self._loaded = True
        try:
            self._fill_year_filter(self.services.aid.years())
            self._fill_donors()
            if self.model.sort_column() < 0:
                header = self.view.horizontalHeader()
                self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
            else:
                self.model.refresh()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _fill_donors(self) -> None:
        chosen = self.donor_filter.currentData()
        self.donor_filter.blockSignals(True)
        while self.donor_filter.count() > 1:
            self.donor_filter.removeItem(1)
        for donor in self.services.aid.donors():
            self.donor_filter.addItem(donor.name, donor.id)
        self.donor_filter.setCurrentIndex(max(self.donor_filter.findData(chosen), 0))
        self.donor_filter.blockSignals(False)
        self._donor = self.donor_filter.currentData()

    def _count(self, q: ListQuery) -> int:
        return self.services.aid.count(q, self._status, self._year, self._donor)

    def _page(self, q: ListQuery) -> list[AidRow]:
        return self.services.aid.page(q, self._status, self._year, self._donor)

    def _search(self, text: str) -> None:
        self._reload(lambda: self.model.set_search(text))

    def _filter_changed(self) -> None:
        self._status = self.status_filter.currentData()
        self._year = self.year_filter.currentData()
        self._donor = self.donor_filter.currentData()
        self._reload(self.model.refresh)

    def _reload(self, action) -> None:
        try:
            action()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(_("{n} chương trình, dự án").format(n=format_decimal(total, locale=babel_locale())))
        try:
            sums = self.services.aid.list_totals(self.model.query, self._status, self._year, self._donor)
        except AppError as exc:
            self.totals_label.setText(str(exc))
            return
        self.totals_label.setText(list_totals_text(sums))

    # --- records -------------------------------------------------------------------

    def new_record(self) -> AidEditor | None:
        """Open an empty editor."""
        try:
            return self._show_editor(AidEditor(self.services, None, self))
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None

    def open_record(self, entity: str, record_id: str) -> AidEditor | None:
        """Open the project a record belongs to (the project or one of its disbursements)."""
        try:
            project_id = self.services.aid.locate(entity, record_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        found = self._bring_forward(lambda e: e.project_id == project_id)
        if found is not None:
            return found
        try:
            editor = AidEditor(self.services, project_id, self)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        return self._show_editor(editor)

    def open_current(self) -> None:
        """Open the selected project."""
        if (row := self.current_row()) is not None:
            self.open_record("aid_project", row.id)

    def _activated(self, index: QModelIndex) -> None:
        if (row := self.model.row_at(index)) is not None:
            self.open_record("aid_project", row.id)

    # --- delete and undo -----------------------------------------------------------

    def _tombstone(self, record_id: str, deleted: bool) -> None:
        if deleted:
            self.services.aid.delete(record_id)
        else:
            self.services.aid.restore(record_id)

    def _delete_question(self, row: AidRow) -> tuple[str, str]:
        return _("Xóa chương trình, dự án"), _(
            "Xóa “{title}” cùng các lần giải ngân?\nCó thể khôi phục ngay bằng Hoàn tác (Ctrl+Z).").format(
            title=row.title)

    def _deleted_text(self, row: AidRow) -> str:
        return _("Đã xóa “{title}”.").format(title=row.title)

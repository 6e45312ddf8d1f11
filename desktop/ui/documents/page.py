"""Sổ văn bản đi: the outgoing documents, numbered when signed; open the record each was made for."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import N_, _, format_date
from desktop.services.common import ListQuery
from desktop.ui.delegations.dossier import document_status, document_type
from desktop.ui.dialogs.form import open_modal
from desktop.ui.itemmodels.paged_table import Column, PagedTableModel, attach_sorting
from desktop.ui.printing.sign_dialog import SignDialog
from desktop.ui.widgets import errors
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.empty_hint import empty_hint
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.register_page import add_unit_filter
from desktop.ui.widgets.search_box import SearchBox

STATE_KEY = "documents/header"
ENTITY_LABELS = {"delegation": N_("Đoàn")}
COLUMN_WIDTHS = (130, 95, 110, 420, 180, 90)


def link_text(row) -> str:
    """What the document was made for ("Đoàn ↗"), empty when nothing."""
    if not row.record_id:
        return ""
    return _(ENTITY_LABELS.get(row.entity or "", N_("Hồ sơ"))) + " ↗"


def document_columns() -> list[Column]:
    """The register's columns; sortable ones map to the service's sort keys (numbers sort as numbers)."""
    centre = Qt.AlignmentFlag.AlignCenter
    return [
        Column("symbol", _("Số, ký hiệu"), lambda r: r.symbol or _("(chưa có số)"), "number"),
        Column("issued_on", _("Ngày"), lambda r: format_date(r.issued_on), "issued_on", align=centre),
        Column("doc_type", _("Loại"), lambda r: document_type(r.doc_type), "doc_type"),
        Column("summary", _("Trích yếu"), lambda r: r.summary, "summary", tooltip=lambda r: r.summary),
        Column("signer", _("Người ký"), lambda r: r.signer, "signer"),
        Column("status", _("Trạng thái"), document_status, "status"),
        Column("link", _("Liên kết"), link_text, None,
               tooltip=lambda r: _("Nhấp đúp để mở hồ sơ") if r.record_id else ""),
    ]


class DocumentsPage(QWidget):
    """The register: search, year, sort; open the linked record, sign a draft, delete a draft."""

    openRecord = Signal(str, str)  # entity, record id

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.sign_dialog: SignDialog | None = None
        self._shortcut_actions: list[QAction] = []
        self._fresh = True  # loaded by the constructor: the first show need not read again
        self._year: int | None = None  # the year chosen; an export reads it off the UI thread, not the combo
        self.model = PagedTableModel(document_columns(), self._count, self._page, parent=self)
        self.model.loaded.connect(self._show_total)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addLayout(self._filters())
        layout.addWidget(self._table(), 1)
        self.empty_hint = empty_hint(self.view, _(
            "Chưa có văn bản nào trong sổ — một văn bản vào sổ khi bấm «Ghi vào sổ» ở cửa sổ xem trước "
            "bản in (nút In / Xem trước của đoàn hoặc hội nghị)."), self.search, [self.year_filter, self.unit_filter])
        self.view.addActions(self._shortcut_actions)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        self._update_actions()

    # --- building ------------------------------------------------------------------------

    def _toolbar(self) -> QToolBar:
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.open_action = self._action(_("Mở hồ sơ"), _("Mở hồ sơ của văn bản đang chọn (Enter, nhấp đúp)"),
                                        None, self.open_selected)
        self.sign_action = self._action(_("Đánh dấu đã ký…"), _("Ghi ngày ký, người ký và cấp số"),
                                        None, self.sign_selected)
        self.delete_action = self._action(_("Xóa dự thảo"), _("Xóa văn bản dự thảo đang chọn (Delete)"),
                                          "Delete", self.delete_selected)
        self.refresh_action = self._action(_("Làm mới"), _("Đọc lại sổ (F5)"), "F5", self.refresh)
        self.excel = ExcelExport(self, self.services, ListSource("outgoing_document", self.model, _("Văn bản đi")))
        self.export_action = self.excel.add_to(self.toolbar)
        return self.toolbar

    def _action(self, text: str, tip: str, key: str | None, slot) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        if key:
            action.setShortcut(QKeySequence(key))
            # Delete acts on the table only, never while typing in the search box
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self._shortcut_actions.append(action)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    def _filters(self) -> QHBoxLayout:
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo số, trích yếu, người ký (không cần dấu)…"))
        self.search.searchChanged.connect(self._search)
        self.year_filter = QComboBox()
        self.year_filter.addItem(_("Mọi năm"), None)
        self.year_filter.setAccessibleName(_("Năm"))
        self.year_filter.currentIndexChanged.connect(lambda _i: self._reload(self._year_chosen))
        self.total_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.search, 2)
        row.addWidget(QLabel(_("Năm:")))
        row.addWidget(self.year_filter)
        row.addStretch(1)
        row.addWidget(self.total_label)
        self.unit_filter = add_unit_filter(row, self.services, [self.model], self)
        return row

    def _table(self) -> QTableView:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.setAccessibleName(_("Sổ văn bản đi"))
        fit_columns(self.view, 3, COLUMN_WIDTHS)  # Trích yếu takes the spare width
        self._reload(self._fill_years)
        self._reload(lambda: self.model.set_query(sort="number", descending=True))
        attach_sorting(self.view, self.model)
        self.view.activated.connect(self._activated)
        return self.view

    # --- loading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Read the register each time the page comes to the front (documents are made elsewhere)."""
        super().showEvent(event)
        if not self._fresh:
            self.refresh()
        self._fresh = False

    def refresh(self) -> None:
        """Reload the years and the first page, keeping the selection when it is still there."""
        current = self.selected()
        self._reload(self._fill_years)
        self._reload(self.model.refresh)
        if current is not None:
            self.select(current.id)
        self._update_actions()

    def _count(self, q: ListQuery) -> int:
        return self.services.documents.count(q, self._year)

    def _page(self, q: ListQuery) -> list:
        return self.services.documents.page(q, self._year)

    def _fill_years(self) -> None:
        chosen = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        while self.year_filter.count() > 1:
            self.year_filter.removeItem(1)
        for year in self.services.documents.years():
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(self.year_filter.findData(chosen), 0))
        self.year_filter.blockSignals(False)
        self._year = self.year_filter.currentData()

    def _year_chosen(self) -> None:
        self._year = self.year_filter.currentData()
        self.model.refresh()

    def _search(self, text: str) -> None:
        self._reload(lambda: self.model.set_search(text))

    def _reload(self, action) -> None:
        try:
            action()
        except AppError as exc:
            errors.show_error(self, exc)

    def _show_total(self, total: int) -> None:
        self.total_label.setText(_("{n} văn bản").format(n=total))
        self._update_actions()

    def save_state(self, settings: QSettings) -> None:
        """Remember column widths."""
        settings.setValue(STATE_KEY, self.view.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Bring back column widths."""
        state = settings.value(STATE_KEY)
        if state:
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.restoreState(state)
            header.blockSignals(False)

    # --- actions -----------------------------------------------------------------------------

    def selected(self):
        """The document selected in the table, or None."""
        index = self.view.currentIndex()
        return self.model.row_at(index) if index.isValid() else None

    def select(self, document_id: str) -> None:
        """Select a loaded document."""
        row = self.model.row_for_id(document_id)
        if row >= 0:
            self.view.selectRow(row)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None and row.record_id:
            self.openRecord.emit(row.entity, row.record_id)

    def open_selected(self) -> None:
        """Open the record the selected document was made for."""
        row = self.selected()
        if row is not None and row.record_id:
            self.openRecord.emit(row.entity, row.record_id)

    def sign_selected(self) -> None:
        """Mark the selected draft signed: its number is given now."""
        row = self.selected()
        if row is None or row.status != "draft":
            return
        signer = self.services.printing.settings().signer_name
        dialog = SignDialog(row.summary, self.services.ctx.today(), signer,
                            lambda day, name: self.services.documents.mark_signed(row.id, day, name), self)
        self.sign_dialog = open_modal(dialog, lambda: self._signed(row.id))

    def _signed(self, document_id: str) -> None:
        self.sign_dialog = None
        self.refresh()
        self.select(document_id)

    def delete_selected(self) -> None:
        """Delete the selected draft after asking; signed documents keep their number."""
        row = self.selected()
        if row is None or row.status != "draft":
            return
        if not errors.confirm(self, _("Xóa dự thảo"),
                              _("Xóa văn bản dự thảo «{summary}» khỏi sổ văn bản đi?").format(summary=row.summary)):
            return
        try:
            self.services.documents.delete(row.id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.refresh()

    def _update_actions(self) -> None:
        row = self.selected()
        draft = row is not None and row.status == "draft"
        self.open_action.setEnabled(row is not None and bool(row.record_id))
        self.sign_action.setEnabled(draft)
        self.delete_action.setEnabled(draft)

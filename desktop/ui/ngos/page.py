"""Tổ chức PCP nước ngoài: a searchable, filterable, lazily paged list of foreign NGOs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _, country_name, format_date
from desktop.ui.dialogs.form import open_modal
from desktop.ui.itemmodels.paged_table import Column, Index, PagedTableModel, attach_sorting
from desktop.ui.ngos.editor import NgoEditor
from desktop.ui.persons.page import UndoBar
from desktop.ui.widgets import errors
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.empty_hint import empty_hint
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.register_page import add_unit_filter
from desktop.ui.widgets.search_box import SearchBox

STATE_KEY = "ngos/header"
URGENT = QColor("#c62828")
EXPIRY_COLUMN = "expires_on"


def _sectors(row) -> str:
    labels = ENUM_LABELS["ngo_sector"]
    return ", ".join(_(labels[s]) for s in row.sectors if s in labels)


def ngo_columns() -> list[Column]:
    """The list's columns; sortable ones map to the service's SQL sort keys."""
    centre = Qt.AlignmentFlag.AlignCenter
    return [
        Column("name", _("Tên tổ chức"), lambda r: r.display_name, "name", tooltip=lambda r: r.name_original),
        Column("country", _("Quốc gia"), lambda r: country_name(r.country) if r.country else "", "country"),
        Column("sectors", _("Lĩnh vực"), _sectors, tooltip=_sectors),
        Column("areas", _("Địa bàn"), lambda r: ", ".join(r.areas), tooltip=lambda r: "\n".join(r.areas)),
        Column("number", _("Giấy đăng ký (số)"), lambda r: r.certificate_number or ""),
        Column(EXPIRY_COLUMN, _("Hết hạn"), lambda r: format_date(r.expires_on), "expires_on"),
        Column("report", _("Báo cáo năm gần nhất"),
               lambda r: str(r.latest_report_year) if r.latest_report_year else "", "latest_report_year",
               align=centre),
    ]


class NgoTableModel(PagedTableModel):
    """The paged list, with the expiry drawn red when the certificate is about to run out."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index)
            if row is not None and row.urgent and self.columns[index.column()].key == EXPIRY_COLUMN:
                return QBrush(URGENT)
        return super().data(index, role)


class NgosPage(QWidget):
    """The foreign-NGO register."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._sector: str | None = None
        self._expiring = False
        self._deleted: tuple[str, str] | None = None
        self.editor: NgoEditor | None = None
        self.model = NgoTableModel(
            ngo_columns(),
            lambda q: services.ngos.count(q, self._sector, self._expiring),
            lambda q: services.ngos.page(q, self._sector, self._expiring),
        )
        self._build()
        self.model.loaded.connect(self._show_total)
        self.model.refresh()

    # --- construction ------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.toolbar)
        layout.addLayout(self._filter_row())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.empty_hint = empty_hint(self.table, _(
            "Chưa có tổ chức phi chính phủ nước ngoài nào — bấm Thêm (Ctrl+N) để ghi tổ chức đầu tiên, "
            "hoặc Nhập từ Excel… (Ctrl+I)."), self.search, [self.sector, self.expiring, self.unit_filter])
        self.undo_bar = UndoBar()
        self.undo_bar.button.clicked.connect(self.undo_delete)
        layout.addWidget(self.undo_bar)
        self._actions()

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên tổ chức, đối tác, địa chỉ (không cần dấu)…"))
        self.search.searchChanged.connect(self.model.set_search)
        self.sector = QComboBox()
        self.sector.addItem(_("Mọi lĩnh vực"), None)
        for value, label in ENUM_LABELS["ngo_sector"].items():
            self.sector.addItem(_(label), value)
        self.sector.currentIndexChanged.connect(lambda _i: self.set_sector(self.sector.currentData()))
        self.expiring = QCheckBox(_("Sắp hết hạn"))
        self.expiring.setToolTip(_("Chỉ những tổ chức có giấy đăng ký sắp hết hạn hoặc đã hết hạn"))
        self.expiring.toggled.connect(self.set_expiring_only)
        self.total_label = QLabel()
        row.addWidget(self.search, 2)
        row.addWidget(self.sector)
        row.addWidget(self.expiring)
        row.addStretch(1)
        row.addWidget(self.total_label)
        self.unit_filter = add_unit_filter(row, self.services, [self.model], self)
        return row

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        fit_columns(table, 0, (260, 110, 180, 160, 140, 95, 150))  # Tên tổ chức takes the spare width
        attach_sorting(table, self.model)
        table.activated.connect(lambda _index: self.edit_selected())
        return table

    def _actions(self) -> None:
        self.add_action = self._action(_("Thêm"), "Ctrl+N", self.add_ngo)
        self.edit_action = self._action(_("Sửa"), "Return", self.edit_selected, on_table=True)
        self.delete_action = self._action(_("Xóa"), "Delete", self.delete_selected, on_table=True)
        self.undo_action = self._action(_("Hoàn tác"), "Ctrl+Z", self.undo_delete)
        self.undo_action.setEnabled(False)
        self.import_action = self._action(_("Nhập từ Excel…"), "Ctrl+I", self.import_from_excel)
        self.excel = ExcelExport(self, self.services, ListSource("foreign_ngo", self.model, _("Tổ chức PCP nước ngoài")))
        self.export_action = self.excel.add_to(self.toolbar)

    def import_from_excel(self):
        """The import wizard for NGOs (or their aid projects, chosen in the wizard); reload when written."""
        from desktop.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.services, "foreign_ngo", self, entities=["foreign_ngo", "aid_project"])
        wizard.imported.connect(lambda _n: self.reload())
        wizard.open()
        return wizard

    def _action(self, text: str, key: str, slot, on_table: bool = False) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(f"{text} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setShortcutContext(
            Qt.ShortcutContext.WidgetShortcut if on_table else Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        (self.table if on_table else self).addAction(action)
        self.toolbar.addAction(action)
        return action

    # --- state ---------------------------------------------------------------

    def restore_state(self, settings: QSettings) -> None:
        """Column widths and order from the last session."""
        state = settings.value(STATE_KEY)
        if state is not None:
            self.table.horizontalHeader().restoreState(state)

    def save_state(self, settings: QSettings) -> None:
        """Remember column widths and order."""
        settings.setValue(STATE_KEY, self.table.horizontalHeader().saveState())

    # --- filters ---------------------------------------------------------------

    def set_sector(self, sector: str | None) -> None:
        """Show only NGOs working in `sector` (None: every sector)."""
        self._sector = sector
        self.model.refresh()

    def set_expiring_only(self, on: bool) -> None:
        """Show only NGOs whose certificate expires soon (or has expired)."""
        self._expiring = bool(on)
        self.model.refresh()

    # --- actions ----------------------------------------------------------------

    def selected(self):
        """The selected NGO row, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def add_ngo(self) -> None:
        """Open an empty editor."""
        self._edit(None)

    def edit_selected(self) -> None:
        """Open the selected NGO's editor."""
        row = self.selected()
        if row is not None:
            self._edit(row.id)

    def open_record(self, entity: str, record_id: str) -> None:
        """Open the NGO a finding or search hit points at (the NGO or one of its records)."""
        try:
            ngo_id = self.services.ngos.locate(entity, record_id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._edit(ngo_id)

    def _edit(self, ngo_id: str | None) -> None:
        try:
            editor = NgoEditor(self.services, ngo_id, self)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.editor = open_modal(editor)

    def _editor_closed(self, editor: NgoEditor) -> None:
        self.editor = None
        if editor.changed:
            self.reload(select_id=editor.ngo_id)

    def delete_selected(self) -> None:
        """Delete the selected NGO after confirmation; offer undo."""
        row = self.selected()
        if row is None:
            return
        question = _("Xóa tổ chức «{name}» cùng giấy đăng ký, liên hệ và báo cáo? "
                     "Có thể hoàn tác ngay sau khi xóa.").format(name=row.display_name)
        if not errors.confirm(self, _("Xóa tổ chức"), question):
            return
        try:
            self.services.ngos.delete(row.id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._deleted = (row.id, row.display_name)
        self.undo_action.setEnabled(True)
        self.undo_bar.offer(_("Đã xóa tổ chức «{name}».").format(name=row.display_name))
        self.reload()

    def undo_delete(self) -> None:
        """Bring back the NGO deleted last."""
        if self._deleted is None:
            return
        ngo_id, _name = self._deleted
        try:
            self.services.ngos.restore(ngo_id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._deleted = None
        self.undo_action.setEnabled(False)
        self.undo_bar.setVisible(False)
        self.reload(select_id=ngo_id)

    def reload(self, select_id: str | None = None) -> None:
        """Re-query the list (same search, filters and sort) and select `select_id` when loaded."""
        self.model.refresh()
        row = self.model.row_for_id(select_id) if select_id else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _show_total(self, total: int) -> None:
        self.total_label.setText(_("{n} tổ chức").format(n=total))

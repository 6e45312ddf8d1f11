"""Cán bộ: a searchable, sortable, lazily paged list of persons with add, edit, delete and undo."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _, format_date
from desktop.ui.dialogs.form import open_modal
from desktop.ui.itemmodels.paged_table import Column, PagedTableModel, attach_sorting
from desktop.ui.persons.editor import PersonEditor
from desktop.ui.widgets import errors
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.elided import ElidedLabel
from desktop.ui.widgets.empty_hint import empty_hint
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.register_page import add_unit_filter
from desktop.ui.widgets.search_box import SearchBox

STATE_KEY = "persons/header"


def person_columns() -> list[Column]:
    """The list's columns; sortable ones map to the service's SQL sort keys."""
    centre = Qt.AlignmentFlag.AlignCenter
    return [
        Column("full_name", _("Họ và tên"), lambda r: r.full_name, "full_name"),
        Column("position", _("Chức vụ"), lambda r: r.position or "", "position", tooltip=lambda r: r.position or ""),
        Column("unit", _("Đơn vị"), lambda r: r.unit_name, "unit_code", tooltip=lambda r: r.unit_code),
        Column("passport", _("Hộ chiếu"), lambda r: r.passport_number or ""),
        Column("expiry", _("Hết hạn"), lambda r: format_date(r.passport_expiry), "passport_expiry"),
        Column("leader", _("Lãnh đạo chủ chốt"), lambda r: "✓" if r.is_key_leader else "", align=centre),
        Column("discipline", _("Kỷ luật"), lambda r: str(r.discipline_count) if r.discipline_count else "",
               align=centre),
    ]


class UndoBar(QFrame):
    """"Đã xóa …  [Hoàn tác]" under the list after a delete."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        self.label = ElidedLabel()  # a long name never widens the window
        self.button = QPushButton(_("Hoàn tác (Ctrl+Z)"))
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.setVisible(False)

    def offer(self, text: str) -> None:
        """Show `text` with the undo button."""
        self.label.setText(text)
        self.setVisible(True)


class PersonsPage(QWidget):
    """The persons register."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._deleted: tuple[str, str] | None = None
        self.editor: PersonEditor | None = None
        self.model = PagedTableModel(person_columns(), services.persons.count, services.persons.page)
        self._build()
        self.model.loaded.connect(self._show_total)
        self.model.refresh()

    # --- construction ------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.toolbar)
        layout.addLayout(self._search_row())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.empty_hint = empty_hint(self.table, _(
            "Chưa có cán bộ nào — bấm Thêm (Ctrl+N) để ghi cán bộ đầu tiên, hoặc Nhập từ Excel… (Ctrl+I) "
            "danh sách đơn vị đang có."), self.search, [self.unit_filter])
        self.undo_bar = UndoBar()
        self.undo_bar.button.clicked.connect(self.undo_delete)
        layout.addWidget(self.undo_bar)
        self._actions()

    def _search_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo họ tên, chức vụ, hộ chiếu, điện thoại (không cần dấu)…"))
        self.search.searchChanged.connect(self.model.set_search)
        self.total_label = QLabel()
        row.addWidget(self.search, 2)
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
        fit_columns(table, 0, (215, 200, 180, 95, 95, 125, 110))  # Họ và tên takes the spare width
        attach_sorting(table, self.model)
        table.activated.connect(lambda _index: self.edit_selected())
        return table

    def _actions(self) -> None:
        self.add_action = self._action(_("Thêm"), "Ctrl+N", self.add_person)
        self.edit_action = self._action(_("Sửa"), "Return", self.edit_selected, on_table=True)
        self.delete_action = self._action(_("Xóa"), "Delete", self.delete_selected, on_table=True)
        self.undo_action = self._action(_("Hoàn tác"), "Ctrl+Z", self.undo_delete)
        self.undo_action.setEnabled(False)
        self.excel = ExcelExport(self, self.services, ListSource("person", self.model, _("Cán bộ")))
        self.export_action = self.excel.add_to(self.toolbar)
        self.import_action = self._action(_("Nhập từ Excel…"), "Ctrl+I", self.import_from_excel)

    def import_from_excel(self) -> None:
        """The import wizard; the list reloads when rows were written."""
        from desktop.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.services, "person", self)
        wizard.imported.connect(lambda _n: self.model.refresh())
        wizard.open()

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

    # --- actions ----------------------------------------------------------------

    def selected(self):
        """The selected person row, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def add_person(self) -> None:
        """Open an empty editor; a saved person is selected in the list."""
        self._edit(None)

    def edit_selected(self) -> None:
        """Open the selected person's editor."""
        row = self.selected()
        if row is not None:
            self._edit(row.id)

    def open_record(self, person_id: str) -> None:
        """Open the editor of `person_id` (from Tổng quan)."""
        self._edit(person_id)

    def _edit(self, person_id: str | None) -> None:
        try:
            editor = PersonEditor(self.services, person_id, self)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.editor = open_modal(editor)

    def _editor_closed(self, editor: PersonEditor) -> None:
        self.editor = None
        if editor.changed:
            self.reload(select_id=editor.person_id)

    def delete_selected(self) -> None:
        """Delete the selected person after confirmation; offer undo."""
        row = self.selected()
        if row is None:
            return
        question = _("Xóa cán bộ «{name}»? Có thể hoàn tác ngay sau khi xóa.").format(name=row.full_name)
        if not errors.confirm(self, _("Xóa cán bộ"), question):
            return
        try:
            self.services.persons.delete(row.id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._deleted = (row.id, row.full_name)
        self.undo_action.setEnabled(True)
        self.undo_bar.offer(_("Đã xóa cán bộ «{name}».").format(name=row.full_name))
        self.reload()

    def undo_delete(self) -> None:
        """Bring back the person deleted last."""
        if self._deleted is None:
            return
        person_id, _name = self._deleted
        try:
            self.services.persons.restore(person_id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._deleted = None
        self.undo_action.setEnabled(False)
        self.undo_bar.setVisible(False)
        self.reload(select_id=person_id)

    def reload(self, select_id: str | None = None) -> None:
        """Re-query the list (same search and sort) and select `select_id` when loaded."""
        self.model.refresh()
        row = self.model.row_for_id(select_id) if select_id else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _show_total(self, total: int) -> None:
        self.total_label.setText(_("{n} cán bộ").format(n=total))

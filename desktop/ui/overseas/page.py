"""Người VN ở nước ngoài: contacts and associations by country, every activity, and — at the top —
the citizen-protection cases still open, which are what needs attention."""

from __future__ import annotations

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.collation import sort_key
from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _, babel_locale, country_name
from desktop.services.overseas import ActivityRow, ContactRow
from desktop.ui.itemmodels.paged_table import PagedTableModel, attach_sorting
from desktop.ui.overseas.columns import activity_columns, case_line, contact_columns
from desktop.ui.overseas.editor import ContactEditor
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.columns import fit_columns
from desktop.ui.widgets.export import ExcelExport, ListSource
from desktop.ui.widgets.register_page import RegisterPage
from desktop.ui.widgets.search_box import SearchBox

CASES_STYLE = "QLabel { color: #b71c1c; font-weight: 600; }"
DATE_COLUMN = 0


def _table(model: PagedTableModel, name: str, main: int, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.setAccessibleName(name)
    view.horizontalHeader().setDefaultSectionSize(110)
    fit_columns(view, main, widths)
    return view


class OverseasPage(RegisterPage):
    """Open protection cases, filters (country, kind, activity kind, year), contacts and activities."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._country: str | None = None
        self._contact_kind: str | None = None
        self._activity_kind: str | None = None
        self._year: int | None = None
        self._kinds: dict[str, str] = {}  # row id → entity, for delete and undo
        svc = services.overseas
        self.model = PagedTableModel(contact_columns(), lambda q: svc.count_contacts(q, *self._contact_filter()),
                                     lambda q: svc.contacts(q, *self._contact_filter()), parent=self)
        self.model.loaded.connect(self._show_count)
        self.activity_model = PagedTableModel(
            activity_columns(), lambda q: svc.count_activities(q, **self._activity_filter()),
            lambda q: svc.activities(q, **self._activity_filter()), parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addLayout(self._cases())
        layout.addLayout(self._filters())
        layout.addWidget(self._tabs(), 1)
        layout.addLayout(self._undo_bar())
        self.empty_hint = self._hint(self.view, _(
            "Chưa có kiều bào, hội đoàn nào — bấm Thêm (Ctrl+N) để ghi người hoặc hội đầu tiên."))
        self.activity_hint = self._hint(self.activity_view, _(
            "Chưa có hoạt động nào với người Việt Nam ở nước ngoài — ghi ở thẻ «Hoạt động» của một "
            "kiều bào hoặc hội."))

    # --- building ------------------------------------------------------------------

    def _toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(bar, _("Thêm"), _("Thêm kiều bào hoặc hội (Ctrl+N)"),
                                       QKeySequence.StandardKey.New, self.new_record)
        self.open_action = self._action(bar, _("Mở"), _("Mở mục đang chọn (Enter, nhấp đúp)"), None,
                                        self.open_current)
        self.delete_action = self._action(bar, _("Xóa"), _("Xóa mục đang chọn (Delete)"), None,
                                          self.delete_current)
        self.undo_action = self._action(bar, _("Hoàn tác"), _("Khôi phục mục vừa xóa (Ctrl+Z)"),
                                        QKeySequence.StandardKey.Undo, self.undo_delete)
        self.undo_action.setEnabled(False)
        self.excel = ExcelExport(self, self.services, self._shown_list)
        self.export_action = self.excel.add_to(bar)
        return bar

    def _cases(self) -> QVBoxLayout:
        self.cases_label = QLabel()
        self.cases_label.setStyleSheet(CASES_STYLE)
        self.cases_list = QListWidget()
        self.cases_list.setMaximumHeight(110)
        self.cases_list.setAccessibleName(_("Vụ việc bảo hộ công dân đang mở"))
        self.cases_list.itemActivated.connect(self._case_activated)
        self.cases_list.itemDoubleClicked.connect(self._case_activated)
        box = QVBoxLayout()
        box.addWidget(self.cases_label)
        box.addWidget(self.cases_list)
        return box

    def _filters(self) -> QHBoxLayout:
        self.search = SearchBox()
        self.search.setPlaceholderText(_("Tìm theo tên, thành phố, quê quán, nội dung hoạt động (không cần dấu)…"))
        self.search.searchChanged.connect(self._search)
        self.country_filter = self._choice_filter(_("Mọi quốc gia"), {})
        self.kind_filter = self._choice_filter(_("Cá nhân và hội"), ENUM_LABELS["overseas_contact_kind"])
        return self._filter_row((_("Quốc gia:"), self.country_filter), (_("Loại:"), self.kind_filter))

    def _tabs(self) -> QTabWidget:
        self.view = _table(self.model, _("Danh sách kiều bào, hội"), 0, (280, 100))  # the name takes the spare width
        attach_sorting(self.view, self.model, 0)
        self.view.activated.connect(self._contact_activated)
        self._watch_delete_key()
        self.activity_view = _table(self.activity_model, _("Danh sách hoạt động"), 2, (130, 130, 320))
        attach_sorting(self.activity_view, self.activity_model, DATE_COLUMN)
        header = self.activity_view.horizontalHeader()
        header.blockSignals(True)  # newest first is what the service gives without a sort
        header.setSortIndicator(DATE_COLUMN, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        self.activity_view.activated.connect(self._activity_activated)
        self.activity_view.installEventFilter(self)
        self.activity_kind_filter = self._choice_filter(_("Mọi loại hoạt động"), ENUM_LABELS["overseas_activity_kind"])
        self.year_filter = self._choice_filter(_("Mọi năm"), {})
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Loại hoạt động:")))
        row.addWidget(self.activity_kind_filter)
        row.addWidget(QLabel(_("Năm:")))
        row.addWidget(self.year_filter)
        row.addStretch(1)
        activities = QWidget()
        column = QVBoxLayout(activities)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.activity_view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.view, _("Kiều bào, hội"))
        self.tabs.addTab(activities, _("Hoạt động"))
        return self.tabs

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        """Delete in either table deletes its selected record."""
        if watched is self.activity_view:
            watched = self.view
        return super().eventFilter(watched, event)

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the open cases, the filters' choices, the contacts and the activities."""
        self._loaded = True
        try:
            self._show_cases()
            self._fill_countries()
            self._fill_year_filter(self.services.overseas.years())
            self.model.refresh()
            self.activity_model.refresh()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _show_cases(self) -> None:
        cases = self.services.overseas.open_cases()
        self.cases_list.clear()
        for row in cases:
            item = QListWidgetItem(case_line(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.cases_list.addItem(item)
        self.cases_label.setText(_("Vụ việc bảo hộ công dân đang mở: {n} — cần theo dõi, giải quyết").format(
            n=len(cases)))
        self.cases_label.setVisible(bool(cases))
        self.cases_list.setVisible(bool(cases))

    def _fill_countries(self) -> None:
        combo, chosen = self.country_filter, self.country_filter.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for code in sorted(self.services.overseas.countries(), key=lambda c: sort_key(country_name(c))):
            combo.addItem(country_name(code), code)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def _contact_filter(self) -> tuple[str | None, str | None]:
        return self._country, self._contact_kind

    def _activity_filter(self) -> dict:
        return {"kind": self._activity_kind, "year": self._year, "country": self._country,
                "contact_kind": self._contact_kind}

    def _search(self, text: str) -> None:
        self._reload(lambda: (self.model.set_search(text), self.activity_model.set_search(text)))

    def _filter_changed(self) -> None:
        self._country, self._contact_kind = self.country_filter.currentData(), self.kind_filter.currentData()
        self._activity_kind, self._year = self.activity_kind_filter.currentData(), self.year_filter.currentData()
        self._reload(lambda: (self.model.refresh(), self.activity_model.refresh()))

    def _reload(self, action) -> None:
        try:
            action()
        except AppError as exc:
            dialogs.show_error(self, exc)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(_("{n} kiều bào, hội").format(n=format_decimal(total, locale=babel_locale())))

    # --- records -------------------------------------------------------------------

    def current_row(self):
        """The record selected in the tab shown (a contact or an activity)."""
        view, model, entity = ((self.activity_view, self.activity_model, "overseas_activity")
                               if self.tabs.currentIndex() == 1 else (self.view, self.model, "overseas_contact"))
        index = view.currentIndex()
        row = model.row_at(index) if index.isValid() else None
        if row is not None:
            self._kinds[row.id] = entity
        return row

    def new_record(self) -> ContactEditor:
        """Open an empty contact editor."""
        return self._show_editor(ContactEditor(self.services, None, self))

    def open_record(self, entity: str, record_id: str) -> ContactEditor | None:
        """Open the contact a record belongs to (the contact or one of its activities)."""
        try:
            contact_id = self.services.overseas.locate(entity, record_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        found = self._bring_forward(lambda e: e.contact_id == contact_id)
        if found is not None:
            return found
        try:
            editor = ContactEditor(self.services, contact_id, self)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        if entity == "overseas_activity":
            editor.tabs.setCurrentIndex(1)
        return self._show_editor(editor)

    def open_current(self) -> None:
        """Open the selected contact (or the contact of the selected activity)."""
        row = self.current_row()
        if isinstance(row, ActivityRow):
            self.open_record("overseas_activity", row.id)
        elif row is not None:
            self.open_record("overseas_contact", row.id)

    def _contact_activated(self, index: QModelIndex) -> None:
        if (row := self.model.row_at(index)) is not None:
            self.open_record("overseas_contact", row.id)

    def _activity_activated(self, index: QModelIndex) -> None:
        if (row := self.activity_model.row_at(index)) is not None:
            self.open_record("overseas_activity", row.id)

    def _case_activated(self, item: QListWidgetItem) -> None:
        row: ActivityRow = item.data(Qt.ItemDataRole.UserRole)
        self.open_record("overseas_activity", row.id)

    def _shown_list(self) -> ListSource:
        """What Xuất Excel… writes: the contacts, or every activity when that tab is in front."""
        if self.tabs.currentIndex() == 1:
            return ListSource("overseas_activity", self.activity_model, _("Hoạt động kiều bào"))
        return ListSource("overseas_contact", self.model, _("Người VN ở nước ngoài"))

    # --- delete and undo -----------------------------------------------------------

    def _tombstone(self, record_id: str, deleted: bool) -> None:
        if self._kinds.get(record_id) == "overseas_activity":
            self.services.overseas.delete_activity(record_id, deleted)
        else:
            self.services.overseas.delete_contact(record_id, deleted)

    def _delete_question(self, row: ContactRow | ActivityRow) -> tuple[str, str]:
        if isinstance(row, ActivityRow):
            return _("Xóa hoạt động"), _("Xóa hoạt động “{title}”?\nCó thể khôi phục ngay bằng Hoàn tác "
                                         "(Ctrl+Z).").format(title=row.title)
        return _("Xóa kiều bào, hội"), _("Xóa “{name}” cùng các hoạt động?\nCó thể khôi phục ngay bằng Hoàn tác "
                                         "(Ctrl+Z).").format(name=row.name)

    def _deleted_text(self, row: ContactRow | ActivityRow) -> str:
        if isinstance(row, ActivityRow):
            return _("Đã xóa hoạt động “{title}”.").format(title=row.title)
        return _("Đã xóa “{name}”.").format(name=row.name)

"""Thỏa thuận quốc tế: the unit's partners abroad and the agreements with them, newest first;
Enter opens one, Delete deletes it (after asking; Hoàn tác brings it back), Xuất Excel exports the register."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import N_, _, country_name, format_date
from desktop.ui.agreements.editor import AgreementEditor
from desktop.ui.overseas.columns import enum_text
from desktop.ui.widgets import errors
from desktop.ui.widgets.editor_windows import EditorWindows
from desktop.ui.widgets.elided import ElidedLabel
from desktop.ui.widgets.export import SHORTCUT, ExcelExport, ListSource

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Đối tác"), N_("Quốc gia"), N_("Loại thỏa thuận"), N_("Tên văn bản"), N_("Ngày ký"),
           N_("Hiệu lực đến"), N_("Tình trạng"), N_("Hoạt động"))
ACTIVE = QColor("#1b5e20")


class AgreementsPage(QWidget):
    """The register's list."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.province = services.province.is_province()
        self.unit_names = {u.code: u.name for u in services.province.unit_choices()} if self.province else {}
        self.rows: list = []
        self._windows = EditorWindows(lambda _id: self.refresh())
        self._deleted: list = []
        self.excel = ExcelExport(self, services, ListSource("international_agreement", _Shown(self),
                                                            _("Thỏa thuận quốc tế")))
        self._build()
        for keys, slot in ((QKeySequence(SHORTCUT), self.export), (QKeySequence.StandardKey.New, self.new_agreement),
                           (QKeySequence.StandardKey.Undo, self.undo_delete),
                           (QKeySequence(Qt.Key.Key_F5), self.refresh)):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(_("Quan hệ với địa phương nước ngoài, thỏa thuận quốc tế"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        top.addWidget(title)
        top.addStretch(1)
        layout.addLayout(top)
        row = QHBoxLayout()
        for text, tip, slot in ((_("Thêm thỏa thuận…"), _("Ghi một thỏa thuận mới (Ctrl+N)"), self.new_agreement),
                                (_("Mở…"), _("Mở thỏa thuận đã chọn (Enter hoặc nhấp đúp)"), self.open_selected),
                                (_("Xóa"), _("Xóa thỏa thuận đã chọn (Delete)"), self.delete_selected),
                                (_("Xuất Excel…"), _("Ghi danh sách đang xem ra tệp .xlsx (Ctrl+E)"), self.export)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Tìm đối tác, văn bản (không cần dấu)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        row.addWidget(self.search, 1)
        self.count_label = QLabel()
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.columns = COLUMNS + ((N_("Đơn vị"),) if self.province else ())  # the province sees every unit's
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("Các thỏa thuận"))
        header = self.table.horizontalHeader()
        for col in range(len(self.columns)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in (0, 3)
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        undo = QHBoxLayout()
        self.undo_label = ElidedLabel()
        self.undo_button = QPushButton(_("Hoàn tác (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_delete)
        undo.addWidget(self.undo_label)
        undo.addWidget(self.undo_button)
        undo.addStretch(1)
        layout.addLayout(undo)
        self._show_undo()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        """Delete in the table deletes the selected agreement (after asking)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete:
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        """Read the list again."""
        try:
            self.rows = self.services.agreements.list(self.search.text())
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = (row.partner, country_name(row.country), enum_text("agreement_kind", row.kind), row.title,
                     format_date(row.signed_on), format_date(row.valid_until), enum_text("agreement_status", row.status),
                     str(row.activities)) + ((self.unit_names.get(row.unit_code, row.unit_code),) if self.province else ())
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.id)
                if c == 6 and row.active:
                    item.setForeground(QBrush(ACTIVE))
                self.table.setItem(r, c, item)
        active = sum(1 for row in self.rows if row.active)
        self.count_label.setText(_("{n} thỏa thuận, {active} đang có hiệu lực").format(n=len(self.rows), active=active))

    def _selected(self):
        items = self.table.selectedItems()
        rid = items[0].data(ID_ROLE) if items else None
        return next((r for r in self.rows if r.id == rid), None)

    def new_agreement(self) -> AgreementEditor:
        return self._windows.show(AgreementEditor(self.services, None, self))

    def open_selected(self) -> AgreementEditor | None:
        row = self._selected()
        return self.open_record("international_agreement", row.id) if row else None

    def open_record(self, _entity: str, record_id: str) -> AgreementEditor | None:
        """Open an agreement (from a search hit or a report figure)."""
        found = self._windows.forward(lambda e: e.agreement_id == record_id)
        if found is not None:
            return found
        try:
            return self._windows.show(AgreementEditor(self.services, record_id, self))
        except AppError as exc:
            errors.show_error(self, exc)
            return None

    def editors(self) -> list[AgreementEditor]:
        """The editors open now."""
        return self._windows.all()

    def delete_selected(self) -> None:
        row = self._selected()
        if row is None or not errors.confirm(self, _("Xóa thỏa thuận"), _("Xóa thỏa thuận với {partner}?").format(
                partner=row.partner)):
            return
        if self._tombstone(row.id, True):
            self._deleted.append(row)
            self._show_undo()

    def undo_delete(self) -> None:
        """Bring back the agreement deleted last."""
        if self._deleted and self._tombstone(self._deleted[-1].id, False):
            self._deleted.pop()
            self._show_undo()

    def _tombstone(self, record_id: str, deleted: bool) -> bool:
        try:
            self.services.agreements.delete(record_id, deleted)
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.refresh()
        return True

    def _show_undo(self) -> None:
        last = self._deleted[-1] if self._deleted else None
        self.undo_button.setVisible(last is not None)
        self.undo_label.setText(_("Đã xóa thỏa thuận với {partner}.").format(partner=last.partner) if last else "")

    def export(self):
        """The list as shown to an Excel file (Ctrl+E), as every register page exports."""
        return self.excel.ask_and_run()


class _Shown:
    """The rows the page shows, as the Excel export reads a list (`matching()`, `total`)."""

    def __init__(self, page: AgreementsPage):
        self.page = page

    def matching(self) -> list:
        return list(self.page.rows)

    @property
    def total(self) -> int:
        return len(self.page.rows)

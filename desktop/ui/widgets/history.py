"""Lịch sử thay đổi of one record: who changed what, when — each field's old and new value.

A tab in each editor (or, in an editor without tabs, a dialog from its "Lịch sử…" button). It reads
the audit trail when it is shown, not when the editor opens, so opening a record costs nothing more.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _


def when(at) -> str:
    """An instant in the PC's local time, as dd/mm/yyyy HH:MM."""
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


def who(row) -> str:
    """The account (and, for an imported change, the unit officer who made it)."""
    name = row.full_name or row.user_name or _("(không rõ)")
    if row.user_name and row.full_name:
        name = f"{row.full_name} ({row.user_name})"
    return name + (_(" — do {author} sửa ở đơn vị").format(author=row.author) if row.author else "")


class HistoryView(QWidget):
    """The entries of one record, newest first; each change unfolds into its fields (old → new)."""

    def __init__(self, services, entity: str, record_id: Callable[[], str | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.entity = entity
        self.record_id = record_id
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([_("Thời điểm / Trường"), _("Người sửa / Giá trị cũ"), _("Việc / Giá trị mới"),
                                   _("Sổ")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 210, 210)):  # the register's column takes what is left
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree, 1)
        self.rows: list = []

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the record's entries again (after a save, or when the tab is shown)."""
        record_id = self.record_id()
        self.tree.clear()
        if not record_id:
            self.rows = []
            self.note.setText(_("Bản ghi chưa được lưu nên chưa có lịch sử thay đổi."))
            return
        self.rows = self.services.audit.history(self.entity, record_id)
        self.note.setText(_("Ai sửa gì, khi nào: {n} lần ghi. Bấm vào một dòng để xem từng trường, giá trị cũ → "
                            "giá trị mới.").format(n=len(self.rows)) if self.rows else
                          _("Chưa có thay đổi nào được ghi trong nhật ký cho bản ghi này (bản ghi có trước khi có "
                            "nhật ký, hoặc nhận từ gói dữ liệu)."))
        self.tree.setUpdatesEnabled(False)
        for row in self.rows:
            item = QTreeWidgetItem([when(row.at), who(row), row.kind_label, row.entity_label])
            item.setToolTip(1, who(row))
            for change in row.changes:
                child = QTreeWidgetItem([change.label, change.old or "—", change.new or "—", ""])
                child.setToolTip(1, change.old)
                child.setToolTip(2, change.new)
                item.addChild(child)
            if row.summary and not row.changes:
                item.addChild(QTreeWidgetItem([_("Ghi chú"), row.summary, "", ""]))
            self.tree.addTopLevelItem(item)
        if self.rows:
            self.tree.topLevelItem(0).setExpanded(True)
        self.tree.setUpdatesEnabled(True)


class HistoryDialog(QDialog):
    """Lịch sử thay đổi in a window of its own (for editors without tabs)."""

    def __init__(self, services, entity: str, record_id: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Lịch sử thay đổi — {title}").format(title=title))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        self.view = HistoryView(services, entity, lambda: record_id)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Đóng"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout.addWidget(buttons)


def _getter(editor: QWidget, attr: str) -> Callable[[], str | None]:
    """The editor's record id, read through a weak reference: a closure over the editor itself would keep
    a deleted editor's Python side alive (a cycle through its own child widgets)."""
    ref = weakref.ref(editor)

    def record_id() -> str | None:
        owner = ref()
        return getattr(owner, attr, None) if owner is not None else None

    return record_id


def history_button(editor: QWidget, services, entity: str, attr: str) -> QPushButton:
    """A "Lịch sử…" button for an editor without tabs (the record's id in `editor.<attr>`)."""
    button = QPushButton(_("Lịch sử…"))
    button.setToolTip(_("Ai sửa gì, khi nào (nhật ký thay đổi của bản ghi này)"))
    record_id, ref = _getter(editor, attr), weakref.ref(editor)

    def show() -> None:
        owner = ref()
        if owner is not None and record_id():
            HistoryDialog(services, entity, record_id(), owner.windowTitle(), owner).exec()

    button.clicked.connect(show)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


def add_history_tab(editor: QWidget, services, entity: str, attr: str) -> HistoryView:
    """A "Lịch sử thay đổi" tab at the end of `editor.tabs` (the record's id in `editor.<attr>`)."""
    view = HistoryView(services, entity, _getter(editor, attr))
    editor.tabs.addTab(view, _("Lịch sử thay đổi"))
    return view

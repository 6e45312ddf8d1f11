"""Tệp đính kèm: invitation, its translation, programme, passports — stored by SHA-256."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dossier import ATTACHMENT_KINDS
from desktop.errors import AppError
from desktop.i18n import _, babel_locale
from desktop.ui.widgets import errors as dialogs

KINDS = ATTACHMENT_KINDS  # the kinds the dossier checklist recognises


def format_size(size: int | None) -> str:
    """'850 B', '12,5 KB', '3,2 MB' in the current locale."""
    if size is None:
        return ""
    for unit, scale in (("MB", 1024 ** 2), ("KB", 1024)):
        if size >= scale:
            return f"{format_decimal(size / scale, format='#,##0.#', locale=babel_locale())} {unit}"
    return f"{size} B"


class AttachmentsSection(QWidget):
    """The files of a saved delegation; adding or removing one saves at once (`stored`)."""

    stored = Signal(object)  # the DelegationDetail the service returned

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.delegation_id: str | None = None
        self._entries: list[dict[str, Any]] = []
        self.notice = QLabel(_("Lưu đoàn trước khi đính kèm tệp."))
        self.notice.setStyleSheet("color: #7a4f00;")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Tên tệp"), _("Loại"), _("Dung lượng")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Tệp đính kèm"))
        self.kind = QComboBox()
        for value, label in KINDS.items():
            self.kind.addItem(_(label), value)
        self.kind.setAccessibleName(_("Loại tệp"))
        self.add_button = QPushButton(_("Thêm tệp…"))
        self.open_button = QPushButton(_("Mở"))
        self.remove_button = QPushButton(_("Gỡ bỏ"))
        self._layout()
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.load(None, [])

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Loại tệp:")))
        bar.addWidget(self.kind)
        for button in (self.add_button, self.open_button, self.remove_button):
            button.setAutoDefault(False)
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def load(self, delegation_id: str | None, entries: list[dict[str, Any]]) -> None:
        """Show the files of a delegation (None: not saved yet, so nothing can be attached)."""
        self.delegation_id, self._entries = delegation_id, list(entries or [])
        self.notice.setVisible(delegation_id is None)
        self.table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            kind = KINDS.get(entry.get("kind") or "other", KINDS["other"])
            for col, text in enumerate((entry.get("name", ""), _(kind), format_size(entry.get("size")))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._update_buttons()

    def entries(self) -> list[dict[str, Any]]:
        """The attachment entries as stored (what the delegation's `attachments` holds)."""
        return list(self._entries)

    def choose_files(self) -> None:
        """Ask for files and attach each with the chosen kind."""
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Chọn tệp đính kèm"))
        if paths:
            self.attach([Path(p) for p in paths], self.kind.currentData())

    def attach(self, paths: list[Path], kind: str) -> None:
        """Store files and list them on the delegation."""
        for path in paths:
            self._call(self.services.delegations.add_attachment, self.delegation_id, path, kind)

    def open_selected(self) -> None:
        """Open the selected file with the system's viewer."""
        entry = self._selected()
        if entry is None:
            return
        try:
            path = self.services.attachments.viewable_path(entry["sha256"], entry.get("name", ""))
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_selected(self) -> None:
        """Take the selected file off the delegation."""
        entry = self._selected()
        if entry is not None and dialogs.confirm(
                self, _("Gỡ tệp đính kèm"), _("Gỡ tệp “{name}” khỏi đoàn?").format(name=entry.get("name", ""))):
            self._call(self.services.delegations.remove_attachment, self.delegation_id, entry["sha256"])

    def _call(self, method, *args) -> None:
        try:
            detail = method(*args)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self.load(detail.id, detail.data.get("attachments") or [])
        self.stored.emit(detail)

    def _selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self._entries[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        saved = self.delegation_id is not None
        self.add_button.setEnabled(saved)
        self.kind.setEnabled(saved)
        has_selection = saved and bool(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(has_selection)
        self.remove_button.setEnabled(has_selection)

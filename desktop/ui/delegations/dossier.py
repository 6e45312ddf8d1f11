"""Hồ sơ: which documents the request needs, which are missing, and the documents already issued.

An item is satisfied by a generated document (register entry of its form), an
attachment of its kind, or the "Đã nộp bản giấy" mark set here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.documents import DOCUMENT_TYPES
from desktop.errors import AppError
from desktop.i18n import N_, _, format_date, ngettext
from desktop.ui.widgets import errors as dialogs

ENTITY = "delegation"


@dataclass(frozen=True)
class StateLook:
    """How one checklist state is drawn: its word, colour and standard icon."""

    label: str
    colour: str
    icon: QStyle.StandardPixmap


STATES = {
    "missing": StateLook(N_("Còn thiếu"), "#b71c1c", QStyle.StandardPixmap.SP_MessageBoxCritical),
    "generated": StateLook(N_("Đã lập văn bản"), "#1b5e20", QStyle.StandardPixmap.SP_DialogApplyButton),
    "attached": StateLook(N_("Đã đính kèm"), "#1b5e20", QStyle.StandardPixmap.SP_DialogApplyButton),
    "paper": StateLook(N_("Đã nộp bản giấy"), "#1b5e20", QStyle.StandardPixmap.SP_DialogApplyButton),
    "info": StateLook(N_("Lưu ý"), "#616161", QStyle.StandardPixmap.SP_MessageBoxInformation),
}
# Items that may be marked "supplied on paper" (or have the mark taken back).
MARKABLE = ("missing", "paper")
DETAIL_COLOURS = {"generated": "#1b5e20", "attached": "#1b5e20", "paper": "#1b5e20"}  # hints stay grey
SUMMARY_STYLES = {True: "font-weight: 600; color: #b71c1c;", False: "font-weight: 600; color: #1b5e20;"}


def document_status(row) -> str:
    """'Đã ký' or 'Dự thảo'."""
    return _("Đã ký") if row.status == "signed" else _("Dự thảo")


def document_type(code: str) -> str:
    """The document type's name ('Tờ trình' for TTr)."""
    return _(DOCUMENT_TYPES[code]) if code in DOCUMENT_TYPES else code


class DossierSection(QWidget):
    """The checklist of a saved delegation with "Đã nộp bản giấy" boxes, and its register entries."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.delegation_id: str | None = None
        self.items: list = []
        self.paper_boxes: dict[str, QCheckBox] = {}
        self.notice = QLabel(_("Lưu đoàn trước khi lập hồ sơ."))
        self.notice.setStyleSheet("color: #7a4f00;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = self._checklist_table()
        self.documents = self._documents_table()
        self.no_documents = QLabel(_("Chưa có văn bản nào (ghi vào sổ từ «In / Xem trước»)."))
        self.no_documents.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(_("Văn bản của đoàn trong sổ văn bản đi:")))
        layout.addWidget(self.no_documents)
        layout.addWidget(self.documents, 1)
        self.load(None)

    def _checklist_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels([_("Thành phần hồ sơ"), _("Tình trạng"), _("Chi tiết"),
                                         _("Đã nộp bản giấy")])
        self._read_only(table)
        table.setWordWrap(True)
        table.setStyleSheet("QTableWidget::item { padding: 3px; }")
        table.setAccessibleName(_("Thành phần hồ sơ"))
        # Every row two lines high, whatever its state says: ticking a box must not move the row
        # under the mouse (the full detail is in its tooltip).
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * table.fontMetrics().lineSpacing() + 14)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _documents_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels([_("Số, ký hiệu"), _("Ngày"), _("Trích yếu"), _("Trạng thái")])
        self._read_only(table)
        table.setAccessibleName(_("Văn bản của đoàn"))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    @staticmethod
    def _read_only(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)

    # --- content -------------------------------------------------------------------------

    def load(self, delegation_id: str | None) -> None:
        """Show the dossier of a delegation (None: not saved yet)."""
        self.delegation_id = delegation_id
        self.notice.setVisible(delegation_id is None)
        self.refresh()

    def refresh(self) -> None:
        """Read the checklist and the register again (after files or documents changed)."""
        if self.delegation_id is None:
            self._show([], [])
            return
        try:
            items = self.services.dossier.checklist(self.delegation_id)
            documents = self.services.documents.for_record(ENTITY, self.delegation_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self._show(items, documents)

    def missing_count(self) -> int:
        """Required items nothing satisfies yet."""
        return sum(1 for item in self.items if item.required and item.state == "missing")

    def state_of(self, key: str) -> str:
        """The state shown for item `key`."""
        return next(item.state for item in self.items if item.key == key)

    def _show(self, items: list, documents: list) -> None:
        self.items = list(items)
        self._show_summary()
        self._fill_checklist()
        self._fill_documents(documents)

    def _show_summary(self) -> None:
        missing = self.missing_count()
        if self.delegation_id is None:
            text = ""
        elif missing:
            text = ngettext("Còn thiếu {n} thành phần hồ sơ", "Còn thiếu {n} thành phần hồ sơ", missing).format(n=missing)
        else:
            text = _("Hồ sơ đã đủ thành phần.")
        self.summary.setText(text)
        self.summary.setStyleSheet(SUMMARY_STYLES[bool(missing)])
        self.summary.setVisible(bool(text))

    def _fill_checklist(self) -> None:
        self.paper_boxes = {}
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            look = STATES.get(item.state, STATES["info"])
            colour = QColor(look.colour)
            name = QTableWidgetItem(item.title + ("" if item.required else _(" (không bắt buộc)")))
            state = QTableWidgetItem(self.style().standardIcon(look.icon), _(look.label))
            state.setForeground(colour)
            detail = QTableWidgetItem(item.detail)
            detail.setForeground(QColor(DETAIL_COLOURS.get(item.state, "#555555")))
            detail.setToolTip(item.detail)
            for column, cell in enumerate((name, state, detail)):
                self.table.setItem(row, column, cell)
            self.table.setCellWidget(row, 3, self._paper_cell(item))

    def _paper_cell(self, item) -> QWidget:
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(8, 0, 8, 0)
        row.addStretch(1)
        if item.state in MARKABLE:
            box = QCheckBox()
            box.setToolTip(_("Đánh dấu thành phần này đã nộp bằng bản giấy"))
            box.setChecked(item.state == "paper")
            box.setAccessibleName(_("Đã nộp bản giấy: {item}").format(item=item.title))
            box.toggled.connect(lambda checked, key=item.key: self.mark_paper(key, checked))
            self.paper_boxes[item.key] = box
            row.addWidget(box)
        row.addStretch(1)
        return cell

    def _fill_documents(self, documents: list) -> None:
        self.no_documents.setVisible(self.delegation_id is not None and not documents)
        self.documents.setVisible(bool(documents))
        self.documents.setRowCount(len(documents))
        for row, doc in enumerate(documents):
            symbol = doc.symbol or _("(chưa có số)")
            cells = (symbol, format_date(doc.issued_on), doc.summary, document_status(doc))
            for column, text in enumerate(cells):
                self.documents.setItem(row, column, QTableWidgetItem(text))

    # --- marks ---------------------------------------------------------------------------------

    def mark_paper(self, key: str, supplied: bool) -> None:
        """Record (or take back) that item `key` was handed in on paper."""
        if self.delegation_id is None:
            return
        try:
            items = self.services.dossier.mark_paper(self.delegation_id, key, supplied)
        except AppError as exc:
            dialogs.show_error(self, exc)
            self.refresh()
            return
        self.items = list(items)
        self._show_summary()
        # the box that was clicked is being toggled now: rebuild the table once the click is over
        QTimer.singleShot(0, self, self._fill_checklist)

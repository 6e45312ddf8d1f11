"""Tổng quan: the items `services.dashboard.due()` returns, grouped, each opening its record.

The items are computed on the thread pool: the window is usable at once,
however many records the database holds, and the tree fills in when ready.
"""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_date
from desktop.services.dashboard import GROUPS
from desktop.ui.dashboard.loader import BackgroundCall

SEVERITY_COLOURS = {
    "blocking": "#c62828",
    "overdue": "#d84315",
    "late": "#d84315",
    "warning": "#b26a00",
    "reminder": "#1565c0",
}
GROUP_SEVERITY = {
    "blocking": "blocking", "late": "late", "due_soon": "warning",
    "report_overdue": "overdue", "report_due": "warning", "passport": "reminder",
    "conference": "warning", "ngo": "warning", "follow_up": "overdue", "unit": "warning",
}
ITEM_ROLE = Qt.ItemDataRole.UserRole
EMPTY_STYLE = "color: #555; font-size: 14pt;"
FAILURE_STYLE = "color: #c62828; font-size: 12pt;"


class DashboardPage(QWidget):
    """Due items in a tree: group headers with counts, lines that open records."""

    openRecord = Signal(str, str)
    countChanged = Signal(int)

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.items: list = []
        self.loader = BackgroundCall(services.dashboard.due, self)
        self.loader.finished.connect(self.show_items)
        self.loader.failed.connect(self._show_failure)
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Hạn"), _("Việc cần làm"), _("Quy tắc")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.itemActivated.connect(self._activated)
        self.empty = QLabel(_("Không có việc nào đến hạn."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(EMPTY_STYLE)
        self.empty.setWordWrap(True)
        self.body = QStackedLayout()
        self.body.addWidget(self.tree)
        self.body.addWidget(self.empty)
        layout.addLayout(self.body)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reload)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(_("Việc đến hạn"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.summary = QLabel()
        self.refresh_button = QPushButton(_("Làm mới (F5)"))
        self.refresh_button.clicked.connect(self.reload)
        row.addWidget(title)
        row.addSpacing(12)
        row.addWidget(self.summary)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        return row

    def reload(self) -> None:
        """Ask the service what is due (off the UI thread); the tree fills in when it answers."""
        self.summary.setText(_("Đang tải…"))
        if not self.items:
            self.empty.setText(_("Đang kiểm tra các việc đến hạn…"))
            self.empty.setStyleSheet(EMPTY_STYLE)
            self.body.setCurrentWidget(self.empty)
        self.loader.start()

    def show_items(self, items: list) -> None:
        """Show `items` (DueItem) grouped, and announce their number."""
        self.items = list(items)
        self.tree.clear()
        for group, numbered in groupby(enumerate(self.items), key=lambda pair: pair[1].group):
            self._add_group(group, list(numbered))
        self.tree.expandAll()
        self.empty.setText(_("Không có việc nào đến hạn."))
        self.empty.setStyleSheet(EMPTY_STYLE)
        self.body.setCurrentWidget(self.tree if self.items else self.empty)
        self.summary.setText(_("{n} việc").format(n=len(self.items)) if self.items else "")
        self.countChanged.emit(len(self.items))

    def _show_failure(self, message: str) -> None:
        self.summary.setText("")
        self.empty.setText(message)
        self.empty.setStyleSheet(FAILURE_STYLE)
        self.body.setCurrentWidget(self.empty)

    def _add_group(self, group: str, entries: list[tuple[int, object]]) -> None:
        head = QTreeWidgetItem([f"{_(GROUPS[group])} ({len(entries)})"])
        font = QFont(head.font(0))
        font.setBold(True)
        head.setFont(0, font)
        head.setForeground(0, QBrush(QColor(SEVERITY_COLOURS[GROUP_SEVERITY[group]])))
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(head)
        head.setFirstColumnSpanned(True)
        head.addChildren([self._line(number, entry) for number, entry in entries])

    def _line(self, number: int, entry) -> QTreeWidgetItem:
        line = QTreeWidgetItem([format_date(entry.due_date), entry.message, entry.rule])
        line.setData(0, ITEM_ROLE, number)
        colour = QBrush(QColor(SEVERITY_COLOURS.get(entry.severity, "#000000")))
        line.setForeground(0, colour)
        line.setForeground(2, colour)
        tip = entry.message + ("\n\n" + _("Căn cứ: {source}").format(source=entry.source) if entry.source else "")
        for column in range(3):
            line.setToolTip(column, tip)
        return line

    def entry_of(self, item: QTreeWidgetItem):
        """The DueItem behind a tree line (None for a group header)."""
        number = item.data(0, ITEM_ROLE)
        return self.items[number] if number is not None else None

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        entry = self.entry_of(item)
        if entry is not None:
            self.openRecord.emit(entry.entity, entry.record_id)

    def entry_items(self) -> list[QTreeWidgetItem]:
        """The tree lines of due items (not the group headers)."""
        top = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [head.child(j) for head in top for j in range(head.childCount())]

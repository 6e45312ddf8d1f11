"""Tổng quan: everything due across the registers, grouped by urgency, each line opening its record.

The items are computed on the thread pool: the window is usable at once,
however many records the database holds, and the tree fills in when ready.
It refreshes itself (again off the UI thread) shortly after any save, and
announces how many items each register has due for the navigation's counts.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
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

from desktop.i18n import N_, _, format_date
from desktop.services.dashboard import GROUPS
from desktop.ui.dashboard.loader import BackgroundCall

SEVERITY_COLOURS = {
    "blocking": "#c62828",
    "overdue": "#d84315",
    "late": "#d84315",
    "warning": "#b26a00",
    "reminder": "#1565c0",
}
GROUP_COLOURS = {"now": "#c62828", "week": "#b26a00", "month": "#1565c0", "later": "#455a64"}
SEVERITY_LABELS = {
    "blocking": N_("Chặn"), "overdue": N_("Quá hạn"), "warning": N_("Cảnh báo"), "reminder": N_("Nhắc việc"),
}
# the register of a line that has no navigation entry of its own
OTHER_REGISTERS = {"unit": N_("Đơn vị")}
COLUMNS = (N_("Hạn"), N_("Sổ"), N_("Việc cần làm"), N_("Quy tắc"))
DATE_COLUMN, REGISTER_COLUMN, MESSAGE_COLUMN, RULE_COLUMN = range(4)
ITEM_ROLE = Qt.ItemDataRole.UserRole
EMPTY_STYLE = "color: #555; font-size: 14pt;"
FAILURE_STYLE = "color: #c62828; font-size: 12pt;"
SETTINGS_KEY = "dashboard/columns"
REFRESH_DELAY_MS = 400  # after a save: one rebuild for a burst of commits

# register key of a due item → (navigation key, navigation title), or None
Place = Callable[[str], "tuple[str, str] | None"]


class DashboardPage(QWidget):
    """Due items in a tree: urgency groups with counts, lines that open records."""

    openRecord = Signal(str, str)
    countChanged = Signal(int)
    countsChanged = Signal(dict)  # navigation key → items due ("dashboard": all of them)
    _committed = Signal()  # from whichever thread saved something

    def __init__(self, services, place: Place | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.place = place or (lambda _register: None)
        self.items: list = []
        self.loader = BackgroundCall(services.dashboard.overview, self)
        self.loader.finished.connect(self._loaded)
        self.loader.failed.connect(self._show_failure)
        self._build()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self.reload)
        self._committed.connect(self._refresh.start)
        stop = services.dashboard.on_change(self._emit_committed)
        self.destroyed.connect(lambda *_args: stop())

    def _emit_committed(self) -> None:
        try:
            self._committed.emit()
        except RuntimeError:  # the page is gone; its listener is being removed
            pass

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.tree = QTreeWidget()
        self.tree.setObjectName("dashboardTree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in (DATE_COLUMN, REGISTER_COLUMN, RULE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MESSAGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        date_width = self.tree.fontMetrics().horizontalAdvance("00/00/0000")
        self.tree.setColumnWidth(DATE_COLUMN, 2 * self.tree.indentation() + date_width + 24)  # branch + indent
        self.tree.setColumnWidth(REGISTER_COLUMN, 170)
        self.tree.setColumnWidth(RULE_COLUMN, 70)
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
        self._refresh.stop()
        self.summary.setText(_("Đang tải…"))
        if not self.items:
            self.empty.setText(_("Đang kiểm tra các việc đến hạn…"))
            self.empty.setStyleSheet(EMPTY_STYLE)
            self.body.setCurrentWidget(self.empty)
        self.loader.start()

    def _loaded(self, result: tuple) -> None:
        items, counts = result
        self.show_items(items, counts)

    def show_items(self, items: list, counts: dict[str, int] | None = None) -> None:
        """Show `items` (DueItem) under their urgency, and announce their numbers."""
        current = self.current_entry()
        self.items = list(items)
        self.tree.clear()
        for group, numbered in groupby(enumerate(self.items), key=lambda pair: pair[1].group):
            self._add_group(group, list(numbered))
        self.tree.expandAll()
        self.empty.setText(_("Không có việc nào đến hạn."))
        self.empty.setStyleSheet(EMPTY_STYLE)
        self.body.setCurrentWidget(self.tree if self.items else self.empty)
        self.summary.setText(_("{n} việc").format(n=len(self.items)) if self.items else "")
        self._restore_current(current)
        if counts is None:
            counts = {}
            for item in self.items:
                counts[item.register] = counts.get(item.register, 0) + 1
        self.countsChanged.emit(self.navigation_counts(counts))
        self.countChanged.emit(len(self.items))

    def navigation_counts(self, counts: dict[str, int]) -> dict[str, int]:
        """The service's counts per register, summed per navigation entry."""
        out = {"dashboard": sum(counts.values())}
        for register, n in counts.items():
            place = self.place(register)
            if place is not None:
                out[place[0]] = out.get(place[0], 0) + n
        return out

    def _show_failure(self, message: str) -> None:
        self.summary.setText("")
        self.empty.setText(message)
        self.empty.setStyleSheet(FAILURE_STYLE)
        self.body.setCurrentWidget(self.empty)

    def _add_group(self, group: str, entries: list[tuple[int, object]]) -> None:
        title = _(GROUPS[group]) if group in GROUPS else group
        head = QTreeWidgetItem([f"{title} ({len(entries)})"])
        font = QFont(head.font(0))
        font.setBold(True)
        head.setFont(0, font)
        head.setForeground(0, QBrush(QColor(GROUP_COLOURS.get(group, "#000000"))))
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(head)
        head.setFirstColumnSpanned(True)
        head.addChildren([self._line(number, entry) for number, entry in entries])

    def register_title(self, entry) -> str:
        """The register a line belongs to, as the navigation names it."""
        place = self.place(entry.register)
        if place is not None:
            return place[1]
        label = OTHER_REGISTERS.get(entry.register)
        return _(label) if label else ""

    def _line(self, number: int, entry) -> QTreeWidgetItem:
        # a blocked request is blocked now, whatever date its rule gives (the message says until when)
        if entry.severity == "blocking":
            when = _("Bị chặn")
        else:
            when = format_date(entry.due_date) if entry.due_date else _("Ngay")
        line = QTreeWidgetItem([when, self.register_title(entry), entry.message, entry.rule])
        line.setData(0, ITEM_ROLE, number)
        colour = QBrush(QColor(SEVERITY_COLOURS.get(entry.severity, "#000000")))
        line.setForeground(DATE_COLUMN, colour)
        line.setForeground(RULE_COLUMN, colour)
        severity = SEVERITY_LABELS.get(entry.severity)
        tip = (f"{_(severity)}: " if severity else "") + entry.message
        if entry.source:
            tip += "\n\n" + _("Căn cứ: {source}").format(source=entry.source)
        tip += "\n" + _("Nhấn Enter hoặc nhấp đúp để mở.")
        for column in range(len(COLUMNS)):
            line.setToolTip(column, tip)
        return line

    def entry_of(self, item: QTreeWidgetItem | None):
        """The DueItem behind a tree line (None for a group header)."""
        number = item.data(0, ITEM_ROLE) if item is not None else None
        return self.items[number] if number is not None else None

    def current_entry(self):
        """The DueItem of the selected line, if any."""
        return self.entry_of(self.tree.currentItem())

    def _restore_current(self, previous) -> None:
        """Keep the selection on the same record across a refresh (else on the first line)."""
        lines = self.entry_items()
        if not lines:
            return
        chosen = lines[0]
        if previous is not None:
            same = (previous.entity, previous.record_id, previous.rule)
            chosen = next((line for line in lines
                           if (e := self.entry_of(line)) is not None and (e.entity, e.record_id, e.rule) == same),
                          chosen)
        self.tree.setCurrentItem(chosen)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        entry = self.entry_of(item)
        if entry is not None:
            self.openRecord.emit(entry.entity, entry.record_id)

    def entry_items(self) -> list[QTreeWidgetItem]:
        """The tree lines of due items (not the group headers)."""
        top = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [head.child(j) for head in top for j in range(head.childCount())]

    def headers(self) -> list[str]:
        """The group headers as shown."""
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    # --- remembered state (MainWindow calls these) -------------------------------

    def save_state(self, settings: QSettings) -> None:
        """Remember the column widths."""
        settings.setValue(SETTINGS_KEY, self.tree.header().saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Put the remembered column widths back."""
        state = settings.value(SETTINGS_KEY)
        if state is not None:
            self.tree.header().restoreState(state)

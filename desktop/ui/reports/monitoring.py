"""Theo dõi đơn vị (province): each unit's year against directive 13/CT-UBND, worst first.

Each cell that counts records opens them (Enter or double-click), as the Báo cáo page's figures do:
the scorecard and the consolidated report are the same numbers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, format_date
from desktop.reports.figures import Figure
from desktop.services.monitoring import LATE, failing, reminder_subject
from desktop.ui.dashboard.loader import BackgroundCall
from desktop.ui.reports.page import FigureRecords
from desktop.ui.widgets import errors

BAD = QColor("#c62828")
FIGURE_ROLE = Qt.ItemDataRole.UserRole
# (header, the figure a cell opens or None); the first two columns are the unit and its plan
COLUMNS = (
    (N_("Đơn vị"), None),
    (N_("Kế hoạch năm (R16)"), "plan.issued_on"),
    (N_("Cán bộ đối ngoại (R15)"), "units.without_officer"),
    (N_("Hồ sơ nộp chậm (R1–R3)"), None),
    (N_("Vượt chặn kỷ luật (R4)"), "outbound.discipline_overrides"),
    (N_("Chưa báo cáo kết quả (R8)"), "outbound.reports_overdue"),
    (N_("Giấy đăng ký PCP hết hạn"), "ngo.certificates_expired"),
    (N_("Viện trợ hết hiệu lực (R13)"), "aid.lapsed"),
    (N_("Việc quá hạn (R14)"), "promotion.followups_overdue"),
    (N_("Dữ liệu đã nhận"), None),
    (N_("Phiên bản"), None),
)
# the indicator (rule) of each column a reminder can be about, by column
COLUMN_INDICATORS = {1: "R16", 2: "R15", 3: "R1", 4: "R4", 5: "R8", 6: "R10", 7: "R13", 8: "R14"}
LATE_KEY = "late"  # the late-requests cell: R1, R2 and R3's records together
REBUILD_DELAY_MS = 400
HEADER_WIDTH = 96  # ten indicator columns and the unit's name fit 1366 px


class MonitoringPage(QWidget):
    """The yearly scorecard of every unit."""

    openRecord = Signal(str, str)
    remind = Signal(list, str, str)  # [(unit code, name)], indicator, subject: write one reminder to each

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.rows: list = []
        self.loader = BackgroundCall(lambda: self.services.monitoring.scorecard(self._year), self)
        self.loader.finished.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self._build()
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reload, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(_("Theo dõi đơn vị"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Năm:")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.services.ctx.today().year)
        self.year.setAccessibleName(_("Năm theo dõi"))
        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(REBUILD_DELAY_MS)
        self._rebuild.timeout.connect(self.reload)
        self.year.valueChanged.connect(self._rebuild.start)
        top.addWidget(self.year)
        refresh = QPushButton(_("Làm mới (F5)"))
        refresh.clicked.connect(self.reload)
        top.addWidget(refresh)
        self.remind_button = QPushButton(_("Đôn đốc các đơn vị chưa đạt…"))
        self.remind_button.setToolTip(_("Chọn một ô của cột chỉ tiêu rồi bấm: một văn bản đôn đốc cho mỗi đơn vị "
                                        "chưa đạt chỉ tiêu đó"))
        self.remind_button.clicked.connect(self.remind_failing)
        top.addWidget(self.remind_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_header(_(h)) for h, _code in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeader().setMinimumSectionSize(70)
        for column in range(1, len(COLUMNS)):
            self.table.setColumnWidth(column, HEADER_WIDTH)
        self.table.setWordWrap(True)
        self.table.setAccessibleName(_("Bảng theo dõi đơn vị"))
        self.table.itemActivated.connect(self._open)
        layout.addWidget(self.table, 1)
        hint = QLabel(_("Đơn vị có nhiều chỉ tiêu chưa đạt đứng trước (chữ đỏ). Chọn một ô rồi bấm Enter để xem các "
                        "bản ghi được đếm."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)

    def reload(self) -> None:
        """Count the chosen year again (in the background)."""
        self._rebuild.stop()
        self._year = self.year.value()
        self.status.setText(_("Đang tổng hợp số liệu năm {year}…").format(year=self._year))
        self.loader.start()

    def busy(self) -> bool:
        return self.loader.busy()

    def _failed(self, message: str) -> None:
        self.status.setText("")
        errors.show_error(self, message)

    def _loaded(self, rows) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (text, bad, code) in enumerate(_cells(row)):
                item = QTableWidgetItem(text)
                item.setData(FIGURE_ROLE, code)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if bad:
                    item.setForeground(QBrush(BAD))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        failing = sum(1 for row in rows if row.failed)
        self.status.setText(_("Năm {year}: {n} đơn vị, {bad} đơn vị còn chỉ tiêu chưa đạt.").format(
            year=self._year, n=len(rows), bad=failing))

    def remind_failing(self) -> None:
        """A reminder to each unit failing the indicator of the chosen column."""
        if self.busy():  # the year is still being counted: its units are not known yet
            errors.show_error(self, _("Đang tổng hợp số liệu năm {year}; hãy đợi bảng hiện xong rồi bấm lại.")
                              .format(year=self._year))
            return
        indicator = COLUMN_INDICATORS.get(self.table.currentColumn())
        if indicator is None:
            errors.show_error(self, _("Hãy chọn một ô trong cột chỉ tiêu cần đôn đốc (từ “Kế hoạch năm” đến "
                                      "“Việc quá hạn”) rồi bấm lại."))
            return
        units = [(r.unit_code, r.unit_name) for r in failing(self.rows, indicator)]
        if not units:
            errors.show_error(self, _("Năm {year} không có đơn vị nào chưa đạt chỉ tiêu này.").format(year=self._year))
            return
        self.remind.emit(units, indicator, reminder_subject(indicator, self._year))

    def _open(self, item: QTableWidgetItem) -> None:
        code = item.data(FIGURE_ROLE)
        if not code:
            return
        row = self.rows[item.row()]
        figure = late_figure(row) if code == LATE_KEY else row.figures[code]
        dialog = FigureRecords(self.services, figure, self)
        dialog.openRecord.connect(self.openRecord)
        dialog.open()


def _header(text: str) -> str:
    """A header over two or three short lines, so none is cut ("…nộp chậm (R1"): words are kept whole."""
    words, lines = text.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > 12:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "\n".join(lines)


def late_figure(row) -> Figure:
    """The requests filed late of every kind (outbound, inbound, conferences) as one list."""
    refs = tuple(ref for code in LATE for ref in row.figures[code].refs)
    return Figure(LATE_KEY, N_("Hồ sơ nộp chậm (R1–R3)"), row.late, refs)


def _cells(row) -> list[tuple[str, bool, str | None]]:
    """(text, fails the indicator, the figure the cell opens) for each column."""
    f = row.figures
    late = f"{row.late}/{row.requests}" + (f" ({row.late_share:.0%})" if row.late_share else "")
    data = row.data
    received = format_date(data.last_received_at.date()) if data.last_received_at else _("chưa nhận")
    if data.held:
        received += " · " + _("{n} gói chờ").format(n=data.held)
    if data.checksum_mismatches:
        received += " · " + _("lệch tổng kiểm")
    cells = [(row.unit_name, False, None),
             (format_date(row.plan_issued_on) if row.plan_issued_on else _("Chưa ban hành"),
              row.plan_issued_on is None, "plan.issued_on"),
             (_("Có") if row.has_officer else _("Chưa có"), not row.has_officer, "units.without_officer"),
             (late, row.late > 0, LATE_KEY)]
    for _header, code in COLUMNS[4:9]:
        value = f[code].value if isinstance(f[code].value, int) else 0
        cells.append((str(value), value > 0, code))
    cells += [(received, data.problem, None), (data.app_version or "—", False, None)]
    return cells

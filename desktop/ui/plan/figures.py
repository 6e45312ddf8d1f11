"""Plan versus actual: the figures per kind of activity, and the year's records outside the plan."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.plan_rules import KindFigures, PlanVersusActual
from desktop.domain.validation import enum_label
from desktop.i18n import N_, _, format_date, format_money
from desktop.ui.plan.activity_dialog import ENTITY_NAMES

COLUMNS = (N_("Loại hoạt động"), N_("Kế hoạch"), N_("Đã thực hiện"), N_("Chưa thực hiện"), N_("Hoãn, hủy"),
           N_("Ngoài kế hoạch"), N_("Kinh phí dự kiến"), N_("Chi phí thực tế"), N_("Chi phí ngoài kế hoạch"))
OFF_PLAN_COLUMNS = (N_("Sổ"), N_("Ngày"), N_("Tên"), N_("Chi phí"))


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([_(c) for c in columns])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAccessibleName(name)
    return table


def _cell(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class FiguresPanel(QWidget):
    """The plan-versus-actual table and the off-plan list; a double-click opens an off-plan record."""

    openRecord = Signal(str, str)  # noqa: N815 (Qt signal naming)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        self.table = _table(COLUMNS, _("So sánh kế hoạch với thực hiện"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.off_title = QLabel()
        self.off_title.setStyleSheet("color: #555;")
        self.off_plan = _table(OFF_PLAN_COLUMNS, _("Hoạt động ngoài kế hoạch"))
        header = self.off_plan.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.off_plan.doubleClicked.connect(self._open)
        self._off: list = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, _("So sánh kế hoạch và thực hiện"))
        off = QWidget()
        column = QVBoxLayout(off)
        column.addWidget(self.off_title)
        column.addWidget(self.off_plan, 1)
        self.tabs.addTab(off, _("Ngoài kế hoạch"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def show_figures(self, figures: PlanVersusActual) -> None:
        """Fill both tables."""
        t = figures.total
        self.summary.setText(_("Đã thực hiện {done}/{planned} hoạt động; {not_yet} chưa thực hiện, {dropped} hoãn "
                               "hoặc hủy; {off} hoạt động ngoài kế hoạch. Kinh phí dự kiến {budget}, chi phí "
                               "thực tế {cost}.").format(done=t.done, planned=t.planned, not_yet=t.not_yet,
                                                         dropped=t.dropped, off=t.off_plan,
                                                         budget=format_money(t.planned_budget_vnd),
                                                         cost=format_money(t.actual_cost_vnd)))
        rows = [*figures.rows, t]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (text, number) in enumerate(_figure_cells(row)):
                item = _cell(text, number)
                if row is t:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self._off = list(figures.off_plan)
        self.off_title.setText(_("Hoạt động của năm không gắn với hoạt động nào của kế hoạch — nhấp đúp để mở."))
        self.tabs.setTabText(1, _("Ngoài kế hoạch ({n})").format(n=len(self._off)))
        self.off_plan.setRowCount(len(self._off))
        for r, a in enumerate(self._off):
            cells = (_(ENTITY_NAMES[a.entity]), format_date(a.start_date), a.title,
                     format_money(a.cost_vnd) if a.cost_vnd is not None else "")
            for c, text in enumerate(cells):
                self.off_plan.setItem(r, c, _cell(text, number=c == 3))

    def _open(self, index) -> None:
        if 0 <= index.row() < len(self._off):
            record = self._off[index.row()]
            self.openRecord.emit(record.entity, record.id)


def _figure_cells(row: KindFigures) -> list[tuple[str, bool]]:
    label = _("Tổng cộng") if row.kind == "total" else enum_label("planned_kind", row.kind)
    counts = [str(n) for n in (row.planned, row.done, row.not_yet, row.dropped, row.off_plan)]
    money = [format_money(v) for v in (row.planned_budget_vnd, row.actual_cost_vnd, row.off_plan_cost_vnd)]
    return [(label, False)] + [(c, True) for c in counts + money]

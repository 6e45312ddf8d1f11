"""An import report as the officer reads it: one line per bundle, its outcome, then per register
new / updated / unchanged / deleted / conflicts, and for a refusal every problem with its line and field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.domain.collation import sort_key
from desktop.i18n import _
from desktop.ui.sync.labels import COUNT_KEYS, COUNT_LABELS, entity_label, outcome_label

BAD = QColor("#c62828")
WAITING = QColor("#a15c00")
GOOD = QColor("#2e7d32")
OUTCOME_COLOURS = {"refused": BAD, "held": WAITING, "applied": GOOD}


def problem_text(problem) -> str:
    """"dòng 12, delegation, mã …, trường “start_date”: …" — the Problem's own wording when it has one."""
    if hasattr(problem, "text"):
        return problem.text()
    return str(problem)


def flatten(reports: list) -> list:
    """Each report followed by the held bundles its import released (they were applied in the same go)."""
    out = []
    for report in reports:
        out.append(report)
        out += flatten(getattr(report, "released", None) or [])
    return out


def report_summary(report) -> str:
    """One line: totals of new, updated, deleted and conflicts over every register of the bundle."""
    totals = dict.fromkeys(COUNT_KEYS, 0)
    for counts in (report.counts or {}).values():
        for key in COUNT_KEYS:
            totals[key] += int(counts.get(key, 0))
    return _("{new} mới · {updated} cập nhật · {unchanged} không đổi · {deleted} xóa · {conflicts} xung đột").format(
        **totals)


class ReportTree(QTreeWidget):
    """The reports of one import (or dry run), bundle by bundle."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setColumnCount(1 + len(COUNT_KEYS))
        self.setHeaderLabels([_("Gói / sổ"), *[_(COUNT_LABELS[k]) for k in COUNT_KEYS]])
        self.setAccessibleName(_("Kết quả nhập gói"))
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 1 + len(COUNT_KEYS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def show_reports(self, reports: list) -> None:
        """Replace what is shown by `reports` (ImportReport objects)."""
        self.clear()
        for report in flatten(reports):
            self.addTopLevelItem(self._bundle_item(report))
        self.expandAll()

    def _bundle_item(self, report) -> QTreeWidgetItem:
        title = _("{file}: {outcome}").format(file=Path(report.path).name, outcome=outcome_label(report.outcome))
        item = QTreeWidgetItem([title])
        item.setToolTip(0, str(report.path))
        colour = OUTCOME_COLOURS.get(report.outcome)
        if colour is not None:
            item.setForeground(0, QBrush(colour))
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        for entity, counts in sorted((report.counts or {}).items(), key=lambda kv: sort_key(entity_label(kv[0]))):
            row = QTreeWidgetItem([entity_label(entity), *[str(counts.get(k, 0)) for k in COUNT_KEYS]])
            if counts.get("conflicts"):
                row.setForeground(len(COUNT_KEYS), QBrush(BAD))
            item.addChild(row)
        for line in self._notes(report):
            note = QTreeWidgetItem([line])
            note.setToolTip(0, line)
            item.addChild(note)
        return item

    @staticmethod
    def _notes(report) -> list[str]:
        """The service's message (it names missing numbers, checksum trouble, what to do), then each problem."""
        notes = [report.message] if report.message else []
        return notes + ["• " + problem_text(p) for p in (report.problems or [])]

"""Kinh phí đối ngoại năm (from Kế hoạch năm): the estimate allocated, the additions decided during the
year, and what each of the year's delegations, conferences and promotion activities actually cost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
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

from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import N_, _, format_date, format_money
from desktop.ui.dialogs.form import ERROR_STYLE, FieldForm, open_modal
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.money_field import MoneyField
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.sub_records import SubRecordDialog, SubRecordTable
from desktop.ui.widgets.text_limits import limit_text

ENTITY_WORDS = {"delegation": N_("Đoàn"), "conference": N_("Hội nghị"), "promotion_activity": N_("Xúc tiến")}
LINE_COLUMNS = (N_("Loại"), N_("Hoạt động"), N_("Ngày"), N_("Dự toán"), N_("Thực chi"))
OK_STYLE = "color: #1b5e20;"


def money_problem(field: MoneyField, key: str) -> list[FieldProblem]:
    """The field's own message when what is typed is not an amount."""
    return [FieldProblem(key, field.error())] if field.error() else []


class AdditionDialog(SubRecordDialog):
    """Add or change one addition (the base's `owner_id` is "unit:year")."""

    title = N_("Bổ sung kinh phí")
    entity = "budget_addition"
    min_width = 520

    def build_fields(self) -> dict[str, QWidget]:
        self.money = MoneyField(_("Số tiền bổ sung"))
        reason = QLineEdit()
        reason.setPlaceholderText(_("ví dụ: Đón đoàn thành phố Gimhae sang thăm, làm việc"))
        return {
            "amount_vnd": self.form.add("amount_vnd", _("Số tiền (đồng) *"), self.money),
            "decided_on": self.form.add("decided_on", _("Ngày quyết định *"), DateField()),
            "reason": self.form.add("reason", _("Nhiệm vụ phát sinh *"), reason),
        }

    def fill(self, data: dict[str, Any]) -> None:
        super().fill({k: v for k, v in data.items() if k != "amount_vnd"})
        self.money.set_value(data.get("amount_vnd"))

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        data, bad = super().collect()
        data["amount_vnd"] = self.money.value()
        if self.money.error():
            bad["amount_vnd"] = self.money.error()
        return data, bad

    def store(self, data: dict[str, Any]) -> None:
        unit, year = self.owner_id.rsplit(":", 1)
        self.services.budget.save_addition(int(year), data, self.record_id(), unit_code=unit)


class AdditionTable(SubRecordTable):
    """The year's additions."""

    entity = "budget_addition"
    dialog = AdditionDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        return [(_("Ngày quyết định"), lambda d: format_date(d.get("decided_on"))),
                (_("Số tiền"), lambda d: format_money(d.get("amount_vnd"))),
                (_("Nhiệm vụ phát sinh"), lambda d: d.get("reason") or "")]

    def delete_record(self, record_id: str) -> None:
        self.services.budget.delete_addition(record_id)


class CostDialog(QDialog):
    """What one delegation or conference actually cost (empty: not recorded)."""

    def __init__(self, services, line, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.line = services, line
        self.setWindowTitle(_("Kinh phí thực chi"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(f"{_(ENTITY_WORDS[line.entity])}: {line.title}")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(heading)
        self.form = FieldForm()
        self.money = self.form.add("amount_vnd", _("Thực chi (đồng)"), MoneyField(_("Thực chi")))
        self.money.set_value(line.actual_vnd)
        if line.estimate_vnd:
            self.form.addRow(_("Dự toán"), QLabel(format_money(line.estimate_vnd)))
        layout.addLayout(self.form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        bad = {"amount_vnd": self.money.error()} if self.money.error() else {}
        if self.form.attempt(self, lambda: self.services.budget.set_actual_cost(
                self.line.entity, self.line.id, self.money.value()), bad):
            self.accept()


class BudgetDialog(QDialog):
    """The budget of one year of this device's unit."""

    def __init__(self, services, year: int, unit_code: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.year, self.unit_code = services, year, unit_code
        self.view = None
        self.open_dialog = None
        self.setWindowTitle(_("Kinh phí đối ngoại năm {year}").format(year=year))
        fit_to_screen(self, 980, 660)
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(_("Kinh phí đối ngoại năm {year}").format(year=self.year))
        title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        top = QHBoxLayout()
        given = QGroupBox(_("Dự toán được giao"))
        self.form = FieldForm(given)
        self.allocated = self.form.add("allocated_vnd", _("Số tiền (đồng)"), MoneyField(_("Dự toán được giao")))
        self.decision = self.form.add("decision", _("Quyết định giao dự toán"), QLineEdit())
        self.decision.setPlaceholderText(_("ví dụ: Quyết định số 25/QĐ-UBND ngày 10/01"))
        self.notes = self.form.add("notes", _("Ghi chú"), QLineEdit())
        limit_text({"decision": self.decision, "notes": self.notes}, self.services.records.text_limits("fa_budget"))
        self.save_button = QPushButton(_("Lưu dự toán"))
        self.save_button.clicked.connect(self.save)
        self.form.addRow("", self.save_button)
        self.state = QLabel()
        self.form.addRow("", self.state)
        top.addWidget(given, 2)
        added = QGroupBox(_("Bổ sung trong năm"))
        box = QVBoxLayout(added)
        self.additions = AdditionTable(self.services, self.refresh)
        box.addWidget(self.additions)
        top.addWidget(added, 3)
        layout.addLayout(top)
        spent = QGroupBox(_("Các hoạt động của năm và kinh phí thực chi"))
        box = QVBoxLayout(spent)
        self.table = QTableWidget(0, len(LINE_COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in LINE_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("Kinh phí thực chi của các hoạt động"))
        header = self.table.horizontalHeader()
        for col in range(len(LINE_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col == 1
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(lambda _item: self.edit_cost())
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.cost_button = QPushButton(_("Ghi thực chi…"))
        self.cost_button.setToolTip(_("Ghi số tiền đã chi thực tế cho đoàn, hội nghị đã chọn (Enter)"))
        self.cost_button.clicked.connect(self.edit_cost)
        row.addWidget(self.cost_button)
        hint = QLabel(_("Kinh phí của hoạt động xúc tiến ghi ở trang Xúc tiến (trường Kinh phí)."))
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint, 1)
        box.addLayout(row)
        layout.addWidget(spent, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Đóng"))
        close.rejected.connect(self.reject)
        self.export_button = close.addButton(_("Xuất Excel…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setToolTip(_("Ghi kinh phí năm ra tệp .xlsx: dự toán, bổ sung, từng hoạt động và thực chi"))
        self.export_button.clicked.connect(self.ask_export)
        layout.addWidget(close)

    def refresh(self) -> None:
        """Read the year again."""
        try:
            self.view = view = self.services.budget.year(self.year, self.unit_code)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.allocated.set_value(view.data.get("allocated_vnd") or None)
        for field, key in ((self.decision, "decision"), (self.notes, "notes")):
            field.setText(view.data.get(key) or "")
            field.setCursorPosition(0)  # the start of a long decision shows, not its end
        self.additions.show_records(f"{view.unit_code}:{self.year}", view.additions)
        self.table.setRowCount(len(view.lines))
        for r, line in enumerate(view.lines):
            cells = (_(ENTITY_WORDS[line.entity]), line.title, format_date(line.start_date),
                     format_money(line.estimate_vnd), format_money(line.actual_vnd) if line.actual_vnd is not None
                     else _("chưa ghi"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        left = view.allocated_vnd - view.spent_vnd
        self.summary.setText(_("Được giao {allocated} (dự toán {given}, bổ sung {added}) · Đã chi {spent} · "
                               "Còn lại {left}").format(
            allocated=format_money(view.allocated_vnd), given=format_money(view.data.get("allocated_vnd") or 0),
            added=format_money(view.additions_vnd), spent=format_money(view.spent_vnd), left=format_money(left)))
        self.summary.setStyleSheet(ERROR_STYLE if left < 0 else "")

    def save(self) -> bool:
        """Store the allocated estimate; problems beside the field, what was typed kept."""
        data = {"allocated_vnd": self.allocated.value(), "decision": self.decision.text(), "notes": self.notes.text()}
        self.form.clear_errors()
        try:
            problems = money_problem(self.allocated, "allocated_vnd")
            if problems:
                raise ValidationError(problems)
            self.services.budget.save(self.year, data, self.unit_code)
        except ValidationError as exc:
            self.form.show_problems(exc)
            return False
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.refresh()
        self.state.setStyleSheet(OK_STYLE)
        self.state.setText(_("Đã lưu."))
        return True

    def ask_export(self) -> None:
        """Ask where, then write the year's budget to Excel."""
        start = Path.home() / f"kinh-phi-doi-ngoai-{self.year}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, _("Xuất ra Excel"), str(start), _("Bảng tính Excel (*.xlsx)"))
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def export_to(self, target: Path) -> None:
        """Write the year's budget as shown to `target` (whole or not at all)."""
        try:
            self.services.spreadsheets.export_budget(self.view, target)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.state.setStyleSheet(OK_STYLE)
        self.state.setText(_("Đã ghi {path}.").format(path=target))

    def edit_cost(self) -> CostDialog | None:
        """Record the actual cost of the selected delegation or conference."""
        row = self.table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.lines):
            errors.show_error(self, AppError(_("Hãy chọn một đoàn hoặc hội nghị trong bảng trước.")))
            return None
        line = self.view.lines[row]
        if not line.editable:
            errors.show_error(self, AppError(_("Kinh phí của hoạt động xúc tiến ghi ở trang Xúc tiến "
                                               "(trường Kinh phí).")))
            return None
        self.open_dialog = open_modal(CostDialog(self.services, line, self), self.refresh)
        return self.open_dialog

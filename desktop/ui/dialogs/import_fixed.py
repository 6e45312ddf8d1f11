"""The import wizard's "fields without their own column": a value for every row, or another column.

A unit's own sheet often has no column for a field the register needs: "Đoàn ra 2024" has no
direction column (every row is outbound), no title column (the purpose serves as the title). Each
line here gives one field either one value for every row or a column of the sheet; the service's
guesses fill it first, and the officer changes, adds or removes lines.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.imports import FieldChoice, Guess, ImportService

FIXED = ""  # "Lấy từ": one value for every row


class FixedFields(QWidget):
    """Lines of (field, from: one value or a column, value); `changed` on every edit."""

    changed = Signal()

    def __init__(self, imports: ImportService, parent: QWidget | None = None):
        super().__init__(parent)
        self.imports = imports
        self.entity, self.fields, self.headers = "", [], []
        self.reasons: dict[str, tuple[str, str, str]] = {}  # field → (source, value, why) as guessed
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Trường"), _("Lấy từ"), _("Giá trị cho mọi dòng")])
        for col in range(3):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton(_("Thêm trường"))
        self.add_button.clicked.connect(lambda: self.add_line())
        self.remove_button = QPushButton(_("Bỏ trường đang chọn"))
        self.remove_button.clicked.connect(self.remove_line)
        self.guessed = QLabel()
        self.guessed.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("Trường không có cột riêng trong tệp:")), 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.guessed)

    def start(self, entity: str, fields: list[FieldChoice], headers: list[str], guess: Guess) -> None:
        """One line per guessed value or column, and what was guessed in words."""
        self.entity, self.fields, self.headers = entity, fields, headers
        self.table.setRowCount(0)
        self.reasons = {}
        for name, value in guess.fixed.items():
            self.add_line(name, FIXED, value)
            self.reasons[name] = (FIXED, value, guess.reasons.get(name, ""))
        for name, header in guess.also.items():
            self.add_line(name, header)
            self.reasons[name] = (header, "", guess.reasons.get(name, ""))
        labels = {f.field: f.label for f in fields}
        said = [f"{labels.get(n, n)}: {why}" for n, (_s, _v, why) in self.reasons.items() if why]
        self.guessed.setText(_("Đã đoán: {guesses}.").format(guesses="; ".join(said)) if said else "")
        self.guessed.setVisible(bool(said))
        self.changed.emit()

    def add_line(self, name: str = "", source: str = FIXED, value: str = "") -> None:
        """A new line: a field, where its value comes from, the value."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        field = QComboBox()
        for f in self.fields:
            field.addItem(f.label, f.field)
        field.setCurrentIndex(max(field.findData(name), 0))
        origin = QComboBox()
        origin.addItem(_("Một giá trị cho mọi dòng"), FIXED)
        for header in self.headers:
            origin.addItem(_("Cột «{header}»").format(header=header), header)
        origin.setCurrentIndex(max(origin.findData(source), 0))
        self.table.setCellWidget(row, 0, field)
        self.table.setCellWidget(row, 1, origin)
        self._value_widget(row, value)
        field.currentIndexChanged.connect(lambda _i, f=field: self._field_changed(f))
        origin.currentIndexChanged.connect(lambda _i: self._update())
        self._update()

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._update()

    def _field_changed(self, combo: QComboBox) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 0) is combo:
                self._value_widget(row, "")
        self._update()

    def _value_widget(self, row: int, value: str) -> None:
        """A drop-down of the field's values when it has a list, else a text box."""
        name = self.table.cellWidget(row, 0).currentData()
        choices = self.imports.choices(self.entity, name) if name else []
        if choices:
            widget = QComboBox()
            widget.addItem("", "")
            for code, label in choices:
                widget.addItem(label, code)
            widget.setCurrentIndex(max(widget.findData(value), 0))
            widget.currentIndexChanged.connect(lambda _i: self._update())
        else:
            widget = QLineEdit(value)
            widget.textChanged.connect(lambda _t: self._update())
        self.table.setCellWidget(row, 2, widget)

    def _update(self) -> None:
        for row in range(self.table.rowCount()):
            fixed = self.table.cellWidget(row, 1).currentData() == FIXED
            self.table.cellWidget(row, 2).setEnabled(fixed)
        self.changed.emit()

    def lines(self) -> list[tuple[str, str, str]]:
        """(field, source — "" for one value or a header, value) of every line."""
        out = []
        for row in range(self.table.rowCount()):
            widget = self.table.cellWidget(row, 2)
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text().strip()
            out.append((self.table.cellWidget(row, 0).currentData(), self.table.cellWidget(row, 1).currentData(),
                        value or ""))
        return out

    def fixed(self) -> dict[str, str]:
        """field → the value for every row (lines with a value only)."""
        return {name: value for name, source, value in self.lines() if source == FIXED and value}

    def also(self) -> dict[str, str]:
        """field → the header of the column that fills it too."""
        return {name: source for name, source, _v in self.lines() if source != FIXED}

    def reasons_kept(self) -> dict[str, str]:
        """field → why it was guessed, for the lines still as guessed."""
        now = {name: (source, value if source == FIXED else "") for name, source, value in self.lines()}
        return {name: why for name, (source, value, why) in self.reasons.items()
                if why and now.get(name) == (source, value)}

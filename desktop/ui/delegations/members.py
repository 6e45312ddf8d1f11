"""Thành viên: officers (outbound) or foreign guests (inbound), each with a role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.rules import Finding
from desktop.i18n import N_, _, country_name
from desktop.services.delegations import MemberDetail
from desktop.services.persons import PersonRow
from desktop.ui.delegations.fields import enum_combo, select_data
from desktop.ui.delegations.guests import GUEST_FIELDS, GuestForm
from desktop.ui.delegations.person_picker import PersonPicker

COLUMNS = {
    "outbound": [N_("STT"), N_("Họ và tên"), N_("Chức vụ"), N_("Vai trò")],
    "inbound": [N_("STT"), N_("Họ và tên khách"), N_("Chức danh"), N_("Cơ quan"), N_("Quốc tịch"),
                N_("Số hộ chiếu"), N_("Vai trò")],
}
ROW_COLOURS = {"problem": "#fdecea", "blocking": "#fdecea", "warning": "#fff6e0"}


class MembersSection(QWidget):
    """The member table, add/remove buttons and, for guests, the form of the selected one."""

    changed = Signal()

    def __init__(self, services, direction: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.direction = services, direction
        self._rows: list[dict[str, Any]] = []
        self.picker: PersonPicker | None = None
        self.table = QTableWidget(0, len(COLUMNS[direction]))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS[direction]])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for stretched in (1, 2) if direction == "outbound" else (1, 3):
            self.table.horizontalHeader().setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Danh sách thành viên đoàn"))
        label = _("Thêm cán bộ…") if direction == "outbound" else _("Thêm khách")
        self.add_button = QPushButton(label)
        self.remove_button = QPushButton(_("Xóa khỏi đoàn"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.guest_form = GuestForm() if direction == "inbound" else None
        self._layout()
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        if self.guest_form is not None:
            self.guest_form.guestEdited.connect(self._guest_edited)
        self._selection_changed()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        if self.guest_form is not None:
            box = QGroupBox(_("Khách đang chọn"))
            QVBoxLayout(box).addWidget(self.guest_form)
            layout.addWidget(box)

    # --- content ---------------------------------------------------------------

    def load(self, members: list[MemberDetail]) -> None:
        """Show stored members (ids kept, so saving updates rather than re-adds them)."""
        self._rows = [{**m.data, "id": m.id, "_name": m.display_name, "_position": m.position or ""}
                      for m in members]
        self._rebuild()

    def collect(self) -> list[dict[str, Any]]:
        """The members as the service takes them (display-only keys dropped)."""
        keep = ("id", "role", "person_id") if self.direction == "outbound" else ("id", "role", *GUEST_FIELDS)
        return [{k: row.get(k) for k in keep if row.get(k) is not None or k != "id"} for row in self._rows]

    def local_problems(self, shown_only: bool = False) -> dict[str, str]:
        """Guest nationalities typed that name no country, as members[i].guest_nationality."""
        out = {}
        for i, row in enumerate(self._rows):
            if row.get("_nationality_text") and not row.get("guest_nationality"):
                out[f"members[{i}].guest_nationality"] = _("Thành viên {n}: không có nước nào tên “{text}”.").format(
                    n=i + 1, text=row["_nationality_text"])
        return out

    # --- adding and removing ---------------------------------------------------------

    def add(self) -> None:
        """Outbound: open the officer picker; inbound: add an empty guest row to type into."""
        if self.direction == "outbound":
            exclude = {row["person_id"] for row in self._rows if row.get("person_id")}
            self.picker = PersonPicker(self.services, exclude, self)
            self.picker.picked.connect(self.add_persons)
            self.picker.open()
            return
        self._rows.append({"role": self._next_role(), "_name": ""})
        self._rebuild()
        self.table.selectRow(len(self._rows) - 1)
        self.guest_form.name.setFocus()
        self.changed.emit()

    def add_persons(self, persons: list[PersonRow]) -> None:
        """Add officers chosen in the picker (each once)."""
        known = {row.get("person_id") for row in self._rows}
        for p in persons:
            if p.id not in known:
                self._rows.append({"person_id": p.id, "role": self._next_role(),
                                   "_name": p.full_name, "_position": p.position or ""})
        self._rebuild()
        self.changed.emit()

    def remove_selected(self) -> None:
        """Take the selected members off the delegation (saved when the delegation is saved)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            del self._rows[row]
        if rows:
            self._rebuild()
            self.changed.emit()

    def _next_role(self) -> str:
        return "member" if any(r.get("role") == "head" for r in self._rows) else "head"

    # --- problems and findings ------------------------------------------------------

    def show_problems(self, problems: dict[str, str], findings: list[Finding]) -> None:
        """Colour rows with problems (red) or rule findings (amber/red) and explain in tooltips."""
        notes: list[list[tuple[str, str]]] = [[] for _r in self._rows]
        for key, message in problems.items():
            index = _member_index(key)
            if index is not None and index < len(notes):
                notes[index].append(("problem", message))
        for f in findings:
            for i, row in enumerate(self._rows):
                if f.person_id and f.person_id == row.get("person_id"):
                    notes[i].append((f.severity, f"{f.rule}: {f.message}"))
        for i, row_notes in enumerate(notes):
            self._paint_row(i, row_notes)
        messages = [m for kind, m in (n for row in notes for n in row) if kind == "problem"]
        self._show_summary(messages)
        if self.guest_form is not None:
            self._show_guest_problems(problems)

    def _paint_row(self, row: int, notes: list[tuple[str, str]]) -> None:
        kinds = {kind for kind, _m in notes}
        colour = next((ROW_COLOURS[k] for k in ("problem", "blocking", "warning") if k in kinds), None)
        tooltip = "\n".join(m for _k, m in notes)
        for col in range(self.table.columnCount()):
            item = self.table.item(row, col)
            if item is not None:
                item.setBackground(QBrush(QColor(colour)) if colour else QBrush())
                item.setToolTip(tooltip)

    def _show_guest_problems(self, problems: dict[str, str]) -> None:
        current = self._current()
        for key, slot in self.guest_form.slots.items():
            message = problems.get(f"members[{current}].{key}") if current is not None else None
            slot.set_problem(message)

    # --- table ---------------------------------------------------------------------

    def _rebuild(self) -> None:
        selected = self._current()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._rows))
        for i, row in enumerate(self._rows):
            for col, text in enumerate(self._cells(i, row)):
                self.table.setItem(i, col, QTableWidgetItem(text))
            self.table.setCellWidget(i, len(COLUMNS[self.direction]) - 1, self._role_combo(row))
        self.table.blockSignals(False)
        if selected is not None and selected < len(self._rows):
            self.table.selectRow(selected)
        self._selection_changed()
        self._show_summary([])

    def _show_summary(self, problems: list[str]) -> None:
        empty = "" if self._rows else _("Chưa có thành viên nào.")
        self.summary.setText("\n".join(problems) or empty)
        self.summary.setStyleSheet("color: #c62828;" if problems else "color: #555;")

    def _cells(self, i: int, row: dict[str, Any]) -> list[str]:
        if self.direction == "outbound":
            return [str(i + 1), row.get("_name", ""), row.get("_position", "")]
        nationality = row.get("guest_nationality")
        return [str(i + 1), row.get("guest_name") or "", row.get("guest_title") or "",
                row.get("guest_organisation") or "",
                country_name(nationality) if nationality else row.get("_nationality_text", ""),
                row.get("guest_passport") or ""]

    def _role_combo(self, row: dict[str, Any]):
        combo = enum_combo("role")
        select_data(combo, row.get("role") or "member")
        combo.setAccessibleName(_("Vai trò của {name}").format(name=row.get("_name") or row.get("guest_name") or ""))
        combo.currentIndexChanged.connect(lambda _i, r=row, c=combo: self._role_changed(r, c.currentData()))
        return combo

    def role_combo(self, row: int):
        """The role chooser of one row."""
        return self.table.cellWidget(row, len(COLUMNS[self.direction]) - 1)

    def _role_changed(self, row: dict[str, Any], role: str) -> None:
        row["role"] = role
        self.changed.emit()

    def _current(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if len(rows) == 1 else None

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
        if self.guest_form is not None:
            current = self._current()
            self.guest_form.show_guest(self._rows[current] if current is not None else None)

    def _guest_edited(self, fields: dict[str, Any]) -> None:
        current = self._current()
        if current is None:
            return
        self._rows[current].update(fields)
        for col, text in enumerate(self._cells(current, self._rows[current])):
            if col:
                self.table.item(current, col).setText(text)
        self.changed.emit()


def _member_index(key: str) -> int | None:
    """2 for "members[2].guest_passport"; None for keys that are not about a member."""
    if not key.startswith("members["):
        return None
    try:
        return int(key[len("members["):key.index("]")])
    except ValueError:
        return None

"""One conflict side by side: the unit's version and the province's, field by field, differences highlighted.

The officer keeps the unit's version, keeps the province's, or edits the province's version (each field's
cell of the right column is editable) and saves that; the decision travels back in the next ack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _
from desktop.ui.sync.labels import entity_label
from desktop.ui.sync.times import local_time
from desktop.ui.sync.values import FieldView
from desktop.ui.widgets import errors
from desktop.ui.widgets.screen import fit_to_screen

DIFFERENT = QColor("#fff3cd")
META = ("deleted",)  # the stored version carries its tombstone flag beside its data
FIELD, UNIT, PROVINCE = 0, 1, 2


class ConflictDialog(QDialog):
    """Resolve one conflict: "Giữ bản của đơn vị", "Giữ bản của tỉnh", "Lưu bản đã sửa"."""

    resolved = Signal(int)

    def __init__(self, services, conflict, views: dict[str, FieldView] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.conflict = conflict
        self._views = views or {}
        self.setWindowTitle(_("Giải quyết xung đột"))
        fit_to_screen(self, 900, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(self._heading())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        hint = QLabel(_("Các dòng tô màu là chỗ hai bản khác nhau. Muốn sửa, nhấp đúp vào ô ở cột "
                        "“Bản của tỉnh” rồi chọn “Lưu bản đã sửa”."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self._buttons())

    # --- building ------------------------------------------------------------------

    def _heading(self) -> QLabel:
        c = self.conflict
        text = _("{register}, mã {id}: đơn vị {unit} gửi phiên bản {incoming}, trong khi ở tỉnh hồ sơ đã được sửa "
                 "(phiên bản {local}). Nhận lúc {when}.").format(
            register=entity_label(c.entity), id=c.record_id, unit=c.unit_code, incoming=c.incoming_version,
            local=c.local_version, when=local_time(c.created_at))
        if c.incoming_deleted:
            text += " " + _("Đơn vị đã xóa hồ sơ này.")
        if (c.local_data or {}).get("deleted"):
            text += " " + _("Ở tỉnh hồ sơ này đã bị xóa.")
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def fields(self) -> list[str]:
        """Every field either version has, in the province's order then the unit's extras."""
        local, incoming = self.conflict.local_data or {}, self.conflict.incoming_data or {}
        return [n for n in dict.fromkeys([*local, *incoming]) if n not in META]

    def _table(self) -> QTableWidget:
        local, incoming = self.conflict.local_data or {}, self.conflict.incoming_data or {}
        names = self.fields()
        table = QTableWidget(len(names), 3)
        table.setAccessibleName(_("So sánh hai bản"))
        table.setHorizontalHeaderLabels([_("Trường"), _("Bản của đơn vị"), _("Bản của tỉnh")])
        table.verticalHeader().hide()
        table.setWordWrap(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROVINCE, QHeaderView.ResizeMode.Stretch)
        for row, name in enumerate(names):
            view = self.view(name)
            label = QTableWidgetItem(view.label)
            label.setToolTip(name)
            unit = QTableWidgetItem(view.show(incoming.get(name)))
            province = QTableWidgetItem(view.show(local.get(name)))
            for item in (label, unit):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if incoming.get(name) != local.get(name):
                for item in (label, unit, province):
                    item.setBackground(QBrush(DIFFERENT))
            table.setItem(row, FIELD, label)
            table.setItem(row, UNIT, unit)
            table.setItem(row, PROVINCE, province)
        return table

    def view(self, name: str) -> FieldView:
        """How field `name` is shown and read back (its raw form when the register does not say)."""
        return self._views.get(name) or FieldView(name, name)

    def different_fields(self) -> list[str]:
        """The fields whose values differ between the two versions."""
        local, incoming = self.conflict.local_data or {}, self.conflict.incoming_data or {}
        return [n for n in self.fields() if local.get(n) != incoming.get(n)]

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.keep_unit = box.addButton(_("Giữ bản của đơn vị"), QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_province = box.addButton(_("Giữ bản của tỉnh"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_edit = box.addButton(_("Lưu bản đã sửa"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel = box.addButton(_("Để sau"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_unit.clicked.connect(lambda: self.resolve("unit"))
        self.keep_province.clicked.connect(lambda: self.resolve("province"))
        self.save_edit.clicked.connect(lambda: self.resolve("edit"))
        self.cancel.clicked.connect(self.reject)
        return box

    # --- deciding ------------------------------------------------------------------

    def edited_data(self) -> dict[str, Any]:
        """The province's version with the officer's edits of the right column."""
        local = {k: v for k, v in (self.conflict.local_data or self.conflict.incoming_data or {}).items()
                 if k not in META}
        out = dict(local)
        for row, name in enumerate(self.fields()):
            view, text = self.view(name), self.table.item(row, PROVINCE).text()
            if text != view.show(local.get(name)):
                like = local.get(name, (self.conflict.incoming_data or {}).get(name))
                out[name] = view.parse(text, like)
        return out

    def resolve(self, choice: str) -> bool:
        """Record the decision through the sync service; the dialog closes when it is stored."""
        try:
            data = self.edited_data() if choice == "edit" else None
            self.services.sync.resolve_conflict(self.conflict.id, choice, data)
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.resolved.emit(self.conflict.id)
        self.accept()
        return True

"""An inspection (thanh tra, kiểm tra): the unit inspected, when, the team, the scope, the conclusions,
and the recommendations below. At the province everything is edited; at the inspected unit the
inspection is read only and each recommendation takes the unit's answer ("Ghi kết quả…")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, ValidationError
from desktop.i18n import _
from desktop.ui.dialogs.form import FieldForm, read_date
from desktop.ui.inspections.dialogs import RecommendationTable, plain_text, unit_combo
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.history import history_button
from desktop.ui.widgets.record_editor import EditorBasics
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.text_limits import limit_text

LINES = ("team", "decision_number")
TEXTS = ("scope", "findings")
DATES = ("start_date", "end_date")


class InspectionEditor(EditorBasics, QDialog):
    """Create or edit one inspection; `saved(id)` after each change (its own or a recommendation's)."""

    saved = Signal(str)

    def __init__(self, services, inspection_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.writable = services.inspections.may_write()
        self.inspection_id: str | None = None
        self.version: int | None = None
        self._snapshot: tuple = ()
        self.setWindowTitle(_("Thanh tra, kiểm tra"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 920, 660)
        self._build()
        limit_text(self.fields, services.records.text_limits("inspection"))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._load(services.inspections.get(inspection_id) if inspection_id else None)

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.form = FieldForm()
        f = self.form
        team = QLineEdit()
        team.setPlaceholderText(_("ví dụ: Đoàn kiểm tra Sở Ngoại vụ, Trưởng đoàn: Lê Văn Tâm"))
        self.fields: dict[str, Any] = {
            "unit_code": f.add("unit_code", _("Đơn vị được thanh tra, kiểm tra *"), unit_combo(self.services)),
            "start_date": f.add("start_date", _("Từ ngày *"), DateField()),
            "end_date": f.add("end_date", _("Đến ngày"), DateField()),
            "team": f.add("team", _("Đoàn thanh tra, kiểm tra *"), team),
            "scope": f.add("scope", _("Nội dung, phạm vi *"), plain_text(height=50, most=80)),
            "findings": f.add("findings", _("Kết luận"), plain_text(height=60, most=110)),
            "decision_number": f.add("decision_number", _("Số quyết định, kết luận"), QLineEdit()),
        }
        self.recommendations = RecommendationTable(self.services, self._recommendations_changed)
        if not self.writable:  # read only, but as readable as typed text (a disabled field is grey)
            for widget in self.fields.values():
                if hasattr(widget, "setReadOnly"):
                    widget.setReadOnly(True)
                else:
                    widget.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(f)
        label = QLabel(_("Kiến nghị và kết quả thực hiện"))
        label.setStyleSheet("font-weight: 600;")
        layout.addWidget(label)
        layout.addWidget(self.recommendations, 1)
        layout.addLayout(self._buttons())

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setToolTip(_("Lưu đợt thanh tra, kiểm tra (Ctrl+S)"))
        self.close_button = QPushButton(_("Đóng"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
            button.setMinimumWidth(110)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setVisible(self.writable)
        row = QHBoxLayout()
        row.addWidget(history_button(self, self.services, "inspection", "inspection_id"))
        if not self.writable:
            note = QLabel(_("Do Sở Ngoại vụ gửi về: đơn vị ghi kết quả thực hiện từng kiến nghị."))
            note.setStyleSheet("color: #555;")
            row.addWidget(note)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # --- content -------------------------------------------------------------------

    def _load(self, detail) -> None:
        data = detail.data if detail else {"start_date": self.services.ctx.today()}
        self.inspection_id = detail.id if detail else None
        self.version = detail.version if detail else None
        unit = self.fields["unit_code"]
        unit.setCurrentIndex(max(unit.findData(data.get("unit_code")), 0))
        unit.setEnabled(self.writable and self.inspection_id is None)  # a record made keeps its unit
        for key in LINES:
            self.fields[key].setText(data.get(key) or "")
        for key in TEXTS:
            self.fields[key].setPlainText(data.get(key) or "")
        for key in DATES:
            self.fields[key].setDate(data.get(key))
        self.recommendations.show_records(self.inspection_id, detail.recommendations if detail else [])
        self._snapshot = self._state()
        name = detail.unit_name if detail else _("Đợt thanh tra, kiểm tra mới")
        self.heading.setText(name)
        self.setWindowTitle(f"{name} — {_('Thanh tra, kiểm tra')}")

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The inspection as typed, and the messages of unreadable dates."""
        data: dict[str, Any] = {"unit_code": self.fields["unit_code"].currentData()}
        data.update({key: self.fields[key].text() for key in LINES})
        data.update({key: self.fields[key].toPlainText() for key in TEXTS})
        bad: dict[str, str] = {}
        for key in DATES:
            data[key], problem = read_date(self.fields[key])
            if problem:
                bad[key] = problem
        return data, bad

    def _state(self) -> tuple:
        data, bad = self.collect()
        return tuple(sorted((k, str(v)) for k, v in data.items())), tuple(sorted(bad.items()))

    def is_dirty(self) -> bool:
        """True when something was typed since the last load or save (never at a unit: nothing to type)."""
        return self.writable and super().is_dirty()

    # --- saving --------------------------------------------------------------------

    def save(self) -> bool:
        """Store the inspection; on problems show them beside the fields and stay open."""
        if not self.writable:
            return False
        data, bad = self.collect()
        self.form.clear_errors()
        for key, message in bad.items():
            self.form.set_error(key, message)
        if bad:
            self._banner("error", errors.refusal(list(bad.values())))
            return False
        try:
            detail = self.services.inspections.save(data, self.inspection_id, self.version)
        except ValidationError as exc:
            elsewhere = self.form.show_problems(exc)
            self._banner("error", errors.refusal([*self.form.shown_problems(), *elsewhere]))
            return False
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self._load(detail)
        self._banner("ok", _("Đã lưu — phiên bản {v}.").format(v=detail.version))
        self.saved.emit(detail.id)
        return True

    def _recommendations_changed(self) -> None:
        try:
            detail = self.services.inspections.get(self.inspection_id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.recommendations.show_records(detail.id, detail.recommendations)
        self.saved.emit(detail.id)

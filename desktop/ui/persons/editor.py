"""The person editor: the person's fields, then discipline records and training courses."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError, ValidationError
from desktop.i18n import _
from desktop.ui.dialogs.form import ERROR_STYLE, FieldForm, read_date
from desktop.ui.persons.records import DisciplineTable, TrainingTable
from desktop.ui.widgets import errors, unsaved
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.history import add_history_tab
from desktop.ui.widgets.text_limits import limit_text

TEXT_FIELDS = ("full_name", "position", "grade", "phone", "email", "passport_number")
DATE_FIELDS = ("birth_date", "passport_expiry")


def enum_combo(enum: str, blank: str | None = None) -> QComboBox:
    """A combo of an enum's Vietnamese labels; item data is the stored value."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for value, label in ENUM_LABELS[enum].items():
        combo.addItem(_(label), value)
    return combo


def select_data(combo: QComboBox, value: Any) -> None:
    """Select the item whose data is `value` (first item when absent)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class PersonEditor(QDialog):
    """Edit one person; Save (Ctrl+S) stores through the service and closes."""

    def __init__(self, services, person_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.version: int | None = None
        self.changed = False
        self.setWindowTitle(_("Thêm cán bộ") if person_id is None else _("Sửa thông tin cán bộ"))
        self.setMinimumWidth(640)
        self._build()
        limit_text(self.fields, services.records.text_limits("person"))
        if person_id is not None:
            self.load(services.persons.get(person_id))
        else:
            select_data(self.fields["unit_code"], services.ctx.local_unit())
        self.forget_changes()

    # --- construction ------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(_("Cán bộ mới"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._main_tab(), _("Thông tin chung"))
        self.discipline = DisciplineTable(self.services, self._sub_changed)
        self.training = TrainingTable(self.services, self._sub_changed)
        self.tabs.addTab(self.discipline, _("Kỷ luật"))
        self.tabs.addTab(self.training, _("Bồi dưỡng"))
        self.history = add_history_tab(self, self.services, "person", "person_id")
        layout.addWidget(self.tabs)
        self.banner = QLabel()
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        layout.addWidget(self._buttons())
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)

    def _main_tab(self) -> QWidget:
        tab = QWidget()
        self.form = FieldForm(tab)
        f = self.form
        self.fields: dict[str, QWidget] = {
            "full_name": f.add("full_name", _("Họ và tên *"), QLineEdit()),
            "gender": f.add("gender", _("Giới tính"), enum_combo("gender", _("(chưa chọn)"))),
            "birth_date": f.add("birth_date", _("Ngày sinh"), DateField()),
            "position": f.add("position", _("Chức vụ"), QLineEdit()),
            "unit_code": f.add("unit_code", _("Đơn vị"), self._unit_combo()),
            "grade": f.add("grade", _("Ngạch công chức"), QLineEdit()),
            "phone": f.add("phone", _("Điện thoại"), QLineEdit()),
            "email": f.add("email", _("Thư điện tử"), QLineEdit()),
            "passport_number": f.add("passport_number", _("Số hộ chiếu"), QLineEdit()),
            "passport_expiry": f.add("passport_expiry", _("Hộ chiếu hết hạn"), DateField()),
            "is_key_leader": f.add("is_key_leader", "", QCheckBox(_("Lãnh đạo chủ chốt"))),
            "is_fa_officer": f.add("is_fa_officer", "", QCheckBox(_("Cán bộ làm công tác đối ngoại"))),
        }
        self.fields["passport_number"].setPlaceholderText(_("ví dụ C1234567"))
        return tab

    def _unit_combo(self) -> QComboBox:
        combo = QComboBox()
        for unit in self.services.units.list(include_retired=True):
            combo.addItem(f"{unit.name} ({unit.code})", unit.code)
        return combo

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.save_button = box.addButton(_("Lưu (Ctrl+S)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = box.addButton(_("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        return box

    # --- data ------------------------------------------------------------------

    def load(self, detail) -> None:
        """Fill the form from a PersonDetail."""
        self.person_id, self.version = detail.id, detail.version
        data = detail.data
        self.heading.setText(_("Cán bộ: {name}").format(name=data.get("full_name") or ""))
        if data.get("full_name"):
            self.setWindowTitle(f"{data['full_name']} — {_('Cán bộ')}")
        for key in TEXT_FIELDS:
            self.fields[key].setText(data.get(key) or "")
        for key in DATE_FIELDS:
            self.fields[key].setDate(data.get(key))
        select_data(self.fields["gender"], data.get("gender"))
        select_data(self.fields["unit_code"], data.get("unit_code"))
        self.fields["is_key_leader"].setChecked(bool(data.get("is_key_leader")))
        self.fields["is_fa_officer"].setChecked(bool(data.get("is_fa_officer")))
        self.discipline.show_records(detail.id, detail.discipline)
        self.training.show_records(detail.id, detail.training)

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The typed values, and the date fields whose text could not be read."""
        data: dict[str, Any] = {key: self.fields[key].text() for key in TEXT_FIELDS}
        bad_dates: dict[str, str] = {}
        for key in DATE_FIELDS:
            data[key], problem = read_date(self.fields[key])
            if problem:
                bad_dates[key] = problem
        data["gender"] = self.fields["gender"].currentData()
        data["unit_code"] = self.fields["unit_code"].currentData()
        data["is_key_leader"] = self.fields["is_key_leader"].isChecked()
        data["is_fa_officer"] = self.fields["is_fa_officer"].isChecked()
        return data, bad_dates

    def is_dirty(self) -> bool:
        """True when something was typed since the form was filled or saved."""
        return self.collect() != self._snapshot

    def forget_changes(self) -> None:
        """What is typed now counts as saved: closing asks nothing (after Lưu or Không lưu)."""
        self._snapshot = self.collect()

    def reject(self) -> None:
        """Esc, Đóng or the window's close button: Lưu / Không lưu / Hủy before unsaved edits go."""
        if not unsaved.may_close(self):
            return
        self.forget_changes()
        super().reject()

    def save(self) -> bool:
        """Store the person; on problems show them beside the fields and stay open."""
        data, bad_dates = self.collect()
        try:
            detail = self.services.persons.save(data, self.person_id, self.version)
        except ValidationError as exc:
            self._show_problems(exc, bad_dates)
            return False
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.person_id, self.version, self.changed = detail.id, detail.version, True
        self.forget_changes()
        self.accept()
        return True

    def _show_problems(self, error: ValidationError, bad_dates: dict[str, str]) -> None:
        self.tabs.setCurrentIndex(0)
        elsewhere = self.form.show_problems(error, bad_dates)
        self.banner.setText(errors.refusal([*self.form.shown_problems(), *elsewhere]))
        self.banner.setVisible(True)

    def _sub_changed(self) -> None:
        self.changed = True
        detail = self.services.persons.get(self.person_id)
        self.discipline.show_records(detail.id, detail.discipline)
        self.training.show_records(detail.id, detail.training)

"""A person's discipline records and training courses: small tables with their own dialogs.

Each change is stored at once through the service (not with the person's Save).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import N_, _, format_date
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.sub_records import SubRecordDialog, SubRecordTable


class DisciplineDialog(SubRecordDialog):
    """Add or change a discipline decision."""

    title = N_("Quyết định kỷ luật")
    entity = "discipline_record"

    def build_fields(self) -> dict[str, QWidget]:
        form = QComboBox()
        for value, label in ENUM_LABELS["discipline_form"].items():
            form.addItem(_(label), value)
        return {
            "form": self.form.add("form", _("Hình thức kỷ luật"), form),
            "decision_number": self.form.add("decision_number", _("Số quyết định"), QLineEdit()),
            "decision_date": self.form.add("decision_date", _("Ngày quyết định"), DateField()),
            "effective_from": self.form.add("effective_from", _("Hiệu lực từ *"), DateField()),
            "effective_until": self.form.add("effective_until", _("Hiệu lực đến"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.persons.save_discipline(self.owner_id, data, self.record_id())


class TrainingDialog(SubRecordDialog):
    """Add or change a training course."""

    title = N_("Khóa bồi dưỡng")
    entity = "training_record"

    def build_fields(self) -> dict[str, QWidget]:
        return {
            "course": self.form.add("course", _("Khóa bồi dưỡng *"), QLineEdit()),
            "organiser": self.form.add("organiser", _("Đơn vị tổ chức"), QLineEdit()),
            "start_date": self.form.add("start_date", _("Từ ngày"), DateField()),
            "end_date": self.form.add("end_date", _("Đến ngày"), DateField()),
        }

    def store(self, data: dict[str, Any]) -> None:
        self.services.persons.save_training(self.owner_id, data, self.record_id())


class PersonRecordTable(SubRecordTable):
    """A person's records: deleted through the persons service."""

    unsaved_note = N_("Lưu hồ sơ cán bộ trước, rồi mở lại để thêm mục này.")

    def delete_record(self, record_id: str) -> None:
        self.services.persons.delete_sub(self.entity, record_id)


class DisciplineTable(PersonRecordTable):
    """Discipline decisions of a person."""

    entity = "discipline_record"
    dialog = DisciplineDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        labels = ENUM_LABELS["discipline_form"]
        return [
            (_("Hình thức"), lambda d: _(labels.get(d.get("form"), d.get("form") or ""))),
            (_("Số quyết định"), lambda d: d.get("decision_number") or ""),
            (_("Ngày quyết định"), lambda d: format_date(d.get("decision_date"))),
            (_("Hiệu lực từ"), lambda d: format_date(d.get("effective_from"))),
            (_("Hiệu lực đến"), lambda d: format_date(d.get("effective_until"))),
        ]


class TrainingTable(PersonRecordTable):
    """Training courses of a person."""

    entity = "training_record"
    dialog = TrainingDialog

    def columns(self) -> list[tuple[str, Callable[[dict], str]]]:
        return [
            (_("Khóa bồi dưỡng"), lambda d: d.get("course") or ""),
            (_("Đơn vị tổ chức"), lambda d: d.get("organiser") or ""),
            (_("Từ ngày"), lambda d: format_date(d.get("start_date"))),
            (_("Đến ngày"), lambda d: format_date(d.get("end_date"))),
        ]

"""The conference editor: every field on the left; who approves, the deadline and live findings on the right.

Every edit (after a 300 ms pause) asks the service to validate and check the content as
typed. Ticking "khách cấp Bộ trưởng" or a sensitive topic switches the approval level to the
Prime Minister at once, and the R3 deadline with it (40 days instead of 30).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError, FieldProblem
from desktop.i18n import _, format_date
from desktop.services.conferences import Approval, ConferenceDetail
from desktop.ui.delegations.countries import CountryPicker
from desktop.ui.delegations.fields import Section, enum_combo, select_data, text_or_none
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.findings_panel import FindingsPanel
from desktop.ui.widgets.history import history_button
from desktop.ui.widgets.money_field import MoneyField
from desktop.ui.widgets.record_editor import LIVE_DELAY_MS, RecordEditorMixin
from desktop.ui.widgets.screen import fit_to_screen

LEVEL_STYLES = {True: "font-weight: 600; color: #b71c1c;", False: "font-weight: 600; color: #1b3a5c;"}
PRINT_FORM = "conference-plan"


class CountField(QLineEdit):
    """A whole number typed as text; what is not a number is reported, never dropped."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMaximumWidth(120)
        self.setPlaceholderText(_("ví dụ 25"))

    def value(self) -> int | None:
        """The number (negative ones too: the service says why they are wrong), None when blank or text."""
        try:
            return int(self.text().strip().replace(".", "")) if self.text().strip() else None
        except ValueError:
            return None

    def error(self) -> str | None:
        """Why the text is not a number, or None."""
        if self.text().strip() and self.value() is None:
            return _("Số đại biểu phải là số nguyên (đã nhập: {text}).").format(text=self.text().strip())
        return None

    def set_value(self, value: int | None) -> None:
        """Show `value` ("" for None)."""
        self.setText("" if value is None else str(value))


class TopicsBox(QWidget):
    """One checkbox per sensitive topic (Decision 06/2020: any of them needs the Prime Minister)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (value, label) in enumerate(ENUM_LABELS["sensitive_topic"].items()):
            box = QCheckBox(_(label))
            box.toggled.connect(lambda _on: self.changed.emit())
            self.boxes[value] = box
            grid.addWidget(box, i // 2, i % 2)

    def values(self) -> list[str]:
        """The ticked topics, in the enum's order."""
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def set_values(self, values: list[str]) -> None:
        """Tick exactly `values`."""
        for value, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(value in (values or []))
            box.blockSignals(False)


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class ConferenceFields(Section):
    """Every field of a conference, each with its problem line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("ví dụ: Hội thảo quốc tế phát triển bền vững ngành cà phê"))
        self.purpose = _text_box(3)
        self.start_date, self.end_date = DateField(), DateField()
        self.place, self.organiser = QLineEdit(), QLineEdit()
        self.mode = enum_combo("conference_mode")
        self.participants = CountField()
        self.countries = CountryPicker()
        self.ministerial = QCheckBox(_("Có khách nước ngoài cấp Bộ trưởng trở lên"))
        self.topics = TopicsBox()
        self.funding = enum_combo("funding", optional=True)
        self.sponsor = QLineEdit()
        self.cost = MoneyField(_("Dự toán kinh phí"))
        self.in_plan = QCheckBox(_("Có trong kế hoạch đối ngoại năm đã được duyệt"))
        self.status = enum_combo("status")
        self.submitted_on, self.decision_date, self.report_on = DateField(), DateField(), DateField()
        self.decision_number, self.decision_authority = QLineEdit(), QLineEdit()
        self.notes = _text_box(3)
        outer = QVBoxLayout(self)
        outer.addLayout(self._form())
        outer.addStretch(1)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = [
            ("title", _("Tên hội nghị, hội thảo"), self.title), ("purpose", _("Mục đích, nội dung"), self.purpose),
            ("start_date", _("Ngày bắt đầu"), self.start_date), ("end_date", _("Ngày kết thúc"), self.end_date),
            ("place", _("Địa điểm"), self.place), ("organiser", _("Cơ quan tổ chức"), self.organiser),
            ("mode", _("Hình thức"), self.mode),
            ("foreign_participants", _("Số đại biểu nước ngoài"), self.participants),
            ("participant_countries", _("Quốc gia tham dự"), self.countries),
            ("ministerial_guests", _("Khách cấp Bộ trưởng"), self.ministerial),
            ("sensitive_topics", _("Nội dung nhạy cảm"), self.topics),
            ("funding", _("Nguồn kinh phí"), self.funding), ("foreign_sponsor", _("Nhà tài trợ nước ngoài"), self.sponsor),
            ("cost_estimate_vnd", _("Dự toán kinh phí (đồng)"), self.cost),
            ("in_annual_plan", _("Trong kế hoạch năm"), self.in_plan),
            ("status", _("Trạng thái"), self.status), ("submitted_on", _("Ngày gửi hồ sơ"), self.submitted_on),
            ("decision_number", _("Số quyết định"), self.decision_number),
            ("decision_date", _("Ngày quyết định"), self.decision_date),
            ("decision_authority", _("Cơ quan cho phép"), self.decision_authority),
            ("report_received_on", _("Ngày gửi báo cáo kết quả"), self.report_on),
            ("notes", _("Ghi chú"), self.notes),
        ]
        for key, label, editor in rows:
            form.addRow(label + ":", self.slot(key, label, editor))
        return form

    def load(self, data: dict[str, Any]) -> None:
        """Show a stored (or new) conference."""
        self.title.setText(data.get("title") or "")
        self.purpose.setPlainText(data.get("purpose") or "")
        self.start_date.setDate(data.get("start_date"))
        self.end_date.setDate(data.get("end_date"))
        self.place.setText(data.get("place") or "")
        self.organiser.setText(data.get("organiser") or "")
        select_data(self.mode, data.get("mode") or "offline")
        self.participants.set_value(data.get("foreign_participants"))
        self.countries.set_codes(data.get("participant_countries") or [])
        self.ministerial.setChecked(bool(data.get("ministerial_guests")))
        self.topics.set_values(data.get("sensitive_topics") or [])
        select_data(self.funding, data.get("funding"))
        self.sponsor.setText(data.get("foreign_sponsor") or "")
        self.cost.set_value(data.get("cost_estimate_vnd"))
        self.in_plan.setChecked(bool(data.get("in_annual_plan")))
        select_data(self.status, data.get("status") or "draft")
        self.submitted_on.setDate(data.get("submitted_on"))
        self.decision_number.setText(data.get("decision_number") or "")
        self.decision_date.setDate(data.get("decision_date"))
        self.decision_authority.setText(data.get("decision_authority") or "")
        self.report_on.setDate(data.get("report_received_on"))
        self.notes.setPlainText(data.get("notes") or "")

    def collect(self) -> dict[str, Any]:
        """The fields as typed (unreadable dates and numbers as None)."""
        return {
            "title": text_or_none(self.title), "purpose": text_or_none(self.purpose),
            "start_date": self.start_date.date(), "end_date": self.end_date.date(),
            "place": text_or_none(self.place), "organiser": text_or_none(self.organiser),
            "mode": self.mode.currentData(), "foreign_participants": self.participants.value(),
            "participant_countries": self.countries.codes(), "ministerial_guests": self.ministerial.isChecked(),
            "sensitive_topics": self.topics.values(), "funding": self.funding.currentData(),
            "foreign_sponsor": text_or_none(self.sponsor), "cost_estimate_vnd": self.cost.value(),
            "in_annual_plan": self.in_plan.isChecked(), "status": self.status.currentData(),
            "submitted_on": self.submitted_on.date(), "decision_number": text_or_none(self.decision_number),
            "decision_date": self.decision_date.date(),
            "decision_authority": text_or_none(self.decision_authority),
            "report_received_on": self.report_on.date(), "notes": text_or_none(self.notes),
        }


class ConferenceEditor(RecordEditorMixin, QDialog):
    """Create or edit one conference; `saved(id)` after each successful save."""

    saved = Signal(str)

    def __init__(self, services, conference_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        detail = services.conferences.get(conference_id) if conference_id else None
        self.conference_id: str | None = None
        self.version: int | None = None
        self._show_all = detail is not None
        self._snapshot: Any = None
        self._attachments: list = []
        self._build()
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_DELAY_MS)
        self._live.timeout.connect(self.refresh_live)
        self.fields.changed.connect(self._edited)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Print, self, self.offer_forms)
        self._limit_text("conference", *[slots for _tab, slots in self._slot_groups()])
        self._load(detail)

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 1120, 780)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.version_label = QLabel()
        self.version_label.setStyleSheet("color: #555;")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        self.fields = ConferenceFields()
        self.scroll = area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(self.fields)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(area)
        splitter.addWidget(self._side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 440])
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.version_label, self.banner):
            layout.addWidget(widget)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())

    def _side(self) -> QWidget:
        side = QWidget()
        self.level_label = QLabel()
        self.level_label.setWordWrap(True)
        self.deadline_label = QLabel()
        self.deadline_label.setWordWrap(True)
        self.deadline_label.setStyleSheet("font-weight: 600;")
        title = QLabel(_("Kiểm tra theo quy định"))
        title.setStyleSheet("font-weight: 600;")
        self.findings = FindingsPanel()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 0, 0, 0)
        for widget in (self.level_label, self.deadline_label, title):
            layout.addWidget(widget)
        layout.addWidget(self.findings, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setToolTip(_("Lưu hội nghị, hội thảo (Ctrl+S)"))
        self.close_button = QPushButton(_("Đóng"))
        self.close_button.setToolTip(_("Đóng cửa sổ (Esc)"))
        self.print_button = QPushButton(_("In / Xem trước"))
        self.print_button.setToolTip(_("Xem trước, in, lưu PDF đề án tổ chức (Ctrl+P)"))
        for button, slot in ((self.save_button, self.save), (self.close_button, self.reject),
                             (self.print_button, self.offer_forms)):
            button.setAutoDefault(False)  # Enter in a field must not save or close
            button.setMinimumWidth(110)
            button.clicked.connect(slot)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(history_button(self, self.services, "conference", "conference_id"))
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # --- content -------------------------------------------------------------------

    def _load(self, detail: ConferenceDetail | None) -> None:
        data = detail.data if detail else {"status": "draft", "mode": "offline"}
        self.conference_id = detail.id if detail else None
        self.version = detail.version if detail else None
        self._attachments = list(data.get("attachments") or [])
        self.fields.load(data)
        self._snapshot = self._state()
        self._show_heading()
        self.refresh_live()

    def content(self) -> dict[str, Any]:
        """The conference as typed, in the service's terms."""
        return {**self.fields.collect(), "attachments": self._attachments}

    def local_problems(self, shown_only: bool = False) -> dict[str, str]:
        """What the widgets cannot read (bad dates, amounts, numbers), by field."""
        return self.fields.local_problems(shown_only)

    def _edited(self) -> None:
        self._live.start()
        self._show_heading()

    def _show_heading(self) -> None:
        title = self.fields.title.text().strip() or _("Hội nghị, hội thảo mới")
        self.heading.setText(title)
        self.setWindowTitle(f"{title} — {_('Hội nghị, hội thảo quốc tế')}" + (" *" if self.is_dirty() else ""))
        self.version_label.setText(_("Phiên bản {v}").format(v=self.version) if self.version else _("Chưa lưu"))

    # --- live rules ----------------------------------------------------------------

    def refresh_live(self, every_local: bool = False) -> None:
        """Validate and check the content as typed; show problems, approval level and findings."""
        self._live.stop()
        data = self.content()
        try:
            problems = self.services.conferences.validate(data)
            findings = self.services.conferences.check(data, self.conference_id)
            approval = self.services.conferences.approval(data)
        except AppError as exc:
            self._banner("error", str(exc))
            return
        self.findings.set_findings(findings)
        self._show_problems(problems, self.local_problems(shown_only=not every_local))
        self._show_approval(approval)

    def _show_problems(self, problems: list[FieldProblem], local: dict[str, str]) -> None:
        by_field: dict[str, str] = {}
        for p in problems:
            by_field[p.field] = f"{by_field[p.field]}\n{p.message}" if p.field in by_field else p.message
        by_field.update(local)
        for key, slot in self.fields.slots.items():
            slot.set_problem(by_field.get(key) if self._show_all or slot.touched else None)

    def _show_approval(self, approval: Approval) -> None:
        self.level_label.setText(approval.label)
        self.level_label.setStyleSheet(LEVEL_STYLES[approval.pm])
        if approval.deadline is None:
            self.deadline_label.setText(_("Hạn gửi hồ sơ: chưa tính được (chưa nhập ngày bắt đầu)."))
        else:
            self.deadline_label.setText(_("Hạn gửi hồ sơ xin phép: {due}").format(due=format_date(approval.deadline)))

    # --- saving --------------------------------------------------------------------

    def _store(self):
        return self.services.conferences.save(self.content(), self.conference_id, self.version)

    def _slot_groups(self) -> list[tuple[int | None, dict]]:
        return [(None, self.fields.slots)]

    # --- printing ------------------------------------------------------------------

    def offer_forms(self) -> QMenu | None:
        """The menu of the forms this conference prints (saved first: printing shows what is stored)."""
        if self.conference_id is None:
            self._banner("error", _("Lưu hội nghị, hội thảo trước khi in."))
            return None
        if self.is_dirty() and not self.save():
            return None
        from desktop.ui.printing.print_menu import forms_menu

        try:
            forms = self.services.printing.forms_for_conference(self.conference_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        self.print_menu = forms_menu(self, forms, self.preview)
        self.print_menu.popup(self.print_button.mapToGlobal(self.print_button.rect().bottomLeft()))
        return self.print_menu

    def preview(self, form: str = PRINT_FORM) -> QDialog | None:
        """Open the preview of `form` (the conference plan) for this conference."""
        from desktop.ui.printing.preview import show_preview

        try:
            self.preview_dialog = show_preview(self.services, form, self.conference_id, self)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        return self.preview_dialog

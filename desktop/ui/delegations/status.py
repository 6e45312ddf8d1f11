"""Trạng thái: the workflow step, the submission and decision, the post-trip report, overrides."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS, STATUS_TRANSITIONS
from desktop.i18n import _
from desktop.ui.delegations.fields import Section, text_or_none
from desktop.ui.widgets.date_field import DateField

OVERRIDE_HELP = (
    "Thành viên đang chịu kỷ luật (hoặc đang bị xem xét kỷ luật) trong thời gian chuyến đi: "
    "chỉ gửi hồ sơ khi đã có ý kiến đồng ý bằng văn bản của cấp có thẩm quyền. "
    "Ghi lý do vượt chặn và văn bản đồng ý; lý do được lưu cùng hồ sơ."
)


class StatusSection(Section):
    """Status (only the moves the workflow allows), dates of the steps, the override reason."""

    def __init__(self, direction: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._stored = "draft"
        self._blocking = False
        self.status = QComboBox()
        self.submitted_on = DateField()
        self.decision_number = QLineEdit()
        self.decision_number.setPlaceholderText(_("ví dụ: 125/QĐ-UBND"))
        self.decision_date = DateField()
        self.decision_authority = QLineEdit()
        self.decision_authority.setPlaceholderText(_("ví dụ: UBND tỉnh Đắk Lắk"))
        self.report_received_on = DateField()
        self.override_reason = QPlainTextEdit()
        self.override_reason.setTabChangesFocus(True)
        line = self.fontMetrics().lineSpacing()
        self.override_reason.setMinimumHeight(line * 4 + 14)
        self.override_reason.setMaximumHeight(line * 8 + 14)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form(direction))
        layout.addWidget(self._override_box())
        layout.addStretch(1)
        self.override_reason.textChanged.connect(self._update_override)

    def _form(self, direction: str) -> QFormLayout:
        form = QFormLayout()
        report = _("Ngày nhận báo cáo sau chuyến đi") if direction == "outbound" else _("Ngày nhận báo cáo kết quả")
        rows = [
            ("status", _("Trạng thái"), self.status),
            ("submitted_on", _("Ngày trình hồ sơ"), self.submitted_on),
            ("decision_number", _("Số quyết định"), self.decision_number),
            ("decision_date", _("Ngày quyết định"), self.decision_date),
            ("decision_authority", _("Cơ quan quyết định"), self.decision_authority),
            ("report_received_on", report, self.report_received_on),
        ]
        for key, label, editor in rows:
            form.addRow(label + ":", self.slot(key, label, editor))
        hint = QLabel(_("Để trống ngày trình khi chuyển sang «Đã trình»: ngày hôm nay sẽ được ghi."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow("", hint)
        return form

    def _override_box(self) -> QGroupBox:
        self.override_box = QGroupBox(_("Lý do vượt chặn"))
        self.override_help = QLabel(_(OVERRIDE_HELP))
        self.override_help.setWordWrap(True)
        box = QVBoxLayout(self.override_box)
        box.addWidget(self.override_help)
        box.addWidget(self.slot("override_reason", _("Lý do vượt chặn"), self.override_reason))
        return self.override_box

    def load(self, data: dict[str, Any]) -> None:
        """Show the stored status and offer the moves allowed from it."""
        self._stored = data.get("status") or "draft"
        self.status.blockSignals(True)
        self.status.clear()
        for value in (self._stored, *STATUS_TRANSITIONS.get(self._stored, ())):
            self.status.addItem(_(ENUM_LABELS["status"][value]), value)
        self.status.blockSignals(False)
        self.submitted_on.setDate(data.get("submitted_on"))
        self.decision_number.setText(data.get("decision_number") or "")
        self.decision_date.setDate(data.get("decision_date"))
        self.decision_authority.setText(data.get("decision_authority") or "")
        self.report_received_on.setDate(data.get("report_received_on"))
        self.override_reason.setPlainText(data.get("override_reason") or "")
        self._update_override()

    def stored_status(self) -> str:
        """The status the record has in the register (what `load` was given)."""
        return self._stored

    def collect(self) -> dict[str, Any]:
        """The fields as typed."""
        return {
            "status": self.status.currentData(), "submitted_on": self.submitted_on.date(),
            "decision_number": text_or_none(self.decision_number),
            "decision_date": self.decision_date.date(),
            "decision_authority": text_or_none(self.decision_authority),
            "report_received_on": self.report_received_on.date(),
            "override_reason": text_or_none(self.override_reason),
        }

    def set_blocking(self, blocking: bool) -> None:
        """Offer the override reason while a finding blocks submission."""
        self._blocking = blocking
        self._update_override()

    def focus_override(self) -> None:
        """Show the override box and put the cursor in it."""
        self.override_box.show()
        self.override_reason.setFocus()

    def _update_override(self) -> None:
        has_text = bool(self.override_reason.toPlainText().strip())
        self.override_box.setVisible(self._blocking or has_text)

"""Đánh dấu đã ký: the signing date and the signer; the register gives the number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.dialogs.form import FieldForm, required_date
from desktop.ui.widgets.date_field import DateField


class SignDialog(QDialog):
    """Ask when and by whom a document was signed, then call `sign(signed_on, signer)`.

    `sign` returns the signed register row (kept in `signed`); its problems
    appear beside the fields and the dialog stays open.
    """

    def __init__(self, summary: str, today: date, signer: str, sign: Callable[[date, str], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._sign = sign
        self.signed = None
        self.setWindowTitle(_("Đánh dấu đã ký"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        text = QLabel(_("Văn bản «{summary}» được lấy số khi đánh dấu đã ký; số đã cấp không dùng lại.")
                      .format(summary=summary))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.form = FieldForm()
        self.signed_on = self.form.add("signed_on", _("Ngày ký"), DateField())
        self.signed_on.setDate(today)
        self.signer = self.form.add("signer", _("Người ký"), QLineEdit(signer))
        layout.addLayout(self.form)
        box = QDialogButtonBox()
        self.ok_button = box.addButton(_("Đánh dấu đã ký"), QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def save(self) -> None:
        """Mark the document signed; on a problem keep the dialog open with the message."""
        self.form.clear_errors()
        try:
            day = required_date(self.signed_on)
        except ValueError as exc:
            self.form.set_error("signed_on", str(exc))
            return
        if not self.signer.text().strip():
            self.form.set_error("signer", _("Nhập họ tên người ký."))
            return
        if self.form.attempt(self, lambda: self._store(day, self.signer.text().strip())):
            self.accept()

    def _store(self, day: date, signer: str) -> None:
        self.signed = self._sign(day, signer)

"""The form of one foreign guest of an inbound delegation, bound to the selected table row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from desktop.i18n import _
from desktop.ui.delegations.countries import CountryCombo
from desktop.ui.delegations.fields import Section, text_or_none

GUEST_FIELDS = ("guest_name", "guest_title", "guest_organisation", "guest_nationality", "guest_passport")


class GuestForm(Section):
    """Name, title, organisation, nationality and passport of the selected guest."""

    guestEdited = Signal(dict)  # the guest's fields as typed, plus "_nationality_text"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.name, self.title, self.organisation = QLineEdit(), QLineEdit(), QLineEdit()
        self.nationality = CountryCombo()
        self.passport = QLineEdit()
        self.passport.setPlaceholderText(_("6–9 chữ cái hoặc chữ số, ví dụ M12345678"))
        self.passport.setMaxLength(20)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        rows = [
            ("guest_name", _("Họ và tên khách"), self.name),
            ("guest_title", _("Chức danh"), self.title),
            ("guest_organisation", _("Cơ quan"), self.organisation),
            ("guest_nationality", _("Quốc tịch"), self.nationality),
            ("guest_passport", _("Số hộ chiếu"), self.passport),
        ]
        for key, label, editor in rows:
            form.addRow(label + ":", self.slot(key, label, editor))
        self.changed.connect(self._emit)
        self.show_guest(None)

    def show_guest(self, member: dict[str, Any] | None) -> None:
        """Fill the form from one guest (or empty and disable it for None)."""
        self._loading = True
        member = member or {}
        self.name.setText(member.get("guest_name") or "")
        self.title.setText(member.get("guest_title") or "")
        self.organisation.setText(member.get("guest_organisation") or "")
        self.nationality.set_code(member.get("guest_nationality"))
        if member.get("_nationality_text") and not member.get("guest_nationality"):
            self.nationality.setEditText(member["_nationality_text"])
        self.passport.setText(member.get("guest_passport") or "")
        self.setEnabled(bool(member))
        self._loading = False

    def collect(self) -> dict[str, Any]:
        """The guest's fields as typed."""
        passport = text_or_none(self.passport)
        return {
            "guest_name": text_or_none(self.name), "guest_title": text_or_none(self.title),
            "guest_organisation": text_or_none(self.organisation),
            "guest_nationality": self.nationality.code(),
            "guest_passport": passport.strip().upper() if passport else None,
            "_nationality_text": self.nationality.currentText().strip(),
        }

    def _emit(self) -> None:
        if not self._loading:
            self.guestEdited.emit(self.collect())

"""Widgets of the aid editor: the currency box and the donor box (amounts: ui/widgets/money_field.py).

The donor box offers the NGOs of the register, found as the user types (diacritics
ignored, by the service), and accepts any other donor's name as typed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QVBoxLayout, QWidget

from desktop.domain.text import nfc
from desktop.errors import AppError
from desktop.i18n import _, country_name
from desktop.services.aid import DonorChoice

COMMON_CURRENCIES = ("VND", "USD", "EUR", "GBP", "JPY", "KRW", "AUD", "CHF", "CAD", "CNY", "SGD", "THB", "NZD",
                     "SEK", "NOK", "DKK", "TWD")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class CurrencyBox(QComboBox):
    """An ISO 4217 code: the common ones to pick, any other typed (upper-cased)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("")
        self.addItems(list(COMMON_CURRENCIES))
        self.lineEdit().setMaxLength(3)
        self.lineEdit().setPlaceholderText(_("ví dụ USD"))
        self.setMaximumWidth(120)
        self.editTextChanged.connect(lambda _t: self.changed.emit())

    def code(self) -> str | None:
        """The code as typed, in capitals; None when empty."""
        return self.currentText().strip().upper() or None

    def set_code(self, code: str | None) -> None:
        """Show `code`."""
        self.setEditText(code or "")


class DonorBox(QWidget):
    """The donor: an NGO of the register (searched as you type) or any name typed freely."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._known: dict[str, DonorChoice] = {}
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText(_("Gõ để tìm trong sổ tổ chức PCP nước ngoài, hoặc ghi tên nhà tài trợ"))
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(self.completer)
        self.note = QLabel()
        self.note.setStyleSheet("color: #555;")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.note)
        self.setFocusProxy(self.combo)
        self._fill_items()
        self.combo.lineEdit().textEdited.connect(self._search)
        self.combo.editTextChanged.connect(self._edited)

    def _fill_items(self) -> None:
        try:
            choices = self.services.aid.donor_choices("", limit=300)
        except AppError:
            choices = []
        self.combo.blockSignals(True)
        self.combo.addItem("", None)
        for choice in choices:
            self._known[choice.name] = choice
            self.combo.addItem(choice.name, choice.id)
        self.combo.setCurrentIndex(0)
        self.combo.blockSignals(False)

    def _search(self, text: str) -> None:
        """Offer the NGOs whose names match what is typed (without diacritics too)."""
        try:
            choices = self.services.aid.donor_choices(text) if text.strip() else []
        except AppError:
            return
        for choice in choices:
            self._known[choice.name] = choice
        self.names.setStringList([c.name for c in choices])
        if choices:
            self.completer.complete()

    def _edited(self, _text: str) -> None:
        self._show_note()
        self.changed.emit()

    def _show_note(self) -> None:
        choice = self.choice()
        if choice is not None:
            where = f" · {country_name(choice.country)}" if choice.country else ""
            self.note.setText(_("Trong sổ tổ chức PCP nước ngoài: {name}{where}").format(
                name=choice.name_original, where=where))
        elif self.text():
            self.note.setText(_("Không có trong sổ tổ chức PCP nước ngoài: lưu theo tên đã nhập."))
        else:
            self.note.setText("")

    def text(self) -> str:
        """The donor's name as shown (NFC: some input methods type decomposed letters)."""
        return nfc(self.combo.currentText()) or ""

    def choice(self) -> DonorChoice | None:
        """The NGO whose name is shown, or None for a donor outside the register."""
        return self._known.get(self.text())

    def set_value(self, donor: DonorChoice | None, donor_name: str | None) -> None:
        """Show a stored donor: the NGO when linked, else the typed name."""
        if donor is not None:
            self._known[donor.name] = donor
        self.combo.setEditText(donor.name if donor else (donor_name or ""))
        self._show_note()

    def collect(self) -> dict[str, str | None]:
        """`donor_ngo_id` and `donor_name` in the service's terms."""
        choice = self.choice()
        return {"donor_ngo_id": choice.id if choice else None, "donor_name": self.text() or None}

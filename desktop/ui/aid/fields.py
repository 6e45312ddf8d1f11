"""Widgets of the aid editor: amounts ("1.250.000 ₫"), the currency box and the donor box.

The donor box offers the NGOs of the register, found as the user types (diacritics
ignored, by the service), and accepts any other donor's name as typed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.text import nfc
from desktop.errors import AppError
from desktop.i18n import _, babel_locale, country_name
from desktop.services.aid import DonorChoice

VND = "VND"
COMMON_CURRENCIES = ("VND", "USD", "EUR", "GBP", "JPY", "KRW", "AUD", "CHF", "CAD", "CNY", "SGD", "THB", "NZD",
                     "SEK", "NOK", "DKK", "TWD")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def amount_text(value: int | None, unit: str | None = VND) -> str:
    """'1.250.000 ₫' for đồng, '185.000 USD' for another currency, '1.250.000' without one."""
    if value is None:
        return ""
    number = format_decimal(value, locale=babel_locale())
    if unit == VND:
        return f"{number} ₫"
    return f"{number} {unit}" if unit else number


class AmountField(QLineEdit):
    """A whole, non-negative amount: accepts "1.250.000", "1250000", "1.250.000 ₫" or "185.000 USD";
    shows it back with separators and its unit. Unreadable text stays as typed, with `error()` saying why."""

    def __init__(self, what: str, unit: str | None = VND, parent: QWidget | None = None):
        super().__init__(parent)
        self.what, self.unit = what, unit
        self._value: int | None = None
        self._error: str | None = None
        self.setPlaceholderText(_("ví dụ {example}").format(example=amount_text(1_250_000, unit)))
        self.setMaximumWidth(260)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.textChanged.connect(self._reparse)
        self.editingFinished.connect(self._reformat)

    def value(self) -> int | None:
        """The amount, or None when empty or unreadable."""
        return self._value

    def error(self) -> str | None:
        """Why the text is not an amount, or None."""
        return self._error

    def set_value(self, value: int | None) -> None:
        """Show `value` with separators and unit."""
        self.setText(amount_text(value, self.unit))

    def set_unit(self, unit: str | None) -> None:
        """Change the unit shown (the project's currency); a readable amount is shown again with it."""
        self.unit = unit
        self.setPlaceholderText(_("ví dụ {example}").format(example=amount_text(1_250_000, unit)))
        self._reformat()

    def _reparse(self, text: str) -> None:
        self._value, self._error = None, None
        cleaned = _SPACES.sub("", text)
        for suffix in ("₫", "đồng", "đ", "VND", self.unit or ""):
            if suffix and cleaned.upper().endswith(suffix.upper()):
                cleaned = cleaned[: -len(suffix)]
                break
        if not cleaned:
            return
        try:
            number = parse_decimal(cleaned, locale=babel_locale(), strict=True)  # as it is shown
        except NumberFormatError:
            number = None
        if number is None or number < 0 or number != number.to_integral_value():
            self._error = _("{what} phải là số tiền nguyên, không âm, ví dụ {example} (đã nhập: {text}).").format(
                what=self.what, example=amount_text(1_250_000, self.unit), text=text.strip())
            return
        self._value = int(Decimal(number))

    def _reformat(self) -> None:
        if self._value is not None:
            shown = amount_text(self._value, self.unit)
            if shown != self.text():
                self.setText(shown)


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

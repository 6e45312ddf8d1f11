"""The one money field of the program: "1.250.000 ₫" shown in the current language, read back either way.

It reads with `domain.money.parse_amount` (the Excel import reads with the same function), so the
English "1,250,000" it shows is read back as it was shown, and a Vietnamese "1.250.000" typed in the
English program too. Unreadable text stays as typed, red, with `error()` saying why.
"""

from __future__ import annotations

from babel.numbers import format_decimal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.domain.money import parse_amount
from desktop.i18n import _, babel_locale

VND = "VND"


def amount_text(value: int | None, unit: str | None = VND) -> str:
    """'1.250.000 ₫' for đồng, '185.000 USD' for another currency, '1.250.000' without one."""
    if value is None:
        return ""
    number = format_decimal(value, locale=babel_locale())
    if unit == VND:
        return f"{number} ₫"
    return f"{number} {unit}" if unit else number


class MoneyField(QLineEdit):
    """A whole, non-negative amount: "1.250.000", "1250000", "1.250.000 ₫", "1,250,000" or "185.000 USD"."""

    def __init__(self, what: str | None = None, unit: str | None = VND, parent: QWidget | None = None):
        super().__init__(parent)
        self.what, self.unit = what or _("Số tiền"), unit
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
        """Change the unit shown (a project's currency); a readable amount is shown again with it."""
        self.unit = unit
        self.setPlaceholderText(_("ví dụ {example}").format(example=amount_text(1_250_000, unit)))
        self._reformat()

    def _reparse(self, text: str) -> None:
        self._value, self._error = None, None
        try:
            self._value = parse_amount(text, self.unit)
        except ValueError:
            self._error = _("{what} phải là số tiền nguyên, không âm, ví dụ {example} (đã nhập: {text}).").format(
                what=self.what, example=amount_text(1_250_000, self.unit), text=text.strip())

    def _reformat(self) -> None:
        if self._value is not None:
            shown = amount_text(self._value, self.unit)
            if shown != self.text():
                self.setText(shown)

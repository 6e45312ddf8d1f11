"""A record's bundle values (SYNC.md `data`) as an officer reads and edits them, and back.

Enums show their Vietnamese label, dates dd/mm/yyyy, money with thousands dots, countries by name; what the
officer types is read back in any of those forms (or the raw bundle form) and given back in bundle form.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from desktop.domain.text import fold
from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _, country_choices, country_name

LIST_SEPARATOR = ", "


class FieldView:
    """How one field is shown and parsed: `kind` and `enum` as the Excel export's ColumnSpec has them."""

    def __init__(self, name: str, label: str, kind: str = "text", enum: str | None = None):
        self.name, self.label, self.kind, self.enum = name, label, kind, enum

    # --- showing -------------------------------------------------------------------

    def show(self, value: Any) -> str:
        """The value as text for the side-by-side table."""
        if value is None or value == []:
            return ""
        if isinstance(value, list):
            return LIST_SEPARATOR.join(self._one(v) for v in value)
        return self._one(value)

    def _one(self, value: Any) -> str:
        if isinstance(value, bool):
            return _("Có") if value else _("Không")
        if self.kind in ("enum", "enum_list") and self.enum:
            label = ENUM_LABELS.get(self.enum, {}).get(value)
            return _(label) if label else str(value)
        if self.kind == "country" and isinstance(value, str):
            return country_name(value)
        if self.kind == "date" and isinstance(value, str):
            try:
                return date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:
                return value
        if self.kind in ("money", "int") and isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    # --- reading back --------------------------------------------------------------

    def parse(self, text: str, like: Any) -> Any:
        """What the officer typed, in bundle form; `like` (either version's value) says whether it is a list."""
        text = text.strip()
        if text == "":
            return [] if isinstance(like, list) else None
        if isinstance(like, list) or self.kind in ("enum_list", "list"):
            if text.startswith("["):
                return self._json(text)
            return [self._parse_one(part.strip()) for part in text.split(",") if part.strip()]
        return self._parse_one(text)

    def _parse_one(self, text: str) -> Any:
        if self.kind == "bool":
            return fold(text) in (fold(_("Có")), "co", "true", "1", "yes")
        if self.kind in ("enum", "enum_list") and self.enum:
            return self._choice(text, ENUM_LABELS.get(self.enum, {}).items(), lambda label: _(label))
        if self.kind == "country":
            return self._choice(text.upper() if len(text) == 2 else text, country_choices(), lambda n: n)
        if self.kind == "date":
            return self._date(text)
        if self.kind in ("money", "int"):
            digits = re.sub(r"[.\s₫đ]", "", text)
            if not digits.lstrip("-").isdigit():
                raise AppError(_("“{field}”: “{text}” không phải là số.").format(field=self.label, text=text))
            return int(digits)
        if text.startswith("{"):
            return self._json(text)
        return text

    def _choice(self, text: str, choices, shown) -> str:
        wanted = fold(text)
        for value, label in choices:
            if text == value or wanted == fold(shown(label)):
                return value
        raise AppError(_("“{field}”: không có lựa chọn “{text}”.").format(field=self.label, text=text))

    def _date(self, text: str) -> str:
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern).date().isoformat()
            except ValueError:
                continue
        raise AppError(_("“{field}”: “{text}” không phải là ngày (dd/mm/yyyy).").format(field=self.label, text=text))

    def _json(self, text: str) -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise AppError(_("“{field}”: không đọc được “{text}”.").format(field=self.label, text=text)) from exc

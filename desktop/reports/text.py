"""Figures as words: the value of a figure, the name of a breakdown's key, the report's sentences.

`vi=True` is for documents, which are in Vietnamese whatever the interface language;
otherwise the interface language is used (the Báo cáo page, the CLI).
"""

from __future__ import annotations

from datetime import date

from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import _, babel_locale, country_name, format_date

from .figures import Figure

# the enum that names the keys of each breakdown; "country" keys are ISO codes
KEYS_OF: dict[str, str] = {
    "outbound.by_country": "country", "inbound.by_country": "country", "overseas.contacts_by_country": "country",
    "outbound.by_kind": "kind", "aid.by_sector": "ngo_sector", "promotion.by_kind": "promotion_kind",
    "overseas.activities_by_kind": "overseas_activity_kind", "aid.by_donor": "",
    "outbound.by_month": "month", "inbound.by_month": "month", "agreements.by_country": "country",
}


def key_name(code: str, key: str, vi: bool = False) -> str:
    """The name of `key` in the breakdown `code`: a country, an enum value's label, or the key."""
    kind = KEYS_OF.get(code, "")
    if kind == "country":
        return vietnamese_country(key) if vi else country_name(key)
    if kind == "month":
        return f"Tháng {int(key)}" if vi else _("Tháng {month}").format(month=int(key))
    label = ENUM_LABELS.get(kind, {}).get(key) if kind else None
    if label is None:
        return key or ("Khác" if vi else _("Khác"))
    return label if vi else _(label)


def vietnamese_country(code: str) -> str:
    """A country's Vietnamese name (documents)."""
    from babel import Locale

    return Locale.parse("vi").territories.get(code.upper(), code.upper())


def format_number(n: int) -> str:
    """A count as the interface language writes it ("50.000" in Vietnamese)."""
    from babel.numbers import format_decimal

    return format_decimal(n, locale=babel_locale())


def vnd(amount: int, vi: bool = False) -> str:
    """ "5.604.000.000 đồng" """
    if vi:
        return f"{amount:,}".replace(",", ".") + " đồng"
    return _("{amount} đồng").format(amount=format_number(amount))


def number(n: int, vi: bool = False) -> str:
    return f"{n:,}".replace(",", ".") if vi else format_number(n)


def value_text(figure: Figure, vi: bool = False, limit: int = 5) -> str:
    """A figure's value in a line: "14", "5.604.000.000 đồng", "Lào 4, Hoa Kỳ 3, …", a date or "chưa có"."""
    value = figure.value
    if value is None:
        return "chưa có" if vi else _("chưa có")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if vi else format_date(value)
    if isinstance(value, dict):
        if not value:
            return "0"
        items = [f"{key_name(figure.code, k, vi)} {number(n, vi)}" for k, n in list(value.items())[:limit]]
        more = len(value) - limit
        return "; ".join(items) + (f"; … (+{more})" if more > 0 else "")
    if figure.code.endswith("_vnd"):
        return vnd(value, vi)
    return number(value, vi)

"""Whole amounts of money as officers type them, in either language: one parser for the whole program.

Đồng have no minor unit and the registers hold whole amounts only, so "1.250.000" (Vietnamese),
"1,250,000" (English), "1 250 000", "1250000", "1.250.000 ₫", "1,250,000 VND" and "185.000 USD" all
read as the same whole number, whatever language the program speaks — the field shows amounts in the
current language and must read back what it shows. A separator must split the digits in groups of
three ("1.5" and "1,25" are refused, never read as 15 or 125); a fraction of zeros ("1.250.000,00")
is accepted.
"""

from __future__ import annotations

import re

from .messages import tr

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY_WORDS = ("₫", "đồng", "dong", "vnđ", "vnd", "đ")
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*")
_ZERO_FRACTION = re.compile(r"(?P<whole>.*?)(?P<dec>[.,])0{1,2}")


def parse_amount(text: str, unit: str | None = None) -> int | None:
    """The whole, non-negative amount typed in `text`; None when blank; ValueError when unreadable.

    `unit` (e.g. "USD") may stand before or after the number, as may the đồng's own signs."""
    cleaned = _SPACES.sub("", text or "").lower()
    if not cleaned:
        return None
    for word in (*_CURRENCY_WORDS, (unit or "").lower()):
        if word and cleaned.endswith(word):
            cleaned = cleaned[: -len(word)]
        elif word and cleaned.startswith(word):
            cleaned = cleaned[len(word):]
    number = _whole(cleaned)
    if number is None:
        raise ValueError(tr("không phải số tiền nguyên, không âm"))
    return number


def _whole(text: str) -> int | None:
    if _PLAIN.fullmatch(text):
        return int(text)
    grouped = _GROUPED.fullmatch(text)
    if grouped:
        return int(re.sub(r"[.,]", "", text))
    fraction = _ZERO_FRACTION.fullmatch(text)
    if fraction:
        whole = fraction["whole"]
        sep = _GROUPED.fullmatch(whole)
        if _PLAIN.fullmatch(whole) or (sep and sep["sep"] != fraction["dec"]):
            return _whole(whole)
    return None


__all__ = ["parse_amount"]

"""Text normalisation: NFC for storage and drawing, a folded key for searching."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
# Đ/đ carry no combining mark in Unicode, so NFD alone leaves them; map them by hand.
# Curly apostrophes occur in pasted ethnic-minority names ("H’Hen Niê"); search must match "H'Hen".
_FOLD_MAP = str.maketrans({"đ": "d", "Đ": "d", "\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def nfc(s: str | None) -> str | None:
    """Return `s` in Unicode NFC with surrounding whitespace removed; None stays None."""
    if s is None:
        return None
    return unicodedata.normalize("NFC", s).strip()


def fold(s: str | None) -> str:
    """Return the search key of `s`: no diacritics, đ→d, lower case, single spaces.

    >>> fold("Đắk  Lắk")
    'dak lak'
    """
    if not s:
        return ""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", bare.translate(_FOLD_MAP).lower()).strip()

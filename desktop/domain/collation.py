"""Vietnamese alphabetical order: one sort key for Python sorts and for the keys stored for SQL.

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with the foreign
letters f j w z in their Latin places. Strings compare in four levels, each only breaking the
ties of the one before:

1. the letters, case-insensitive, with ă â đ ê ô ơ ư as letters of their own ("Dương" < "Đặng");
   a space sorts before punctuation, punctuation before digits, digits before letters, and
   letters of other scripts after the Latin ones;
2. the tone of each word, left to right: ngang, huyền, hỏi, ngã, sắc, nặng (the dictionaries'
   order: Ca < Cà < Cả < Cã < Cá < Cạ);
3. case, letter by letter, small before capital;
4. the NFC text itself, so that the order is total.

NFC and NFD input give the same key. The key is a `str` whose plain code-point order is the
Vietnamese order, so it sorts the same in Python (`sorted(key=sort_key)`) and, stored as its
UTF-8 bytes (`stored_sort_key`), in SQLite and PostgreSQL whatever the server's locale.
Changing it changes stored keys: a migration must then recompute them (see migration 0007).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ALPHABET = ("a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
            "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z")
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang, huyền, hỏi, ngã, sắc, nặng

SEPARATOR = "\x01"  # ends a level: below every weight, so a shorter level sorts first
_SPACE, _PUNCTUATION = " ", "!"
# letters weigh 'A' (0x41) … 'a' (0x61); digits keep '0'–'9'; other scripts keep their own code
# points (all ≥ 0x80, so after every Latin letter)
_LETTER = {letter: chr(0x41 + i) for i, letter in enumerate(ALPHABET)}
_TONE = {mark: str(i) for i, mark in enumerate(TONES) if mark}
# a base letter and one mark make a Vietnamese letter (NFD splits "ơ" into "o" + horn)
_MODIFIED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
             ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
# letters with no decomposition: đ, and the look-alike Ð (eth) that old fonts and converters leave
# in place of Đ; a few foreign letters sort as the Latin letters they are written with
_SPELLED = {"ð": "đ", "ɖ": "đ", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l",
            "þ": "th", "ı": "i", "ĳ": "ij"}
_APOSTROPHES = frozenset("\u02bc\u02bb")  # modifier-letter apostrophes in "H’Hen": punctuation here


def sort_key(text: str | None) -> str:
    """The key that sorts `text` in Vietnamese alphabetical order ("" for None or blank).

    >>> sorted(["Đặng", "Dương", "Ân", "An"], key=sort_key)
    ['An', 'Ân', 'Dương', 'Đặng']
    """
    if not text or text.isspace():
        return ""
    return _key(text)


def stored_sort_key(*values: str | None) -> bytes | None:
    """The key of the first non-blank of `values` as stored in a `…_sort` column (None when all
    are blank: blanks then sort as SQL NULLs do). Byte order is the key's order on every engine."""
    for value in values:
        if value and value.strip():
            return _key(value).encode("utf-8")
    return None


@lru_cache(maxsize=65536)  # names repeat (imports, bundles): each is worked out once
def _key(text: str) -> str:
    raw = unicodedata.normalize("NFC", text).strip()
    primary: list[str] = []
    tones: list[str] = []  # one per word
    cases: list[str] = []  # one per letter
    word_tone: str | None = None  # None: not inside a word
    for weights, tone, case in _units(raw):
        if case:  # a letter
            if word_tone is None or word_tone == "0":
                word_tone = tone
            primary.append(weights)
            cases.append(case)
            continue
        if not weights:
            continue  # control and format characters (a soft hyphen): only the last level sees them
        if word_tone is not None:
            tones.append(word_tone)
            word_tone = None
        if weights != _SPACE or not primary or primary[-1] != _SPACE:  # a run of spaces is one space
            primary.append(weights)
    if word_tone is not None:
        tones.append(word_tone)
    # trailing lowest weights change nothing (levels of equal primaries have equal lengths): drop them
    levels = ("".join(primary), "".join(tones).rstrip("0"), "".join(cases).rstrip("0"), raw)
    return SEPARATOR.join(levels)


def _units(raw: str) -> list[tuple[str, str, str]]:
    """(primary weights, tone, case per weight) of each letter or other character of NFC `raw`;
    case is "" for what is not a letter. Precomposed characters come from a table filled as met."""
    out = [_CHARS.get(ch) or _char(ch) for ch in raw]
    if any(u is None for u in out):  # a combining mark NFC could not compose, or an expansion ("ﬁ")
        out = [_cluster(base, marks) for base, marks in _clusters(unicodedata.normalize("NFKD", raw))]
    return out  # type: ignore[return-value]


_CHARS: dict[str, tuple[str, str, str]] = {}


def _char(ch: str) -> tuple[str, str, str] | None:
    clusters = _clusters(unicodedata.normalize("NFKD", ch))
    if unicodedata.combining(ch) or len(clusters) != 1:
        return None
    unit = _CHARS[ch] = _cluster(*clusters[0])
    return unit


def _cluster(base: str, marks: str) -> tuple[str, str, str]:
    letters = _letters(base, marks)
    if not letters:
        return _other_weight(base), "", ""
    tone = next((_TONE[m] for m in marks if m in _TONE), "0")
    return "".join(letters), tone, ("1" if base != base.lower() else "0") * len(letters)


def _clusters(decomposed: str) -> list[tuple[str, str]]:
    """(base character, its combining marks) in order; a mark with no base before it stands alone."""
    out: list[tuple[str, str]] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out:
            out[-1] = (out[-1][0], out[-1][1] + ch)
        else:
            out.append((ch, ""))
    return out


def _letters(base: str, marks: str) -> list[str]:
    """Primary weights of a letter with its marks; [] for anything that is not a letter."""
    if not unicodedata.category(base).startswith("L") or base in _APOSTROPHES:
        return []
    out: list[str] = []
    for ch in base.casefold():
        for mark in marks:
            if (ch, mark) in _MODIFIED:
                ch = _MODIFIED[ch, mark]
                break
        spelled = _SPELLED.get(ch, ch)
        out.extend(_LETTER.get(c) or (c if ord(c) >= 0x80 else _PUNCTUATION) for c in spelled)
    return out


def _other_weight(ch: str) -> str:
    """The primary weight of a character that is not a letter ("" for one that does not count)."""
    if ch.isspace():
        return _SPACE
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Mn", "Me", "Mc"):
        return ""  # control and format characters, lone marks
    if category == "Nd":
        return str(unicodedata.digit(ch))
    return _PUNCTUATION

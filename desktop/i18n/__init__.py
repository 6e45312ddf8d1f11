"""Translations and locale-aware formatting.

Message ids are Vietnamese, the default language, so the program speaks
Vietnamese even if no catalog loads. English comes from
`resources/locale/en/LC_MESSAGES/doingoai.po`, compiled to `.mo` on first use
when the compiled file is missing or older than the catalog. A catalog that
cannot be read is reported on stderr and the program carries on in Vietnamese.
`set_language` also installs the translator of the domain layer
(`desktop.domain.messages`), so rule findings and validation messages follow.

To add a string: write it in Vietnamese inside `_()` (or `N_()` for a constant,
`tr()` in desktop/domain), with `{name}` placeholders filled by `.format(name=...)`,
then run `make po` and translate the new entries of the English `.po`.
"""

from __future__ import annotations

import gettext as _gettext
import re
import sys
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING

from desktop.config import resources_dir
from desktop.domain import messages as _domain_messages
from desktop.domain.collation import sort_key

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

# Babel is imported inside the functions that use it: Vietnamese, the default, needs no
# catalog, and the start-up path should not pay for locale data it does not show yet.

DOMAIN = "doingoai"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

_state: dict = {"lang": DEFAULT_LANGUAGE, "tr": _gettext.NullTranslations()}


class CatalogError(ValueError):
    """A `.po` catalog that is not valid gettext syntax."""


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def _(message: str) -> str:
    """Translate a Vietnamese message id into the current language ("" stays "")."""
    # gettext("") is the catalog header, never what a caller wrapping an empty value wants.
    return _state["tr"].gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on the count `n` ("1 day", "2 days")."""
    return _state["tr"].ngettext(singular, plural, n)


def current_language() -> str:
    """The language code in use ("vi" or "en")."""
    return _state["lang"]


def language_name(code: str) -> str:
    """A language's name in that language, for a language menu ("vi" → "Tiếng Việt")."""
    if code in LANGUAGES:
        return LANGUAGES[code]
    try:
        from babel import Locale

        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError, LookupError):  # babel's UnknownLocaleError is a LookupError
        return code


def set_language(lang: str) -> None:
    """Switch every later `_()` call, and the domain's messages, to `lang`.

    Unknown codes, and languages whose catalog cannot be loaded, fall back to Vietnamese.
    """
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    translations = _load(lang) if lang != DEFAULT_LANGUAGE else None
    if translations is None:
        lang, translations = DEFAULT_LANGUAGE, _gettext.NullTranslations()
    _state["lang"], _state["tr"] = lang, translations
    if lang == DEFAULT_LANGUAGE:
        _domain_messages.set_translator(None)
    else:
        _domain_messages.set_translator(translations.gettext, translations.ngettext)


def catalog_path(lang: str) -> Path:
    """The `.po` file of one language."""
    return resources_dir() / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load(lang: str) -> _gettext.GNUTranslations | None:
    """The translations of `lang`, or None (with a warning on stderr) when they cannot load."""
    po = catalog_path(lang)
    if not po.exists():
        _warn(f"no catalog {po}")
        return None
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        try:
            with mo.open("rb") as fh:
                return _gettext.GNUTranslations(fh)
        except (OSError, ValueError, UnicodeError):
            pass  # a damaged .mo is rebuilt from the catalog below
    try:
        return _gettext.GNUTranslations(BytesIO(compile_catalog(po, mo)))
    except (OSError, ValueError, UnicodeError) as exc:
        _warn(f"cannot load {po}: {exc}")
        return None


def _warn(message: str) -> None:
    print(f"doingoai: {message}; using Vietnamese.", file=sys.stderr)


def compile_catalog(po: Path, mo: Path | None = None) -> bytes:
    """Compile a `.po` to `.mo` bytes; also write `mo` when its folder is writable.

    Raises CatalogError when the file is not valid gettext syntax. A translation whose
    `{placeholders}` the message id does not have is left out (with a warning), so a
    typo in the catalog cannot make `.format()` fail at run time.
    """
    catalog = _read_catalog(po)
    for msgid in _drop_unsafe_translations(catalog):
        print(
            f"doingoai: {po}: translation of {msgid!r} ignored (placeholders differ)",
            file=sys.stderr,
        )
    buf = BytesIO()
    from babel.messages.mofile import write_mo

    write_mo(buf, catalog, use_fuzzy=False)
    data = buf.getvalue()
    if mo is not None:
        try:
            mo.write_bytes(data)
        except OSError:
            pass  # a read-only install still works from memory
    return data


def _read_catalog(po: Path) -> Catalog:
    """Parse a `.po` strictly; CatalogError (a ValueError) for anything malformed."""
    from babel.messages.pofile import PoFileError, read_po

    data = po.read_bytes()
    try:
        check_po_syntax(data.decode("utf-8-sig"))
        return read_po(BytesIO(data), locale=po.parent.parent.name, abort_invalid=True)
    except (UnicodeDecodeError, PoFileError) as exc:
        raise CatalogError(f"{po.name}: {exc}") from exc


_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"\s*(#.*|(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+{_PO_STRING}|{_PO_STRING})?\s*"
)


def check_po_syntax(text: str) -> None:
    """Raise CatalogError naming the first line that is not a comment, keyword or string.

    Babel's reader silently mangles such lines (an unclosed quote loses text), so
    they are refused before it sees them.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.fullmatch(line):
            raise CatalogError(f"line {number} is not valid gettext syntax: {line.strip()[:60]}")


def placeholders(text: str) -> set[str] | None:
    """The `{name}` fields of a `str.format` template; None when its braces are malformed."""
    try:
        return {
            field for _text, field, _spec, _conv in Formatter().parse(text) if field is not None
        }
    except ValueError:
        return None


def unsafe_translation(msgid: str | tuple, msgstr: str | tuple) -> bool:
    """True when a translation could make `.format(...)` fail where the message id works.

    That is: malformed braces, or a placeholder no form of the message id has. Plural
    entries pass tuples (msgid, msgid_plural) and (msgstr[0], msgstr[1], ...).
    """
    ids = msgid if isinstance(msgid, tuple) else (msgid,)
    found = [placeholders(s) for s in (msgstr if isinstance(msgstr, tuple) else (msgstr,)) if s]
    wanted = [placeholders(i) for i in ids]
    if None in wanted:
        return False  # not a format template: `.format()` is never called on it
    allowed = set().union(*wanted)
    return any(f is None or not f <= allowed for f in found)


def _drop_unsafe_translations(catalog: Catalog) -> list[str]:
    """Blank the translations `unsafe_translation` refuses; return their message ids."""
    dropped = []
    for message in catalog:
        if message.id and unsafe_translation(message.id, message.string):
            plural = isinstance(message.string, tuple)
            message.string = ("",) * len(message.string) if plural else ""
            dropped.append(message.id[0] if plural else message.id)
    return dropped


def babel_locale() -> str:
    """The Babel locale of the current language."""
    return "vi_VN" if current_language() == "vi" else "en_GB"


def format_date(d: date | None) -> str:
    """05/02/2026 — tables and editors, in both languages."""
    return "" if d is None else d.strftime("%d/%m/%Y")


def format_document_date(d: date) -> str:
    """'ngày 05 tháng 02 năm 2026' — the date line of a state document."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(d, "'ngày' dd 'tháng' MM 'năm' yyyy", locale="vi_VN")


def format_money(amount: int | None) -> str:
    """'1.250.000 ₫' (VND has no minor unit)."""
    if amount is None:
        return ""
    from babel.numbers import format_currency

    return format_currency(amount, "VND", locale="vi_VN")


# Two-letter territory codes of the locale data that are not countries or territories.
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"})


@lru_cache(maxsize=4)
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse("vi" if lang == "vi" else "en").territories)


def country_name(code: str) -> str:
    """Country name in the current language from the locale data (KR → Hàn Quốc)."""
    return _territories(current_language()).get(code.upper(), code.upper())


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every ISO 3166 country, sorted by the displayed name."""
    names = _territories(current_language())
    codes = [c for c in names if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES]
    return sorted(((c, names[c]) for c in codes), key=lambda item: sort_key(item[1]))

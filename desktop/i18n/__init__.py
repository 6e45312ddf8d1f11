"""Translations and locale-aware formatting.

Message ids are Vietnamese, the default language, so the program speaks
Vietnamese even if no catalog loads. English comes from
`resources/locale/en/LC_MESSAGES/doingoai.po`, compiled to `.mo` on first use
when the compiled file is missing or older than the catalog.
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency

from desktop.config import resources_dir

DOMAIN = "doingoai"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

_state: dict = {"lang": DEFAULT_LANGUAGE, "tr": _gettext.NullTranslations()}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def _(message: str) -> str:
    """Translate a Vietnamese message id into the current language."""
    return _state["tr"].gettext(message)


def current_language() -> str:
    """The language code in use ("vi" or "en")."""
    return _state["lang"]


def set_language(lang: str) -> None:
    """Switch every later `_()` call to `lang`; unknown codes fall back to Vietnamese."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _state["lang"] = lang
    _state["tr"] = _load(lang) if lang != DEFAULT_LANGUAGE else _gettext.NullTranslations()


def catalog_path(lang: str) -> Path:
    """The `.po` file of one language."""
    return resources_dir() / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load(lang: str) -> _gettext.NullTranslations:
    po = catalog_path(lang)
    if not po.exists():
        return _gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    return _gettext.GNUTranslations(BytesIO(compile_catalog(po, mo)))


def compile_catalog(po: Path, mo: Path | None = None) -> bytes:
    """Compile a `.po` to `.mo` bytes; also write `mo` when its folder is writable."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.parent.parent.name)
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    data = buf.getvalue()
    if mo is not None:
        try:
            mo.write_bytes(data)
        except OSError:
            pass  # a read-only install still works from memory
    return data


def babel_locale() -> str:
    """The Babel locale of the current language."""
    return "vi_VN" if current_language() == "vi" else "en_GB"


def format_date(d: date | None) -> str:
    """05/02/2026 — tables and editors, in both languages."""
    return "" if d is None else d.strftime("%d/%m/%Y")


def format_document_date(d: date) -> str:
    """'ngày 05 tháng 02 năm 2026' — the date line of a state document."""
    return _babel_format_date(d, "'ngày' dd 'tháng' MM 'năm' yyyy", locale="vi_VN")


def format_money(amount: int | None) -> str:
    """'1.250.000 ₫' (VND has no minor unit)."""
    if amount is None:
        return ""
    return format_currency(amount, "VND", locale="vi_VN")


@lru_cache(maxsize=4)
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse("vi" if lang == "vi" else "en").territories)


def country_name(code: str) -> str:
    """Country name in the current language from the locale data (KR → Hàn Quốc)."""
    return _territories(current_language()).get(code.upper(), code.upper())


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every ISO 3166 country, sorted by the displayed name."""
    names = _territories(current_language())
    codes = [c for c in names if len(c) == 2 and c.isalpha() and c not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}]
    from desktop.domain.text import fold

    return sorted(((c, names[c]) for c in codes), key=lambda item: fold(item[1]))

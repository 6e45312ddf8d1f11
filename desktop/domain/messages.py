"""Translation hook of the domain layer, which may import nothing of the project.

Domain messages are Vietnamese `str.format` templates with named placeholders,
translated when they are built: `tr("Đoàn “{title}”").format(title=...)`. By
default `tr` returns its argument, so the domain speaks Vietnamese on its own;
`desktop.i18n.set_language` installs the gettext functions of the chosen language.
Module-level constants (rule titles, enum labels, legal sources) are only marked
with `N_` and translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]


def _identity(message: str) -> str:
    return message


def _plural_by_count(singular: str, plural: str, n: int) -> str:
    return _state["tr"](singular if n == 1 else plural)


_state: dict[str, Callable] = {"tr": _identity, "trn": _plural_by_count}


def tr(message: str) -> str:
    """Translate a Vietnamese message id with the installed translator (identity by default).

    An empty string stays empty (gettext would return the catalog header for it).
    """
    return _state["tr"](message) if message else message


def trn(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on the count `n` (English "1 day", "2 days").

    Vietnamese has one form, so `singular` and `plural` are usually the same text.
    """
    return _state["trn"](singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for extraction; it is translated with `tr` where it is displayed."""
    return message


def set_translator(fn: Translate | None, plural_fn: TranslatePlural | None = None) -> None:
    """Install the translation functions (`gettext`, `ngettext`); None restores Vietnamese.

    Without `plural_fn`, plural messages go through `fn` with the form chosen by count.
    """
    _state["tr"] = fn or _identity
    _state["trn"] = plural_fn or _plural_by_count

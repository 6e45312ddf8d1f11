"""The user's guide inside the program: one Markdown page per screen (resources/help/<lang>/),
the rules page completed from the rule registry so it never drifts, and a search that needs
no diacritics. Plain Python: the window is desktop/ui/help/."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.config import resources_dir
from desktop.domain import (  # noqa: F401 (each registers its rules in DEFAULT_RULES)
    aid_rules,
    conference_rules,
    dossier,
    inspection_rules,
    ngo_rules,
    plan_rules,
    promotion_rules,
    unit_rules,
)
from desktop.domain.messages import tr
from desktop.domain.rule_config import DEFAULT_RULES
from desktop.domain.text import fold

# The contents, in reading order; a main-window page's key opens the page of the same name.
ORDER = ("start", "dashboard", "outbound", "inbound", "conferences", "promotions", "overseas", "ngos",
         "aid", "agreements", "persons", "plan", "documents", "reports", "monitoring", "inspections", "sync", "sending", "printing", "rules", "settings")
SEVERITY = {"blocking": "chặn", "warning": "cảnh báo", "overdue": "quá hạn", "reminder": "nhắc việc"}
LINK = re.compile(r"\(page:([a-z_]+)\)")


@dataclass(frozen=True)
class HelpPage:
    """One page of the guide: its key, its title (the first heading) and its Markdown."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Hit:
    """A page that holds every searched word, with the line where the first one is."""

    page: HelpPage
    excerpt: str


def pages(language: str = "vi") -> list[HelpPage]:
    """Every page of the guide in `language` (Vietnamese where a page has no translation)."""
    out = []
    for key in ORDER:
        text = _read(language, key)
        if key == "rules":
            text = _with_rule_facts(text)
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), key)
        out.append(HelpPage(key, title, text))
    return out


def links(page: HelpPage) -> list[str]:
    """The keys of the pages `page` links to."""
    return LINK.findall(page.text)


def search(all_pages: list[HelpPage], query: str) -> list[Hit]:
    """Pages holding every word of `query`, compared without diacritics ("ho chieu" finds
    "hộ chiếu"), most mentions first."""
    words = fold(query).split()
    if not words:
        return []
    found = []
    for page in all_pages:
        folded = fold(page.text)
        if all(w in folded for w in words):
            line = next((ln for ln in page.text.splitlines() if words[0] in fold(ln)), "")
            found.append((sum(folded.count(w) for w in words), Hit(page, _plain(line))))
    return [hit for _count, hit in sorted(found, key=lambda pair: -pair[0])]


def _read(language: str, key: str) -> str:
    for lang in (language, "vi"):
        path = resources_dir() / "help" / lang / f"{key}.md"
        if path.exists():
            return path.read_text("utf-8")
    raise FileNotFoundError(f"help page {key!r} missing from resources/help/vi")


def _with_rule_facts(text: str) -> str:
    """Under each "## R1" heading: the rule's title, default level, defaults and legal source, as
    the registry has them (the settings may have changed them: Cài đặt › Quy tắc shows the current)."""

    def facts(match: re.Match) -> str:
        rule = DEFAULT_RULES.get(match.group(1))
        if rule is None:
            return match.group(0)
        params = "; ".join(f"{tr(rule.param_labels.get(k, k))}: {_value(v)}" for k, v in rule.params.items()
                           if k in rule.param_labels)
        lines = [f"## {rule.code} — {tr(rule.title)}", "",
                 f"*Mức mặc định: {SEVERITY.get(rule.severity, rule.severity)}."
                 + (f" Mặc định: {params}." if params else "") + f" Căn cứ: {tr(rule.source)}.*", ""]
        return "\n".join(lines)

    return re.sub(r"^## ([A-Z]\d+)[ \t]*$", facts, text, flags=re.MULTILINE)


def _value(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _plain(line: str) -> str:
    return re.sub(r"[#*`]|\(page:[a-z_]+\)", "", line).replace("[", "").replace("]", "").strip()

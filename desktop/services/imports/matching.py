"""List values as units write them: by code, by label, or by their folded words.

"Giáo dục" is the sector labelled "Giáo dục, đào tạo" (its words are among the label's),
"Y tế cộng đồng" is "Y tế" (it holds every word of the label), "Trẻ em" is "An sinh xã hội"
(a word units use for it, in `VALUE_WORDS`). A value no label or word fits is refused with the
list; one that fits several is refused naming them.
"""

from __future__ import annotations

from desktop.domain.text import fold
from desktop.domain.validation import ENUM_LABELS, ENUMS
from desktop.i18n import _

_CONNECTIVES = {"va", "cac", "nhung", "and", "of", "the", "&"}

# Words and phrases units write for a value, beyond its label (Vietnamese, then English).
VALUE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "direction": {
        "outbound": ("đi nước ngoài", "ra nước ngoài", "cử đi", "outbound"),
        "inbound": ("khách nước ngoài", "khách quốc tế", "đón đoàn", "inbound"),
    },
    "ngo_sector": {
        "health": ("sức khỏe", "chăm sóc sức khỏe", "dinh dưỡng", "HIV/AIDS", "health", "healthcare"),
        "education": ("dạy nghề", "học bổng", "education", "training"),
        "agriculture": ("nông dân", "agriculture", "rural development"),
        "environment": ("lâm nghiệp", "bảo tồn", "environment", "climate change"),
        "social_welfare": ("trẻ em", "phụ nữ", "bình đẳng giới", "người khuyết tật", "người cao tuổi",
                           "bảo trợ xã hội", "children", "women", "gender", "disability"),
        "disaster_relief": ("nhân đạo", "ứng phó thiên tai", "disaster", "relief", "humanitarian"),
        "water_sanitation": ("vệ sinh môi trường", "nước sạch và vệ sinh môi trường", "WASH", "water",
                             "sanitation"),
        "livelihoods": ("xóa đói giảm nghèo", "phát triển cộng đồng", "vi tín dụng", "livelihood",
                        "poverty reduction"),
        "ethnic_minorities": ("ethnic minorities",),
    },
    "kind": {
        "working_trip": ("khảo sát", "học tập kinh nghiệm", "working trip", "study tour"),
        "training": ("bồi dưỡng", "training"),
        "conference": ("diễn đàn", "conference", "seminar", "forum"),
        "promotion": ("hội chợ", "triển lãm", "promotion", "trade fair"),
        "official_visit": ("thăm hữu nghị", "official visit"),
    },
    "funding": {
        "state_budget": ("ngân sách", "NSNN", "NSĐP", "state budget"),
        "partner": ("phía bạn", "phía bạn chi trả", "đối tác", "bên mời", "partner"),
        "self": ("cá nhân tự túc", "self-funded"),
    },
}


def spaced(text: str) -> str:
    """`text` as compared: folded, punctuation and runs of spaces made one space ("Kinh phí (đồng)" →
    "kinh phi dong")."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def words(text: str) -> frozenset[str]:
    """The folded words of `text`, punctuation and connectives ("và", "các") left out."""
    return frozenset(spaced(text).split()) - _CONNECTIVES


def names(enum: str, code: str) -> list[str]:
    """Everything a value is known by: its code, its label (and each part of it between commas) in
    Vietnamese and in the current language, and the words units use for it."""
    label = ENUM_LABELS.get(enum, {}).get(code, code)
    found = [code, label, _(label)]
    for name in (label, _(label)):
        found += [part for part in name.split(",") if part.strip()]
    return found + list(VALUE_WORDS.get(enum, {}).get(code, ()))


def _label(enum: str, code: str) -> str:
    return _(ENUM_LABELS.get(enum, {}).get(code, code))


def match(enum: str, typed: str, by_words: bool = True) -> tuple[str, bool]:
    """(code, guessed) of the one value `typed` names; `guessed` when found by its words rather than
    as written. ValueError listing the values when none fits, naming them when several do."""
    wanted, typed_words = fold(typed), words(typed)
    codes = ENUMS.get(enum, ())
    for code in codes:
        known = names(enum, code)
        if wanted in {fold(n) for n in known[:3]} or (typed_words and typed_words == words(known[1])):
            return code, False
    if by_words and typed_words:
        found = _by_words(enum, codes, typed_words)
        if len(found) == 1:
            return found[0], True
        if found:
            raise ValueError(_("«{value}» có thể là nhiều giá trị: {candidates}. Hãy ghi rõ một giá trị.").format(
                value=typed, candidates="; ".join(_label(enum, c) for c in found)))
    allowed = ", ".join(_label(enum, c) for c in codes)
    raise ValueError(_("«{value}» không có trong danh sách ({allowed}).").format(value=typed, allowed=allowed))


def _by_words(enum: str, codes: tuple[str, ...], typed: frozenset[str]) -> list[str]:
    """The values one of whose names has exactly the typed words; failing that, those whose names hold
    every typed word; failing that, those with a name whose words all stand in what was typed, the
    one covering most of it (ties: all of them)."""
    named = {c: [words(n) for n in names(enum, c) if words(n)] for c in codes}
    for test in (lambda w: w == typed, lambda w: typed <= w):
        found = [c for c in codes if any(test(w) for w in named[c])]
        if found:
            return found
    cover = {c: max((len(w) for w in named[c] if w <= typed), default=0) for c in codes}
    best = max(cover.values(), default=0)
    return [c for c, size in cover.items() if best and size == best]

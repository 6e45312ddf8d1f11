"""Drawing pieces reportlab lacks: centred lines with the rules Decree 30/2020 puts under them."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Flowable

from desktop.domain.text import nfc
from desktop.printing.fonts import register_fonts, string_width

LINE_GAP = 0.2  # white space between lines, as a fraction of the font size
RULE_WIDTH = 0.6  # points: a thin solid line, as on a typed document
RULE_GAP = 3.5  # points between the descenders and a rule (clear of ạ, ộ and g, p)
# Room above the baseline, in font sizes: Vietnamese capitals carry stacked marks (Ẫ, Ặ) that
# reach higher than the font's nominal ascent (0.69 in reportlab's metrics).
ASCENT = 0.95


@dataclass(frozen=True)
class Text:
    """A centred text, wrapped into balanced lines; optionally a rule beneath it.

    `rule` is None (no rule), "exact" (exactly the text's width: the motto) or a fraction of
    the widest line (the short rule under the issuing unit and under a title's summary).
    """

    text: str
    font: str
    size: float
    rule: str | float | None = None
    space_after: float = 0.0


@dataclass(frozen=True)
class Gap:
    """Empty vertical space (the room for the signature)."""

    height: float


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in as few lines as fit `width`, as even in length as possible.

    A header name that needs two lines breaks near its middle ("UBND THÀNH PHỐ" /
    "BUÔN MA THUỘT"), not after its last fitting word. A word wider than `width` is cut
    into pieces that fit, so nothing crosses the column's edge.
    """
    text = nfc(text) or ""
    if not text:
        return []
    if string_width(text, font, size) <= width:
        return [text]  # as typed: the blanks left for the number and the day stay
    words = [piece for word in text.split(" ") for piece in _fitting(word, font, size, width)]
    sizes = [string_width(w, font, size) for w in words]
    space = string_width(" ", font, size)
    count = len(_greedy(sizes, space, width))
    low, high = max(max(sizes), width / count), width
    for _ in range(16):  # binary search of the narrowest width that keeps `count` lines
        middle = (low + high) / 2
        if len(_greedy(sizes, space, middle)) <= count:
            high = middle
        else:
            low = middle
    return [" ".join(words[a:b]).strip() for a, b in _greedy(sizes, space, high)]


def _fitting(word: str, font: str, size: float, width: float) -> list[str]:
    """`word`, or pieces of it each narrower than `width` when it is wider."""
    if string_width(word, font, size) <= width:
        return [word]
    pieces, current = [], ""
    for ch in word:
        if current and string_width(current + ch, font, size) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current]


def _greedy(sizes: list[float], space: float, width: float) -> list[tuple[int, int]]:
    """Word ranges of each line when every line takes as many words as fit."""
    lines, start, used = [], 0, 0.0
    for i, w in enumerate(sizes):
        if i > start and used + space + w > width:
            lines.append((start, i))
            start, used = i, w
        else:
            used = w if i == start else used + space + w
    lines.append((start, len(sizes)))
    return lines


class Lines(Flowable):
    """A column of centred texts, rules and gaps (letterhead, title, signature)."""

    def __init__(self, items: list[Text | Gap]):
        super().__init__()
        register_fonts()
        self.items = items
        self._ops: list[tuple] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width != getattr(self, "width", None):  # tables ask more than once
            self.width = available_width
            self._ops, self.height = _layout(self.items, available_width)
        return self.width, self.height

    def draw(self) -> None:
        canvas, centre = self.canv, self.width / 2
        for op in self._ops:
            if op[0] == "text":
                _kind, text, font, size, baseline = op
                canvas.setFont(font, size)
                canvas.drawCentredString(centre, self.height - baseline, text)
            else:
                _kind, length, y = op
                canvas.setLineWidth(RULE_WIDTH)
                canvas.line(centre - length / 2, self.height - y, centre + length / 2, self.height - y)


def _layout(items: list[Text | Gap], width: float) -> tuple[list[tuple], float]:
    """Drawing operations (y measured down from the top) and the total height.

    `y` is the lowest point drawn so far. Each line's glyphs start a little below it
    (nothing above the first line, which touches the top), so capitals with stacked
    Vietnamese marks never touch the descenders of the line above.
    """
    ops: list[tuple] = []
    y = 0.0
    for item in items:
        if isinstance(item, Gap):
            y += item.height
            continue
        ascent, descent = ASCENT * item.size, getAscentDescent(item.font, item.size)[1]
        lines = balanced_lines(item.text, item.font, item.size, width)
        widest = 0.0
        for line in lines:
            baseline = y + (item.size * LINE_GAP if ops else 0) + ascent
            ops.append(("text", line, item.font, item.size, baseline))
            y = baseline - descent
            widest = max(widest, string_width(line, item.font, item.size))
        if item.rule is not None and lines:
            length = widest if item.rule == "exact" else widest * float(item.rule)
            ops.append(("rule", length, y + RULE_GAP))
            y += RULE_GAP + RULE_WIDTH
        y += item.space_after
    return ops, y

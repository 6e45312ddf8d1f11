"""Reading the PDFs back: text (pypdf and pdfplumber), glyphs with positions, fonts, lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO

import pdfplumber
import pypdf
from reportlab.lib.units import mm

MM = mm
A4_PORTRAIT = (595.2756, 841.8898)
A4_LANDSCAPE = (841.8898, 595.2756)


def pages_text(data: bytes) -> list[str]:
    """Each page's text (pypdf), runs of white space collapsed to one space."""
    reader = pypdf.PdfReader(BytesIO(data))
    return [squeeze(page.extract_text()) for page in reader.pages]


def text(data: bytes) -> str:
    """The whole document's text, white space collapsed."""
    return " ".join(pages_text(data))


def squeeze(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def lines_of(data: bytes, page: int = 0) -> list[str]:
    """The text lines of one page as pdfplumber sees them (white space collapsed)."""
    with pdfplumber.open(BytesIO(data)) as pdf:
        return [squeeze(line) for line in pdf.pages[page].extract_text().splitlines()]


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    chars: list[dict]
    lines: list[dict]


def pages(data: bytes) -> list[Page]:
    """Every page's size, glyphs and stroked lines (pdfplumber)."""
    with pdfplumber.open(BytesIO(data)) as pdf:
        return [Page(float(p.width), float(p.height), list(p.chars), list(p.lines) + list(p.rects))
                for p in pdf.pages]


def font_resources(data: bytes) -> list[tuple[str, bool]]:
    """(BaseFont, has an embedded TrueType file) of every font on every page."""
    reader = pypdf.PdfReader(BytesIO(data))
    out = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = _descriptor(font)
            out.append((str(font["/BaseFont"]), descriptor is not None and "/FontFile2" in descriptor))
    return out


def _descriptor(font):
    if "/FontDescriptor" in font:
        return font["/FontDescriptor"].get_object()
    for descendant in font.get("/DescendantFonts", []):
        d = descendant.get_object()
        if "/FontDescriptor" in d:
            return d["/FontDescriptor"].get_object()
    return None


def run_of(chars: list[dict], wanted: str) -> list[dict]:
    """The glyphs of the first occurrence of `wanted` on one line (spaces are not glyphs)."""
    target = wanted.replace(" ", "")
    rows: dict[float, list[dict]] = {}
    for c in chars:
        if c["text"].strip():
            rows.setdefault(round(c["top"], 1), []).append(c)
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        joined = "".join(c["text"] for c in row)
        at = joined.find(target)
        if at >= 0:
            return row[at:at + len(target)]
    raise AssertionError(f"{wanted!r} not found on any line")

"""The frame of a state document (Decree 30/2020/NĐ-CP, Appendix I), drawn with reportlab.

A4 portrait (landscape for wide tables); margins top 20 mm, bottom 20 mm, left 30 mm,
right 15 mm. Letterhead: managing body and issuing unit top left with a short rule and
"Số: …" under them; the national title and the motto top right with a rule exactly the
motto's width, then the italic place-and-date line. Title in bold capitals, "Kính gửi:",
a justified body, "Nơi nhận:" bottom left and the signature block bottom right. Page
numbers from page 2, centred in the top margin: their glyphs lie between PAGE_NUMBER_BAND
(8–20 mm from the top edge), every other glyph inside the margins.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.text import nfc
from desktop.printing.flowables import Gap, Lines, Text
from desktop.printing.fonts import (
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    register_fonts,
)

MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
PAGE_NUMBER_BASELINE = 14 * mm  # from the top edge
PAGE_NUMBER_BAND = (8 * mm, 20 * mm)  # where page-number glyphs may lie, from the top edge

HEADER_SIZE = 13  # managing body, issuing unit, "Số:", the motto, the date line
NATIONAL_SIZE = 12  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" fits the right column at 12 pt
BODY_SIZE = 14
TABLE_SIZE = 12
RECIPIENTS_SIZE = 11
SIGNATURE_SPACE = 20 * mm  # room for the hand signature and the seal
LEFT_COLUMN = 0.45  # of the text width: the letterhead's left column (the right one is 90+ mm)

# Binary (deflate-only) streams: base-85 text encoding makes every PDF a quarter larger and slower.
rl_config.useA85 = 0

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Letterhead:
    """The two header columns, as printed."""

    managing_body: str
    issuing_unit: str
    number_line: str  # "Số: 05/TTr-UBND"
    place_date: str  # "Buôn Ma Thuột, ngày 05 tháng 02 năm 2026"
    subject: str = ""  # a công văn's "V/v …" under the number


@dataclass(frozen=True)
class Signature:
    """Bold capital lines ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), the space, the full name."""

    lines: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class Para:
    """A body paragraph; `style` is "body" (justified, indented), "heading" (bold) or "plain"."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Grid:
    """A bordered table: header row repeated on each page, cells that wrap."""

    headers: tuple[str, ...]
    widths: tuple[float, ...]  # relative; scaled to the text width
    rows: tuple[tuple[str, ...], ...]
    centred: frozenset[int] = frozenset({0})  # columns centred (the STT)


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn with reportlab's own graphics (no image file): one bar per category and series."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (name, one value per category)
    height: float = 150  # points


@dataclass(frozen=True)
class Document:
    """One form, ready to draw."""

    letterhead: Letterhead
    title: str  # "TỜ TRÌNH" ("" for a công văn)
    subtitle: str  # "Về việc …"
    addressees: tuple[str, ...]  # "Kính gửi:" (empty: none)
    blocks: tuple[Para | Grid | Chart, ...]
    recipients: tuple[str, ...] | None  # "Nơi nhận:" items; None: no such block
    signature: Signature
    landscape: bool = False
    meta_title: str = ""
    meta_author: str = ""


def page_size(is_landscape: bool) -> tuple[float, float]:
    """A4 in points, portrait or landscape."""
    return landscape(A4) if is_landscape else A4


# reportlab keeps per-document subset state on the shared TTF objects: one build at a time
_BUILD_LOCK = threading.Lock()


def build_pdf(doc: Document) -> bytes:
    """Draw `doc` and return the PDF bytes (fonts embedded as subsets); safe from any thread."""
    with _BUILD_LOCK:
        return _build(doc)


def _build(doc: Document) -> bytes:
    register_fonts()
    buffer = BytesIO()
    width, height = page_size(doc.landscape)
    template = BaseDocTemplate(
        buffer, pagesize=(width, height), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=nfc(doc.meta_title) or "",
        author=nfc(doc.meta_author) or "", creator="Sổ Đối ngoại", pageCompression=1,
        initialFontName=SERIF, initialFontSize=BODY_SIZE, lang="vi-VN",
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, template.width, template.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate("page", [frame], onPage=_page_number)])
    template.build(story(doc, template.width))
    return buffer.getvalue()


def story(doc: Document, text_width: float) -> list[Flowable]:
    """The flowables of `doc`, top to bottom."""
    out: list[Flowable] = [letterhead(doc.letterhead, text_width), Spacer(1, 6)]
    out += title_block(doc.title, doc.subtitle)
    out += addressee_block(doc.addressees, text_width)
    body = [block_flowable(b, text_width) for b in doc.blocks]
    # the signature never stands alone on a page: the last paragraph goes over with it
    last = [body.pop()] if body and isinstance(doc.blocks[-1], Para) else []
    out += body
    out.append(KeepTogether([*last, Spacer(1, 4), closing(doc.recipients, doc.signature, text_width)]))
    return out


def _page_number(canvas, template) -> None:
    """Page numbers from page 2, centred over the text in the top margin."""
    number = canvas.getPageNumber()
    if number < 2:
        return
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(SERIF, HEADER_SIZE)
    centre = MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2
    canvas.drawCentredString(centre, height - PAGE_NUMBER_BASELINE, str(number))
    canvas.restoreState()


# --- letterhead, title, addressees ------------------------------------------------------------


def letterhead(head: Letterhead, text_width: float) -> Table:
    """The two-column header: rows aligned so "Số:" and the date line share a baseline."""
    left_top: list[Text | Gap] = []
    if head.managing_body:
        left_top.append(Text(head.managing_body.upper(), SERIF, HEADER_SIZE))
    left_top.append(Text(head.issuing_unit.upper(), SERIF_BOLD, HEADER_SIZE, rule=0.4))
    right_top = [Text(NATIONAL_TITLE, SERIF_BOLD, NATIONAL_SIZE),
                 Text(MOTTO, SERIF_BOLD, HEADER_SIZE, rule="exact")]
    left_bottom: list[Text | Gap] = [Text(head.number_line, SERIF, HEADER_SIZE)]
    if head.subject:
        left_bottom += [Gap(2), Text(head.subject, SERIF, 12)]
    right_bottom = [Text(head.place_date, SERIF_ITALIC, HEADER_SIZE)]
    left = text_width * LEFT_COLUMN
    table = Table([[Lines(left_top), Lines(right_top)], [Lines(left_bottom), Lines(right_bottom)]],
                  colWidths=[left, text_width - left])
    table.setStyle(_no_padding(("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, 0), 10)))
    return table


def title_block(title: str, subtitle: str) -> list[Flowable]:
    """ "TỜ TRÌNH" and its summary in bold, centred, with a short rule under them."""
    if not title:
        return []
    items: list[Text | Gap] = [Text(title.upper(), SERIF_BOLD, BODY_SIZE)]
    if subtitle:
        items.append(Text(subtitle, SERIF_BOLD, BODY_SIZE, rule=0.33))
    return [Spacer(1, 6), Lines(items), Spacer(1, 8)]


def addressee_block(addressees: tuple[str, ...], text_width: float) -> list[Flowable]:
    """ "Kính gửi: X." centred for one addressee; a "- X;" list for several."""
    names = [a for a in (nfc(x) for x in addressees) if a]
    if not names:
        return []
    style = ParagraphStyle("to", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.25)
    if len(names) == 1:
        centred = ParagraphStyle("to1", parent=style, alignment=TA_CENTER)
        return [Paragraph(escape(f"Kính gửi: {names[0]}."), centred), Spacer(1, 8)]
    label_width = 26 * mm
    lines = [Paragraph(escape(f"- {n}{'.' if i == len(names) - 1 else ';'}"), style)
             for i, n in enumerate(names)]
    table = Table([[Paragraph("Kính gửi:", style), lines]],
                  colWidths=[label_width, min(text_width - label_width - 20 * mm, 110 * mm)])
    table.hAlign = "CENTER"
    table.setStyle(_no_padding(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return [table, Spacer(1, 8)]


# --- body ---------------------------------------------------------------------------------


_STYLES: dict[str, ParagraphStyle] = {}


def paragraph_style(kind: str) -> ParagraphStyle:
    """The body styles: 14 pt, justified, first line indented 1 cm; table cells 12 pt."""
    if not _STYLES:
        # single line spacing at least, 6 pt at least between paragraphs (Decree 30/2020, Appendix I)
        body = ParagraphStyle("body", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.2,
                              alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceBefore=6)
        _STYLES.update(
            body=body,
            heading=ParagraphStyle("heading", parent=body, fontName=SERIF_BOLD),
            plain=ParagraphStyle("plain", parent=body, firstLineIndent=0),
            cell=ParagraphStyle("cell", fontName=SERIF, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2,
                                alignment=TA_LEFT),
            cell_centre=ParagraphStyle("cell_centre", fontName=SERIF, fontSize=TABLE_SIZE,
                                       leading=TABLE_SIZE * 1.2, alignment=TA_CENTER),
            cell_head=ParagraphStyle("cell_head", fontName=SERIF_BOLD, fontSize=TABLE_SIZE,
                                     leading=TABLE_SIZE * 1.2, alignment=TA_CENTER),
        )
    return _STYLES[kind]


def block_flowable(block: Para | Grid | Chart, text_width: float) -> Flowable:
    """A body paragraph, a table or a chart."""
    if isinstance(block, Grid):
        return grid(block, text_width)
    if isinstance(block, Chart):
        return bar_chart(block, text_width)
    return Paragraph(escape(nfc(block.text) or ""), paragraph_style(block.style))


def grid(block: Grid, text_width: float) -> Table:
    """A bordered table that flows over pages with its header row repeated."""
    total = sum(block.widths)
    widths = [text_width * w / total for w in block.widths]

    def cell(text: str, column: int) -> Paragraph:
        style = paragraph_style("cell_centre" if column in block.centred else "cell")
        return Paragraph(escape(nfc(text) or ""), style)

    head = [Paragraph(escape(h), paragraph_style("cell_head")) for h in block.headers]
    rows = [head] + [[cell(text, i) for i, text in enumerate(row)] for row in block.rows]
    table = Table(rows, colWidths=widths, repeatRows=1, spaceBefore=6, spaceAfter=6)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


# greys a black-and-white office printer keeps apart
CHART_FILLS = ("#404040", "#a0a0a0", "#d0d0d0")


def bar_chart(chart: Chart, text_width: float) -> Flowable:
    """A titled bar chart with a legend, the value on each bar, in the document's serif."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String

    legend_height = 14 if len(chart.series) > 1 else 0
    drawing = Drawing(text_width, chart.height + 46 + legend_height)
    drawing.add(String(text_width / 2, drawing.height - 12, nfc(chart.title) or "", fontName=SERIF_BOLD,
                       fontSize=TABLE_SIZE, textAnchor="middle"))
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 40, 30 + legend_height, text_width - 50, chart.height
    bars.data = [list(values) or [0] for _name, values in chart.series]
    bars.categoryAxis.categoryNames = [nfc(c) or "" for c in chart.categories]
    bars.categoryAxis.labels.fontName = SERIF
    bars.categoryAxis.labels.fontSize = 8
    crowded = len(chart.categories) > 6 and max((len(c) for c in chart.categories), default=0) > 3
    bars.categoryAxis.labels.angle = 30 if crowded else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if crowded else "n"
    top = max((v for _name, values in chart.series for v in values), default=0)
    bars.valueAxis.valueStep = max(1, -(-top // 5))  # whole steps: counts have no halves
    bars.valueAxis.labels.fontName = SERIF
    bars.valueAxis.labels.fontSize = 8
    bars.valueAxis.valueMin = 0
    bars.valueAxis.forceZero = 1
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = SERIF
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 6
    for i in range(len(chart.series)):
        bars.bars[i].fillColor = colors.HexColor(CHART_FILLS[i % len(CHART_FILLS)])
        bars.bars[i].strokeColor = colors.black
        bars.bars[i].strokeWidth = 0.3
    drawing.add(bars)
    if legend_height:
        legend = Legend()
        legend.x, legend.y = 40, 8
        legend.fontName, legend.fontSize = SERIF, 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 120
        legend.colorNamePairs = [(colors.HexColor(CHART_FILLS[i % len(CHART_FILLS)]), nfc(name) or "")
                                 for i, (name, _values) in enumerate(chart.series)]
        drawing.add(legend)
    return drawing


# --- recipients and signature ------------------------------------------------------------


def closing(recipients: tuple[str, ...] | None, signature: Signature, text_width: float) -> Table:
    """ "Nơi nhận:" bottom left (12/11 pt), the signature block bottom right."""
    left = text_width * LEFT_COLUMN
    notes: list[Flowable] = []
    if recipients is not None:
        head = ParagraphStyle("to_head", fontName=SERIF_BOLD_ITALIC, fontSize=12, leading=14)
        item = ParagraphStyle("to_item", fontName=SERIF, fontSize=RECIPIENTS_SIZE, leading=13)
        notes = [Paragraph("Nơi nhận:", head)]
        notes += [Paragraph(escape(nfc(r) or ""), item) for r in recipients]
    sign: list[Text | Gap] = [Text(line.upper(), SERIF_BOLD, BODY_SIZE) for line in signature.lines if line]
    sign += [Gap(SIGNATURE_SPACE), Text(signature.name, SERIF_BOLD, BODY_SIZE)]
    table = Table([[notes or "", Lines(sign)]], colWidths=[left, text_width - left])
    table.setStyle(_no_padding(("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (0, 0), 3)))
    return table


def _no_padding(*extra: tuple) -> TableStyle:
    """A layout table: no padding, and the serif set (a table sets a font even for flowable cells)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF),
                       ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                       ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                       *extra])

"""The three files of the yearly report: PDF (the state layout, fonts embedded), DOCX (editable,
named styles) and the XLSX annex (one sheet per table, numbers as numbers, a sheet per unit)."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from desktop.printing import layout
from desktop.printing.model import PrintSettings

from .document import Chart, Heading, Paragraph, ReportDocument, Table
from .figures import CODES, Report
from .text import value_text

DOC_TYPE = "BC"  # "Số: …/BC-UBND"
BLANK_NUMBER = " " * 8


def pdf(doc: ReportDocument, settings: PrintSettings, today: date, number: str | None = None,
        issued_on: date | None = None) -> bytes:
    """The report in the layout of every form (Decree 30/2020), number and day blank until signed."""
    return layout.build_pdf(_layout(doc, settings, today, number, issued_on))


def _number_and_date(settings: PrintSettings, today: date, number: str | None,
                     issued_on: date | None) -> tuple[str, str]:
    """"Số: 05/BC-UBND" and "Buôn Ma Thuột, ngày 12 tháng 01 năm 2027" once signed; blanks to fill by hand before."""
    from desktop.i18n import format_document_date

    symbol = number or f"{BLANK_NUMBER}/{DOC_TYPE}-{settings.unit_abbrev}".rstrip("-")
    when = format_document_date(issued_on) if number and issued_on else f"ngày{' ' * 5}tháng{' ' * 5}năm {today.year}"
    return f"Số: {symbol}", f"{settings.place}, {when}"


def _layout(doc: ReportDocument, settings: PrintSettings, today: date, number: str | None,
            issued_on: date | None) -> layout.Document:
    number_line, date_line = _number_and_date(settings, today, number, issued_on)
    head = layout.Letterhead(settings.managing_body, settings.issuing_unit, number_line, date_line)
    first = " ".join(p for p in (settings.signer_authority, settings.signer_body) if p)
    signature = layout.Signature(tuple(x for x in (first, settings.signer_title) if x), settings.signer_name)
    return layout.Document(
        letterhead=head, title=doc.title, subtitle=doc.subtitle, addressees=settings.recipients,
        blocks=tuple(_pdf_block(b) for b in doc.blocks), recipients=("- Như trên;", "- Lưu: VT."),
        signature=signature, meta_title=f"{doc.title.capitalize()} {doc.subtitle.lower()}",
        meta_author=settings.issuing_unit)


def _pdf_block(block) -> layout.Para | layout.Grid | layout.Chart:
    if isinstance(block, Heading):
        return layout.Para(block.text, "heading")
    if isinstance(block, Paragraph):
        return layout.Para(block.text)
    if isinstance(block, Chart):
        return layout.Chart(block.title, block.categories, block.series)
    rows = tuple(tuple(_cell_text(c) for c in row) for row in block.rows)
    numeric = frozenset(i for i in range(len(block.headers)) if all(isinstance(r[i], int) for r in block.rows))
    return layout.Grid(block.headers, block.widths or (1,) * len(block.headers), rows, numeric | {0})


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, int):
        return f"{cell:,}".replace(",", ".")
    return str(cell)


# ---------------------------------------------------------------- DOCX

STYLE_TITLE = "Tiêu đề báo cáo"
STYLE_HEADING = ("Đề mục cấp 1", "Đề mục cấp 2")
STYLE_BODY = "Nội dung báo cáo"
STYLE_TABLE = "Bảng số liệu"


def docx(doc: ReportDocument, settings: PrintSettings, today: date, number: str | None = None,
         issued_on: date | None = None) -> bytes:
    """The same headings, sentences and tables as the PDF, editable in Word; every style named in
    Vietnamese so an officer can restyle the report in one place. Charts stay in the PDF."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    word = Document()
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    styles = _docx_styles(word, Pt)
    header = word.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = f"{settings.managing_body}\n{settings.issuing_unit}".strip()
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in p.runs:
                run.bold = True
    numbers = word.add_table(rows=1, cols=2)
    numbers.rows[0].cells[0].text, numbers.rows[0].cells[1].text = _number_and_date(settings, today, number,
                                                                                    issued_on)
    numbers.rows[0].cells[1].paragraphs[0].runs[0].italic = True
    for text in (doc.title, doc.subtitle):
        word.add_paragraph(text, style=styles["title"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if settings.recipients:
        word.add_paragraph("Kính gửi: " + "; ".join(settings.recipients) + ".", style=styles["body"]).alignment = (
            WD_ALIGN_PARAGRAPH.CENTER)
    for block in doc.blocks:
        _docx_block(word, block, styles)
    signer = " ".join(p for p in (settings.signer_authority, settings.signer_body) if p)
    for line in (signer, settings.signer_title, "", "", settings.signer_name):
        p = word.add_paragraph(line.upper() if line != settings.signer_name else line, style=styles["body"])
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in p.runs:
            run.bold = True
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_styles(word, pt) -> dict[str, Any]:
    from docx.enum.style import WD_STYLE_TYPE

    def style(name: str, size: int, bold: bool = False):
        made = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        made.base_style = word.styles["Normal"]
        made.font.name, made.font.size, made.font.bold = "Times New Roman", pt(size), bold
        made.paragraph_format.space_before = pt(6)
        return made

    word.styles["Normal"].font.name = "Times New Roman"
    return {"title": style(STYLE_TITLE, 14, True), "h1": style(STYLE_HEADING[0], 14, True),
            "h2": style(STYLE_HEADING[1], 14, True), "body": style(STYLE_BODY, 14),
            "table": style(STYLE_TABLE, 12)}


def _docx_block(word, block, styles: dict[str, Any]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if isinstance(block, Heading):
        word.add_paragraph(block.text, style=styles["h1" if block.level == 1 else "h2"])
    elif isinstance(block, Paragraph):
        word.add_paragraph(block.text, style=styles["body"]).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif isinstance(block, Table):
        table = word.add_table(rows=1, cols=len(block.headers))
        table.style = word.styles["Table Grid"]
        for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
            cell.text = text
            cell.paragraphs[0].style = styles["table"]
            cell.paragraphs[0].runs[0].bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = _cell_text(value)
                cell.paragraphs[0].style = styles["table"]


# ---------------------------------------------------------------- XLSX


def xlsx(doc: ReportDocument, report: Report) -> bytes:
    """One sheet per table of the report, then every figure, then a sheet per unit when the scope has
    several; numbers are numbers, dates dates, sheet names in Vietnamese."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    _figure_sheet(book, _sheet_name("Số liệu", used), report.figures, Font)
    for block in doc.blocks:
        if isinstance(block, Table):
            sheet = book.create_sheet(_sheet_name(block.title, used))
            sheet.append(list(block.headers))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in block.rows:
                sheet.append([None if c == "" else c for c in row])
                _date_format(sheet)
    if len(report.by_unit) > 1:
        for code, figures in report.by_unit.items():
            _figure_sheet(book, _sheet_name(report.unit_names.get(code, code), used), figures, Font)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _figure_sheet(book, title: str, figures: dict, font) -> None:
    """Every figure: code, label, value (a breakdown: one row per key)."""
    sheet = book.create_sheet(title)
    sheet.append(["Mã", "Chỉ tiêu", "Giá trị", "Chi tiết"])
    for cell in sheet[1]:
        cell.font = font(bold=True)
    for code in CODES:
        figure = figures[code]
        if isinstance(figure.value, dict):
            sheet.append([code, figure.label, sum(figure.value.values()), value_text(figure, True, 50)])
        else:
            sheet.append([code, figure.label, figure.value])
        _date_format(sheet)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 55
    sheet.column_dimensions["C"].width = 18


def _date_format(sheet) -> None:
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, date):
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(cell.value, int) and abs(cell.value) >= 1000:
            cell.number_format = "#,##0"


def _sheet_name(title: str, used: set[str]) -> str:
    """At most 31 characters, none of : \\ / ? * [ ], unique in the workbook."""
    base = "".join("-" if ch in ':\\/?*[]' else ch for ch in title).strip()[:31] or "Bảng"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name

"""The printing package on its own: plain data in, PDF out; NFC, fonts once, balanced header lines."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from desktop.printing import fonts
from desktop.printing.flowables import balanced_lines
from desktop.printing.forms import render
from desktop.printing.layout import Grid, Para
from desktop.printing.model import DocumentNumber, Job, Member, PrintSettings, Trip
from desktop.printing.templates import default_template
from desktop.printing.templates import render as render_template
from tests.printing.pdf import pages, text

SETTINGS = PrintSettings("UBND TỈNH ĐẮK LẮK", "UBND HUYỆN KRÔNG PẮC", "UBND", "Krông Pắc", "TM.",
                         "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Y Bhim Ayun", ("Sở Ngoại vụ tỉnh Đắk Lắk",))


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def job(trip: Trip, form: str = "delegation-request", settings: PrintSettings = SETTINGS) -> Job:
    return Job(settings, trip, default_template(form), "UBND huyện Krông Pắc", date(2026, 1, 20))


def trip(**changes) -> Trip:
    data = dict(direction="outbound", title="Đoàn công tác tại Lào", purpose="Trao đổi kinh nghiệm",
                countries=("Lào",), partner="Tỉnh Champasak", start_date=date(2026, 4, 6),
                end_date=date(2026, 4, 9), funding="state_budget", cost_estimate_vnd=98_500_000,
                members=(Member("H'Hen Niê", "Phó Chủ tịch UBND huyện", "Huyện Krông Pắc", "head", "C1234567",
                                honorific="Bà"),))
    return Trip(**{**data, **changes})


def test_decomposed_input_is_drawn_composed():
    decomposed = trip(title=nfd("Đoàn công tác Đắk Lắk tại Lào"), members=(
        Member(nfd("Nguyễn Thị Hồng Nhung"), nfd("Chuyên viên"), role="head", passport="C1"),))
    pdf = render("delegation-request", job(decomposed))
    words = text(pdf)
    assert "Nguyễn Thị Hồng Nhung" in words and "Đoàn công tác Đắk Lắk tại Lào" in words
    drawn = "".join(c["text"] for p in pages(pdf) for c in p.chars)
    assert not any(unicodedata.combining(ch) for ch in drawn)  # no loose combining mark reached the page
    assert unicodedata.normalize("NFC", drawn) == drawn


def test_decomposed_header_settings_are_drawn_composed():
    settings = PrintSettings(nfd("UBND TỈNH ĐẮK LẮK"), nfd("UBND HUYỆN KRÔNG PẮC"), "UBND", nfd("Krông Pắc"),
                             "TM.", nfd("ỦY BAN NHÂN DÂN"), "CHỦ TỊCH", nfd("Y Bhim Ayun"), ("Sở Ngoại vụ",))
    pdf = render("member-list", job(trip(), "member-list", settings))
    words = text(pdf)
    assert "UBND HUYỆN KRÔNG PẮC" in words and "Krông Pắc, ngày" in words
    assert not any(unicodedata.combining(c["text"][0]) for p in pages(pdf) for c in p.chars)


def test_signed_number_and_date_in_the_header():
    signed = Job(SETTINGS, trip(), default_template("member-list"), "UBND huyện Krông Pắc", date(2026, 3, 1),
                 DocumentNumber("07/DS-UBND", date(2026, 3, 2)))
    words = text(render("member-list", signed))
    assert "Số: 07/DS-UBND" in words and "Krông Pắc, ngày 02 tháng 03 năm 2026" in words


def test_fonts_are_registered_once_per_process(monkeypatch):
    fonts.register_fonts()

    def refuse(*_args, **_kw):
        raise AssertionError("registered again")

    monkeypatch.setattr("reportlab.pdfbase.pdfmetrics.registerFont", refuse)
    fonts.register_fonts()
    render("delegation-request", job(trip()))


def test_every_vietnamese_letter_has_a_glyph():
    from reportlab.pdfbase.pdfmetrics import getFont

    fonts.register_fonts()
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    wanted = {ord(c) for c in letters + letters.upper() + "–"}
    for name in fonts.FILES:
        cmap = getFont(name).face.charToGlyph
        assert wanted <= set(cmap), (name, [chr(c) for c in wanted - set(cmap)])


def test_header_names_break_in_balanced_lines():
    fonts.register_fonts()
    lines = balanced_lines("UBND THÀNH PHỐ BUÔN MA THUỘT", fonts.SERIF_BOLD, 13, 74 * 2.8346)
    assert lines == ["UBND THÀNH PHỐ", "BUÔN MA THUỘT"]
    assert balanced_lines("UBND TỈNH ĐẮK LẮK", fonts.SERIF, 13, 200) == ["UBND TỈNH ĐẮK LẮK"]


def test_template_lines_become_paragraphs_headings_and_the_table():
    table = Grid(("STT",), (1,), (("1",),))
    blocks = render_template("I. MỞ ĐẦU\nĐoàn {title}\n\n{members_table}\n{members}",
                             {"title": "A", "members": "- X;\n- Y."}, table)
    assert blocks == [Para("I. MỞ ĐẦU", "heading"), Para("Đoàn A"), table, Para("- X;"), Para("- Y.")]


@pytest.mark.parametrize("form", ["delegation-request", "guest-request", "member-list", "trip-report"])
def test_every_default_template_is_valid(form):
    from desktop.printing.templates import check

    check(default_template(form))

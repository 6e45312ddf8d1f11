"""The printed forms read back from the PDF: words, page size, margins, motto rule, fonts, page numbers."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.printing.layout import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_NUMBER_BAND,
)
from tests.printing.conftest import LONG_NAME, LONG_WORD, SIGNER, guests_delegation
from tests.printing.pdf import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    MM,
    font_resources,
    lines_of,
    pages,
    run_of,
    text,
)

HEADER = ("UBND TỈNH ĐẮK LẮK", "UBND THÀNH PHỐ", "BUÔN MA THUỘT",
          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TOLERANCE = 0.5  # points


def render(services, form: str, record_id: str, **kw) -> bytes:
    return services.printing.render(form, record_id, **kw)


# --- words ---------------------------------------------------------------------------------


def test_delegation_request_prints_header_title_members_and_signature(printing, outbound_id):
    pdf = render(printing, "delegation-request", outbound_id)
    words = text(pdf)
    for expected in (*HEADER, "Số: /TTr-UBND", "Buôn Ma Thuột, ngày tháng năm 2026", "TỜ TRÌNH",
                     "Về việc xin phép cử đoàn đi công tác nước ngoài", "Kính gửi: Sở Ngoại vụ tỉnh Đắk Lắk.",
                     "Ông Nguyễn Văn Hùng, Phó Chủ tịch UBND – Trưởng đoàn", "Bà H'Hen Niê",
                     "Nguyễn Thị Hồng Nhung", "Hàn Quốc", "Thành phố Gimhae", "từ ngày 15/06/2026 đến ngày 20/06/2026",
                     "(6 ngày", "1.250.000.000 đồng", "trong Kế hoạch hoạt động đối ngoại năm 2026",
                     "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", SIGNER):
        assert expected in words, expected


def test_header_columns_share_lines_as_on_paper(printing, outbound_id):
    lines = lines_of(render(printing, "delegation-request", outbound_id))
    assert lines[0] == "UBND TỈNH ĐẮK LẮK CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == "UBND THÀNH PHỐ Độc lập - Tự do - Hạnh phúc"
    assert "Số: /TTr-UBND Buôn Ma Thuột, ngày tháng năm 2026" in lines


def test_signed_document_prints_its_number_date_and_signer(printing, outbound_id):
    docs = printing.documents
    doc = docs.create("TTr", "Xin phép cử đoàn đi Hàn Quốc", form="delegation-request",
                      entity="delegation", record_id=outbound_id)
    docs.mark_signed(doc.id, date(2026, 2, 5), "Phạm Thị Mai")
    words = text(render(printing, "delegation-request", outbound_id, document_id=doc.id))
    assert "Số: 01/TTr-UBND" in words
    assert "Buôn Ma Thuột, ngày 05 tháng 02 năm 2026" in words
    assert "Phạm Thị Mai" in words and SIGNER not in words


def test_draft_document_prints_blanks(printing, outbound_id):
    doc = printing.documents.create("TTr", "Xin phép", form="delegation-request", entity="delegation",
                                    record_id=outbound_id)
    words = text(render(printing, "delegation-request", outbound_id, document_id=doc.id))
    assert "Số: /TTr-UBND" in words and "ngày tháng năm 2026" in words


def test_guest_request_lists_each_guest_in_a_table(printing, inbound_id):
    pdf = render(printing, "guest-request", inbound_id)
    words = text(pdf)
    for expected in (*HEADER, "Số: /CV-UBND", "V/v xin phép đón đoàn khách", "Kính gửi: Sở Ngoại vụ tỉnh Đắk Lắk.",
                     "Họ và tên", "Chức danh", "Quốc tịch", "Số hộ chiếu", "Park Ji-woo", "Kim Min-jun",
                     "M87654321", "M12345678", "Hàn Quốc", "Đoàn nghệ thuật Andong"):
        assert expected in words, expected
    lines = " ".join(lines_of(pdf))
    assert "1 Park Ji-woo Trưởng đoàn" in lines and "2 Kim Min-jun Nghệ sĩ" in lines  # the head first


def test_member_list_is_a_landscape_table(printing, outbound_id):
    pdf = render(printing, "member-list", outbound_id)
    assert (pages(pdf)[0].width, pages(pdf)[0].height) == pytest.approx(A4_LANDSCAPE, abs=0.01)
    words = text(pdf)
    for expected in ("DANH SÁCH", "Thành viên đoàn công tác xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc",
                     "STT", "Họ và tên", "Chức vụ", "Đơn vị", "Vai trò trong đoàn", "Số hộ chiếu", "Ghi chú",
                     "H'Hen Niê", "Thành phố Buôn Ma Thuột", "Phiên dịch", "C2345678"):
        assert expected in words, expected
    assert "Nơi nhận:" not in words


def test_trip_report_prints_results_from_the_notes(printing, returned_id):
    words = text(render(printing, "trip-report", returned_id))
    for expected in ("BÁO CÁO", "Kết quả chuyến công tác tại Nhật Bản", "ông Y Wang Mlô",
                     "từ ngày 01/12/2025 đến ngày 06/12/2025", "III. KẾT QUẢ CHUYẾN CÔNG TÁC",
                     "Ký kết biên bản ghi nhớ hợp tác giáo dục.", "Mời đối tác dự Lễ hội Cà phê 2026."):
        assert expected in words, expected


@pytest.mark.parametrize("form", ["delegation-request", "trip-report"])
def test_portrait_forms_are_a4(printing, outbound_id, returned_id, form):
    record = returned_id if form == "trip-report" else outbound_id
    page = pages(render(printing, form, record))[0]
    assert (page.width, page.height) == pytest.approx(A4_PORTRAIT, abs=0.01)


# --- geometry -------------------------------------------------------------------------------


def assert_inside_margins(pdf: bytes) -> int:
    """Every glyph inside the margins; page numbers inside their band. Returns glyphs checked."""
    checked = 0
    for number, page in enumerate(pages(pdf), start=1):
        for c in page.chars:
            if not c["text"].strip():
                continue
            assert c["x0"] >= MARGIN_LEFT - TOLERANCE, (number, c["text"], c["x0"])
            assert c["x1"] <= page.width - MARGIN_RIGHT + TOLERANCE, (number, c["text"], c["x1"])
            assert c["bottom"] <= page.height - MARGIN_BOTTOM + TOLERANCE, (number, c["text"], c["bottom"])
            if c["top"] < MARGIN_TOP - TOLERANCE:  # only the page number lives up there
                assert number >= 2 and c["text"].isdigit(), (number, c["text"], c["top"])
                assert PAGE_NUMBER_BAND[0] <= c["top"] and c["bottom"] <= PAGE_NUMBER_BAND[1]
            checked += 1
    return checked


def test_every_form_stays_inside_the_margins(printing, outbound_id, inbound_id, returned_id):
    for form, record in (("delegation-request", outbound_id), ("guest-request", inbound_id),
                         ("member-list", outbound_id), ("trip-report", returned_id)):
        assert assert_inside_margins(render(printing, form, record)) > 300, form


def test_motto_rule_is_exactly_the_mottos_width(printing, outbound_id):
    page = pages(render(printing, "delegation-request", outbound_id))[0]
    motto = run_of(page.chars, "Độc lập - Tự do - Hạnh phúc")
    left, right, baseline = motto[0]["x0"], motto[-1]["x1"], max(c["bottom"] for c in motto)
    under = [ln for ln in page.lines if 0 < ln["top"] - baseline < 8]
    assert len(under) == 1
    assert under[0]["x0"] == pytest.approx(left, abs=1) and under[0]["x1"] == pytest.approx(right, abs=1)
    assert {c["fontname"].split("+")[-1] for c in motto} == {"LiberationSerif-Bold"}
    assert {round(c["size"]) for c in motto} == {13}


def test_header_sizes_and_faces_follow_the_decree(printing, outbound_id):
    chars = pages(render(printing, "delegation-request", outbound_id))[0].chars
    national = run_of(chars, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert {(c["fontname"].split("+")[-1], round(c["size"])) for c in national} == {("LiberationSerif-Bold", 12)}
    unit = run_of(chars, "BUÔN MA THUỘT")
    assert {c["fontname"].split("+")[-1] for c in unit} == {"LiberationSerif-Bold"}
    date_line = run_of(chars, "Buôn Ma Thuột, ngày")
    assert {c["fontname"].split("+")[-1] for c in date_line} == {"LiberationSerif-Italic"}
    recipients = run_of(chars, "Nơi nhận:")
    assert {(c["fontname"].split("+")[-1], round(c["size"])) for c in recipients} == {("LiberationSerif-BoldItalic", 12)}
    assert {round(c["size"]) for c in run_of(chars, "- Lưu: VT.")} == {11}


def test_body_is_justified(printing, outbound_id):
    page = pages(render(printing, "delegation-request", outbound_id))[0]
    right = page.width - MARGIN_RIGHT
    body = [c for c in page.chars if round(c["size"]) == 14 and c["fontname"].endswith("LiberationSerif")]
    ends: dict[float, float] = {}
    for c in body:
        ends[round(c["top"])] = max(ends.get(round(c["top"]), 0), c["x1"])
    flush = [x for x in ends.values() if abs(x - right) < 0.5]
    assert len(flush) >= 4  # the wrapped lines of the body reach the right margin exactly


def test_fonts_are_embedded_liberation_serif_only(printing, outbound_id, inbound_id):
    for pdf in (render(printing, "delegation-request", outbound_id), render(printing, "guest-request", inbound_id)):
        fonts = font_resources(pdf)
        assert fonts and all(embedded for _name, embedded in fonts)
        assert {name.split("+")[-1] for name, _e in fonts} <= {
            "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
        assert all(c["fontname"].split("+")[-1].startswith("LiberationSerif")
                   for p in pages(pdf) for c in p.chars)


# --- long lists ---------------------------------------------------------------------------------


def test_page_numbers_from_page_two_on_a_sixty_member_list(printing):
    pdf = render(printing, "member-list", guests_delegation(printing, 60))
    all_pages = pages(pdf)
    assert len(all_pages) >= 3
    for number, page in enumerate(all_pages, start=1):
        top_band = "".join(c["text"] for c in page.chars if c["top"] < MARGIN_TOP)
        assert top_band == ("" if number == 1 else str(number))
        if number >= 2:  # the table's header row is repeated on every page
            assert "Họ và tên" in " ".join(lines_of(pdf, number - 1)[:3])
    words = text(pdf)
    assert all(f"Khách mời số {i}" in words for i in range(1, 61))


def test_hundred_members_with_very_long_names_stay_inside_the_margins(printing):
    pdf = render(printing, "member-list", guests_delegation(printing, 100, long=True))
    assert assert_inside_margins(pdf) > 20_000
    words = text(pdf)
    assert f"{LONG_NAME} 99".split()[-3] in words and "M10000099" in words
    assert LONG_WORD[:10] in words  # the unbroken word is split inside its cell, not dropped


def test_long_guest_table_in_portrait_stays_inside(printing):
    assert assert_inside_margins(render(printing, "guest-request", guests_delegation(printing, 12, long=True)))


def test_unsigned_header_keeps_room_for_the_number_and_the_day(printing, outbound_id):
    chars = pages(render(printing, "delegation-request", outbound_id))[0].chars
    number = run_of(chars, "Số:/TTr-UBND")
    gap = number[3]["x0"] - number[2]["x1"]  # between "Số:" and "/"
    assert gap > 8 * MM
    day = run_of(chars, "ngàythángnăm2026")
    assert day[5]["x0"] - day[3]["x1"] > 5 * MM  # between "ngày" and "tháng"


def test_header_words_longer_than_a_column_are_cut_not_spilled(printing, outbound_id):
    from dataclasses import replace

    printing.printing.save_settings(replace(printing.printing.settings(),
                                            managing_body="ỦYBANNHÂNDÂNTỈNHĐẮKLẮKKHÔNGCÓDẤUCÁCHNÀOCẢ"))
    assert assert_inside_margins(render(printing, "delegation-request", outbound_id))

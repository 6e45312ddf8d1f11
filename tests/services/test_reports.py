"""The yearly report's figures over registers of known content: each counted by hand, each boundary
(a trip over 31/12, deleted, cancelled, a commune under a former district), consolidation = sum."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import AppError, ValidationError
from desktop.reports.figures import CODES, total
from desktop.sync.state import PROVINCE_MODE
from tests.services.builders import guest, inbound, officer, outbound, received_unit, save_filed

COMMUNE = "DL-BMT-TT"  # a commune under the former city


def _move(services, model, record_id: str, unit: str) -> None:
    """The record as the province holds it after the unit `unit` sent it (no local change logged)."""
    with services.ctx.db.session() as s:
        s.info["applying_bundle"] = True
        s.get(model, record_id).unit_code = unit


@pytest.fixture
def year_2025(services):
    """DL-BMT's 2025, by hand: two outbound trips counted (one over 31/12, filed late), one in 2026,
    one cancelled, one deleted; one inbound delegation with two guests; a commune's trip."""
    from desktop.models import Delegation

    an, binh = officer(services, "Nguyễn Văn An"), officer(services, "H'Hen Niê", passport_number="C2223334")
    ids = {}
    ids["korea"] = save_filed(services, outbound(
        title="Đoàn Hàn Quốc – Nhật Bản", countries=["KR", "JP"], start_date=date(2025, 3, 10),
        end_date=date(2025, 3, 15), cost_estimate_vnd=100_000_000, status="submitted",
        submitted_on=date(2025, 1, 2)), [{"role": "head", "person_id": an}, {"person_id": binh, "role": "member"}]).id
    ids["laos"] = save_filed(services, outbound(
        title="Đoàn Lào cuối năm", kind="promotion", countries=["LA"], start_date=date(2025, 12, 30),
        end_date=date(2026, 1, 5), cost_estimate_vnd=50_000_000, status="submitted",
        submitted_on=date(2025, 12, 20)), [{"role": "head", "person_id": an}]).id
    ids["next_year"] = save_filed(services, outbound(
        title="Đoàn năm sau", countries=["TH"], start_date=date(2026, 1, 2), end_date=date(2026, 1, 4),
        status="submitted", submitted_on=date(2025, 11, 1)), [{"role": "head", "person_id": an}]).id
    ids["cancelled"] = services.delegations.save(outbound(
        title="Đoàn đã hủy", start_date=date(2025, 6, 1), end_date=date(2025, 6, 3), status="cancelled"), []).id
    deleted = services.delegations.save(outbound(title="Đoàn đã xóa", start_date=date(2025, 7, 1),
                                                 end_date=date(2025, 7, 3)), [])
    services.delegations.delete(deleted.id)
    ids["guests"] = services.delegations.save(inbound(
        start_date=date(2025, 5, 5), end_date=date(2025, 5, 8)), [guest(), guest("Lee Ji-eun")]).id
    ids["commune"] = services.delegations.save(outbound(
        title="Đoàn của phường", countries=["KR"], start_date=date(2025, 9, 1), end_date=date(2025, 9, 5),
        cost_estimate_vnd=10_000_000), []).id
    received_unit(services, COMMUNE, "Phường Tân Tiến", "DL-BMT")
    _move(services, Delegation, ids["commune"], COMMUNE)
    return ids


def test_outbound_figures_by_hand(services, year_2025):
    report = services.reports.annual(2025)
    assert report.scope == ("DL-BMT", COMMUNE)
    f = report.figures
    assert f["outbound.count"].value == 3  # Hàn Quốc, Lào (back in 2026), the commune's; not 2026's, cancelled, deleted
    assert {ref[1] for ref in f["outbound.count"].refs} == {year_2025["korea"], year_2025["laos"],
                                                            year_2025["commune"]}
    assert f["outbound.people"].value == 2  # Nguyễn Văn An twice is one person
    assert f["outbound.by_country"].value == {"KR": 2, "JP": 1, "LA": 1}  # a trip to two countries counts in each
    assert f["outbound.by_kind"].value == {"working_trip": 2, "promotion": 1}
    assert f["outbound.cost_vnd"].value == 160_000_000
    assert f["outbound.late"].value == 1 and f["outbound.late"].refs == (("delegation", year_2025["laos"]),)
    assert f["outbound.by_month"].value == {"03": 1, "09": 1, "12": 1}
    assert f["inbound.count"].value == 1 and f["inbound.guests"].value == 2
    assert f["inbound.by_country"].value == {"KR": 1}


def test_the_trip_over_new_year_counts_in_the_year_it_leaves(services, year_2025):
    assert year_2025["laos"] not in {r[1] for r in services.reports.annual(2026).figures["outbound.count"].refs}
    assert {r[1] for r in services.reports.annual(2026).figures["outbound.count"].refs} == {year_2025["next_year"]}


def test_a_commune_under_the_former_district_is_in_its_scope_and_its_own_row(services, year_2025):
    report = services.reports.annual(2025)
    assert report.value("outbound.count", COMMUNE) == 1
    assert report.value("outbound.count", "DL-BMT") == 2
    alone = services.reports.annual(2025, COMMUNE)
    assert alone.scope == (COMMUNE,) and alone.figures["outbound.count"].value == 1


def test_consolidation_is_the_sum_of_the_units(services, year_2025):
    from desktop.models import Delegation

    services.device.put_setting(PROVINCE_MODE, "1")
    _move(services, Delegation, year_2025["korea"], "DL-CMG")
    report = services.reports.annual(2025)
    assert report.scope[0] == "DL" and {"DL-BMT", "DL-CMG", COMMUNE} <= set(report.by_unit)
    assert report.value("outbound.count", "DL-CMG") == 1
    for code in CODES:
        if code in ("outbound.people", "plan.issued_on"):
            continue  # distinct people, a date: no sum
        assert total(f[code].value for f in report.by_unit.values()) == report.figures[code].value, code


def test_a_unit_machine_reports_on_its_own_subtree_only(services, year_2025):
    with pytest.raises(AppError, match="chỉ lập báo cáo của đơn vị DL-BMT"):
        services.reports.annual(2025, "DL-CMG")
    with pytest.raises(AppError, match="Không có đơn vị mã XX"):
        services.reports.annual(2025, "XX")


def test_the_files_say_the_same(services, year_2025, tmp_path):
    """The PDF's text (pdfplumber), the DOCX's headings and a table (python-docx), the XLSX's numbers."""
    import docx
    import pdfplumber
    from openpyxl import load_workbook

    report = services.reports.annual(2025)
    pdf = services.reports.write(report, "pdf", tmp_path / "bc.pdf")
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    for expected in ("BÁO CÁO", "Kết quả công tác đối ngoại năm 2025", "I. TÌNH HÌNH CHUNG",
                     "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
                     "V. KIẾN NGHỊ, ĐỀ XUẤT", "Tổ chức 3 đoàn ra", "Thành phố Buôn Ma Thuột",
                     "1 hồ sơ đoàn ra nộp chậm so với quy định", "Hàn Quốc"):
        assert expected in text, expected
    word = docx.Document(services.reports.write(report, "docx", tmp_path / "bc.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Đề mục")]
    assert headings[:3] == ["I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN", "1. Đoàn ra"]
    countries = next(t for t in word.tables if t.rows[0].cells[1].text == "Quốc gia, vùng lãnh thổ")
    assert [c.text for c in countries.rows[1].cells] == ["1", "Hàn Quốc", "2"]
    book = load_workbook(services.reports.write(report, "xlsx", tmp_path / "bc.xlsx"))
    figures = {row[0]: row[2] for row in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert figures["outbound.count"] == 3 and figures["outbound.cost_vnd"] == 160_000_000
    assert isinstance(figures["outbound.cost_vnd"], int)
    assert {"Phường Tân Tiến", "Thành phố Buôn Ma Thuột"} <= set(book.sheetnames)  # a sheet per unit


def test_a_year_out_of_range_is_refused(services):
    with pytest.raises(AppError, match="Năm báo cáo 1900"):
        services.reports.annual(1900)


def test_the_demo_fills_every_section_this_year_and_last(services):
    from desktop.reports.figures import SECTIONS
    from desktop.services.demo import fill_demo

    fill_demo(services)
    this_year = services.ctx.today().year
    for year in (this_year - 1, this_year):
        report = services.reports.annual(year)
        for section in SECTIONS:
            values = [report.figures[code].value for code in section.codes]
            assert any(v not in (0, {}, None) for v in values), (year, section.key)
        aid = services.aid.year_summary(year, "DL-BMT")  # the aid register's own totals agree
        assert (report.figures["aid.approved"].value, report.figures["aid.committed_vnd"].value,
                report.figures["aid.disbursed_vnd"].value) == (aid.approved, aid.committed_vnd, aid.disbursed_vnd)
        kinds = {k.kind: k.count for k in services.overseas.summary(year, "DL-BMT") if k.count}
        assert report.figures["overseas.activities_by_kind"].value == kinds
        donations = next(k.total_vnd for k in services.overseas.summary(year, "DL-BMT") if k.kind == "donation")
        assert report.figures["overseas.donations_vnd"].value == donations


def test_the_typed_sections_are_kept_per_year_and_printed(services, year_2025, tmp_path):
    import pdfplumber

    from desktop.models import ReportText
    from desktop.reports.document import Texts

    report = services.reports.annual(2025)
    assert "1 hồ sơ đoàn ra nộp chậm" in services.reports.prefilled(report).assessment
    services.reports.save_texts(2025, Texts(assessment="Một hồ sơ nộp chậm do thư mời đến muộn.",
                                            directions="Ban hành kế hoạch năm 2026 trước 15/12.",
                                            recommendations="Đề nghị Sở Ngoại vụ mở lớp bồi dưỡng."))
    assert services.reports.texts(2025).directions == "Ban hành kế hoạch năm 2026 trước 15/12."
    assert services.reports.texts(2024) == Texts()  # another year has its own
    services.reports.save_texts(2025, Texts(assessment="Một hồ sơ nộp chậm do thư mời đến muộn.",
                                            directions="Ban hành kế hoạch năm 2026 trước 15/12.",
                                            recommendations="Đề nghị mở lớp bồi dưỡng."))
    with services.ctx.db.read() as s:
        versions = {r.section: r.version for r in s.query(ReportText).all()}
    assert versions == {"assessment": 1, "directions": 1, "recommendations": 2}  # only the changed one moved
    with pdfplumber.open(services.reports.write(report, "pdf", tmp_path / "bc.pdf")) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    assert "Đề nghị mở lớp bồi dưỡng." in text and "thư mời đến muộn" in text


def test_a_unit_machine_does_not_write_another_units_sections(services, year_2025):
    from desktop.reports.document import Texts

    assert services.reports.may_edit_texts() and not services.reports.may_edit_texts(COMMUNE)
    with pytest.raises(AppError, match="do đơn vị DL-BMT-TT soạn"):
        services.reports.save_texts(2025, Texts(assessment="x"), COMMUNE)


def test_the_scorecard_puts_the_worst_unit_first_with_the_data_it_sent(services, year_2025):
    from datetime import UTC, datetime

    from desktop.models import Delegation, Person
    from desktop.models.sync import ImportProgress

    services.device.put_setting(PROVINCE_MODE, "1")
    _move(services, Delegation, year_2025["korea"], "DL-CMG")
    cmg_officer = officer(services, "Y Bih Niê", is_fa_officer=True)
    _move(services, Person, cmg_officer, "DL-CMG")
    with services.ctx.db.session() as s:
        s.add(ImportProgress(device_id="dev-cmg", epoch=1, unit_code="DL-CMG", last_bundle_seq=4,
                             last_received_at=datetime(2026, 1, 10, 3, 0, tzinfo=UTC), checksum_ok=True,
                             last_app_version="0.1.0"))
    rows = {r.unit_code: r for r in services.monitoring.scorecard(2025)}
    assert "DL" not in rows and {"DL-BMT", "DL-CMG", COMMUNE} <= set(rows)
    bmt, cmg = rows["DL-BMT"], rows["DL-CMG"]
    assert (bmt.late, bmt.requests) == (1, 2)  # Lào filed late; and the inbound delegation
    assert bmt.late_share == 0.5 and not bmt.has_officer and bmt.plan_issued_on is None
    assert cmg.has_officer and cmg.late == 0 and cmg.requests == 1
    assert cmg.data.covers_year and cmg.data.app_version == "0.1.0" and not bmt.data.covers_year
    order = [r.unit_code for r in services.monitoring.scorecard(2025)]
    assert order.index("DL-BMT") < order.index("DL-CMG")  # more indicators failed: first
    assert cmg.figures["outbound.count"].refs == (("delegation", year_2025["korea"]),)  # a cell opens its records


def test_the_signed_report_takes_the_next_number_of_the_outgoing_register_and_prints_it(services, year_2025,
                                                                                        tmp_path):
    import docx
    import pdfplumber

    report = services.reports.annual(2025)
    assert services.reports.registered(2025) is None
    with pytest.raises(ValidationError, match="người ký"):
        services.reports.sign(2025, date(2026, 1, 12), "  ")
    assert services.reports.registered(2025) is None  # a refused signature leaves no draft in Văn bản đi
    first = services.documents.create("TTr", "Tờ trình cử đoàn đi Hàn Quốc")
    services.documents.mark_signed(first.id, date(2026, 1, 5), "Trần Văn Bình")  # number 1 of 2026
    signed = services.reports.sign(2025, date(2026, 1, 12), "Trần Văn Bình")
    assert (signed.status, signed.number, signed.doc_type) == ("signed", 2, "BC")
    assert signed.summary == "Báo cáo kết quả công tác đối ngoại năm 2025"
    assert services.reports.registered(2025).id == signed.id and services.reports.registered(2024) is None
    with pytest.raises(ValidationError, match="đã có số"):
        services.reports.sign(2025, date(2026, 1, 13), "Trần Văn Bình")  # once
    with pdfplumber.open(services.reports.write(report, "pdf", tmp_path / "bc.pdf")) as doc:
        text = doc.pages[0].extract_text()
    assert f"Số: {signed.symbol}" in text and "ngày 12 tháng 01 năm 2026" in text
    word = docx.Document(services.reports.write(report, "docx", tmp_path / "bc.docx"))
    assert word.tables[1].rows[0].cells[0].text == f"Số: {signed.symbol}"
    with pytest.raises(AppError, match="chỉ ký và cấp số báo cáo của đơn vị mình"):
        services.reports.sign(2025, date(2026, 1, 12), "Trần Văn Bình", COMMUNE)


def test_the_count_reports_its_progress_and_stops_when_asked(services, year_2025):
    from desktop.errors import Stopped

    seen = []
    services.reports.annual(2025, progress=lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert total > 10 and seen == [(n, total) for n in range(1, total + 1)]  # each register read, in order

    def stop_at_three(done, _total):
        if done == 3:
            raise Stopped

    with pytest.raises(Stopped):
        services.reports.annual(2025, progress=stop_at_three)


def test_the_collector_is_held_off_during_a_count_and_back_after_the_last_one():
    import gc

    from desktop.services.common import collector_paused

    assert gc.isenabled()
    with collector_paused():
        with collector_paused():  # two counts overlapping (two threads)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first still runs
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_every_breakdown_names_its_keys():
    """A `by_…` figure prints names (Nhật Bản, not JP): each says what its keys are."""
    from desktop.reports.text import KEYS_OF

    assert {code for code in CODES if "by_" in code} <= set(KEYS_OF)

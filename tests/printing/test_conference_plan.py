"""The conference plan (Form 01, Decision 06/2020/QĐ-TTg): words, margins, gaps, the register."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import NotFoundError, ValidationError
from desktop.services.printing import PrintError
from tests.printing.conftest import SIGNER
from tests.printing.pdf import text
from tests.printing.test_forms import assert_inside_margins

TITLE = "Hội thảo quốc tế bảo tồn văn hóa cồng chiêng Tây Nguyên"


@pytest.fixture
def conference_id(printing) -> str:
    data = {"title": TITLE, "purpose": "Trao đổi kinh nghiệm bảo tồn di sản; kết nối nhà nghiên cứu",
            "start_date": date(2026, 6, 10), "end_date": date(2026, 6, 12), "place": "Bảo tàng tỉnh Đắk Lắk",
            "organiser": "Sở Văn hóa, Thể thao và Du lịch tỉnh Đắk Lắk", "mode": "hybrid",
            "foreign_participants": 18, "participant_countries": ["FR", "KR"], "sensitive_topics": ["ethnicity"],
            "funding": "state_budget", "cost_estimate_vnd": 420_000_000, "status": "draft"}
    return printing.conferences.save(data).id


def test_plan_prints_title_with_diacritics_and_every_section(printing, conference_id):
    words = text(printing.printing.render("conference-plan", conference_id))
    for expected in ("ĐỀ ÁN", TITLE, "Số: /ĐA-UBND", "từ ngày 10/06/2026 đến ngày 12/06/2026", "(3 ngày)",
                     "Bảo tàng tỉnh Đắk Lắk", "trực tiếp kết hợp trực tuyến", "Pháp, Hàn Quốc", "18 người",
                     "420.000.000 đồng", "Thủ tướng Chính phủ", "dân tộc", "06/2020/QĐ-TTg",
                     "TM. ỦY BAN NHÂN DÂN", SIGNER):
        assert expected in words, expected


def test_plan_stays_inside_the_margins(printing, conference_id):
    assert assert_inside_margins(printing.printing.render("conference-plan", conference_id)) > 300


def test_provincial_level_when_nothing_sensitive(printing, conference_id):
    detail = printing.conferences.get(conference_id)
    printing.conferences.save({**detail.data, "sensitive_topics": []}, conference_id)
    words = text(printing.printing.render("conference-plan", conference_id))
    assert "Chủ tịch Ủy ban nhân dân tỉnh" in words


def test_gaps_are_listed_and_nothing_is_drawn(printing):
    bare = printing.conferences.save({"title": "Hội nghị", "start_date": date(2026, 6, 1),
                                      "end_date": date(2026, 6, 1), "mode": "offline", "status": "draft"})
    assert printing.printing.missing("conference-plan", bare.id) == [
        "Chưa nhập địa điểm tổ chức", "Chưa nhập mục đích, nội dung hội nghị", "Chưa nhập cơ quan tổ chức",
        "Chưa chọn nguồn kinh phí"]
    with pytest.raises(PrintError):
        printing.printing.render("conference-plan", bare.id)


def test_forms_are_kept_apart_by_register(printing, conference_id, outbound_id):
    assert [f.code for f in printing.printing.forms_for_conference(conference_id)] == ["conference-plan"]
    assert "conference-plan" not in [f.code for f in printing.printing.forms_for(outbound_id)]
    with pytest.raises(NotFoundError):
        printing.printing.forms_for_conference(outbound_id)
    assert printing.printing.record_title("conference-plan", conference_id) == TITLE


def test_plan_template_has_its_own_placeholders(printing, conference_id):
    names = [n for n, _d in printing.printing.placeholders("conference-plan")]
    assert "approval" in names and "members_table" not in names
    with pytest.raises(ValidationError):
        printing.printing.save_template("conference-plan", "{members_table}")
    printing.printing.save_template("conference-plan", "Đề án {title} — {approval}.")
    assert "— thuộc thẩm quyền" in text(printing.printing.render("conference-plan", conference_id))


def test_signed_plan_prints_its_number(printing, conference_id):
    doc = printing.documents.create("ĐA", f"Đề án tổ chức {TITLE}", "conference-plan", "conference", conference_id)
    doc = printing.documents.mark_signed(doc.id, date(2026, 1, 20), SIGNER)
    words = text(printing.printing.render("conference-plan", conference_id, doc.id))
    assert f"Số: {doc.symbol}" in words and doc.symbol.endswith("/ĐA-UBND")

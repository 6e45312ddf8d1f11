"""The aid register: save/validate, donors from the NGO register, list filters and sorting, totals,
tombstone delete and restore, disbursements, R13 findings and Tổng quan."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.domain.calendar import add_months
from desktop.errors import AppError, NotFoundError, ValidationError
from desktop.models import AidDisbursement, AidProject, ChangeLog
from desktop.services.common import ListQuery
from desktop.services.demo_aid import fill_aid
from desktop.services.demo_ngos import fill_ngos
from tests.conftest import TODAY

DAY = timedelta(days=1)
WATER = {"title": "Cấp nước sạch cho buôn Ko Tam (người Ê Đê)", "donor_name": "WaterAid",
         "form": "project", "aid_type": "investment", "sector": "water_sanitation",
         "location": "Xã Ea Tu, TP. Buôn Ma Thuột", "currency": "USD", "value_original": 120_000,
         "value_vnd": 3_000_000_000, "counterpart_vnd": 300_000_000, "managing_agency": "UBND TP. Buôn Ma Thuột",
         "aid_holder": "Ban Quản lý dự án TP", "approval_number": "125/QĐ-UBND",
         "approval_date": date(2025, 10, 1), "approval_authority": "UBND tỉnh Đắk Lắk",
         "start_date": date(2025, 11, 1), "end_date": date(2026, 10, 31), "status": "in_progress"}
COFFEE = {"title": "Sinh kế cà phê bền vững cho hộ M'nông", "donor_name": "Oxfam", "form": "programme",
          "aid_type": "technical_assistance", "status": "approved", "approval_date": add_months(TODAY, -7),
          "currency": "EUR", "value_original": 50_000, "value_vnd": 1_400_000_000}


def ngo(services, original: str = "Good Neighbors International", vi: str = "Tổ chức Láng giềng Tốt Quốc tế") -> str:
    return services.ngos.save({"name_original": original, "name_vi": vi, "country": "KR"}).id


def test_save_get_round_trip_with_change_log_and_version_check(services):
    saved = services.aid.save(WATER)
    got = services.aid.get(saved.id)
    assert got.version == 1 and got.data["title"] == WATER["title"] and got.data["value_vnd"] == 3_000_000_000
    assert got.decree.number == "80/2020/NĐ-CP" and got.findings == [] and got.donor is None
    with services.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.entity == "aid_project")) == 1
    changed = services.aid.save({**got.data, "status": "completed"}, saved.id, expected_version=1)
    assert changed.version == 2 and changed.data["status"] == "completed"
    with pytest.raises(AppError):
        services.aid.save({**got.data, "status": "suspended"}, saved.id, expected_version=1)


def test_text_is_stored_nfc_and_the_currency_in_capitals(services):
    decomposed = "Nước sạch cho buôn Ê Đê"
    import unicodedata

    saved = services.aid.save({**WATER, "title": unicodedata.normalize("NFD", decomposed), "currency": " usd "})
    assert saved.data["title"] == unicodedata.normalize("NFC", decomposed) and saved.data["currency"] == "USD"
    [row] = services.aid.page(ListQuery(search="nuoc sach buon e de"))
    assert row.id == saved.id


def test_vnd_projects_get_their_vnd_value_from_the_original(services):
    saved = services.aid.save({**WATER, "currency": "VND", "value_original": 800_000_000, "value_vnd": None})
    assert saved.data["value_vnd"] == 800_000_000


def test_validation_names_every_field_and_writes_nothing(services):
    with pytest.raises(ValidationError) as caught:
        services.aid.save({"title": " ", "form": "project", "aid_type": "investment", "status": "approved",
                           "value_vnd": -1, "approval_date": TODAY + DAY})
    assert {p.field for p in caught.value.problems} == {"title", "donor_name", "value_vnd", "approval_date"}
    with pytest.raises(ValidationError) as caught:
        services.aid.save({**WATER, "end_date": date(2025, 10, 15)})
    assert [p.field for p in caught.value.problems] == ["end_date"]
    assert services.aid.validate({**WATER, "currency": "đô"})[0].field == "currency"
    assert services.aid.count() == 0


def test_donor_from_the_ngo_register(services):
    donor = ngo(services)
    saved = services.aid.save({**WATER, "donor_name": None, "donor_ngo_id": donor})
    assert saved.donor.name == "Tổ chức Láng giềng Tốt Quốc tế" and saved.data["donor_name"] == saved.donor.name
    [row] = services.aid.page()
    assert row.donor == "Tổ chức Láng giềng Tốt Quốc tế"
    assert [c.id for c in services.aid.donor_choices("lang gieng")] == [donor]
    assert services.aid.donor_choices("khong co") == []
    assert [d.id for d in services.aid.donors()] == [donor]
    with pytest.raises(NotFoundError):
        services.aid.save({**WATER, "donor_ngo_id": "no-such-ngo"})


def test_list_filters_sorts_and_years(services):
    donor = ngo(services)
    water = services.aid.save({**WATER, "donor_ngo_id": donor})
    coffee = services.aid.save(COFFEE)
    school = services.aid.save({**WATER, "title": "Trường mầm non cho trẻ em dân tộc thiểu số", "status": "proposed",
                                "approval_date": None, "start_date": None, "end_date": None, "value_vnd": 900_000_000,
                                "currency": None, "value_original": None})
    assert services.aid.count() == 3
    assert [r.id for r in services.aid.page(status="approved")] == [coffee.id]
    assert [r.id for r in services.aid.page(year=2025)] == [coffee.id, water.id]  # by approval day
    assert services.aid.years() == [2025]
    assert [r.id for r in services.aid.page(donor_id=donor)] == [water.id]
    by_value = services.aid.page(ListQuery(sort="value_vnd", descending=True))
    assert [r.id for r in by_value] == [water.id, coffee.id, school.id]
    by_approval = services.aid.page(ListQuery(sort="approval_date"))
    assert by_approval[-1].id == school.id  # no approval day: last
    by_donor = services.aid.page(ListQuery(sort="donor"))
    assert [r.donor for r in by_donor] == ["Oxfam", "Tổ chức Láng giềng Tốt Quốc tế", "WaterAid"]
    assert services.aid.page(ListQuery(search="mam non dan toc"))[0].id == school.id
    assert [r.id for r in services.aid.page(ListQuery(limit=1, offset=1, sort="value_vnd", descending=True))] == \
        [coffee.id]


def test_disbursements_totals_and_the_list_sums(services):
    water = services.aid.save(WATER)
    first = services.aid.save_disbursement(water.id, {"period_start": date(2025, 11, 1), "period_end": date(2025, 12, 31),
                                                      "amount_vnd": 1_000_000_000, "amount_original": 40_000})
    services.aid.save_disbursement(water.id, {"period_start": date(2026, 1, 1), "amount_vnd": 500_000_000})
    totals = services.aid.totals(water.id)
    assert (totals.committed_vnd, totals.disbursed_vnd, totals.ratio) == (3_000_000_000, 1_500_000_000, 0.5)
    detail = services.aid.get(water.id)
    assert [d.data["amount_vnd"] for d in detail.disbursements] == [1_000_000_000, 500_000_000]
    assert detail.totals.disbursed_original == 40_000
    [row] = services.aid.page()
    assert row.disbursed_vnd == 1_500_000_000 and row.ratio == 0.5
    services.aid.save_disbursement(water.id, {**first.data, "amount_vnd": 1_200_000_000}, first.id)
    services.aid.save(COFFEE)
    sums = services.aid.list_totals()
    assert (sums.projects, sums.committed_vnd, sums.disbursed_vnd, sums.counterpart_vnd) == \
        (2, 4_400_000_000, 1_700_000_000, 300_000_000)
    assert services.aid.list_totals(status="approved").disbursed_vnd == 0
    services.aid.delete_disbursement(first.id)
    assert services.aid.totals(water.id).disbursed_vnd == 500_000_000


def test_a_disbursement_is_refused_in_the_future_or_before_approval(services):
    water = services.aid.save(WATER)
    with pytest.raises(ValidationError) as caught:
        services.aid.save_disbursement(water.id, {"period_start": TODAY + DAY, "amount_vnd": 1})
    assert [p.field for p in caught.value.problems] == ["period_start"]
    with pytest.raises(ValidationError) as caught:
        services.aid.save_disbursement(water.id, {"period_start": date(2025, 9, 1), "amount_vnd": 1})
    assert "trước ngày phê duyệt" in caught.value.problems[0].message
    with pytest.raises(ValidationError):
        services.aid.save_disbursement(water.id, {"period_start": date(2025, 12, 1), "amount_vnd": None})
    assert services.aid.totals(water.id).disbursed_vnd == 0


def test_tombstone_delete_and_restore_bring_back_only_what_went_together(services):
    water = services.aid.save(WATER)
    kept = services.aid.save_disbursement(water.id, {"period_start": date(2025, 11, 1), "amount_vnd": 100})
    gone = services.aid.save_disbursement(water.id, {"period_start": date(2025, 12, 1), "amount_vnd": 200})
    services.aid.delete_disbursement(gone.id)  # deleted on its own first
    services.aid.delete(water.id)
    assert services.aid.count() == 0
    with pytest.raises(NotFoundError):
        services.aid.get(water.id)
    with services.ctx.db.read() as s:
        assert s.get(AidProject, water.id).deleted and s.get(AidDisbursement, kept.id).deleted
    services.aid.restore(water.id)
    detail = services.aid.get(water.id)
    assert [d.id for d in detail.disbursements] == [kept.id]
    assert services.aid.locate("aid_disbursement", kept.id) == water.id


def test_r13_findings_and_due_items(services):
    lapsed = services.aid.save(COFFEE)  # approved seven months ago, not started
    reminder = services.aid.save({**COFFEE, "title": "Trường học cho trẻ em Jrai",
                                  "approval_date": add_months(TODAY, -5) - 10 * DAY})
    services.aid.save({**COFFEE, "title": "Mới phê duyệt", "approval_date": TODAY - 30 * DAY})
    services.aid.save({**COFFEE, "title": "Đã triển khai", "start_date": TODAY - DAY})
    services.aid.save({**COFFEE, "title": "Đã chuyển hết hiệu lực", "status": "lapsed"})
    found = {f.record_id: f.severity for f in services.aid.all_findings()}
    assert found == {lapsed.id: "overdue", reminder.id: "reminder"}
    assert {f.record_id for f in services.aid.due_items()} == {lapsed.id, reminder.id}
    rows = {r.id: r.r13 for r in services.aid.page()}
    assert rows[lapsed.id] == "overdue" and rows[reminder.id] == "reminder"
    assert services.aid.get(lapsed.id).findings[0].rule == "R13"
    assert {f.record_id for f in services.all_findings() if f.rule == "R13"} == {lapsed.id, reminder.id}
    due = [d for d in services.dashboard.due() if d.rule == "R13"]
    assert {d.record_id for d in due} == {lapsed.id, reminder.id} and {d.register for d in due} == {"aid_project"}
    services.rules.update("R13", {"alert_months": 5, "lapse_months": 6}, "Nghị định 80/2020", enabled=False)
    assert services.aid.due_items() == [] and services.aid.all_findings() == []


def test_due_items_catch_month_end_approvals(bare_services, db_url, paths):
    from desktop.services import open_services

    services = open_services(db_url, paths, today=lambda: date(2026, 2, 28))
    try:
        services.device.set_up("DL-BMT", "Nguyễn Văn An")
        # 30/09/2025 + 5 months = 28/02/2026 (no 30/02): due today although 30/09 > 28/02 − 5 months
        saved = services.aid.save({**COFFEE, "approval_date": date(2025, 9, 30)})
        assert [f.record_id for f in services.aid.due_items()] == [saved.id]
    finally:
        services.close()


def test_the_decree_follows_the_switch_day_of_the_settings(services):
    assert services.aid.decree_for(date(2025, 12, 7)).number == "80/2020/NĐ-CP"
    assert services.aid.decree_for(date(2025, 12, 8)).number == "313/2025/NĐ-CP"
    services.rules.update("R13", {"decree_313_from": "2026-01-01"}, "Nghị định 313/2025/NĐ-CP")
    assert services.aid.decree_for(date(2025, 12, 8)).number == "80/2020/NĐ-CP"
    with pytest.raises(ValidationError):
        services.rules.update("R13", {"decree_313_from": "31/02/2026"}, "x")
    saved = services.aid.save({**WATER, "approval_date": date(2026, 1, 5), "start_date": None, "end_date": None})
    assert [r.decree for r in services.aid.page()] == ["313/2025/NĐ-CP"] and saved.decree.number == "313/2025/NĐ-CP"


def test_search_everywhere_finds_aid_projects(services):
    saved = services.aid.save(WATER)
    hits = [h for h in services.search.search("buon ko tam") if h.entity == "aid_project"]
    assert [h.record_id for h in hits] == [saved.id] and hits[0].register == "Viện trợ"


def test_demo_aid_makes_r13_fire_both_ways(services):
    fill_ngos(services, random.Random(1))
    written = fill_aid(services, random.Random(1))
    assert 4 <= written <= 6
    severities = sorted(f.severity for f in services.aid.all_findings())
    assert severities == ["overdue", "reminder"]
    decrees = {r.decree for r in services.aid.page()}
    assert {"80/2020/NĐ-CP", "313/2025/NĐ-CP"} <= decrees
    assert any(r.disbursed_vnd > 0 for r in services.aid.page())
    assert any(r.donor and r.id for r in services.aid.page(donor_id=services.aid.donors()[0].id))


def test_a_deleted_donor_ngo_leaves_its_name_and_the_next_save_unlinks_it(services):
    donor = ngo(services)
    saved = services.aid.save({**WATER, "donor_name": None, "donor_ngo_id": donor})
    services.ngos.delete(donor)
    detail = services.aid.get(saved.id)
    assert detail.donor is None and detail.data["donor_name"] == "Tổ chức Láng giềng Tốt Quốc tế"
    with pytest.raises(NotFoundError):
        services.aid.save(detail.data, saved.id)  # still pointing at the deleted NGO: said plainly
    again = services.aid.save({**detail.data, "donor_ngo_id": None}, saved.id)
    assert again.data["donor_ngo_id"] is None and again.data["donor_name"] == "Tổ chức Láng giềng Tốt Quốc tế"


def test_year_summary_for_the_annual_report(services):
    water = services.aid.save(WATER)  # approved 01/10/2025, 3 bn committed, 300 m counterpart
    services.aid.save(COFFEE)  # approved 20/06/2025, 1.4 bn
    services.aid.save({**COFFEE, "title": "Dự án năm 2026", "approval_date": date(2026, 1, 5)})
    gone = services.aid.save({**COFFEE, "title": "Đã xóa"})
    services.aid.delete(gone.id)
    services.aid.save_disbursement(water.id, {"period_start": date(2025, 12, 1), "amount_vnd": 700_000_000})
    services.aid.save_disbursement(water.id, {"period_start": date(2026, 1, 2), "amount_vnd": 100_000_000})
    summary = services.aid.year_summary(2025)
    assert (summary.approved, summary.committed_vnd, summary.counterpart_vnd, summary.disbursed_vnd) == \
        (2, 4_400_000_000, 300_000_000, 700_000_000)
    assert summary.by_status == {"in_progress": 1, "approved": 1}
    assert services.aid.year_summary(2026).disbursed_vnd == 100_000_000
    assert services.aid.year_summary(2025, unit_code="DL-OTHER").approved == 0


def test_attachments_are_stored_listed_and_kept_by_a_save_that_does_not_show_them(services, tmp_path):
    decision = tmp_path / "QĐ 1520 phê duyệt.pdf"
    decision.write_bytes(b"%PDF-1.4 quyet dinh")
    saved = services.aid.save(WATER)
    detail = services.aid.add_attachment(saved.id, decision, "decision")
    [entry] = detail.data["attachments"]
    assert entry["kind"] == "decision" and entry["name"] == "QĐ 1520 phê duyệt.pdf" and entry["size"] == 19
    assert services.aid.files.existing_path(entry["sha256"]).read_bytes() == decision.read_bytes()
    data = {k: v for k, v in detail.data.items() if k != "attachments"}
    again = services.aid.save({**data, "notes": "Đã có quyết định"}, saved.id, detail.version)
    assert again.data["attachments"] == [entry]
    with pytest.raises(ValidationError):
        services.aid.add_attachment(saved.id, decision, "passport")
    assert services.aid.remove_attachment(saved.id, entry["sha256"]).data["attachments"] == []


def test_the_list_search_also_finds_the_donor_ngos_original_name(services):
    donor = ngo(services)
    linked = services.aid.save({**WATER, "donor_name": None, "donor_ngo_id": donor})
    services.aid.save(COFFEE)
    assert [r.id for r in services.aid.page(ListQuery(search="good neighbors"))] == [linked.id]
    assert [r.id for r in services.aid.page(ListQuery(search="neighbors ko tam"))] == [linked.id]  # words mixed
    assert services.aid.count(ListQuery(search="neighbors ca phe")) == 0
    assert services.aid.list_totals(ListQuery(search="good neighbors")).projects == 1

"""The foreign-NGO register: save, search, filters, sub-records, delete/undo, findings (today 20/01/2026)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.errors import AppError, NotFoundError, ValidationError
from desktop.services.common import ListQuery


def add_ngo(services, name="World Vision International", vi="Tổ chức Tầm nhìn Thế giới", **extra):
    data = {"name_original": name, "name_vi": vi, "country": "US", "sectors": ["health"],
            "areas": ["Huyện Ea Súp"], **extra}
    return services.ngos.save(data)


def add_certificate(services, ngo_id, issued=date(2024, 3, 1), expires=date(2027, 3, 1), **extra):
    data = {"kind": "activity_registration", "number": "45/GĐK-BNG", "issued_on": issued,
            "expires_on": expires, "plan_notified_on": issued + timedelta(days=30), **extra}
    return services.ngos.save_certificate(ngo_id, data)


def names(rows) -> list[str]:
    return [r.display_name for r in rows]


def test_save_and_get(services):
    detail = add_ngo(services, areas=["Huyện Ea Súp", " Xã Ea Rốk ", "Huyện Ea Súp"], country="us")
    assert detail.version == 1
    assert detail.data["name_vi"] == "Tổ chức Tầm nhìn Thế giới"
    assert detail.data["areas"] == ["Huyện Ea Súp", "Xã Ea Rốk"]
    assert detail.data["country"] == "US"
    assert detail.certificates == [] and detail.current_certificate is None
    again = services.ngos.get(detail.id)
    assert again.data == detail.data


def test_validation_names_every_field(services):
    with pytest.raises(ValidationError) as caught:
        services.ngos.save({"name_vi": "Không tên gốc", "email": "x@@y"})
    assert {p.field for p in caught.value.problems} == {"name_original", "email"}
    assert services.ngos.count() == 0


def test_update_checks_the_version(services):
    detail = add_ngo(services)
    services.ngos.save({**detail.data, "phone": "0262 3812 345"}, detail.id, detail.version)
    with pytest.raises(AppError):
        services.ngos.save({**detail.data, "phone": "0262 0000 000"}, detail.id, detail.version)


@pytest.mark.parametrize("text", ["world vision", "tam nhin the gioi", "TẦM NHÌN", "Tam Nhin"])
def test_search_ignores_diacritics_and_finds_both_names(services, text):
    add_ngo(services)
    add_ngo(services, "Oxfam", "Tổ chức Oxfam", country="GB")
    assert names(services.ngos.page(ListQuery(search=text))) == ["Tổ chức Tầm nhìn Thế giới"]
    assert services.ngos.count(ListQuery(search=text)) == 1


def test_sector_and_expiring_filters(services):
    wv = add_ngo(services, sectors=["health", "education"])
    oxfam = add_ngo(services, "Oxfam", "Tổ chức Oxfam", sectors=["livelihoods"])
    add_certificate(services, wv.id, issued=date(2023, 3, 1), expires=date(2026, 3, 1))
    add_certificate(services, oxfam.id)
    assert names(services.ngos.page(ListQuery(), sector="education")) == ["Tổ chức Tầm nhìn Thế giới"]
    assert services.ngos.count(ListQuery(), sector="livelihoods") == 1
    assert services.ngos.count(ListQuery(), sector="water_sanitation") == 0
    assert names(services.ngos.page(ListQuery(), expiring_only=True)) == ["Tổ chức Tầm nhìn Thế giới"]


def test_list_row_shows_the_current_certificate_and_latest_report(services):
    wv = add_ngo(services)
    add_certificate(services, wv.id, issued=date(2021, 3, 1), expires=date(2024, 3, 1), number="1/OLD")
    add_certificate(services, wv.id, issued=date(2024, 3, 1), expires=date(2027, 3, 1), number="2/new")
    services.ngos.save_report(wv.id, {"reporting_year": 2024, "received_on": date(2024, 12, 17)})
    services.ngos.save_report(wv.id, {"reporting_year": 2025, "received_on": date(2025, 12, 16)})
    [row] = services.ngos.page(ListQuery())
    assert (row.certificate_number, row.expires_on, row.latest_report_year) == ("2/NEW", date(2027, 3, 1), 2025)
    detail = services.ngos.get(wv.id)
    assert detail.current_certificate.data["number"] == "2/NEW"
    assert [c.data["number"] for c in detail.certificates] == ["2/NEW", "1/OLD"]


def test_sort_by_expiry(services):
    for name, expires in (("A", date(2027, 1, 1)), ("B", date(2026, 3, 1)), ("C", date(2028, 1, 1))):
        ngo = add_ngo(services, name, None)
        add_certificate(services, ngo.id, issued=date(2025, 6, 1), expires=expires)
    rows = services.ngos.page(ListQuery(sort="expires_on"))
    assert names(rows) == ["B", "A", "C"]
    assert names(services.ngos.page(ListQuery(sort="expires_on", descending=True))) == ["C", "A", "B"]


def test_sub_records_and_their_validation(services):
    wv = add_ngo(services)
    with pytest.raises(ValidationError) as caught:
        add_certificate(services, wv.id, issued=date(2024, 3, 1), expires=date(2030, 3, 1))
    assert [p.field for p in caught.value.problems] == ["expires_on"]
    contact = services.ngos.save_contact(wv.id, {"full_name": "John Smith", "nationality": "US",
                                                 "email": "john_smith@wvi.org"})
    services.ngos.save_contact(wv.id, {**contact.data, "title": "Giám đốc chương trình"}, contact.id)
    with pytest.raises(ValidationError):
        services.ngos.save_contact(wv.id, {"full_name": ""})
    services.ngos.save_report(wv.id, {"reporting_year": 2025, "received_on": date(2025, 12, 16)})
    with pytest.raises(ValidationError) as twin:
        services.ngos.save_report(wv.id, {"reporting_year": 2025, "received_on": date(2025, 12, 17)})
    assert "Đã có báo cáo năm 2025" in str(twin.value)
    detail = services.ngos.get(wv.id)
    assert [c.data["title"] for c in detail.contacts] == ["Giám đốc chương trình"]
    services.ngos.delete_sub("ngo_contact", contact.id)
    assert services.ngos.get(wv.id).contacts == []
    services.ngos.delete_sub("ngo_contact", contact.id, deleted=False)
    assert len(services.ngos.get(wv.id).contacts) == 1


def test_delete_and_restore_take_the_sub_records_along(services):
    wv = add_ngo(services)
    add_certificate(services, wv.id)
    services.ngos.delete(wv.id)
    assert services.ngos.count() == 0
    with pytest.raises(NotFoundError):
        services.ngos.get(wv.id)
    assert services.ngos.all_findings() == []
    services.ngos.restore(wv.id)
    assert len(services.ngos.get(wv.id).certificates) == 1


def test_findings_of_an_ngo(services):
    wv = add_ngo(services)
    add_certificate(services, wv.id, issued=date(2023, 3, 1), expires=date(2026, 3, 1), plan_notified_on=None)
    rules = {(f.rule, f.severity) for f in services.ngos.get(wv.id).findings}
    # expires in 40 days; plan never notified (due 08/05/2023); no report for 2025
    assert rules == {("R10", "reminder"), ("R11", "overdue"), ("R12", "overdue")}
    services.ngos.save_report(wv.id, {"reporting_year": 2025, "received_on": date(2025, 12, 16)})
    assert {f.rule for f in services.ngos.get(wv.id).findings} == {"R10", "R11"}


def test_all_findings_and_due_items(services):
    quiet = add_ngo(services, "Quiet NGO", None)
    add_certificate(services, quiet.id, issued=date(2025, 6, 1), expires=date(2028, 5, 31))
    services.ngos.save_report(quiet.id, {"reporting_year": 2025, "received_on": date(2025, 12, 16)})
    busy = add_ngo(services)
    add_certificate(services, busy.id, issued=date(2023, 3, 1), expires=date(2026, 3, 1))
    assert {f.record_id for f in services.ngos.all_findings()} == {busy.id}
    due = services.ngos.due_items()
    assert {(f.rule, f.record_id) for f in due} == {("R10", busy.id), ("R12", busy.id)}


def test_switching_a_rule_off_in_settings(services):
    wv = add_ngo(services)
    add_certificate(services, wv.id, issued=date(2023, 3, 1), expires=date(2026, 3, 1))
    services.rules.update("R10", {}, "Nghị định 58/2022/NĐ-CP", enabled=False)
    assert {f.rule for f in services.ngos.all_findings()} == {"R12"}


@pytest.mark.parametrize("today", [date(2026, 1, 20), date(2026, 12, 19), date(2027, 7, 1)])
def test_demo_makes_every_ngo_rule_fire(services, today):
    import random

    from desktop.services.demo_ngos import fill_ngos

    services.ctx.today = lambda: today
    assert fill_ngos(services, random.Random(7)) == services.ngos.count() == 8
    found = services.ngos.all_findings()
    assert {f.rule for f in found} == {"R10", "R11", "R12"}
    assert {(f.rule, f.severity) for f in found} >= {
        ("R10", "reminder"), ("R10", "overdue"), ("R11", "reminder"), ("R11", "overdue"), ("R12", "overdue")}
    assert {f.rule for f in services.ngos.due_items()} == {"R10", "R11", "R12"}
    rows = services.ngos.page(ListQuery(search="tam nhin the gioi"))
    assert [r.name_original for r in rows] == ["World Vision International"]

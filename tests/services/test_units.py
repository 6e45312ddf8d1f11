"""Units are data: the Đắk Lắk seed, communes added by the user, units retired."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.config import Paths
from desktop.errors import AppError, ValidationError
from desktop.models import ChangeLog
from desktop.services import open_services
from desktop.services.units import seed_id
from tests.templates import sqlite_url

DISTRICTS = {"DL-BMT", "DL-BHO", "DL-BDO", "DL-CKU", "DL-CMG", "DL-EHL", "DL-EKA", "DL-ESU",
             "DL-KAN", "DL-KBO", "DL-KBU", "DL-KNA", "DL-KPA", "DL-LAK", "DL-MDR"}


def _log_count(services) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count(ChangeLog.id)))


def test_seed_has_the_province_and_its_fifteen_former_districts(bare_services):
    units = bare_services.units.list()
    assert units[0].code == "DL" and units[0].level == "province" and units[0].name == "Tỉnh Đắk Lắk"
    districts = [u for u in units if u.level == "district"]
    assert {u.code for u in districts} == DISTRICTS
    assert all(u.parent_code == "DL" and u.valid_to == date(2025, 6, 30) for u in districts)
    assert bare_services.units.get("DL-MDR").name == "Huyện M'Đrắk"


def test_seed_ids_are_the_same_on_every_machine(bare_services, tmp_path):
    other = open_services(sqlite_url(tmp_path / 'other.sqlite3'), Paths(tmp_path / "other"))
    try:
        mine = {u.code: u.id for u in bare_services.units.list()}
        theirs = {u.code: u.id for u in other.units.list()}
    finally:
        other.close()
    assert mine == theirs
    assert mine["DL-BMT"] == seed_id("DL-BMT")


def test_seeding_again_adds_nothing_and_logs_nothing(services):
    before = len(services.units.list())
    assert services.units.seed() == 0
    assert len(services.units.list()) == before
    assert _log_count(services) == 0


def test_retired_units_can_be_hidden(services):
    active = services.units.list(include_retired=False)  # today is 20/01/2026
    assert [u.code for u in active] == ["DL"]


@pytest.fixture
def province(bare_services):
    """The province's installation: it owns the unit list."""
    bare_services.device.set_up("DL", "Nguyễn Văn An")
    return bare_services


def test_a_units_machine_never_edits_the_unit_list(services):
    """SYNC.md step 3: the list is the province's; a unit's bundle carries no unit record."""
    with pytest.raises(AppError, match="do Sở Ngoại vụ quản lý"):
        services.units.add("DL-EATAM", "Phường Ea Tam", "commune", "DL", date(2025, 7, 1))
    with pytest.raises(AppError, match="do Sở Ngoại vụ quản lý"):
        services.units.retire("DL-BMT", date(2026, 1, 10))
    assert services.units.get("DL-EATAM") is None and services.units.get("DL-BMT").valid_to == date(2025, 6, 30)
    assert _log_count(services) == 0


def test_add_a_commune(province):
    services = province
    row = services.units.add("dl-eatam", "Phường Ea Tam", "commune", "DL", date(2025, 7, 1))
    assert (row.code, row.name, row.parent_code, row.valid_from) == ("DL-EATAM", "Phường Ea Tam", "DL",
                                                                    date(2025, 7, 1))
    assert services.units.get("DL-EATAM") == row
    assert [u.code for u in services.units.list(include_retired=False)] == ["DL", "DL-EATAM"]
    [entry] = [e for e in services.records.iter_json("unit") if e["code"] == "DL-EATAM"]
    assert entry["version"] == 1 and entry["origin_device"] == services.device.info().id
    assert _log_count(services) == 1


def test_duplicate_or_incomplete_units_are_refused(province):
    services = province
    with pytest.raises(ValidationError) as caught:
        services.units.add("DL-BMT", "Trùng mã", "commune", "DL")
    assert "đã có" in caught.value.for_field("code")[0]
    with pytest.raises(ValidationError) as caught:
        services.units.add("", "", "hamlet", "XX")
    assert {p.field for p in caught.value.problems} == {"code", "name", "level", "parent_code"}
    assert _log_count(services) == 0


def test_retire_a_unit(province):
    services = province
    services.units.add("DL-HOAPHU", "Xã Hòa Phú", "commune", "DL", date(2025, 7, 1))
    row = services.units.retire("DL-HOAPHU", date(2026, 1, 10))
    assert row.valid_to == date(2026, 1, 10)
    assert "DL-HOAPHU" not in {u.code for u in services.units.list(include_retired=False)}
    assert "DL-HOAPHU" in {u.code for u in services.units.list()}
    with pytest.raises(ValidationError) as caught:
        services.units.retire("DL-HOAPHU", date(2025, 1, 1))
    assert caught.value.for_field("valid_to")
    with pytest.raises(ValidationError):
        services.units.retire("XX-NONE", date(2026, 1, 1))


def test_r15_warns_units_in_service_without_a_designated_officer(province):
    services = province
    config = services.rules.config()
    codes = {f.record_id for f in services.units.staffing_findings(config)}
    bmt = services.units.get("DL-BMT")
    assert codes == set(), "the district units closed on 30/06/2025 are not in service in 2026"
    services.units.add("DL-PTAN", "Phường Tân An", "commune", "DL", None)
    assert [f.rule for f in services.units.staffing_findings(config)] == ["R15"]
    services.persons.save({"full_name": "Lê Thị Thu Trang", "unit_code": "DL-PTAN", "is_fa_officer": True})
    assert services.units.staffing_findings(config) == []
    assert [f.record_id for f in services.units.staffing_findings(config, only="DL-BMT")] == [bmt.id]

"""The province store: province mode, Tổng quan over every unit, per-unit sync status, "3 ngày trước"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.models.sync import HeldBundle, ImportProgress, PeerDevice, SyncConflict
from desktop.services.province import ago
from desktop.sync.state import PROVINCE_MODE
from tests.templates import sqlite_url

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("moment", "text"), [
    (None, "chưa nhận"),
    (NOW - timedelta(seconds=20), "vừa xong"),
    (NOW - timedelta(minutes=5), "5 phút trước"),
    (NOW - timedelta(hours=3, minutes=59), "3 giờ trước"),
    (NOW - timedelta(days=3, hours=2), "3 ngày trước"),
    (NOW - timedelta(days=65), "2 tháng trước"),
    (NOW + timedelta(minutes=3), "vừa xong"),  # a clock ahead of ours is not "in the future"
    ((NOW - timedelta(days=1)).replace(tzinfo=None), "1 ngày trước"),  # stored UTC without a zone
])
def test_ago_in_words(moment, text):
    assert ago(moment, NOW) == text


def passport_holder(services, unit_code: str, name: str) -> str:
    return services.persons.save({"full_name": name, "unit_code": unit_code, "passport_number": "C1234567",
                                  "passport_expiry": date(2026, 3, 1)}).id


def test_a_unit_sees_its_own_records_only(services):
    passport_holder(services, "DL-BMT", "Nguyễn Văn Hùng")
    passport_holder(services, "DL-CMG", "Y Bih Niê")
    assert not services.province.is_province()
    assert services.dashboard.own_unit() == "DL-BMT"
    names = [i.message for i in services.dashboard.due() if i.rule == "R9" and i.entity == "person"]
    assert len(names) == 1 and "Nguyễn Văn Hùng" in names[0]


def test_province_mode_covers_every_unit(services):
    passport_holder(services, "DL-BMT", "Nguyễn Văn Hùng")
    passport_holder(services, "DL-CMG", "Y Bih Niê")
    services.device.put_setting(PROVINCE_MODE, "1")
    assert services.province.is_province()
    assert services.dashboard.own_unit() is None
    due = [i.message for i in services.dashboard.due() if i.rule == "R9" and i.entity == "person"]
    assert len(due) == 2


def test_the_province_level_unit_is_the_province(bare_services):
    bare_services.device.set_up("DL", "Lê Thị Hoa")
    assert bare_services.province.is_province()


def test_unit_status_per_unit(services):
    services.device.put_setting(PROVINCE_MODE, "1")
    received = datetime.now(UTC) - timedelta(days=3, hours=1)
    with services.ctx.db.session() as s:
        s.add_all([
            PeerDevice(device_id="dev-bmt-1", unit_code="DL-BMT", public_key="k", fingerprint="f", role="unit"),
            PeerDevice(device_id="dev-cmg-1", unit_code="DL-CMG", public_key="k", fingerprint="f", role="unit"),
            ImportProgress(device_id="dev-bmt-1", epoch=1, unit_code="DL-BMT", last_bundle_seq=7,
                           last_received_at=received, checksum_ok=False),
            HeldBundle(device_id="dev-bmt-1", epoch=1, bundle_seq=10, prev_bundle_seq=9, unit_code="DL-BMT",
                       file_name="x.dnb", stored_path="/tmp/x.dnb", missing=[[8, 9]]),
            SyncConflict(entity="delegation", record_id="r1", unit_code="DL-BMT", device_id="dev-bmt-1"),
            SyncConflict(entity="delegation", record_id="r2", unit_code="DL-BMT", device_id="dev-bmt-1",
                         status="resolved"),
        ])
    rows = {r.unit_code: r for r in services.province.unit_status()}
    assert set(rows) == {"DL-BMT", "DL-CMG"}
    bmt, cmg = rows["DL-BMT"], rows["DL-CMG"]
    assert services.province.unit_status()[0].unit_code == "DL-BMT"  # needs attention: first
    assert (bmt.unit_name, bmt.devices, bmt.last_device_id, bmt.last_bundle_seq) == (
        "Thành phố Buôn Ma Thuột", 1, "dev-bmt-1", 7)
    assert (bmt.held, bmt.missing_seqs, bmt.checksum_mismatches, bmt.open_conflicts) == (1, ((8, 9),), 1, 1)
    assert bmt.missing_text == "8–9"  # a gap by its first and last missing numbers
    assert ago(bmt.last_received_at) == "3 ngày trước"
    assert cmg.last_received_at is None and not cmg.needs_attention


def test_findings_at_the_province_cover_the_records_units_sent(services, tmp_path):
    """A unit's trip with a member under discipline, sent in a bundle: the province's findings and Tổng quan
    name it (DOMAIN.md's rules evaluated on imported records)."""
    from desktop.config import Paths
    from desktop.services import open_services
    from tests.services.builders import disciplined, outbound

    member = disciplined(services)
    trip = services.delegations.save(outbound(), [{"role": "head", "person_id": member}]).id
    province = open_services(sqlite_url(tmp_path / 'province.sqlite3'), Paths(tmp_path / "province"),
                             today=services.ctx.today)
    try:
        province.device.set_up("DL", "Lê Thị Hoa")
        province.sync.set_province_mode(True)
        uk, pk = services.sync.keys(), province.sync.keys()
        province.sync.trust(uk.device_id, uk.public_key, uk.unit_code)
        services.sync.set_province_keys(pk.recipient, pk.public_key)
        (tmp_path / "usb").mkdir()
        [report] = province.sync.import_paths([services.sync.export_bundle(tmp_path / "usb").path])
        assert report.outcome == "applied"

        blocking = [f for f in province.all_findings() if f.rule == "R4" and f.severity == "blocking"]
        assert [province.delegations.locate(f.entity, f.record_id).id for f in blocking] == [trip]
        due = [i for i in province.dashboard.due() if i.rule == "R4"]
        assert [province.delegations.locate(i.entity, i.record_id).id for i in due] == [trip]
        [status] = province.province.unit_status()
        assert (status.unit_code, status.last_bundle_seq, status.held, status.open_conflicts) == ("DL-BMT", 1, 0, 0)
        assert status.last_device_id == uk.device_id and ago(status.last_received_at) == "vừa xong"
        from desktop import __version__
        assert status.app_version == __version__  # the manifest's app_version: what the unit runs
    finally:
        province.close()


def test_a_second_province_pc_on_the_shared_store_does_not_make_its_own_age_key(tmp_path):
    """Two provincial PCs share one store, each with its own data folder: the second must not quietly
    make a new age key (the units encrypt to the first), it says which key file to copy instead."""
    import shutil

    from desktop.config import Paths
    from desktop.errors import AppError
    from desktop.services import open_services

    url = f"sqlite:///{tmp_path / 'province.sqlite3'}"
    first = open_services(url, Paths(tmp_path / "pc1"))
    try:
        first.device.set_up("DL", "Lê Thị Hoa")
        first.sync.set_province_mode(True)
        recipient = first.sync.keys().recipient
    finally:
        first.close()
    second = open_services(url, Paths(tmp_path / "pc2"))
    try:
        with pytest.raises(AppError, match="chưa có khóa giải mã age của tỉnh") as refused:
            second.sync.keys()
        assert recipient in str(refused.value)
        assert not (tmp_path / "pc2" / "keys" / "province.age-identity").exists()
        shutil.copy(tmp_path / "pc1" / "keys" / "province.age-identity", tmp_path / "pc2" / "keys")
        assert second.sync.keys().recipient == recipient
    finally:
        second.close()

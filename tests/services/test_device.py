"""First run: the device identity, its key file and fingerprint, the officer's name."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import AppError, ValidationError
from desktop.models import ChangeLog
from desktop.services import open_services
from desktop.sync import keys

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def test_before_set_up_there_is_no_device(bare_services):
    assert bare_services.device.is_set_up() is False
    with pytest.raises(AppError, match="chưa được thiết lập"):
        bare_services.device.info()


@POSIX_ONLY
def test_first_run_makes_a_device_with_an_owner_only_key(bare_services):
    info = bare_services.device.set_up("DL-BMT", "Nguyễn Văn An")
    assert bare_services.device.is_set_up()
    assert uuid.UUID(info.id)
    assert (info.unit_code, info.unit_name, info.epoch) == ("DL-BMT", "Thành phố Buôn Ma Thuột", 1)
    assert info.officer == "Nguyễn Văn An"
    key_file = Path(info.key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = keys.load_private(key_file)
    assert keys.public_b64(key) == info.public_key


def test_fingerprint_is_base32_groups_of_the_public_key_hash(services):
    info = services.device.info()
    raw = base64.b64decode(info.public_key)
    assert len(raw) == 32
    expected = base64.b32encode(hashlib.sha256(raw).digest()).decode().rstrip("=")
    groups = info.fingerprint.split(" ")
    assert "".join(groups) == expected
    assert all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4
    assert keys.fingerprint_b64(info.public_key) == info.fingerprint


def test_set_up_twice_is_refused(services):
    first = services.device.info()
    with pytest.raises(AppError, match="đã được thiết lập"):
        services.device.set_up("DL-BHO", "Người khác")
    assert services.device.info() == first


def test_set_up_needs_an_officer_and_a_known_unit(bare_services):
    with pytest.raises(ValidationError) as caught:
        bare_services.device.set_up("DL-BMT", "   ")
    assert caught.value.for_field("officer")
    with pytest.raises(ValidationError) as caught:
        bare_services.device.set_up("XX-NOPE", "Nguyễn Văn An")
    assert caught.value.for_field("unit_code")
    assert bare_services.device.is_set_up() is False


def test_officer_name_is_recorded_with_later_changes(services):
    services.device.set_officer("Trần Thị Thu")
    services.persons.save({"full_name": "H'Hen Niê"})
    with services.ctx.db.read() as s:
        assert s.scalars(select(ChangeLog.officer)).all() == ["Trần Thị Thu"]
    assert services.device.info().officer == "Trần Thị Thu"


def test_settings_round_trip(services):
    assert services.device.get_setting("language", "vi") == "vi"
    services.device.put_setting("language", "en")
    assert services.device.get_setting("language") == "en"


def test_reopening_the_database_keeps_the_device(services, db_url, paths):
    info = services.device.info()
    again = open_services(db_url, paths)
    try:
        assert again.device.info() == info
    finally:
        again.close()


@POSIX_ONLY
def test_a_leftover_temporary_key_file_does_not_loosen_the_mode(tmp_path):
    target = tmp_path / "keys" / "device.pem"
    target.parent.mkdir()
    leftover = target.with_suffix(".tmp")
    leftover.write_bytes(b"half-written by a crash")
    leftover.chmod(0o644)
    keys.save_private(keys.generate(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not leftover.exists()


def test_the_unit_can_be_changed_until_the_first_bundle_and_the_records_follow(services, tmp_path):
    from desktop.services.common import ListQuery
    from tests.services.builders import officer

    officer(services, "Trần Thị Lan")  # typed under the wrong unit
    assert services.device.bundles_exchanged() == 0
    info = services.device.change_unit("DL-KPA")
    assert (info.unit_code, info.unit_name) == ("DL-KPA", "Huyện Krông Pắc")
    assert services.ctx.local_unit() == "DL-KPA"
    assert [p.unit_code for p in services.persons.page(ListQuery())] == ["DL-KPA"]
    saved = services.persons.save({"full_name": "Lê Văn Hòa"})
    assert services.persons.get(saved.id).data["unit_code"] == "DL-KPA"

    services.device.change_unit("DL")  # the province's machine: province mode follows from the unit
    assert services.province.is_province()
    services.device.change_unit("DL-KPA")
    assert not services.province.is_province()

    services.sync.export_bundle(tmp_path, allow_plaintext=True)
    assert services.device.bundles_exchanged() == 1
    with pytest.raises(AppError, match="đã gửi hoặc nhận 1 gói dữ liệu"):
        services.device.change_unit("DL-BMT")
    assert services.device.info().unit_code == "DL-KPA"


def test_changing_to_an_unknown_unit_is_refused_beside_the_field(services):
    with pytest.raises(ValidationError) as refused:
        services.device.change_unit("DL-XYZ")
    assert refused.value.for_field("unit_code") == ["Không có đơn vị mã DL-XYZ."]
    assert services.device.info().unit_code == "DL-BMT"

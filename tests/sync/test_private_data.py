"""Personal data left behind (issue 9): decrypted contents, acks in clear, loose file modes, plaintext by default."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.errors import AppError
from desktop.services import open_services
from desktop.services.sync import PlaintextRefused
from desktop.storage import files
from tests.services.builders import officer
from tests.sync.engine_helpers import TODAY, craft, line, machine, own_recipient, person_data

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


# --- decrypted contents live in the data folder's private tmp/, never in the system temp ------------------


def test_decrypted_entries_live_in_the_private_work_folder_and_go_with_the_import(unit, province, tmp_path,
                                                                                    monkeypatch):
    import desktop.sync.importer as importer_mod

    officer(unit)
    path = unit.sync.export_bundle(tmp_path / "usb").path
    seen: list[Path] = []
    real = importer_mod.Importer._import_opened

    def look(self, b, bundle_path, options):
        seen.extend(p for p in Path(b._work).rglob("*") if p.is_file())
        return real(self, b, bundle_path, options)

    monkeypatch.setattr(importer_mod.Importer, "_import_opened", look)
    system_temp = set(Path(tempfile.gettempdir()).iterdir())
    assert province.sync.import_paths([path])[0].outcome == "applied"
    work = province.ctx.paths.tmp
    assert any(p.name == "changes.jsonl" for p in seen)  # decrypted: a plaintext file existed…
    assert all(work in p.parents for p in seen)  # …only inside the private folder
    assert list(work.iterdir()) == []  # and is gone once the import is over
    assert {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(str(os.getpid()))} <= system_temp


@POSIX
def test_work_folders_of_dead_processes_are_swept_at_the_next_start(tmp_path):
    home = tmp_path / "home"
    paths = Paths(home)
    dead = paths.tmp / "999999999-read-abc"
    dead.mkdir()
    (dead / "changes.jsonl").write_text('{"full_name": "Nguyễn Văn An", "passport_number": "C1234567"}')
    alive = paths.tmp / f"{os.getppid()}-read-xyz"  # our parent runs: another window of the program
    alive.mkdir()
    services = open_services(f"sqlite:///{home / 'x.sqlite3'}", paths, today=lambda: TODAY)
    services.close()
    assert not dead.exists() and alive.exists()
    assert stat.S_IMODE(paths.tmp.stat().st_mode) == 0o700


# --- acks are sealed for the device; a unit refuses one in clear ------------------------------------------


def test_the_ack_is_encrypted_to_the_devices_own_key(unit, province, tmp_path):
    officer(unit)
    assert province.sync.import_paths([unit.sync.export_bundle(tmp_path / "a").path])[0].outcome == "applied"
    ack = province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "ack")
    with zipfile.ZipFile(ack) as zf:
        assert zf.namelist() == ["payload.age"]
    assert unit.sync.import_paths([ack])[0].outcome == "applied"
    sent = [h for h in province.sync.history() if h.kind == "ack"]
    assert sent and sent[0].encrypted


def test_a_unit_refuses_an_ack_in_clear(unit, province, tmp_path):
    from desktop.sync import keys
    from desktop.sync.bundle import BundleWriter

    officer(unit)
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "a").path])
    info = province.device.info()
    manifest = {"kind": "ack", "device_id": info.id, "unit_code": "DL", "epoch": 1, "bundle_seq": 1,
                "prev_bundle_seq": 0, "applied_through_bundle_seq": 1, "to_device_id": unit.sync.keys().device_id}
    with BundleWriter(tmp_path / "ack", manifest, keys.load_private(province.device.key_path(info.id))) as w:
        pass
    (report,) = unit.sync.import_paths([w.path])
    assert report.outcome == "refused" and report.code == "ack.plaintext"
    assert not unit.sync.history()[0].acked


def test_no_ack_is_written_for_a_device_that_never_gave_its_key(unit, province, tmp_path):
    person = line(1, "person", person_data(), origin=unit.sync.keys().device_id)
    assert province.sync.import_paths([craft(unit, tmp_path / "a", [person])])[0].outcome == "applied"  # no age_recipient
    with pytest.raises(AppError, match="chưa gửi khóa mã hóa"):
        province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "ack")
    assert not list((tmp_path / "ack").glob("*.dnb")) if (tmp_path / "ack").exists() else True


def test_the_manifest_carries_the_devices_own_recipient(unit, tmp_path):
    from desktop.sync import crypto
    from desktop.sync.bundle import open_bundle

    officer(unit)
    unit.sync.set_province_recipient(None)
    path = unit.sync.export_bundle(tmp_path / "usb", allow_plaintext=True).path
    with open_bundle(path, is_trusted=lambda *_: True) as b:
        assert b.manifest["age_recipient"] == own_recipient(unit)
    identity = unit.ctx.paths.keys / crypto.DEVICE_IDENTITY_FILE
    if os.name == "posix":
        assert stat.S_IMODE(identity.stat().st_mode) == 0o600


# --- owner-only files and folders ---------------------------------------------------------------------------


@POSIX
@pytest.mark.sqlite_only
def test_stores_backups_and_held_bundles_are_owner_only(unit, province, tmp_path):
    for n in range(3):
        officer(unit, f"Cán bộ {n}", passport_number=f"C000000{n}")
        path = unit.sync.export_bundle(tmp_path / f"usb{n}").path
    assert province.sync.import_paths([path])[0].outcome == "held"  # 3 before 1 and 2: a copy is kept
    province.sync.import_paths([tmp_path / "usb0"])
    root = province.ctx.paths.root
    db = province.ctx.db.path
    for f in [db, db.with_name(db.name + "-wal"), *root.rglob("*")]:
        if f.exists():
            mode = stat.S_IMODE(f.stat().st_mode)
            assert mode == (0o700 if f.is_dir() else 0o600), f"{f}: {oct(mode)}"
    assert list(province.ctx.paths.backups.iterdir())


@POSIX
def test_loose_files_of_an_older_version_are_tightened_at_start(tmp_path):
    home = tmp_path / "home"
    backups = home / "backups"
    backups.mkdir(parents=True)
    old = backups / "doingoai-20260101-before-0005.sqlite3"
    old.write_bytes(b"SQLite format 3\x00")
    os.chmod(old, 0o644)
    os.chmod(backups, 0o755)
    db = home / "doingoai.sqlite3"
    services = open_services(f"sqlite:///{db}", Paths(home), today=lambda: TODAY)
    services.close()
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600  # made owner-only from its first byte


@POSIX
def test_secure_tree_never_follows_a_link(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    os.chmod(outside, 0o644)
    root = tmp_path / "data"
    root.mkdir()
    (root / "link").symlink_to(outside)
    files.secure_tree(root)
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644


# --- plaintext only by an explicit choice; the province's key file ---------------------------------------


def test_without_the_provinces_key_a_bundle_is_written_only_by_choice(unit, tmp_path):
    officer(unit)
    with pytest.raises(PlaintextRefused, match="keys load"):
        unit.sync.export_bundle(tmp_path / "usb")
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())
    result = unit.sync.export_bundle(tmp_path / "usb", allow_plaintext=True)
    assert result.encrypted is False


def test_a_unit_loads_the_provinces_key_file_and_encrypts_from_then_on(unit, tmp_path, db_url):
    province = machine(tmp_path, "province", "DL", province=True, url=db_url)
    try:
        key_file = province.sync.export_key_file(tmp_path / "usb")
        assert key_file.name == "khoa-tinh-DL.dnk"
        shown = unit.sync.read_key_file(key_file)
        assert shown.fingerprint == province.sync.keys().fingerprint  # what is read over the phone
        assert unit.sync.keys().recipient is None  # reading stores nothing
        unit.sync.load_key_file(key_file)
        keys = unit.sync.keys()
        assert keys.recipient == province.sync.keys().recipient
        assert keys.province_fingerprint == province.sync.keys().fingerprint
        officer(unit)
        result = unit.sync.export_bundle(tmp_path / "out")
        assert result.encrypted
        uk = unit.sync.keys()
        province.sync.trust(uk.device_id, uk.public_key, uk.unit_code)
        assert province.sync.import_paths([result.path])[0].outcome == "applied"
        ack = province.sync.write_ack(uk.device_id, tmp_path / "ack")
        assert unit.sync.import_paths([ack])[0].outcome == "applied"  # the province's key is trusted by device id
    finally:
        province.close()


@pytest.mark.parametrize("edit", [
    lambda b: b.replace('"format": "doingoai-province-keys"', '"format": "khác"'),
    lambda b: b.replace('"age_recipient": "age1', '"age_recipient": "age2'),
    lambda b: b.replace('"fingerprint": "', '"fingerprint": "AAAA'),
    lambda b: b.replace('"unit_code": "DL",', '"unit_code": "DL", "unit_code": "DL-KPA",'),
    lambda b: "không phải JSON",
])
def test_a_damaged_key_file_is_refused_with_what_is_wrong(unit, tmp_path, db_url, edit):
    province = machine(tmp_path, "province", "DL", province=True, url=db_url)
    try:
        key_file = province.sync.export_key_file(tmp_path / "usb")
        key_file.write_text(edit(key_file.read_text(encoding="utf-8")), encoding="utf-8")
        with pytest.raises(AppError, match="khoa-tinh-DL.dnk"):
            unit.sync.load_key_file(key_file)
        assert unit.sync.keys().recipient is None
    finally:
        province.close()

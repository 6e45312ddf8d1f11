"""The register encrypted at rest: unreadable without a password or the recovery key, opened with either,
in step with the accounts (a disabled account's password no longer opens it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.domain import access
from desktop.errors import LoginRefused, RegisterLocked
from desktop.services import Credentials, open_services
from desktop.storage.keyring import keys_path
from tests.conftest import TODAY
from tests.templates import sqlite_url

PASSWORD = "một câu dễ nhớ"
SECRET_TEXT = ("Nguyễn Thị Bí Mật", "C9876543")


@pytest.fixture
def register(tmp_path):
    """A unit's register with an administrator and an officer, a person with a passport, then encrypted."""
    path = tmp_path / "so.sqlite3"
    services = open_services(sqlite_url(path), Paths(tmp_path / "data"), today=lambda: TODAY)
    services.device.set_up("DL-BMT", "Nguyễn Văn An")
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    services.accounts.create("canbo", "Cán Bộ", access.OFFICER, PASSWORD)
    services.persons.save({"full_name": SECRET_TEXT[0], "passport_number": SECRET_TEXT[1]})
    recovery = services.encrypt()
    services.persons.save({"full_name": "Lê Văn Sau Mã Hóa"})
    services.close()
    return path, tmp_path / "data", recovery


def _open(register, **login):
    path, data, _recovery = register
    return open_services(f"sqlite:///{path}", Paths(data), today=lambda: TODAY, login=Credentials(**login))


def test_without_a_password_the_file_is_not_a_database_and_holds_no_register_text(register):
    path, data, _recovery = register
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    for file in [path, keys_path(path), *Path(path.parent).glob("so.sqlite3*"), *(data / "backups").glob("*")]:
        raw = file.read_bytes()
        for text in SECRET_TEXT:
            assert text.encode() not in raw and text.encode("utf-16-le") not in raw, file
    with pytest.raises(RegisterLocked):
        open_services(f"sqlite:///{path}", Paths(data), today=lambda: TODAY)


def test_each_account_opens_it_with_its_own_password(register):
    for user in ("quantri", "canbo"):
        services = _open(register, user_name=user, password=PASSWORD)
        try:
            assert services.is_encrypted() and services.ctx.identity.user_name == user
            assert services.persons.count() == 2
        finally:
            services.close()


def test_a_wrong_password_does_not_open_it_and_many_make_the_next_try_wait(register):
    for _ in range(access.FAILED_FREE - 1):
        with pytest.raises(LoginRefused) as err:
            _open(register, user_name="canbo", password="sai mật khẩu")
        assert err.value.wait == 0
    with pytest.raises(LoginRefused) as err:
        _open(register, user_name="canbo", password="sai mật khẩu")
    assert err.value.wait > 0
    with pytest.raises(LoginRefused, match="đợi"):
        _open(register, user_name="canbo", password=PASSWORD)
    with pytest.raises(LoginRefused):
        _open(register, user_name="khongco", password=PASSWORD)


def test_the_recovery_key_opens_it_and_sets_a_new_password_when_every_one_is_lost(register):
    path, data, recovery = register
    assert len(recovery.split("-")) == 13
    services = _open(register, recovery=recovery.lower().replace("-", " "))  # as typed from the paper
    try:
        services.accounts.reset_password("quantri", "mật khẩu mới của quản trị")
    finally:
        services.close()
    services = _open(register, user_name="quantri", password="mật khẩu mới của quản trị")
    services.close()
    with pytest.raises(LoginRefused):
        _open(register, user_name="quantri", password=PASSWORD)
    with pytest.raises(LoginRefused, match="khôi phục"):
        _open(register, recovery="AAAA-" * 12 + "AAAA")


def test_a_changed_password_rewraps_and_a_disabled_account_can_no_longer_open_it(register):
    services = _open(register, user_name="canbo", password=PASSWORD)
    services.accounts.change_password("canbo", PASSWORD, "mật khẩu riêng của cán bộ")
    services.close()
    with pytest.raises(LoginRefused):
        _open(register, user_name="canbo", password=PASSWORD)
    services = _open(register, user_name="canbo", password="mật khẩu riêng của cán bộ")
    services.close()
    services = _open(register, user_name="quantri", password=PASSWORD)
    services.accounts.set_disabled("canbo")
    services.close()
    with pytest.raises(LoginRefused):
        _open(register, user_name="canbo", password="mật khẩu riêng của cán bộ")


def test_the_same_password_typed_decomposed_opens_it(register):
    import unicodedata

    services = _open(register, user_name="canbo", password=unicodedata.normalize("NFD", PASSWORD))
    services.close()


def test_backups_of_an_encrypted_register_are_encrypted(register):
    path, data, _recovery = register
    services = _open(register, user_name="quantri", password=PASSWORD)
    try:
        copy = services.ctx.db.backup(data / "backups", "test")
    finally:
        services.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(copy).execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain = [f for f in (data / "backups").glob("*.sqlite3") if f.read_bytes()[:16] == b"SQLite format 3\x00"]
    assert plain == []  # the copy made before the conversion was encrypted too


def test_a_copied_data_folder_gives_nothing_attachments_and_keys_are_sealed(tmp_path):
    from desktop.storage import sealed
    from tests.services.builders import outbound

    path = tmp_path / "so.sqlite3"
    services = open_services(sqlite_url(path), Paths(tmp_path / "data"), today=lambda: TODAY)
    services.device.set_up("DL-BMT", "Nguyễn Văn An")
    scan = tmp_path / "ho-chieu.txt"
    scan.write_text("Bản chụp hộ chiếu C9876543 của Nguyễn Thị Bí Mật", encoding="utf-8")
    before = services.delegations.add_attachment(services.delegations.save(outbound(), []).id, scan, "passport")
    services.sync.keys()  # makes the device's age identity
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    services.encrypt()
    later = tmp_path / "quyet-dinh.txt"
    later.write_text("Quyết định cử Nguyễn Thị Bí Mật đi Hàn Quốc", encoding="utf-8")
    services.delegations.add_attachment(before.id, later, "other")
    entry = services.delegations.get(before.id).data["attachments"][0]
    viewable = services.attachments.viewable_path(entry["sha256"], entry["name"])
    assert viewable.read_text(encoding="utf-8").startswith("Bản chụp hộ chiếu") and viewable.name == "ho-chieu.txt"
    viewable.unlink()
    services.close()
    for file in (tmp_path / "data").rglob("*"):
        if file.is_file() and "tmp" not in file.parts:
            raw = file.read_bytes()
            for text in ("Nguyễn Thị Bí Mật", "C9876543", "PRIVATE KEY", "AGE-SECRET-KEY"):
                assert text.encode() not in raw, (file, text)
    assert all(sealed.is_sealed(f) for f in (tmp_path / "data" / "attachments").iterdir())


def test_an_encrypted_unit_sends_its_sealed_attachments_in_plain_inside_the_encrypted_bundle(tmp_path):
    from tests.services.builders import outbound
    from tests.sync.engine_helpers import machine, pair

    unit = machine(tmp_path, "unit", "DL-BMT")
    province = machine(tmp_path, "province", "DL", province=True)
    try:
        pair(unit, province)
        scan = tmp_path / "ho-chieu.txt"
        scan.write_text("Bản chụp hộ chiếu C9876543", encoding="utf-8")
        saved = unit.delegations.save(outbound(), [])
        unit.delegations.add_attachment(saved.id, scan, "passport")
        unit.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
        unit.accounts.login("quantri", PASSWORD)
        unit.encrypt()
        result = unit.sync.export_bundle(tmp_path / "out")
        assert result.attachments == 1
        assert province.sync.import_paths([result.path])[0].outcome == "applied"
        sha = unit.delegations.get(saved.id).data["attachments"][0]["sha256"]
        assert province.attachments.existing_path(sha).read_text(encoding="utf-8") == "Bản chụp hộ chiếu C9876543"
    finally:
        unit.close()
        province.close()


def test_the_recovery_key_opens_nothing_on_a_plaintext_register(tmp_path):
    path = tmp_path / "tho.sqlite3"
    services = open_services(sqlite_url(path), Paths(tmp_path / "data"), today=lambda: TODAY)
    services.device.set_up("DL-BMT", "Nguyễn Văn An")
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.close()
    (path.parent / (path.name + ".keys.pending")).write_text("x")  # a stray file does not make it encrypted
    with pytest.raises(LoginRefused, match="chưa mã hóa"):
        open_services(f"sqlite:///{path}", Paths(tmp_path / "data"), login=Credentials(recovery="bất kỳ"))


def test_a_password_change_that_fails_to_save_locks_nobody_out(register, monkeypatch):
    from desktop.storage.database import Database

    services = _open(register, user_name="canbo", password=PASSWORD)
    real = Database.session

    def failing(self):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(Database, "session", failing)
    for attempt in ("mật khẩu mới thứ nhất", "mật khẩu mới thứ hai"):
        with pytest.raises(RuntimeError):
            services.accounts.change_password("canbo", PASSWORD, attempt)
    monkeypatch.setattr(Database, "session", real)
    services.close()
    _open(register, user_name="canbo", password=PASSWORD).close()  # the password the register holds


def test_encrypting_one_register_leaves_another_of_the_same_data_folder_alone(tmp_path):
    from desktop.storage import sealed
    from tests.services.builders import outbound

    data = Paths(tmp_path / "data")
    other = open_services(sqlite_url(tmp_path / "khac.sqlite3"), data, today=lambda: TODAY)
    other.device.set_up("DL-BMT", "Nguyễn Văn An")
    note = tmp_path / "cua-so-khac.txt"
    note.write_text("tệp của sổ khác", encoding="utf-8")
    sha = other.delegations.add_attachment(other.delegations.save(outbound(), []).id, note, "other").data[
        "attachments"][0]["sha256"]
    other_backup = other.ctx.db.backup(data.backups, "test")
    other.close()
    mine = open_services(sqlite_url(tmp_path / "so.sqlite3"), data, today=lambda: TODAY)
    mine.device.set_up("DL-BMT", "Nguyễn Văn An")
    mine.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    mine.accounts.login("quantri", PASSWORD)
    mine.encrypt()
    mine.close()
    assert not sealed.is_sealed(data.attachments / sha)
    assert other_backup.read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_plaintext_copy_a_killed_conversion_left_in_backups_is_encrypted_at_the_next_open(register):
    path, data, _recovery = register
    plain = data / "backups" / "so-20260101-000000-000000-before-encryption.sqlite3"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE person (full_name TEXT)")
    conn.execute("INSERT INTO person VALUES (?)", (SECRET_TEXT[0],))
    conn.commit()
    conn.close()
    _open(register, user_name="quantri", password=PASSWORD).close()
    assert SECRET_TEXT[0].encode() not in plain.read_bytes()
    assert keys_path(plain).exists()  # it opens with the register's passwords of its day


def test_a_backup_of_an_encrypted_register_carries_its_key_file(register):
    path, data, _recovery = register
    services = _open(register, user_name="quantri", password=PASSWORD)
    try:
        copy = services.ctx.db.backup(data / "backups", "test")
    finally:
        services.close()
    from desktop.storage.keyring import Keyring

    key, _digest = Keyring.load(keys_path(copy)).unwrap("quantri", PASSWORD)
    assert key and copy.with_name(copy.name + ".keys").exists()

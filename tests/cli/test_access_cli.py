"""Accounts on the command line: a register with accounts opens only for one, `user …`, `audit verify`."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from tests import encrypted

KEY = "GKOC7kP0mcR6sDW3GzQ4q5V3dC1nSbcuP4Xb6oRj1qM="
PROVINCE_ID = "8c1f0a2b-0000-4000-8000-000000000001"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-access")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOINGOAI_HOME", str(folder / "home"))
        assert main(["demo", "--db", str(folder / "demo.sqlite3"), "--delegations", "2"]) == 0
    return folder / "demo.sqlite3"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_prints_one_account_per_role(capsys, tmp_path):
    code, out, _err = run(capsys, "demo", "--db", str(tmp_path / "d.sqlite3"), "--delegations", "0")
    assert code == 0
    for name in ("quantri", "lanhdao", "canbo"):
        assert name in out
    assert "tinh" not in out.split("Tài khoản mẫu")[1]  # a unit's register: no province account
    assert "demo" in out


def test_without_an_account_a_command_is_refused_with_exit_2_saying_how(capsys, demo_db):
    code, out, err = run(capsys, "list", "person", "--db", str(demo_db))
    assert code == 2 and out == "" and "--user" in err and "DOINGOAI_PASSWORD" in err


def test_a_wrong_password_is_refused(capsys, demo_db, monkeypatch):
    monkeypatch.setenv("DOINGOAI_PASSWORD", "sai")
    code, out, err = run(capsys, "list", "person", "--db", str(demo_db), "--user", "canbo")
    assert code == 2 and out == "" and "không đúng" in err


def test_with_an_account_the_command_runs(capsys, demo_db, monkeypatch):
    monkeypatch.setenv("DOINGOAI_PASSWORD", "demo")
    code, out, _err = run(capsys, "list", "person", "--db", str(demo_db), "--user", "canbo")
    assert code == 0 and "Họ và tên" in out


def test_an_officer_cannot_trust_a_key_and_is_told_who_can(capsys, demo_db, monkeypatch):
    monkeypatch.setenv("DOINGOAI_PASSWORD", "demo")
    code, _out, err = run(capsys, "keys", "trust", "--db", str(demo_db), "--user", "canbo",
                          "--device-id", PROVINCE_ID, "--public-key", KEY)
    assert code == 2 and "Quản trị" in err and "khóa" in err


def test_user_add_list_passwd_and_disable(capsys, tmp_path, monkeypatch):
    db = str(tmp_path / "u.sqlite3")
    monkeypatch.setenv("DOINGOAI_NEW_PASSWORD", "mật khẩu quản trị")
    assert main(["init", "--db", db, "--unit", "DL-BMT"]) == 0
    capsys.readouterr()
    code, out, _err = run(capsys, "user", "add", "quantri", "--full-name", "Quản Trị", "--role", "admin", "--db", db)
    assert code == 0 and "Quản trị" in out  # the first account needs no login
    monkeypatch.setenv("DOINGOAI_USER", "quantri")
    monkeypatch.setenv("DOINGOAI_PASSWORD", "mật khẩu quản trị")
    monkeypatch.setenv("DOINGOAI_NEW_PASSWORD", "mật khẩu cán bộ")
    assert run(capsys, "user", "add", "canbo", "--full-name", "Cán Bộ", "--role", "officer", "--db", db)[0] == 0
    code, out, _err = run(capsys, "user", "list", "--db", db)
    assert code == 0 and "canbo" in out and "quantri" in out
    monkeypatch.setenv("DOINGOAI_NEW_PASSWORD", "mật khẩu đặt lại")  # the administrator resets canbo's
    code, out, _err = run(capsys, "user", "passwd", "canbo", "--db", db)
    assert code == 0 and "đặt lại" in out
    monkeypatch.setenv("DOINGOAI_USER", "canbo")
    monkeypatch.setenv("DOINGOAI_PASSWORD", "mật khẩu đặt lại")
    monkeypatch.setenv("DOINGOAI_NEW_PASSWORD", "mật khẩu riêng của tôi")
    code, out, _err = run(capsys, "user", "passwd", "canbo", "--db", db)  # then changes it to their own
    assert code == 0 and "Đã đổi" in out
    monkeypatch.setenv("DOINGOAI_PASSWORD", "mật khẩu riêng của tôi")
    code, _out, err = run(capsys, "user", "add", "khac", "--full-name", "Khác", "--role", "officer", "--db", db)
    assert code == 2 and "Quản trị" in err  # an officer adds nobody
    monkeypatch.setenv("DOINGOAI_USER", "quantri")
    monkeypatch.setenv("DOINGOAI_PASSWORD", "mật khẩu quản trị")
    assert run(capsys, "user", "disable", "canbo", "--db", db)[0] == 0
    monkeypatch.setenv("DOINGOAI_USER", "canbo")
    monkeypatch.setenv("DOINGOAI_PASSWORD", "mật khẩu riêng của tôi")
    code, _out, err = run(capsys, "list", "person", "--db", db)
    assert code == 2 and "khóa" in err


def test_init_makes_the_administrator_from_the_environment(capsys, tmp_path, monkeypatch):
    db = str(tmp_path / "i.sqlite3")
    monkeypatch.setenv("DOINGOAI_USER", "quantri")
    monkeypatch.setenv("DOINGOAI_PASSWORD", "mật khẩu quản trị")
    code, out, _err = run(capsys, "init", "--db", db, "--unit", "DL-BMT", "--province")
    assert code == 0 and "Quản trị của sổ: quantri" in out
    monkeypatch.delenv("DOINGOAI_USER")
    assert run(capsys, "list", "person", "--db", db)[0] == 2


def test_init_without_the_environment_or_a_terminal_leaves_the_register_open_and_says_so(capsys, tmp_path):
    db = str(tmp_path / "o.sqlite3")
    code, out, _err = run(capsys, "init", "--db", db, "--unit", "DL-BMT")
    assert code == 0 and "chưa có tài khoản" in out
    assert run(capsys, "list", "person", "--db", db)[0] == 0


def test_audit_verify_exits_0_on_an_intact_chain_and_2_naming_the_first_broken_entry(capsys, tmp_path, monkeypatch):
    db = tmp_path / "a.sqlite3"
    monkeypatch.setenv("DOINGOAI_HOME", str(tmp_path / "home"))
    assert main(["demo", "--db", str(db), "--delegations", "1"]) == 0
    monkeypatch.setenv("DOINGOAI_USER", "quantri")
    monkeypatch.setenv("DOINGOAI_PASSWORD", "demo")
    capsys.readouterr()
    code, out, _err = run(capsys, "audit", "verify", "--db", str(db))
    assert code == 0 and "nguyên vẹn" in out
    conn = encrypted.connect(db)  # someone who has the register's key and edits the trail behind its back
    conn.execute("UPDATE audit_entry SET full_name = 'Kẻ giả mạo' WHERE seq = 7")
    conn.commit()
    conn.close()
    code, _out, err = run(capsys, "audit", "verify", "--db", str(db))
    assert code == 2 and "mục số 7" in err


def test_audit_export_needs_the_audit_permission(capsys, demo_db, monkeypatch, tmp_path):
    monkeypatch.setenv("DOINGOAI_PASSWORD", "demo")
    out_file = tmp_path / "nk.xlsx"
    code, _out, err = run(capsys, "audit", "export", "--out", str(out_file), "--db", str(demo_db), "--user", "canbo")
    assert code == 2 and "nhật ký" in err and not out_file.exists()
    code, out, _err = run(capsys, "audit", "export", "--out", str(out_file), "--db", str(demo_db), "--user", "quantri")
    assert code == 0 and out_file.exists()


def test_demo_encrypts_the_register_and_the_recovery_key_sets_a_new_password(capsys, tmp_path, monkeypatch):
    import re
    import sqlite3

    db = tmp_path / "k.sqlite3"
    code, out, _err = run(capsys, "demo", "--db", str(db), "--delegations", "1")
    assert code == 0 and "KHÓA KHÔI PHỤC" in out
    recovery = re.search(r"^  ([A-Z2-7]{4}(?:-[A-Z2-7]{1,4}){12})$", out, re.M).group(1)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(db).execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert "Y Thông Ktla".encode() not in db.read_bytes()
    monkeypatch.setenv("DOINGOAI_RECOVERY_KEY", "SAI-" * 12 + "SAI")
    monkeypatch.setenv("DOINGOAI_NEW_PASSWORD", "mật khẩu mới sau khi quên")
    code, _out, err = run(capsys, "user", "passwd", "quantri", "--recovery", "--db", str(db))
    assert code == 2 and "khôi phục" in err
    monkeypatch.setenv("DOINGOAI_RECOVERY_KEY", recovery)
    code, out, _err = run(capsys, "user", "passwd", "quantri", "--recovery", "--db", str(db))
    assert code == 0 and "khóa khôi phục" in out
    monkeypatch.setenv("DOINGOAI_PASSWORD", "mật khẩu mới sau khi quên")
    assert run(capsys, "user", "list", "--db", str(db), "--user", "quantri")[0] == 0


def test_backup_now_and_its_list_on_the_command_line(capsys, demo_db, monkeypatch, tmp_path):
    monkeypatch.setenv("DOINGOAI_PASSWORD", "demo")
    code, _out, err = run(capsys, "backup", "--db", str(demo_db), "--user", "canbo", "--out", str(tmp_path))
    assert code == 2 and "Quản trị" in err
    code, out, _err = run(capsys, "backup", "--db", str(demo_db), "--user", "quantri", "--out", str(tmp_path))
    assert code == 0 and "Đã sao lưu và kiểm tra" in out
    code, out, _err = run(capsys, "backup", "--list", "--db", str(demo_db), "--user", "quantri", "--out", str(tmp_path))
    assert code == 0 and "manual" in out and "bản ghi" in out

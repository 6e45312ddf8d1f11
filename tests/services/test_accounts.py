"""Accounts and roles in the services: the same refusals for the GUI and the CLI."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher

from desktop.domain import access
from desktop.errors import LoginRefused, PermissionDenied, ValidationError
from desktop.services import accounts
from desktop.storage import audit
from tests.conftest import TODAY

PASSWORD = "một câu dễ nhớ"


def _accounts(services):
    """An administrator (logged in), a head, an officer and province staff."""
    services.accounts.create("quantri", "Quản Trị Viên", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    services.accounts.create("lanhdao", "Lê Lãnh Đạo", access.HEAD, PASSWORD)
    services.accounts.create("canbo", "Cao Cán Bộ", access.OFFICER, PASSWORD)
    services.accounts.create("tinh", "Tạ Tỉnh", access.PROVINCE, PASSWORD)
    return services


def test_the_real_argon2id_parameters_take_a_noticeable_time_and_are_argon2id():
    real = PasswordHasher(**accounts.ARGON2)
    started = time.perf_counter()
    hashed = real.hash(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=22,p=2$")
    assert time.perf_counter() - started > 0.05  # far from a fast hash; the 0.4 s is measured in bench/
    assert real.verify(hashed, PASSWORD)


def test_the_first_account_must_be_an_administrator_and_needs_no_login(services):
    assert not services.accounts.exist()
    with pytest.raises(ValidationError) as err:
        services.accounts.create("canbo", "Cán Bộ", access.OFFICER, PASSWORD)
    assert err.value.for_field("role")
    services.accounts.create("QuanTri", "Quản Trị", access.ADMIN, PASSWORD)
    assert services.accounts.exist()
    with pytest.raises(PermissionDenied):  # the list is the administrator's to see
        services.accounts.list()
    services.accounts.login("quantri", PASSWORD)
    assert [a.user_name for a in services.accounts.list()] == ["quantri"]


def test_a_later_account_needs_the_administrator(services):
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    with pytest.raises(PermissionDenied) as err:  # nobody logged in
        services.accounts.create("canbo", "Cán Bộ", access.OFFICER, PASSWORD)
    assert "đăng nhập" in str(err.value)
    _accounts_after_admin = services.accounts.login("quantri", PASSWORD)
    assert _accounts_after_admin.role == access.ADMIN
    services.accounts.create("canbo", "Cán Bộ", access.OFFICER, PASSWORD)
    services.accounts.logout()
    services.accounts.login("canbo", PASSWORD)
    with pytest.raises(PermissionDenied) as err:
        services.accounts.create("khac", "Người Khác", access.OFFICER, PASSWORD)
    assert "Quản trị" in str(err.value) and "Cán bộ" in str(err.value)


def test_passwords_are_judged_by_length_not_composition(services):
    with pytest.raises(ValidationError) as err:
        services.accounts.create("quantri", "Quản Trị", access.ADMIN, "ngắn")
    assert "8" in err.value.for_field("password")[0]
    with pytest.raises(ValidationError):
        services.accounts.create("quantri", "Quản Trị", access.ADMIN, "quantri")  # the user name itself
    with pytest.raises(ValidationError) as err:
        services.accounts.create("Nguyễn An", "Nguyễn An", access.ADMIN, PASSWORD)
    assert err.value.for_field("user_name")
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, "trời hôm nay đẹp")  # no digits: fine


def test_a_wrong_password_is_refused_and_audited_and_five_in_a_row_make_the_next_try_wait(services):
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    for _ in range(access.FAILED_FREE - 1):
        with pytest.raises(LoginRefused) as err:
            services.accounts.login("quantri", "sai mật khẩu")
        assert err.value.wait == 0
    with pytest.raises(LoginRefused) as err:
        services.accounts.login("quantri", "sai mật khẩu")
    assert err.value.wait == 2
    with pytest.raises(LoginRefused) as err:  # even the right password waits its turn
        services.accounts.login("quantri", PASSWORD)
    assert "đợi" in str(err.value) and err.value.wait > 0
    assert services.ctx.identity is None
    with pytest.raises(LoginRefused):
        services.accounts.login("khongco", PASSWORD)
    kinds = [row.kind for row in _entries(services)]
    assert kinds.count("login_failed") == access.FAILED_FREE + 1
    assert access.wait_after(6) == 4 and access.wait_after(30) == 300


def test_the_wait_ends_and_a_right_password_then_resets_the_count(services, monkeypatch):
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    for _ in range(access.FAILED_FREE):
        with pytest.raises(LoginRefused):
            services.accounts.login("quantri", "sai mật khẩu")
    monkeypatch.setattr(accounts, "_wait_left", lambda account: 0)  # the two seconds have passed
    assert services.accounts.login("quantri", PASSWORD).user_name == "quantri"
    assert services.accounts.get("quantri").failed_logins == 0


def test_a_disabled_account_cannot_log_in_and_the_last_administrator_cannot_be_disabled(services):
    _accounts(services)
    services.accounts.set_disabled("canbo")
    with pytest.raises(LoginRefused) as err:
        services.accounts.login("canbo", PASSWORD)
    assert "khóa" in str(err.value)
    with pytest.raises(Exception) as err:
        services.accounts.set_disabled("quantri")
    assert "Quản trị duy nhất" in str(err.value)
    services.accounts.set_disabled("canbo", False)
    assert services.accounts.login("canbo", PASSWORD).role == access.OFFICER


def test_an_administrator_resets_a_forgotten_password_which_must_then_be_changed(services):
    _accounts(services)
    services.accounts.reset_password("canbo", "mật khẩu tạm thời")
    services.accounts.logout()
    with pytest.raises(LoginRefused):
        services.accounts.login("canbo", PASSWORD)
    services.accounts.login("canbo", "mật khẩu tạm thời")
    assert services.accounts.must_change_password()
    services.accounts.change_password("canbo", "mật khẩu tạm thời", "mật khẩu của riêng tôi")
    assert not services.accounts.must_change_password()
    with pytest.raises(PermissionDenied):  # an officer resets nobody's password
        services.accounts.reset_password("lanhdao", "mật khẩu tạm thời")


def test_changes_are_recorded_under_the_account_that_logged_in(services):
    _accounts(services)
    services.accounts.logout()
    services.accounts.login("canbo", PASSWORD)
    person = services.persons.save({"full_name": "Nguyễn Thị Hoa", "unit_code": "DL-BMT"})
    row = [r for r in _entries(services) if r.record_id == person.id][0]
    assert (row.user_name, row.full_name, row.kind) == ("canbo", "Cao Cán Bộ", "create")
    assert services.ctx.db.tracker.officer == "Cao Cán Bộ"


def test_a_refusal_is_audited(services):
    _accounts(services)
    services.accounts.logout()
    services.accounts.login("canbo", PASSWORD)
    with pytest.raises(PermissionDenied):
        services.accounts.set_role("lanhdao", access.ADMIN)
    denied = [r for r in _entries(services) if r.kind == "denied"]
    assert denied and denied[-1].details == {"permission": access.ACCOUNTS} and denied[-1].user_name == "canbo"


def test_a_register_without_accounts_stays_open(services):
    assert services.ctx.may(access.OVERRIDE_R4) and services.ctx.may(access.ACCOUNTS)
    assert TODAY.year == 2026


def _entries(services):
    with services.ctx.db.read() as s:
        return list(audit.entries(s))

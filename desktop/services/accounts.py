"""Accounts: who may open the register, with which role; logins, locks, passwords (Argon2id).

The first account of a register is its administrator and can be made by whoever opens it (first run,
`doingoai init`, `doingoai demo`, or an upgraded register's next start); every later one needs the
administrator's permission. A login sets `ctx.identity`, which every guarded service checks and the
audit trail names, and makes the tracker record changes under the account's full name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from desktop.domain import access
from desktop.domain.access import ADMIN, ROLES, Identity
from desktop.domain.text import nfc
from desktop.errors import AppError, FieldProblem, LoginRefused, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import Account
from desktop.models.base import utcnow
from desktop.services.context import ServiceContext

# Argon2id, 64 MiB, 22 passes, 2 lanes: 0.38–0.42 s a hash on these machines at low load (README,
# "Tài khoản"). Memory is held to 64 MiB (RFC 9106's second choice) rather than more, so a login does
# not double the program's peak memory on a 4 GB office PC; the passes make up the time.
ARGON2 = {"time_cost": 22, "memory_cost": 65536, "parallelism": 2}
hasher = PasswordHasher(**ARGON2)

DEMO_ACCOUNTS = (  # `doingoai demo`: one account a role; outside tests depend on these names
    ("quantri", "Quản trị hệ thống", ADMIN),
    ("lanhdao", "Lãnh đạo đơn vị", access.HEAD),
    ("canbo", "Cán bộ đối ngoại", access.OFFICER),
)
PROVINCE_DEMO_ACCOUNT = ("tinh", "Cán bộ Sở Ngoại vụ", access.PROVINCE)
RECOVERY_IDENTITY = Identity(0, "khoa-khoi-phuc", "Khóa khôi phục", ADMIN)  # who opened with the recovery key
DEMO_FLAG = "demo_accounts"  # a setting: the login screen says the demo's names and password


@dataclass(frozen=True)
class AccountInfo:
    """An account as the list in Cài đặt › Tài khoản shows it (never its hash)."""

    id: int
    user_name: str
    full_name: str
    role: str
    disabled: bool
    must_change_password: bool
    last_login_at: datetime | None
    failed_logins: int


class AccountService:
    """Makes, lists and changes accounts; logs in, locks and switches the person at the keyboard."""

    def __init__(self, ctx: ServiceContext, device):
        self.ctx = ctx
        self.device = device

    # --- the list --------------------------------------------------------------------------

    def exist(self) -> bool:
        """Whether the register has an account (then it opens only after a login)."""
        return self.ctx.has_accounts()

    def list(self) -> list[AccountInfo]:
        """Every account, administrators first, then by user name (the administrator's to see)."""
        self.ctx.require(access.ACCOUNTS)
        with self.ctx.db.read() as s:
            rows = s.scalars(select(Account).order_by(Account.disabled, Account.role != ADMIN, Account.user_name))
            return [_info(a) for a in rows]

    def get(self, user_name: str) -> AccountInfo:
        """One account by user name."""
        with self.ctx.db.read() as s:
            return _info(_load(s, user_name))

    def is_demo(self) -> bool:
        """Whether this register's accounts are the demo's (the login screen names them)."""
        return self.device.get_setting(DEMO_FLAG) == "1"

    # --- making and changing ----------------------------------------------------------------

    def create(self, user_name: str, full_name: str, role: str, password: str, demo: bool = False) -> AccountInfo:
        """Add an account. The register's first must be an administrator and needs no login; every
        later one needs the administrator's permission. `demo` accepts the demo password."""
        first = not self.exist()
        if not first:
            self.ctx.require(access.ACCOUNTS)
        user_name = (nfc(user_name) or "").strip().lower()
        full_name = (nfc(full_name) or "").strip()
        problems = _problems(user_name, full_name, role, password, demo)
        if first and role != ADMIN:
            problems.append(FieldProblem("role", _("Tài khoản đầu tiên của sổ phải là Quản trị.")))
        if problems:
            raise ValidationError(problems)
        password = _normal(password)
        with self.ctx.db.read() as s:
            _refuse_taken(s, user_name)
        password_hash = hasher.hash(password)  # before the write lock: the hash takes 0.4 s
        self._prewrap(user_name, password_hash, None)
        try:
            self._insert(user_name, full_name, role, password_hash)
        finally:
            self.reconcile()
        return self.get(user_name)

    def _insert(self, user_name: str, full_name: str, role: str, password_hash: str) -> None:
        with self.ctx.db.session() as s:
            _refuse_taken(s, user_name)  # again in the write: another PC may have made it meanwhile
            account = Account(user_name=user_name, full_name=full_name, role=role, password_hash=password_hash,
                              disabled=False, failed_logins=0, must_change_password=False)
            s.add(account)
            s.flush()
            self.ctx.audit_in(s, "account", "account", user_name, {"action": "create", "role": role, "full_name": full_name})
        self.ctx.accounts_made()

    def create_demo(self, province: bool) -> list[tuple[str, str, str]]:
        """The demo's accounts, one a role, password "demo": [(user name, full name, role)]."""
        made = list(DEMO_ACCOUNTS) + ([PROVINCE_DEMO_ACCOUNT] if province else [])
        for user_name, full_name, role in made:  # the administrator first: it makes the others
            self.create(user_name, full_name, role, access.DEMO_PASSWORD, demo=True)
            if self.ctx.identity is None:
                self.login(user_name, access.DEMO_PASSWORD)
        self.device.put_setting(DEMO_FLAG, "1")
        return made

    def change_password(self, user_name: str, old: str, new: str) -> None:
        """The account's own password, knowing the old one."""
        self._check_password(user_name, old)
        self._set_password(user_name, new, must_change=False, action="passwd")

    def reset_password(self, user_name: str, new: str) -> None:
        """An administrator sets a forgotten password; the account must change it at its next login. Opened
        with the recovery key (every password lost), the new password is the owner's own."""
        self.ctx.require(access.ACCOUNTS)
        recovered = self.ctx.identity is RECOVERY_IDENTITY
        self._set_password(user_name, new, must_change=not recovered, action="reset")

    def set_disabled(self, user_name: str, disabled: bool = True) -> None:
        """Disable an account (it can no longer log in; its entries in the audit trail stay) or enable it
        again. The last enabled administrator is never disabled: nobody could manage accounts."""
        self.ctx.require(access.ACCOUNTS)
        with self.ctx.db.session() as s:
            account = _load(s, user_name)
            if disabled and account.role == ADMIN and not account.disabled and _admins(s) <= 1:
                raise AppError(_("Không khóa được «{name}»: đây là tài khoản Quản trị duy nhất còn dùng được. "
                                 "Hãy tạo một tài khoản Quản trị khác trước.").format(name=account.user_name))
            account.disabled = disabled
            account.failed_logins = 0
            self.ctx.audit_in(s, "account", "account", account.user_name, {"action": "disable" if disabled else "enable"})
        self.reconcile()  # a disabled account's password no longer opens an encrypted register

    def set_role(self, user_name: str, role: str) -> None:
        """Give an account another role (never leaving the register without an administrator)."""
        self.ctx.require(access.ACCOUNTS)
        if role not in ROLES:
            raise ValidationError([FieldProblem("role", _("Vai trò «{role}» không có.").format(role=role))])
        with self.ctx.db.session() as s:
            account = _load(s, user_name)
            if account.role == ADMIN and role != ADMIN and _admins(s) <= 1:
                raise AppError(_("Không đổi được vai trò: «{name}» là tài khoản Quản trị duy nhất.").format(
                    name=account.user_name))
            old, account.role = account.role, role
            self.ctx.audit_in(s, "account", "account", account.user_name, {"action": "role", "role": [old, role]})

    # --- logging in ------------------------------------------------------------------------

    def login(self, user_name: str, password: str, digest: bytes | None = None) -> Identity:
        """Check the password and make the account the one at the keyboard (audited either way).
        After five wrong passwords in a row each further try waits longer (access.wait_after).
        `digest`: the password's Argon2id output, already computed to open an encrypted register (the
        check then compares it with the stored hash instead of hashing again)."""
        identity = self._check_password(user_name, password, digest)
        with self.ctx.db.session() as s:
            account = s.get(Account, identity.account_id)
            account.last_login_at = utcnow()
        self.ctx.identity = identity
        self.device.activate()
        self.ctx.audit("login")
        return identity

    def unlock(self, password: str) -> Identity:
        """The same person back after the idle lock (the windows and their unsaved edits stay)."""
        if self.ctx.identity is None:
            raise LoginRefused(_("Chưa có ai đăng nhập."))
        identity = self._check_password(self.ctx.identity.user_name, password)
        self.ctx.audit("unlock")
        return identity

    def lock(self) -> None:
        """The screen is locked (idle, or the person chose to): the trail says so."""
        if self.ctx.identity is not None:
            self.ctx.audit("lock")

    def logout(self) -> None:
        """The person leaves; nobody is logged in until the next login."""
        if self.ctx.identity is not None:
            self.ctx.audit("logout")
        self.ctx.identity = None
        self.device.activate()

    def must_change_password(self) -> bool:
        """Whether the account logged in was given its password by an administrator."""
        if self.ctx.identity is None or self.ctx.identity.account_id == 0:  # nobody, or the recovery key
            return False
        return self.get(self.ctx.identity.user_name).must_change_password

    # --- inside ------------------------------------------------------------------------------

    def open_as(self, login, digest: bytes | None) -> Identity:
        """The account that opened the register (open_services): its password, or the recovery key, which
        acts as the administrator (to set a new password when every one is lost)."""
        if login.recovery:
            self.ctx.identity = RECOVERY_IDENTITY
            self.device.activate()
            self.ctx.audit("login", details={"with": "recovery_key"})
            return RECOVERY_IDENTITY
        identity = self.login(login.user_name, login.password or "", digest)
        self.reconcile()
        return identity

    def hashes(self) -> list[tuple[str, str, bool]]:
        """(user name, stored hash, disabled) of every account: what the key file's wraps are made from."""
        with self.ctx.db.read() as s:
            return [tuple(r) for r in s.execute(select(Account.user_name, Account.password_hash, Account.disabled))]

    def reconcile(self) -> None:
        """An encrypted register's key file in step with its accounts (storage/encryption.py)."""
        db = self.ctx.db
        if db.key is None or db.path is None:
            return
        from desktop.storage import encryption

        encryption.reconcile(db.path, db.key, self.hashes(), {"demo": self.is_demo()})

    def _prewrap(self, user_name: str, password_hash: str, stored_hash: str | None) -> None:
        """Before the register holds a new hash: its wrap beside the one of the hash it holds now
        (`stored_hash`), so a crash or a failed save between the key file and the register locks nobody
        out; `reconcile` afterwards keeps the wrap that matches the register."""
        db = self.ctx.db
        if db.key is None or db.path is None or not self.exist():
            return
        from desktop.storage.keyring import Keyring, keys_path

        ring = Keyring.load(keys_path(db.path))
        ring.wrap_pending(user_name, password_hash, db.key, stored_hash)
        ring.save()

    def _check_password(self, user_name: str, password: str, digest: bytes | None = None) -> Identity:
        password = _normal(password)
        user_name = (nfc(user_name) or "").strip().lower()
        with self.ctx.db.read() as s:
            account = s.scalar(select(Account).where(Account.user_name == user_name))
        if account is None:
            _dummy_verify(password)  # the same time for a name that does not exist
            self._failed(user_name, None)
        wait = _wait_left(account)
        if wait:
            raise LoginRefused(_("Đã nhập sai mật khẩu nhiều lần: hãy đợi {n} giây rồi thử lại.").format(n=wait), wait)
        if digest is None or not _same_digest(account.password_hash, digest):
            try:
                hasher.verify(account.password_hash, password)
            except (VerificationError, InvalidHashError):
                self._failed(user_name, account.id)
        if account.disabled:
            self.ctx.audit("login_failed", details={"user_name": user_name, "reason": "disabled"})
            raise LoginRefused(_("Tài khoản «{name}» đã bị khóa. Hãy nhờ Quản trị mở lại.").format(name=user_name))
        with self.ctx.db.session() as s:
            stored = s.get(Account, account.id)
            stored.failed_logins, stored.last_failed_at = 0, None
            if hasher.check_needs_rehash(stored.password_hash):
                stored.password_hash = hasher.hash(password)
        return Identity(account.id, account.user_name, account.full_name, account.role)

    def _failed(self, user_name: str, account_id: int | None):
        wait = 0
        with self.ctx.db.session() as s:
            if account_id is not None:
                account = s.get(Account, account_id)
                account.failed_logins += 1
                account.last_failed_at = utcnow()
                wait = access.wait_after(account.failed_logins)
            self.ctx.audit_in(s, "login_failed", details={"user_name": user_name})
        message = _("Tên đăng nhập hoặc mật khẩu không đúng.")
        if wait:
            message += " " + _("Lần thử sau phải đợi {n} giây.").format(n=wait)
        raise LoginRefused(message, wait)

    def _set_password(self, user_name: str, new: str, must_change: bool, action: str) -> None:
        with self.ctx.db.read() as s:
            stored = _load(s, user_name)
            name, stored_hash = stored.user_name, stored.password_hash
        new = _normal(new)
        problem = access.password_problem(new, name)
        if problem:
            raise ValidationError([FieldProblem("password", problem)])
        password_hash = hasher.hash(new)
        self._prewrap(name, password_hash, stored_hash)
        try:
            with self.ctx.db.session() as s:
                account = _load(s, name)
                account.password_hash = password_hash
                account.password_changed_at = utcnow()
                account.must_change_password = must_change
                account.failed_logins, account.last_failed_at = 0, None
                self.ctx.audit_in(s, "account", "account", name, {"action": action})
        finally:
            self.reconcile()  # the wrap of whichever hash the register holds now


def _normal(password: str) -> str:
    """A password as NFC: the same Vietnamese letters typed with another input method (Unikey's
    composed or decomposed output) are the same password."""
    import unicodedata

    return unicodedata.normalize("NFC", password or "")


def _same_digest(password_hash: str, digest: bytes) -> bool:
    import hmac

    from desktop.storage.keyring import HashParts

    try:
        return hmac.compare_digest(HashParts.of(password_hash).digest, digest)
    except (ValueError, IndexError):
        return False


def unwrap_key(path, login) -> tuple[bytes, bytes | None]:
    """The database key of the encrypted register at `path` from `login`'s password (and its Argon2id
    digest) or recovery key; LoginRefused when neither opens it. Wrong passwords are counted in the key
    file (the register cannot be read before), and after five each try waits longer."""
    from desktop.storage.keyring import Keyring, WrongSecret, keys_path

    ring = Keyring.load(keys_path(path))
    if login.recovery:
        try:
            return ring.unwrap_recovery(login.recovery), None
        except WrongSecret:
            raise LoginRefused(_("Khóa khôi phục không đúng: hãy nhập đủ các nhóm ký tự in trên tờ khóa "
                                 "khôi phục của sổ này.")) from None
    user_name = (nfc(login.user_name) or "").strip().lower()
    failures = ring.flag("failures") or {}
    count, last = failures.get(user_name, [0, ""])
    wait = access.wait_after(count)
    if wait and last:
        left = datetime.fromisoformat(last) + timedelta(seconds=wait) - utcnow()
        if left.total_seconds() > 0:
            seconds = int(left.total_seconds() + 0.999)
            raise LoginRefused(_("Đã nhập sai mật khẩu nhiều lần: hãy đợi {n} giây rồi thử lại.").format(n=seconds),
                               seconds)
    try:
        key, digest = ring.unwrap(user_name, _normal(login.password or ""))
    except WrongSecret:
        failures[user_name] = [count + 1, utcnow().isoformat()]
        ring.set_flag("failures", failures)
        ring.save()
        after = access.wait_after(count + 1)
        message = _("Tên đăng nhập hoặc mật khẩu không đúng.")
        raise LoginRefused(message + (" " + _("Lần thử sau phải đợi {n} giây.").format(n=after) if after else ""),
                           after) from None
    if user_name in failures:
        failures.pop(user_name)
        ring.set_flag("failures", failures)
        ring.save()
    return key, digest


def _problems(user_name: str, full_name: str, role: str, password: str, demo: bool) -> list[FieldProblem]:
    problems = []
    if (problem := access.user_name_problem(user_name)) is not None:
        problems.append(FieldProblem("user_name", problem))
    if not full_name:
        problems.append(FieldProblem("full_name", _("Hãy nhập họ tên người dùng.")))
    elif len(full_name) > 200:
        problems.append(FieldProblem("full_name", _("Họ tên dài quá 200 ký tự.")))
    if role not in ROLES:
        problems.append(FieldProblem("role", _("Vai trò «{role}» không có.").format(role=role)))
    if (problem := access.password_problem(password, user_name, demo)) is not None:
        problems.append(FieldProblem("password", problem))
    return problems


def _refuse_taken(s, user_name: str) -> None:
    if s.scalar(select(Account.id).where(func.lower(Account.user_name) == user_name)) is not None:
        raise ValidationError([FieldProblem("user_name", _("Đã có tài khoản «{name}».").format(name=user_name))])


def _load(s, user_name: str) -> Account:
    name = (nfc(user_name) or "").strip().lower()
    account = s.scalar(select(Account).where(Account.user_name == name))
    if account is None:
        raise NotFoundError(_("Không có tài khoản «{name}».").format(name=name))
    return account


def _admins(s) -> int:
    return s.scalar(select(func.count()).select_from(Account)
                    .where(Account.role == ADMIN, Account.disabled.is_(False))) or 0


def _info(a: Account) -> AccountInfo:
    return AccountInfo(a.id, a.user_name, a.full_name, a.role, a.disabled, a.must_change_password,
                       a.last_login_at, a.failed_logins)


def _wait_left(account: Account) -> int:
    wait = access.wait_after(account.failed_logins)
    if not wait or account.last_failed_at is None:
        return 0
    left = account.last_failed_at + timedelta(seconds=wait) - utcnow()
    return max(0, int(left.total_seconds() + 0.999))


_DUMMY: list[str] = []


def _dummy_verify(password: str) -> None:
    if not _DUMMY:
        _DUMMY.append(hasher.hash("không có tài khoản này"))
    try:
        hasher.verify(_DUMMY[0], password)
    except VerificationError:
        pass

"""Who may do what: the roles, their permissions, and the password rule (pure; no storage here).

The services ask `allows(role, permission)` before each guarded action, so the GUI and the CLI get the
same refusal; a refusal names the roles that may (`who_may`). Each role is a set of permissions:

- Cán bộ (officer): the unit's registers, printing, sending bundles;
- Lãnh đạo (unit head): also marks documents signed, decides requests, and alone overrides an R4 block;
- Quản trị (administrator): an officer's work and the accounts, rule settings, units, keys, backups;
- Cán bộ tỉnh (province staff): an officer's work and the province's: importing, conflicts, inspections,
  reminders, acks, the consolidated report.

The administrator is not a unit head: whoever keeps the machine does not thereby decide requests or
override a discipline block (separation of duties for personal data, Decree 13/2023/NĐ-CP).
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import N_
from .messages import tr as _

OFFICER, HEAD, ADMIN, PROVINCE = "officer", "head", "admin", "province"
ROLES = (OFFICER, HEAD, ADMIN, PROVINCE)

ROLE_LABELS = {
    OFFICER: N_("Cán bộ"), HEAD: N_("Lãnh đạo"), ADMIN: N_("Quản trị"), PROVINCE: N_("Cán bộ tỉnh"),
}

# --- permissions -----------------------------------------------------------------------------

EDIT = "registers.edit"              # the unit's registers: add, change, delete, restore
PRINT = "registers.print"            # forms and reports to PDF, Excel export
SEND = "sync.send"                   # export bundles, read the province's acks, load its key file
SIGN = "documents.sign"              # mark an outgoing document signed
DECIDE = "requests.decide"           # approve or refuse a request (a delegation's decision)
OVERRIDE_R4 = "rules.override_r4"    # submit past an R4 (discipline) block, with a reason
ACCOUNTS = "admin.accounts"          # add, disable, reset accounts
RULES = "admin.rules"                # change rule settings
UNITS = "admin.units"                # the unit list and the machine's unit
KEYS = "admin.keys"                  # trust or forget another machine's key
BACKUP = "admin.backup"              # back up and restore the register
SETTINGS = "admin.settings"          # the machine's settings (idle lock, province mode)
AUDIT = "admin.audit"                # read the whole register's audit trail and verify it
IMPORT = "province.import"           # import the units' bundles
CONFLICTS = "province.conflicts"     # decide conflicts
INSPECT = "province.inspections"     # inspections, recommendations and reminders
ACKS = "province.acks"               # write acks to the units
REPORT = "province.report"           # the consolidated yearly report

_OFFICER = frozenset({EDIT, PRINT, SEND})
PERMISSIONS: dict[str, frozenset[str]] = {
    OFFICER: _OFFICER,
    HEAD: _OFFICER | {SIGN, DECIDE, OVERRIDE_R4},
    ADMIN: _OFFICER | {ACCOUNTS, RULES, UNITS, KEYS, BACKUP, SETTINGS, AUDIT},
    PROVINCE: _OFFICER | {IMPORT, CONFLICTS, INSPECT, ACKS, REPORT, AUDIT},
}

# What each permission lets one do, in the words of a refusal ("Chỉ Lãnh đạo được …").
PERMISSION_LABELS = {
    EDIT: N_("sửa các sổ của đơn vị"), PRINT: N_("in và xuất các sổ"), SEND: N_("gửi và nhận gói dữ liệu"),
    SIGN: N_("đánh dấu văn bản đã ký"), DECIDE: N_("ghi quyết định cho một đề nghị"),
    OVERRIDE_R4: N_("vượt chặn kỷ luật (R4) khi trình đề nghị"),
    ACCOUNTS: N_("quản lý tài khoản"), RULES: N_("thay đổi tham số quy tắc"), UNITS: N_("sửa danh sách đơn vị"),
    KEYS: N_("tin cậy hoặc bỏ khóa của máy khác"), BACKUP: N_("sao lưu và khôi phục sổ"),
    SETTINGS: N_("thay đổi cài đặt của máy"), AUDIT: N_("xem và kiểm tra nhật ký của cả sổ"),
    IMPORT: N_("nhập gói dữ liệu của các đơn vị"), CONFLICTS: N_("giải quyết xung đột dữ liệu"),
    INSPECT: N_("ghi thanh tra, kiến nghị và nhắc việc"), ACKS: N_("gửi gói phản hồi cho đơn vị"),
    REPORT: N_("lập báo cáo tổng hợp của tỉnh"),
}


def allows(role: str, permission: str) -> bool:
    """Whether an account of `role` may do what `permission` names."""
    return permission in PERMISSIONS.get(role, frozenset())


def who_may(permission: str) -> list[str]:
    """The roles that hold `permission`, in the order of ROLES."""
    return [role for role in ROLES if allows(role, permission)]


def role_label(role: str) -> str:
    """A role as the user reads it."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def refusal(role: str | None, permission: str) -> str:
    """Why the action is refused and who may do it, in a sentence."""
    holders = ", ".join(role_label(r) for r in who_may(permission))
    action = _(PERMISSION_LABELS.get(permission, permission))
    if role is None:
        return _("Hãy đăng nhập để {action}.").format(action=action)
    return _("Tài khoản {role} không được {action}: chỉ {holders} được làm việc này. Hãy nhờ người có quyền, "
             "hoặc đăng nhập bằng tài khoản của họ (Tệp › Đổi người dùng).").format(
        role=role_label(role), action=action, holders=holders)


# --- passwords -------------------------------------------------------------------------------

PASSWORD_MIN = 8  # length, not composition (NIST SP 800-63B): a sentence an office can remember
PASSWORD_MAX = 256
FAILED_FREE = 5  # wrong passwords before each further try must wait
DEMO_PASSWORD = "demo"


def password_problem(password: str, user_name: str = "", demo: bool = False) -> str | None:
    """What is wrong with a new password (None when it will do). A demo register takes "demo"."""
    if demo and password == DEMO_PASSWORD:
        return None
    if len(password) < PASSWORD_MIN:
        return _("Mật khẩu cần ít nhất {n} ký tự (có thể là một câu dễ nhớ, có dấu cách).").format(n=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return _("Mật khẩu dài quá {n} ký tự.").format(n=PASSWORD_MAX)
    if user_name and password.strip().casefold() == user_name.strip().casefold():
        return _("Mật khẩu không được trùng tên đăng nhập.")
    if len(set(password)) < 3:
        return _("Mật khẩu chỉ lặp lại một vài ký tự; hãy chọn một cụm từ khác.")
    return None


def wait_after(failures: int) -> int:
    """Seconds a login must wait after `failures` wrong passwords in a row: none for the first five,
    then 2, 4, 8 … up to 5 minutes (a guesser at the keyboard is slowed, an officer who mistypes is not)."""
    if failures < FAILED_FREE:
        return 0
    return min(2 ** (failures - FAILED_FREE + 1), 300)


USER_NAME_MAX = 32  # within the audit trail's record column (36), with room to spare


def user_name_problem(name: str) -> str | None:
    """What is wrong with a user name (lower-case letters, digits, . _ -; no spaces)."""
    if not name:
        return _("Hãy nhập tên đăng nhập.")
    if len(name) > USER_NAME_MAX:
        return _("Tên đăng nhập dài quá {n} ký tự.").format(n=USER_NAME_MAX)
    if not all(c.isascii() and (c.isalnum() or c in "._-") for c in name):
        return _("Tên đăng nhập chỉ gồm chữ không dấu, chữ số và . _ - (không có dấu cách), ví dụ: nguyenvanan.")
    return None


@dataclass(frozen=True)
class Identity:
    """The account at the keyboard: what the services check and what the audit trail names."""

    account_id: int
    user_name: str
    full_name: str
    role: str

    def allows(self, permission: str) -> bool:
        """Whether this account's role holds `permission`."""
        return allows(self.role, permission)

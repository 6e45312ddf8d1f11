"""`doingoai user …` and `doingoai audit …`: accounts and the audit trail from the command line.

The same services as the GUI, so the same refusals: adding an account needs the administrator (except
a register's first, which is its administrator), and so does reading the whole audit trail.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from desktop import cli
from desktop.cli import (
    EXIT_USAGE,
    Parser,
    format_count,
    log_in,
    open_services_for,
    read_password,
    register_command,
)
from desktop.cli_sync import db_option
from desktop.domain.access import ROLES, role_label
from desktop.errors import AppError
from desktop.i18n import N_, _

NEW_PASSWORD = "DOINGOAI_NEW_PASSWORD"  # a new account's (or a reset) password, for scripts and tests


def _user_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", title=_("việc"), metavar=_("VIỆC"), parser_class=Parser, required=True)
    add = sub.add_parser("add", help=_("thêm tài khoản (tài khoản đầu tiên của sổ phải là quantri: Quản trị)"))
    add.add_argument("name", metavar=_("TÊN"), help=_("tên đăng nhập: chữ không dấu, số và . _ -"))
    add.add_argument("--full-name", required=True, metavar=_("HỌ_TÊN"), help=_("họ tên người dùng"))
    add.add_argument("--role", required=True, choices=ROLES,
                     help=_("vai trò: officer (Cán bộ), head (Lãnh đạo), admin (Quản trị), province (Cán bộ tỉnh)"))
    sub.add_parser("list", help=_("liệt kê các tài khoản"))
    passwd = sub.add_parser("passwd", help=_("đổi mật khẩu của mình, hoặc (Quản trị) đặt lại mật khẩu đã quên"))
    passwd.add_argument("name", metavar=_("TÊN"), help=_("tên đăng nhập"))
    passwd.add_argument("--recovery", action="store_true",
                        help=_("mở sổ bằng khóa khôi phục (khi quên mọi mật khẩu; khóa đọc từ cửa sổ lệnh hoặc biến "
                               "DOINGOAI_RECOVERY_KEY)"))
    disable = sub.add_parser("disable", help=_("khóa một tài khoản (mục nhật ký của nó vẫn giữ)"))
    disable.add_argument("name", metavar=_("TÊN"), help=_("tên đăng nhập"))
    disable.add_argument("--enable", action="store_true", help=_("mở lại tài khoản đã khóa"))
    for each in (add, sub.choices["list"], passwd, disable):
        db_option(each)


@register_command("user", N_("tài khoản người dùng: thêm, liệt kê, đổi mật khẩu, khóa"), _user_args)
def run_user(args: argparse.Namespace) -> int:
    """Manage the register's accounts."""
    if getattr(args, "recovery", False):
        cli.use_recovery_key()
    services = open_services_for(getattr(args, "db", None), must_exist=args.action != "add", login=False)
    try:
        if args.action == "add":
            if services.accounts.exist():
                log_in(services)
            password = read_password(_("Mật khẩu của tài khoản mới: "), NEW_PASSWORD, confirm=True)
            info = services.accounts.create(args.name, args.full_name, args.role, password)
            print(_("Đã thêm tài khoản {name} ({full}, {role}).").format(
                name=info.user_name, full=info.full_name, role=role_label(info.role)))
        elif args.action == "list":
            log_in(services)
            _print_accounts(services.accounts.list())
        elif args.action == "passwd":
            _passwd(services, args.name)
        else:
            log_in(services, required=True)
            services.accounts.set_disabled(args.name, not args.enable)
            print((_("Đã mở lại tài khoản {name}.") if args.enable else _("Đã khóa tài khoản {name}.")).format(
                name=args.name))
    finally:
        services.close()
    return 0


def _passwd(services, name: str) -> None:
    """One's own password (knowing the current one), or an administrator's reset of someone else's."""
    import os

    if services.ctx.identity is not None and services.ctx.identity.account_id == 0:  # opened with the recovery key
        new = read_password(_("Mật khẩu mới của {user}: ").format(user=name), NEW_PASSWORD, confirm=True)
        services.accounts.reset_password(name, new)
        print(_("Đã đặt mật khẩu mới cho {name} bằng khóa khôi phục.").format(name=name))
        return
    me = (cli.run_user() or os.environ.get("DOINGOAI_USER") or "").strip().lower()
    if not me:
        log_in(services, required=True)  # says how to log in
    if me == name.strip().lower():
        current = read_password(_("Mật khẩu hiện tại của {user}: ").format(user=me))
        services.accounts.login(me, current)
        new = read_password(_("Mật khẩu mới: "), NEW_PASSWORD, confirm=True)
        services.accounts.change_password(me, current, new)
        print(_("Đã đổi mật khẩu của {name}.").format(name=me))
        return
    log_in(services, required=True)
    new = read_password(_("Mật khẩu mới của {user}: ").format(user=name), NEW_PASSWORD, confirm=True)
    services.accounts.reset_password(name, new)
    print(_("Đã đặt lại mật khẩu của {name}; lần đăng nhập tới phải đổi sang mật khẩu khác.").format(name=name))


def _print_accounts(accounts) -> None:
    if not accounts:
        print(_("Sổ chưa có tài khoản nào: hãy thêm Quản trị bằng doingoai user add quantri --role admin …"))
        return
    print(f"{_('Tên đăng nhập'):<16} {_('Vai trò'):<14} {_('Trạng thái'):<12} {_('Họ tên')}")
    for a in accounts:
        state = _("đã khóa") if a.disabled else (_("phải đổi mật khẩu") if a.must_change_password else _("đang dùng"))
        print(f"{a.user_name:<16} {role_label(a.role):<14} {state:<12} {a.full_name}")


# --- audit -------------------------------------------------------------------------------------


def _audit_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", title=_("việc"), metavar=_("VIỆC"), parser_class=Parser, required=True)
    verify = sub.add_parser("verify", help=_("kiểm tra chuỗi mã băm của nhật ký: 0 khi nguyên vẹn, 2 khi bị can "
                                             "thiệp (in mục hỏng đầu tiên)"))
    export = sub.add_parser("export", help=_("ghi nhật ký ra tệp Excel"))
    export.add_argument("--out", required=True, metavar=_("TỆP"), help=_("tệp .xlsx sẽ ghi"))
    export.add_argument("--entity", default="", metavar=_("SỔ"), help=_("chỉ một sổ, ví dụ person"))
    export.add_argument("--kind", default="", metavar=_("VIỆC"), help=_("chỉ một loại việc, ví dụ change, login"))
    export.add_argument("--since", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help=_("từ ngày"))
    export.add_argument("--until", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help=_("đến ngày"))
    for each in (verify, export):
        db_option(each)


@register_command("audit", N_("nhật ký thay đổi: kiểm tra chuỗi mã băm, xuất ra Excel"), _audit_args)
def run_audit(args: argparse.Namespace) -> int:
    """Verify or export the audit trail."""
    services = open_services_for(getattr(args, "db", None), must_exist=True, read_only=args.action == "verify")
    try:
        if args.action == "verify":
            result = services.audit.verify()
            print(result.message(), file=sys.stdout if result.intact else sys.stderr)
            return 0 if result.intact else EXIT_USAGE
        from desktop.services.audit import AuditFilter

        wanted = AuditFilter(entity=args.entity, kind=args.kind, since=args.since, until=args.until)
        out = Path(args.out)
        if out.suffix.lower() != ".xlsx":
            raise AppError(_("Tệp nhật ký phải có đuôi .xlsx: {path}").format(path=out))
        count = services.audit.export(wanted, out)
        print(_("Đã ghi {n} mục nhật ký vào {path}.").format(n=format_count(count), path=out))
        return 0
    finally:
        services.close()


# --- backup ------------------------------------------------------------------------------------


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default=None, metavar=_("THƯ_MỤC"),
                   help=_("thư mục ghi bản sao lưu (mặc định: thư mục backups của máy)"))
    p.add_argument("--list", action="store_true", help=_("chỉ liệt kê các bản sao lưu đã có"))


@register_command("backup", N_("sao lưu sổ ngay (bản sao được kiểm tra trước khi tính), hoặc liệt kê các bản sao"),
                  _backup_args)
def run_backup(args: argparse.Namespace) -> int:
    """Back the register up now, or list its backups."""
    services = open_services_for(getattr(args, "db", None), must_exist=True, read_only=args.list)
    try:
        folder = Path(args.out) if args.out else None
        if args.list:
            for row in services.backups.list(folder):
                print(f"{row.made_at.astimezone():%d/%m/%Y %H:%M}  {row.label:<22} {format_count(row.records):>9} "
                      f"{_('bản ghi')}  {row.size / 2**20:7.1f} MiB  {row.path}")
            return 0
        row = services.backups.make_now(folder)
    finally:
        services.close()
    print(_("Đã sao lưu và kiểm tra: {path} ({n} bản ghi, {mib:.1f} MiB).").format(
        path=row.path, n=format_count(row.records), mib=row.size / 2**20))
    return 0

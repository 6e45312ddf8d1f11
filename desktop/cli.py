"""The `doingoai` command: the GUI by default, subcommands for headless work.

Each subcommand is one `Command` in `COMMANDS`: a function that adds its
arguments and a function that runs it on the parsed arguments and returns the
exit code. Later registers add theirs with `register_command` (print, init,
keys, bundle, conflicts …). Nothing here imports Qt except the GUI start and
`self-test`, so `--version` and the headless commands start quickly on a
machine without a display. Every `AppError` becomes its (Vietnamese) message
on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from desktop import APP_NAME, __version__
from desktop.errors import AppError
from desktop.i18n import LANGUAGES, N_, _, set_language

EXIT_USAGE = 2  # also what argparse uses for bad arguments

# Severity words of findings, for plain-text output.
SEVERITY_LABELS = {
    "blocking": N_("CHẶN"), "warning": N_("Cảnh báo"), "reminder": N_("Nhắc việc"),
    "overdue": N_("Quá hạn"),
}

# argparse's own English messages (Python 3.11), said in Vietnamese.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", N_("thiếu tham số bắt buộc: {0}")),
    (r"unrecognized arguments: (.*)", N_("không hiểu các tham số: {0}")),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", N_("{0}: không có lựa chọn {1} (chọn một trong: {2})")),
    (r"argument (\S+): expected one argument", N_("{0}: cần một giá trị")),
    (r"argument (\S+): invalid (\S+) value: (.*)", N_("{0}: giá trị không hợp lệ: {2}")),
    (r"ambiguous option: (\S+) could match (.*)", N_("tùy chọn {0} không rõ, có thể là: {1}")),
)


# --- the command registry --------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, one-line help, how it adds its arguments, and what it does."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}


def register_command(name: str, help: str, configure: Callable[[argparse.ArgumentParser], None]):
    """Decorator: register the decorated `run(args) -> int` as subcommand `name`."""
    def register(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = Command(name, help, configure, run)
        return run
    return register


# --- argparse, in Vietnamese --------------------------------------------------------------


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it only wants the program name of a subcommand
        super().add_usage(usage, actions, groups, prefix=_("Cách dùng: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors speak the user's language (Vietnamese by default)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.update(add_help=False, formatter_class=_Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("tham số")
        self._optionals.title = _("tùy chọn")
        self.add_argument("-h", "--help", action="help", help=_("hiện trợ giúp này rồi thoát"))

    def error(self, message: str) -> None:  # argparse's hook: print usage and exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _("{prog}: lỗi: {message}").format(prog=self.prog, message=_said(message)) + "\n")


def _said(message: str) -> str:
    for pattern, text in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return _(text).format(*match.groups())
    return message


def _global_options(parser: argparse.ArgumentParser, default: Any) -> None:
    """--db and --lang, accepted before the command and after it."""
    parser.add_argument("--db", metavar=_("ĐƯỜNG_DẪN"), default=default,
                        help=_("tệp cơ sở dữ liệu SQLite (hoặc URL); mặc định: biến DOINGOAI_DB, "
                               "rồi thư mục dữ liệu của người dùng"))
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=default,
                        help=_("ngôn ngữ: vi (mặc định) hoặc en"))
    parser.add_argument("--user", metavar=_("TÊN"), default=default,
                        help=_("tài khoản đăng nhập khi sổ đã có tài khoản (hoặc biến DOINGOAI_USER); mật khẩu "
                               "hỏi ở cửa sổ lệnh, hoặc đọc từ biến DOINGOAI_PASSWORD"))


def build_parser() -> Parser:
    """The whole command line: global options, then one subparser per registered command."""
    parser = Parser(prog=APP_NAME, description=_(
        "Sổ Đối ngoại — sổ theo dõi công tác đối ngoại của địa phương. "
        "Không có lệnh: mở cửa sổ chương trình."))
    _global_options(parser, None)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help=_("in số phiên bản rồi thoát"))
    commands = parser.add_subparsers(dest="command", title=_("lệnh"), metavar=_("LỆNH"), parser_class=Parser)
    for command in COMMANDS.values():
        sub = commands.add_parser(command.name, help=_(command.help), description=_(command.help))
        _global_options(sub, argparse.SUPPRESS)  # `doingoai list person --db x` works too
        command.configure(sub)
    return parser


# --- entry point ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the `doingoai` command line; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_peek_language(argv) or "vi")
    args = build_parser().parse_args(argv)
    if args.command is None:
        from desktop.app import run_gui  # Qt only loads when a window is wanted

        return run_gui(args.db, args.lang)
    _utf8_output()
    from desktop import logs
    from desktop.config import data_dir

    logs.set_up(data_dir())
    log = logging.getLogger("desktop.cli")
    log.info("lệnh %s", args.command)
    global _RUN_USER
    _RUN_USER = getattr(args, "user", None)
    _USE_RECOVERY.clear()
    try:
        return COMMANDS[args.command].run(args)
    except AppError as exc:
        log.info("lệnh %s bị từ chối: %s", args.command, exc)
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `doingoai list person --json | head`; before `Exception`, its base
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception:
        log.exception("lệnh %s: lỗi không mong đợi", args.command)
        raise
    except KeyboardInterrupt:
        print(_("Đã dừng."), file=sys.stderr)
        return 130


def _peek_language(argv: list[str]) -> str | None:
    """`--lang` is needed before parsing: the help texts are translated."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def _utf8_output() -> None:
    """Vietnamese and JSON go out as UTF-8, also on a Windows console or pipe."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


_RUN_USER: str | None = None  # this run's --user


def open_services_for(db: str | None, must_exist: bool = False, read_only: bool = False, login: bool = True):
    """Services on `--db` (or DOINGOAI_DB, or the default file), opened the way the GUI opens them.

    `read_only`: a command that only reads works while an import writes (it is not refused as locked).
    A register with accounts opens only for an account (`--user` or DOINGOAI_USER, its password from the
    terminal or DOINGOAI_PASSWORD); `login=False` leaves that to the command (`user`, which may make the
    first account)."""
    from desktop import config
    from desktop.services import open_services

    url = config.database_url(db)
    path = config.sqlite_path(url)
    if must_exist and path is not None and not path.exists():
        raise AppError(_("Không có tệp cơ sở dữ liệu {path}. Hãy kiểm tra lại --db.").format(path=path))
    if path is not None and _encrypted(path):  # an encrypted register opens only with an account (or recovery)
        services = open_services(url, config.default_paths(), writable=not read_only, login=credentials())
        _warn_must_change(services)
        return services
    services = open_services(url, config.default_paths(), writable=not read_only)
    if login:
        try:
            log_in(services)
        except BaseException:
            services.close()
            raise
    return services


def _encrypted(path) -> bool:
    if not path.exists():
        return False
    from desktop.storage import encryption

    return encryption.settle_state(path)  # a conversion cut short is finished or undone first


RECOVERY_ENV = "DOINGOAI_RECOVERY_KEY"
_USE_RECOVERY: list[bool] = []  # `user passwd --recovery` opens with the recovery key


def credentials():
    """This run's account and password (or, for `--recovery`, the recovery key), before the register opens."""
    from desktop.services import Credentials

    if _USE_RECOVERY:
        return Credentials(recovery=read_password(_("Khóa khôi phục: "), RECOVERY_ENV))
    user = _RUN_USER or os.environ.get("DOINGOAI_USER")
    if not user:
        raise AppError(_("Sổ này đã mã hóa: hãy đăng nhập bằng --user TÊN (hoặc biến DOINGOAI_USER); mật khẩu được "
                         "hỏi ở cửa sổ lệnh, hoặc đọc từ biến DOINGOAI_PASSWORD. Khi quên mọi mật khẩu: doingoai "
                         "user passwd TÊN --recovery (khóa khôi phục in lúc mã hóa sổ)."))
    return Credentials(user, read_password(_("Mật khẩu của {user}: ").format(user=user)))


def use_recovery_key() -> None:
    """This run opens the register with the recovery key instead of an account."""
    _USE_RECOVERY.append(True)


def print_recovery_key(recovery: str) -> None:
    """Say the recovery key once, with what it is for."""
    print(_("Sổ đã được mã hóa. KHÓA KHÔI PHỤC (chỉ in một lần; hãy in ra hoặc chép lại và cất vào tủ an toàn của "
            "cơ quan — khi quên mọi mật khẩu, chỉ khóa này mở được sổ):"))
    print("  " + recovery)


def run_user() -> str | None:
    """This run's --user (None when not given)."""
    return _RUN_USER


def log_in(services, required: bool = False) -> bool:
    """Log in as this run's account when the register has accounts (or `required`); refuse without one.
    Whether someone is logged in now (an encrypted register was opened logged in already)."""
    if services.ctx.identity is not None:
        return True
    if not (required or services.accounts.exist()):
        return False
    user = _RUN_USER or os.environ.get("DOINGOAI_USER")
    if not user:
        raise AppError(_("Sổ này có tài khoản: hãy đăng nhập bằng --user TÊN (hoặc biến DOINGOAI_USER); mật "
                         "khẩu được hỏi ở cửa sổ lệnh, hoặc đọc từ biến DOINGOAI_PASSWORD."))
    services.accounts.login(user, read_password(_("Mật khẩu của {user}: ").format(user=user)))
    _warn_must_change(services)
    return True


def _warn_must_change(services) -> None:
    if services.accounts.must_change_password():
        print(_("Mật khẩu của tài khoản này do Quản trị đặt lại: hãy đổi ngay (doingoai user passwd {user}).").format(
            user=services.ctx.identity.user_name), file=sys.stderr)


def read_password(prompt: str, env: str | None = "DOINGOAI_PASSWORD", confirm: bool = False) -> str:
    """A password from `env` (scripts and tests) or typed at the terminal (not echoed); refused when neither
    is to be had (no terminal, as under a scheduler)."""
    given = os.environ.get(env) if env else None
    if given is not None:
        return given
    if not (sys.stdin and sys.stdin.isatty()):
        raise AppError(_("Cần mật khẩu nhưng không có cửa sổ lệnh để hỏi: hãy đặt biến {env}.").format(
            env=env or "DOINGOAI_PASSWORD"))
    import getpass

    password = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Nhập lại mật khẩu: ")) != password:
        raise AppError(_("Hai lần nhập mật khẩu không giống nhau; chưa có gì thay đổi."))
    return password


def format_count(n: int) -> str:
    """A count as the current language writes it ("50.000" in Vietnamese)."""
    from babel.numbers import format_decimal

    from desktop.i18n import babel_locale

    return format_decimal(n, locale=babel_locale())


# --- demo ------------------------------------------------------------------------------------


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--delegations", type=int, default=60, metavar="N",
                   help=_("số đoàn cần tạo (mặc định 60; luôn có đủ các đoàn minh họa từng quy tắc)"))
    p.add_argument("--seed", type=int, default=2026, metavar="S",
                   help=_("hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu (mặc định 2026)"))


@register_command("demo", N_("tạo cơ sở dữ liệu mẫu để xem chương trình làm được gì"), _demo_args)
def run_demo(args: argparse.Namespace) -> int:
    """Fill a new database with demo data and print what it holds."""
    from desktop.services.demo import fill_demo

    if not (args.db or os.environ.get("DOINGOAI_DB")):
        raise AppError(_("Hãy chỉ rõ tệp sẽ chứa dữ liệu mẫu bằng --db ĐƯỜNG_DẪN "
                         "(dữ liệu mẫu không được ghi vào sổ thật)."))
    if args.delegations < 0:
        raise AppError(_("Số đoàn phải là số không âm."))
    from desktop import config

    path = config.sqlite_path(config.database_url(args.db))
    if path is not None:
        return _demo_file(path, args)
    services = open_services_for(args.db)
    try:
        print(_("Đang tạo dữ liệu mẫu…"), file=sys.stderr, flush=True)
        summary = fill_demo(services, delegations=args.delegations, seed=args.seed)
        made = services.accounts.create_demo(province=services.sync.is_province())
        location = services.ctx.db.url
    finally:
        services.close()
    _print_summary(summary, location)
    _print_demo_accounts(made)
    return 0


def _demo_file(path, args: argparse.Namespace) -> int:
    """The demo register written whole or not at all: filled, given its accounts and encrypted at
    `<name>.demo-part`, then renamed into place (its key file through `….keys.pending`, which the next
    open finishes or drops: storage/encryption.py). A demo killed part-way leaves the file as it was."""
    from desktop import config
    from desktop.services import open_services
    from desktop.services.demo import fill_demo, refuse_filled
    from desktop.storage.keyring import keys_path, pending_path

    if path.exists():  # an existing register must open (not damaged, not newer) and be empty
        services = open_services_for(str(path))
        try:
            refuse_filled(services)
            if services.is_encrypted() or services.accounts.exist():
                raise AppError(_("Sổ {path} đã có tài khoản; dữ liệu mẫu chỉ được nạp vào cơ sở dữ liệu trống "
                                 "chưa có tài khoản. Hãy chọn tệp khác bằng --db.").format(path=path))
        finally:
            services.close()
    elif pending_path(path).exists():
        pending_path(path).unlink()  # a killed demo's key file, its register never put in place
    work = path.with_name(path.name + ".demo-part")
    for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm"), keys_path(work)):
        leftover.unlink(missing_ok=True)
    if path.exists():
        _copy_register(path, work)
    print(_("Đang tạo dữ liệu mẫu…"), file=sys.stderr, flush=True)
    services = open_services(f"sqlite:///{work}", config.default_paths())
    try:
        summary = fill_demo(services, delegations=args.delegations, seed=args.seed)
        made = services.accounts.create_demo(province=services.sync.is_province())
        recovery = services.encrypt()
    finally:
        services.close()
    os.replace(keys_path(work), pending_path(path))
    os.replace(work, path)  # the demo register is in place from here, whole
    os.replace(pending_path(path), keys_path(path))
    _print_summary(summary, path)
    _print_demo_accounts(made)
    print_recovery_key(recovery)
    return 0


def _copy_register(source, target) -> None:
    """A consistent copy of an (empty) plaintext register, through SQLite's backup API."""
    import sqlite3

    from desktop.storage import files

    files.create_private(target)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _print_demo_accounts(made) -> None:
    from desktop.domain.access import DEMO_PASSWORD, role_label

    print(_("Tài khoản mẫu (mật khẩu của mỗi tài khoản: {password}):").format(password=DEMO_PASSWORD))
    for user_name, full_name, role in made:
        print(f"  {user_name:<10} {role_label(role):<14} {full_name}")
    print(_("Lệnh trên sổ này cần đăng nhập: --user canbo (mật khẩu hỏi ở cửa sổ lệnh, hoặc biến "
            "DOINGOAI_PASSWORD=demo)."))


def _print_summary(s, location) -> None:
    n = format_count
    years = f"{s.first_year}–{s.last_year}" if s.first_year else "—"
    print(_("Đã tạo dữ liệu mẫu trong {path} ({seconds:.1f} giây):").format(path=location, seconds=s.seconds))
    print(_("  Đơn vị của máy: {unit}; số đơn vị có đoàn: {units}; các năm {years}").format(
        unit=s.unit_code, units=n(s.units), years=years))
    print(_("  Cán bộ: {persons} ({discipline} quyết định kỷ luật)").format(
        persons=n(s.persons), discipline=n(s.discipline_records)))
    print(_("  Đoàn: {total} ({outbound} đoàn ra, {inbound} đoàn vào), {members} thành viên").format(
        total=n(s.delegations), outbound=n(s.outbound), inbound=n(s.inbound), members=n(s.members)))
    print(_("Mở chương trình: doingoai --db {path}").format(path=location))
    print(_("Xem các cảnh báo: doingoai findings --db {path}").format(path=location))


# --- list ------------------------------------------------------------------------------------


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("entity", metavar=_("SỔ"), help=_("tên sổ: person, discipline_record, delegation, "
                                                       "delegation_member, unit, training_record"))
    p.add_argument("--json", action="store_true", help=_("in mảng JSON (UTF-8) các bản ghi, mỗi bản ghi "
                                                        "có id và các trường theo SYNC.md"))


@register_command("list", N_("in các bản ghi của một sổ"), _list_args)
def run_list(args: argparse.Namespace) -> int:
    """Print every live record of one register, as JSON or as a table."""
    from desktop.services.records import RecordService

    entities = RecordService.entities()
    if args.entity not in entities:
        raise AppError(_("Không có sổ «{entity}». Các sổ có: {names}.").format(
            entity=args.entity, names=", ".join(entities)))
    services = open_services_for(args.db, must_exist=True, read_only=True)
    records = None
    try:
        records = services.records.iter_json(args.entity)
        if args.json:
            write_json_array(records, sys.stdout)
        else:
            _print_table(args.entity, records, sys.stdout)
    finally:
        if records is not None and hasattr(records, "close"):
            records.close()  # a reader that stopped early (| head): its cursor closes before the database
        services.close()
    return 0


def write_json_array(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Stream `items` as one JSON array (one object a line); returns how many were written."""
    count = 0
    out.write("[")
    for item in items:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    out.flush()
    return count


# The columns of `doingoai list ENTITY` without --json (others: the first five fields).
LIST_COLUMNS = {
    "person": ("full_name", "position", "unit_code", "passport_number", "passport_expiry"),
    "discipline_record": ("person_id", "form", "decision_number", "effective_from", "effective_until"),
    "delegation": ("start_date", "direction", "status", "unit_code", "title"),
    "delegation_member": ("delegation_id", "role", "person_id", "guest_name", "guest_nationality"),
    "unit": ("code", "name", "level", "parent_code", "valid_to"),
    "aid_project": ("approval_date", "status", "title", "donor_name", "value_vnd"),
    "aid_disbursement": ("project_id", "period_start", "period_end", "amount_vnd", "amount_original"),
}
TABLE_SAMPLE = 200  # rows read before the column widths are fixed; the rest stream through
MAX_WIDTH = 40


def _print_table(entity: str, records: Iterator[dict[str, Any]], out: TextIO) -> None:
    from itertools import chain, islice

    from desktop.models import SYNCED_MODELS

    model = SYNCED_MODELS[entity]
    fields = LIST_COLUMNS.get(entity, model.__sync_fields__[:5])
    columns = [model.__table__.c[f] for f in fields]
    headers = ["id"] + [_(c.info.get("label", N_("Đơn vị") if c.name == "unit_code" else c.name)) for c in columns]
    sample = list(islice(records, TABLE_SAMPLE))

    def cells(record: dict[str, Any]) -> list[str]:
        return [record["id"][:8]] + [_cell(record.get(c.name), c.info.get("enum"), c.name.endswith("_id"))
                                     for c in columns]

    widths = [min(MAX_WIDTH, max([len(h)] + [len(cells(r)[i]) for r in sample])) for i, h in enumerate(headers)]
    out.write(_row_text(headers, widths) + "\n" + _row_text(["-" * w for w in widths], widths) + "\n")
    count = 0
    for record in chain(sample, records):
        out.write(_row_text(cells(record), widths) + "\n")
        count += 1
    out.write(_("{n} bản ghi.").format(n=format_count(count)) + "\n")


def _cell(value: Any, enum: str | None = None, reference: bool = False) -> str:
    from desktop.domain.validation import ENUM_LABELS

    if value is None:
        return ""
    if reference:
        return str(value)[:8]  # a UUID: its first 8 characters, as the id column
    if enum and value in ENUM_LABELS.get(enum, {}):
        return _(ENUM_LABELS[enum][value])
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def _row_text(cells: list[str], widths: list[int]) -> str:
    fitted = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)]
    return "  ".join(c.ljust(w) for c, w in zip(fitted, widths, strict=True)).rstrip()


# --- findings --------------------------------------------------------------------------------


def _findings_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_(
        "in mảng JSON: rule, severity, entity, record_id, message, source, due_date, person_id"))


@register_command("findings", N_("kiểm tra mọi bản ghi theo các quy tắc và in các phát hiện"), _findings_args)
def run_findings(args: argparse.Namespace) -> int:
    """Print every rule finding over all records."""
    services = open_services_for(args.db, must_exist=True, read_only=True)
    try:
        found = services.all_findings()
        titles = {r.code: r.title for r in services.rules.list()}
    finally:
        services.close()
    if args.json:
        write_json_array((finding_json(f) for f in found), sys.stdout)
    else:
        _print_findings(found, titles, sys.stdout)
    return 0


def finding_json(f) -> dict[str, Any]:
    """A finding as `doingoai findings --json` prints it."""
    return {
        "rule": f.rule, "severity": f.severity, "entity": f.entity, "record_id": f.record_id,
        "message": f.message, "source": f.source,
        "due_date": f.due_date.isoformat() if f.due_date else None, "person_id": f.person_id,
    }


def _print_findings(found: list, titles: dict[str, str], out: TextIO) -> None:
    if not found:
        out.write(_("Không có phát hiện nào.") + "\n")
        return
    by_rule: dict[str, list] = {}
    for f in found:
        by_rule.setdefault(f.rule, []).append(f)
    for rule in sorted(by_rule, key=lambda code: int(code[1:]) if code[1:].isdigit() else 999):
        items = by_rule[rule]
        out.write(f"{rule} — {_(titles.get(rule, rule))} ({format_count(len(items))})\n")
        out.write("   " + _("Căn cứ: {source}").format(source=items[0].source) + "\n")
        for f in sorted(items, key=lambda f: (f.due_date or date.max, f.message)):
            out.write(f"   [{_(SEVERITY_LABELS.get(f.severity, f.severity))}] {f.message}\n")
        out.write("\n")
    counts = {s: sum(1 for f in found if f.severity == s) for s in SEVERITY_LABELS}
    parts = ", ".join(f"{format_count(n)} {_(SEVERITY_LABELS[s]).lower()}" for s, n in counts.items() if n)
    out.write(_("Tổng cộng: {n} phát hiện ({parts}).").format(n=format_count(len(found)), parts=parts) + "\n")


# --- print -----------------------------------------------------------------------------------

PRINT_FORMS = "delegation-request, guest-request, member-list, trip-report, conference-plan"


def _print_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("form", metavar=_("MẪU"), help=_("mẫu in: {forms}").format(forms=PRINT_FORMS))
    p.add_argument("record_id", metavar=_("MÃ_HỒ_SƠ"), help=_("id của đoàn (doingoai list delegation --json)"))
    p.add_argument("--out", required=True, metavar=_("TỆP.pdf"), help=_("tệp PDF sẽ ghi"))
    p.add_argument("--document", metavar=_("MÃ_VĂN_BẢN"), default=None,
                   help=_("id văn bản trong sổ văn bản đi: in số và ngày của văn bản đã ký"))


@register_command("print", N_("in một mẫu văn bản của hồ sơ ra tệp PDF"), _print_args)
def run_print(args: argparse.Namespace) -> int:
    """Write one form to a PDF; exit 2 with what to fill in when the record lacks something."""
    from pathlib import Path

    services = open_services_for(args.db, must_exist=True)
    try:
        out = services.printing.write(args.form, args.record_id, Path(args.out), args.document)
    finally:
        services.close()
    print(_("Đã ghi {path}").format(path=out))
    return 0


# --- self-test -------------------------------------------------------------------------------


@register_command("self-test", N_("kiểm tra cài đặt: Qt, phông chữ, cơ sở dữ liệu, cửa sổ chính, bản dịch"),
                  lambda p: None)
def run_self_test(args: argparse.Namespace) -> int:
    """Check the installation as support would ask; 0 only when every check passes."""
    from desktop.selftest import run_checks

    return run_checks(args.db, sys.stdout)


# --- sync (init, keys, bundle, conflicts) and import: registered by their own modules -------------

from desktop import cli_access, cli_import, cli_report, cli_sync  # noqa: E402, F401

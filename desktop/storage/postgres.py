"""The province store on PostgreSQL: what differs from a SQLite file.

`Database` calls these for a `postgresql+psycopg://…` URL. The schema, the
migrations and every service are the same; here live only the server's side of
opening: readable Vietnamese errors for a server that does not answer, a login
refused or a database that does not exist; a store that belongs to another
program or cannot be written; and the `pg_dump` copy made before migrations.

Migrations on PostgreSQL run in one transaction (its DDL is transactional), so a
failed upgrade leaves the database as it was even where no copy could be made.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from desktop.errors import DatabaseOpenError
from desktop.i18n import _

log = logging.getLogger(__name__)

DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 5
BACKUPS_KEPT = 10
PG_DUMP_ENV = "DOINGOAI_PG_DUMP"  # path of a pg_dump matching the server, or "off"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql", "postgres:"))


def normalize_url(url: str) -> str:
    """`postgresql://` and `postgres://` as psycopg 3 URLs: SQLAlchemy's default driver is psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return DRIVER + "://" + url[len(prefix):]
    return url


def check_url(url: str) -> None:
    """Refuse a PostgreSQL URL that cannot even be read (a port that is not a number, a broken host) with
    a message, not a traceback; the password never appears in it."""
    from sqlalchemy.exc import ArgumentError

    from desktop.errors import DatabaseOpenError

    try:
        parsed = make_url(url)
        port = parsed.port
    except (ValueError, ArgumentError):
        shown = url.split("@")[-1]
        raise DatabaseOpenError(_(
            "Địa chỉ cơ sở dữ liệu “…@{url}” không đọc được: hãy viết theo mẫu "
            "postgresql://người_dùng@máy_chủ:5432/tên_cơ_sở_dữ_liệu (cổng là một số từ 1 đến 65535).").format(
                url=shown)) from None
    mode = parsed.query.get("sslmode")
    if is_remote(url) and mode in WEAK_SSLMODES:
        raise DatabaseOpenError(_(
            "Địa chỉ {url} đặt sslmode={mode}: dữ liệu cá nhân của các sổ sẽ đi qua mạng không mã hóa. Máy chủ ở "
            "máy khác phải dùng TLS: bỏ sslmode (mặc định require) hoặc dùng sslmode=verify-full (README, mục "
            "PostgreSQL).").format(url=display_url(url), mode=mode))
    if port is not None and not 1 <= port <= 65535:
        raise DatabaseOpenError(_(
            "Cổng {port} trong địa chỉ cơ sở dữ liệu {url} không hợp lệ: cổng là một số từ 1 đến 65535 "
            "(PostgreSQL thường dùng 5432).").format(port=port, url=display_url(url)))


def display_url(url: str) -> str:
    """The URL to show a person: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not parseable: show nothing of what could be a secret
        return url.split("@")[-1]


LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}
WEAK_SSLMODES = {"disable", "allow", "prefer"}


def is_remote(url: str) -> bool:
    """Whether the server is reached over a network (not a local socket or this machine's loopback): the
    registers' personal data then travels only over TLS."""
    parsed = make_url(url)
    host = parsed.host or parsed.query.get("host") or ""
    if isinstance(host, tuple):
        host = host[0]
    return not (host in LOCAL_HOSTS or host.startswith("/"))


def connect_args(url: str | None = None) -> dict:
    """Fail fast on an unreachable server; name the program in pg_stat_activity; over a network, TLS
    (`sslmode=require` unless the URL asks for more: verify-ca, verify-full)."""
    args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "doingoai"}
    if url is not None and is_remote(url) and "sslmode" not in make_url(url).query:
        args["sslmode"] = "require"
    return args


def on_connect(dbapi_conn: Any, _record: Any) -> None:
    """Whole `numeric` results as int, as SQLite gives them.

    PostgreSQL widens SUM(bigint) and EXTRACT(year …) to numeric, which psycopg returns
    as Decimal; a money total would then reach JSON, Excel and the GUI as another type
    than on SQLite. The models have no Numeric column, so only such computed values pass
    through here; fractional values (AVG) stay Decimal.
    """
    for loader in _whole_number_loaders():
        dbapi_conn.adapters.register_loader("numeric", loader)


def _whole(value: Decimal) -> int | Decimal:
    return int(value) if value.is_finite() and value == value.to_integral_value() else value


@cache
def _whole_number_loaders() -> tuple[type, ...]:
    # psycopg is imported here, not at the top: a SQLite start must not pay for it
    from psycopg.types.numeric import NumericBinaryLoader, NumericLoader

    class WholeNumericLoader(NumericLoader):
        def load(self, data: Any) -> int | Decimal:
            return _whole(super().load(data))

    class WholeNumericBinaryLoader(NumericBinaryLoader):
        def load(self, data: Any) -> int | Decimal:
            return _whole(super().load(data))

    return WholeNumericLoader, WholeNumericBinaryLoader


# --------------------------------------------------------------------------- errors


def open_error(where: str, url: str, exc: BaseException) -> DatabaseOpenError:
    """A driver error met while opening (or using) a PostgreSQL store, as a readable message."""
    orig = getattr(exc, "orig", None) or exc
    detail = str(orig).strip()
    state = getattr(orig, "sqlstate", None) or ""
    low = detail.lower()
    name = database_name(url)
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return DatabaseOpenError(
            _("Máy chủ PostgreSQL không có cơ sở dữ liệu «{name}» ({where}). Hãy nhờ người quản trị "
              "tạo cơ sở dữ liệu (createdb {name}) hoặc sửa tên trong --db.").format(name=name, where=where))
    if state in ("28P01", "28000") or any(w in low for w in (
            "authentication failed", "password", "no pg_hba.conf entry", "role \"")):
        return DatabaseOpenError(
            _("Máy chủ PostgreSQL từ chối đăng nhập vào {where}: sai tên người dùng hoặc mật khẩu, "
              "hoặc người dùng này chưa được phép kết nối. Hãy kiểm tra tên và mật khẩu trong --db "
              "với người quản trị cơ sở dữ liệu.\nChi tiết: {detail}").format(where=where, detail=detail))
    if state == "42501" or "permission denied" in low:
        return DatabaseOpenError(
            _("Người dùng PostgreSQL trong {where} không có quyền ghi vào cơ sở dữ liệu. "
              "Hãy nhờ người quản trị cấp quyền (chủ sở hữu cơ sở dữ liệu) rồi mở lại.\nChi tiết: {detail}")
            .format(where=where, detail=detail))
    if state.startswith("08") or not state or any(w in low for w in (
            "connection refused", "could not connect", "connection failed", "timeout expired",
            "could not translate host name", "no such file or directory", "server closed the connection",
            "terminating connection", "connection is closed")):
        return DatabaseOpenError(
            _("Không kết nối được máy chủ PostgreSQL {where}: máy chủ không chạy, sai địa chỉ hoặc cổng, "
              "hoặc mạng bị chặn. Hãy kiểm tra máy chủ và địa chỉ trong --db rồi thử lại; dữ liệu "
              "không bị thay đổi.\nChi tiết: {detail}").format(where=where, detail=detail))
    return DatabaseOpenError(
        _("Không mở được cơ sở dữ liệu {path}: {detail}").format(path=where, detail=detail))


def is_connection_problem(exc: DBAPIError) -> bool:
    """A server gone or a network cut mid-session (not a problem of the data)."""
    return bool(exc.connection_invalidated) or (getattr(exc.orig, "sqlstate", None) or "").startswith("08")


def missing_driver(where: str) -> DatabaseOpenError:
    return DatabaseOpenError(
        _("Bản cài đặt này thiếu thư viện psycopg để mở cơ sở dữ liệu PostgreSQL {where}. "
          "Hãy cài lại Sổ Đối ngoại (hoặc: pip install \"psycopg[binary]\").").format(where=where))


# --------------------------------------------------------------------------- checks


def check_not_foreign(conn: Connection, where: str) -> None:
    """A store with tables but no migration stamp belongs to another program: never write into it."""
    tables = inspect(conn).get_table_names()
    if tables:
        raise DatabaseOpenError(
            _("Cơ sở dữ liệu {where} đã có {count} bảng của chương trình khác (ví dụ «{table}») và không "
              "phải kho dữ liệu của Sổ Đối ngoại. Không có gì bị thay đổi; hãy dùng một cơ sở dữ liệu "
              "trống.").format(where=where, count=len(tables), table=sorted(tables)[0]))


def check_writable(engine: Engine, where: str) -> None:
    """Refuse at start, not at the first save: a read-only standby, or a role that may not write."""
    with engine.connect() as conn:
        standby = conn.execute(text("SELECT pg_is_in_recovery()")).scalar()
        if standby:
            raise DatabaseOpenError(
                _("Máy chủ PostgreSQL {where} là máy chủ dự phòng chỉ cho đọc. Hãy kết nối tới máy chủ "
                  "chính.").format(where=where))
        if not inspect(conn).has_table("change_log"):
            return
        may_write = conn.execute(text("SELECT has_table_privilege('change_log', 'INSERT')")).scalar()
    if not may_write:
        raise DatabaseOpenError(
            _("Người dùng PostgreSQL trong {where} không có quyền ghi vào cơ sở dữ liệu. "
              "Hãy nhờ người quản trị cấp quyền (chủ sở hữu cơ sở dữ liệu) rồi mở lại.\nChi tiết: {detail}")
            .format(where=where, detail="change_log: INSERT"))


# --------------------------------------------------------------------------- backup


def database_name(url: str) -> str:
    return make_url(url).database or ""


def search_path_schema(url: URL) -> str | None:
    """The first schema of `options=-csearch_path=…` in the URL, if the store lives in one."""
    options = url.query.get("options")
    if isinstance(options, tuple):
        options = " ".join(options)
    for part in unquote(options or "").split():
        for prefix in ("-csearch_path=", "search_path="):
            if part.startswith(prefix):
                return part[len(prefix):].split(",")[0].strip().strip('"') or None
    return None


def pg_dump_program() -> str | None:
    chosen = os.environ.get(PG_DUMP_ENV)
    if chosen:
        return None if chosen.lower() == "off" else chosen
    return shutil.which("pg_dump")


def backup(url: str, folder: Path, label: str) -> Path | None:
    """A `pg_dump -Fc` copy in `folder` (restore with pg_restore); None, said in the log, without pg_dump.

    A pg_dump that fails raises DatabaseOpenError: the caller must not go on to migrate.
    """
    where = display_url(url)
    program = pg_dump_program()
    if program is None:
        log.warning(
            "no pg_dump (PATH or %s): %s is upgraded without a copy; the upgrade is one transaction",
            PG_DUMP_ENV, where)
        return None
    parsed = make_url(url)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "pg-" + (parsed.database or "db")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stem}-{stamp}-{label}.dump"
    from desktop.storage.files import create_private

    create_private(target)  # pg_dump writes into it: the copy of the store is never readable by others
    cmd = [program, "--format=custom", "--no-password", f"--file={target}"]
    schema = search_path_schema(parsed)
    if schema:
        cmd.append(f"--schema={schema}")
    env = dict(os.environ)
    for var, value in (("PGHOST", parsed.host or parsed.query.get("host")), ("PGPORT", parsed.port),
                       ("PGUSER", parsed.username), ("PGPASSWORD", parsed.password),
                       ("PGDATABASE", parsed.database)):
        if value:
            env[var] = str(value)
    for var, name in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):  # the copy travels as the app does
        if parsed.query.get(name):
            env[var] = str(parsed.query[name])
    if is_remote(url) and "PGSSLMODE" not in env:
        env["PGSSLMODE"] = "require"
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    except OSError as exc:
        done = None
        detail = str(exc)
    else:
        detail = (done.stderr or "").strip()
    if done is None or done.returncode != 0:
        target.unlink(missing_ok=True)
        raise DatabaseOpenError(
            _("Không sao lưu được {where} bằng pg_dump trước khi nâng cấp cấu trúc dữ liệu, nên chưa "
              "nâng cấp; cơ sở dữ liệu không bị thay đổi. Hãy dùng pg_dump cùng phiên bản với máy chủ "
              "(biến môi trường {env}=đường dẫn), hoặc tự sao lưu rồi đặt {env}=off.\nChi tiết: {detail}")
            .format(where=where, env=PG_DUMP_ENV, detail=detail))
    copies = sorted(folder.glob(f"{stem}-*.dump"))
    for old in copies[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target

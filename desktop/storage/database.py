"""Opening a database the way a desktop must: check, back up, migrate, or refuse clearly.

Every refusal names the file and says what to do, in Vietnamese, and leaves
the file untouched. The same class opens the province store on PostgreSQL
(`postgresql+psycopg://…`): no file checks or pragmas there, a `pg_dump` copy
before migrations, the server's errors in words (desktop/storage/postgres.py).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.config import default_paths, sqlite_path
from desktop.errors import AppError, DatabaseOpenError, RegisterLocked
from desktop.i18n import _
from desktop.storage import files, migrate, postgres
from desktop.storage.engine import enable_wal, make_engine
from desktop.storage.tracking import Tracker, attach

SQLITE_MAGIC = b"SQLite format 3\x00"
BACKUPS_KEPT = 10


class Database:
    """An open, migrated database and the sessions made on it."""

    def __init__(self, url: str, backup_dir: Path | None = None, full_check: bool = True,
                 writable: bool = True, key: bytes | None = None, _in_place: bool = False):
        """Open `url`; `full_check=False` defers `PRAGMA quick_check` (its cost grows with
        the file) to `integrity_problem()`, which the GUI runs after its window is up.

        `writable=False` (the CLI's commands that only read) skips asking for the write lock
        at start: in WAL mode reading works while another program writes (a long import), and
        such a command must not be refused as locked."""
        self.writable = writable
        self.key = key  # the SQLCipher key of an encrypted register (None: plaintext, or PostgreSQL)
        url = postgres.normalize_url(url)
        if postgres.is_postgres(url):
            postgres.check_url(url)
        self._url = url  # what connects (with the password, if the URL has one)
        self.url = postgres.display_url(url) if postgres.is_postgres(url) else url  # what is shown
        self.full_check = full_check
        self.path = sqlite_path(url)
        if self.path is not None and key is None and not _in_place and not self.path.exists():
            _create(self.path, url, backup_dir)  # made whole beside it, then renamed: never an empty file
        if self.path is not None:
            _check_file(self.path, encrypted=key is not None, backups=backup_dir)
        try:
            self.engine: Engine = make_engine(url, key=key)
        except (NoSuchModuleError, ImportError) as exc:
            if not postgres.is_postgres(url):
                raise
            raise postgres.missing_driver(self.url) from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.tracker: Tracker | None = None
        try:
            self._prepare(backup_dir)
        except Exception:
            self.engine.dispose()
            raise

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def _prepare(self, backup_dir: Path | None) -> None:
        if self.is_postgres:
            self._prepare_postgres(backup_dir)
            return
        try:
            if self.is_sqlite:
                self._structure_check()
                if self.full_check:
                    self._quick_check()
            current, due = migrate.needs_upgrade(self.engine)
            if self.is_sqlite:
                # only now may the file change: it is ours, not newer, and nobody holds it
                if self.writable or due:
                    self._check_writable()
                enable_wal(self.engine)
            if due:
                if current is not None and self.is_sqlite:
                    self.backup(backup_dir or self.path.parent, f"before-{migrate.head_revision()}")
                migrate.upgrade(self.engine)
        except OperationalError as exc:
            raise _operational_error(self.path or self.url, exc) from exc
        except DatabaseError as exc:
            raise _corrupt(self.path or self.url) from exc

    def _prepare_postgres(self, backup_dir: Path | None) -> None:
        # Alembic's upgrade runs in one transaction, and PostgreSQL's DDL is transactional:
        # an upgrade that fails half-way leaves the schema as it was
        try:
            with self.engine.connect() as conn:
                if migrate.current_revision(conn) is None:
                    postgres.check_not_foreign(conn, self.url)
            current, due = migrate.needs_upgrade(self.engine)
            postgres.check_writable(self.engine, self.url)
            if due:
                if current is not None:
                    folder = backup_dir or default_paths().backups
                    postgres.backup(self._url, folder, f"before-{migrate.head_revision()}")
                migrate.upgrade(self.engine)
        except DBAPIError as exc:
            raise postgres.open_error(self.url, self._url, exc) from exc

    def _structure_check(self) -> None:
        # reading the schema is cheap and catches a file that is not (or no longer) a database
        with self.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()

    def _quick_check(self) -> None:
        if self.integrity_problem() is not None:
            raise _corrupt(self.path)

    def integrity_problem(self) -> str | None:
        """SQLite's quick_check over the whole file: None when sound, else what it found."""
        if not self.is_sqlite:
            return None
        try:
            with self.engine.connect() as conn:
                rows = [r[0] for r in conn.execute(text("PRAGMA quick_check"))]
        except DatabaseError as exc:
            return str(exc.orig or exc)
        return None if rows == ["ok"] else "; ".join(rows[:5])

    def _check_writable(self) -> None:
        # in WAL mode a writer elsewhere does not stop reading: ask for the write lock now,
        # so a held file is refused at start rather than at the first save
        with self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            conn.exec_driver_sql("ROLLBACK")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error.

        A file locked or made read-only by another program since start-up raises
        DatabaseOpenError, and a record saved elsewhere meanwhile raises AppError:
        readable messages, not driver errors; nothing of the transaction is kept.
        """
        try:
            with self._sessions.begin() as session:
                attach(session, self.tracker)
                yield session
        except StaleDataError as exc:
            raise AppError(
                _("Bản ghi vừa được lưu ở nơi khác trong lúc bạn lưu. Nội dung bạn nhập vẫn còn; "
                  "hãy mở lại bản mới rồi lưu lại.")
            ) from exc
        except OperationalError as exc:
            if self.is_postgres and postgres.is_connection_problem(exc):
                raise postgres.open_error(self.url, self._url, exc) from exc
            if not _is_access_problem(exc):
                raise
            raise _operational_error(self.path or self.url, exc) from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only (each statement may see a newer state than the one before)."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A session for reading only whose every statement sees one and the same moment of the database.

        An export reads its records, its change range and its checksum in several statements while the
        officer goes on saving: they must agree, or the bundle claims changes it does not hold. SQLite's
        driver starts no transaction for reads, so one is begun here (in WAL mode it reads the moment of
        its first statement, and writers are not held up); PostgreSQL reads in REPEATABLE READ.
        """
        with self._sessions() as session:
            if self.is_postgres:
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            else:
                session.connection().exec_driver_sql("BEGIN")
            yield session

    def backup(self, folder: Path, label: str) -> Path | None:
        """Copy the database with SQLite's online backup (pg_dump on PostgreSQL); keep the last few.

        On PostgreSQL without a pg_dump program there is no copy: None (see postgres.backup)."""
        if self.is_postgres:
            return postgres.backup(self._url, folder, label)
        assert self.path is not None
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{self.path.stem}-{stamp}-{label}.sqlite3"
        if self.key is not None:  # an encrypted register's copies are encrypted under its key
            from desktop.storage.encryption import backup_encrypted

            backup_encrypted(self.path, target, self.key)
            _prune(folder, self.path.stem)
            return target
        files.create_private(target)  # a copy of the register is personal data too
        src, dst = sqlite3.connect(self.path), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        _prune(folder, self.path.stem)
        return target

    def dispose(self) -> None:
        """Refresh the planner's statistics (cheap; SQLite's advice at close), close every connection."""
        if self.is_sqlite:
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA optimize")
            except DatabaseError:
                pass  # a locked or damaged file must still close; the statistics can wait
        self.engine.dispose()


def _create(path: Path, url: str, backup_dir: Path | None) -> None:
    """A new register: created and migrated at `<name>.creating` beside it, then renamed into place, so a
    start killed part-way leaves no half-made (or zero-length) register under the real name — a
    zero-length register is refused as data lost (`_check_existing`), never taken for a new one."""
    _check_creatable(path)
    work = path.with_name(path.name + ".creating")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)  # what a killed creation left
    made = Database(f"sqlite:///{work}", backup_dir=backup_dir, full_check=False, _in_place=True)
    made.dispose()  # the last connection folds the WAL into the file
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    os.replace(work, path)
    files.sync_folder(path.parent)


def _check_file(path: Path, encrypted: bool = False, backups: Path | None = None) -> None:
    if path.exists():
        _check_existing(path, encrypted, backups)
        return
    _check_creatable(path)
    files.create_private(path)  # SQLite takes an empty file as a new database; its -wal/-shm get this mode


def _check_creatable(path: Path) -> None:
    """The folder of a new register exists (made) and may be written, or a readable refusal."""
    if not os.access(_nearest_existing(path.parent), os.W_OK):
        raise DatabaseOpenError(
            _("Không thể tạo cơ sở dữ liệu tại {path}: thư mục không cho phép ghi. "
              "Hãy chọn thư mục khác bằng --db.").format(path=path)
        )
    path.parent.mkdir(parents=True, exist_ok=True)


def _nearest_existing(folder: Path) -> Path:
    # the folders still to be made will be created inside this one
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _check_existing(path: Path, encrypted: bool = False, backups: Path | None = None) -> None:
    if path.is_dir():
        raise DatabaseOpenError(_("{path} là một thư mục, không phải tệp cơ sở dữ liệu.").format(path=path))
    if not os.access(path, os.R_OK):
        raise DatabaseOpenError(_("Không có quyền đọc tệp cơ sở dữ liệu {path}.").format(path=path))
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise DatabaseOpenError(
            _("Tệp cơ sở dữ liệu {path} (hoặc thư mục chứa nó) chỉ cho phép đọc. "
              "Hãy cấp quyền ghi hoặc chép tệp sang thư mục của bạn rồi mở lại.").format(path=path)
        )
    if path.stat().st_size == 0:
        raise DatabaseOpenError(_(
            "Tệp {path} rỗng (0 byte): dữ liệu của sổ trong tệp đã mất (ổ đĩa hỏng, hoặc mất điện khi đang chép "
            "tệp). Chương trình không ghi đè lên tệp và không tạo sổ mới ở đó. Hãy khôi phục từ bản sao lưu mới "
            "nhất{where}, hoặc nhờ bộ phận hỗ trợ.").format(
                path=path, where=_(" trong thư mục {folder}").format(folder=backups) if backups else ""))
    if encrypted:
        return  # SQLCipher's file starts with a random salt, not SQLite's header
    from desktop.storage.keyring import keys_path

    if keys_path(path).exists():
        raise RegisterLocked(_("Sổ {path} đã được mã hóa: hãy đăng nhập (tên và mật khẩu, hoặc khóa khôi phục) "
                               "để mở.").format(path=path))
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise DatabaseOpenError(_(
            "Tệp {path} không phải cơ sở dữ liệu SQLite thường: tệp bị hỏng, hoặc là một sổ đã mã hóa mà thiếu tệp "
            "khóa {keys} bên cạnh (hãy chép tệp đó về cùng thư mục; bản sao lưu có tệp .keys riêng). Tệp không bị "
            "thay đổi.").format(path=path, keys=keys_path(path).name))


def _corrupt(where: object) -> DatabaseOpenError:
    return DatabaseOpenError(
        _("Tệp {path} bị hỏng hoặc không phải cơ sở dữ liệu của Sổ Đối ngoại. "
          "Tệp không bị thay đổi; hãy khôi phục từ bản sao lưu trong thư mục backups.").format(path=where)
    )


def _operational_error(where: object, exc: OperationalError) -> DatabaseOpenError:
    detail = str(exc.orig) if exc.orig else str(exc)
    if "locked" in detail or "busy" in detail:
        return DatabaseOpenError(
            _("Cơ sở dữ liệu {path} đang được một chương trình khác sử dụng (bị khóa). "
              "Hãy đóng cửa sổ Sổ Đối ngoại khác rồi thử lại.").format(path=where)
        )
    if "readonly" in detail or "read-only" in detail:
        return DatabaseOpenError(_("Tệp cơ sở dữ liệu {path} chỉ cho phép đọc.").format(path=where))
    if "not a database" in detail or "malformed" in detail:
        return _corrupt(where)
    return DatabaseOpenError(_("Không mở được cơ sở dữ liệu {path}: {detail}").format(path=where, detail=detail))


def _is_access_problem(exc: OperationalError) -> bool:
    detail = str(exc.orig or exc)
    return any(word in detail for word in ("locked", "busy", "readonly", "read-only"))


def _prune(folder: Path, stem: str) -> None:
    """The last BACKUPS_KEPT safety copies (before a migration, an import); the backups of
    services/backups.py keep by their own rule."""
    copies = sorted(folder.glob(f"{stem}-*-before-*.sqlite3"))
    for old in copies[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
        old.with_name(old.name + ".keys").unlink(missing_ok=True)  # an encrypted copy's key file

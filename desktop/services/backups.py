"""Sao lưu: backups of the register made now (Sao lưu ngay, `doingoai backup`) or once a day by
themselves, verified, listed with what they hold, kept by a retention rule.

SQLite registers are copied by storage/backups.py (the online backup API, `integrity_check` on the copy,
an atomic rename; encrypted under the register's key with its key file beside it). A PostgreSQL store is
copied by `pg_dump` in custom format (storage/postgres.py). Retention: the newest backup of each of the
last 7 days, 4 weeks and 12 months (settings); the safety copies made before a migration or an import
are kept by their own rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from desktop import __version__
from desktop.domain import access
from desktop.errors import AppError
from desktop.i18n import _
from desktop.services.context import ServiceContext
from desktop.storage import backups as store

LAST_AUTOMATIC = "backup_last_day"  # the day of the last automatic backup (ISO date)
RETENTION = {"backup_keep_daily": 7, "backup_keep_weekly": 4, "backup_keep_monthly": 12}
RETAINED_LABELS = ("manual", "daily")


@dataclass(frozen=True)
class BackupRow:
    """A backup as Cài đặt › Sao lưu lists it."""

    path: Path
    made_at: object
    size: int
    app_version: str
    schema: str
    counts: dict[str, int]
    label: str
    encrypted: bool

    @property
    def records(self) -> int:
        return sum(self.counts.values())


class BackupService:
    """Makes, lists and prunes the register's backups."""

    def __init__(self, ctx: ServiceContext, device):
        self.ctx = ctx
        self.device = device

    def folder(self) -> Path:
        """Where the backups are kept (the data folder's backups/)."""
        return self.ctx.paths.backups

    def make_now(self, out: Path | None = None, progress: Callable[[int, int], None] | None = None) -> BackupRow:
        """Sao lưu ngay / `doingoai backup`: a backup now (the administrator's), into `out` or the backups folder."""
        self.ctx.require(access.BACKUP)
        return self._make("manual", out, progress)

    def make_daily(self, progress: Callable[[int, int], None] | None = None) -> BackupRow | None:
        """At the first start of each day (whoever logs in): a backup, unless today's is made already."""
        today = self.ctx.today().isoformat()
        if self.device.get_setting(LAST_AUTOMATIC) == today:
            return None
        row = self._make("daily", None, progress)
        self.device.put_setting(LAST_AUTOMATIC, today)
        return row

    def _make(self, label: str, out: Path | None, progress) -> BackupRow:
        db = self.ctx.db
        folder = Path(out) if out is not None else self.folder()
        if db.is_postgres:
            copy = db.backup(folder, label)
            if copy is None:
                raise AppError(_("Không có chương trình pg_dump trên máy này nên không sao lưu được kho PostgreSQL; "
                                 "hãy cài gói postgresql-client cùng phiên bản với máy chủ, hoặc đặt "
                                 "DOINGOAI_PG_DUMP."))
            from datetime import UTC, datetime

            from desktop.storage.migrate import HEAD_REVISION

            store.write_description(copy.with_name(copy.name + ".json"), {
                "made_at": datetime.now(UTC).isoformat(), "label": label, "schema": HEAD_REVISION,
                "encrypted": False, **self._describe()})
            row = _row(store.read(copy))
        else:
            from desktop.storage.keyring import keys_path

            try:
                made = store.copy(db.path, folder, db.path.stem, label, db.key, self._describe, progress,
                                  keys_path(db.path) if db.key is not None else None)
            except OSError as exc:
                raise AppError(_("Không ghi được bản sao lưu vào {folder}: {error}. Sổ không bị thay đổi; hãy kiểm "
                                 "tra chỗ trống trên ổ đĩa hoặc quyền ghi của thư mục.").format(
                    folder=folder, error=exc.strerror or exc)) from exc
            row = _row(made)
        self.prune(folder)
        self.ctx.audit("backup", details={"file": row.path.name, "label": label, "records": row.records})
        return row

    def _describe(self) -> dict:
        """What a backup holds: live records per register, and the program that made it."""
        from desktop.models import SYNCED_MODELS

        counts = {}
        with self.ctx.db.read() as s:
            for entity, model in SYNCED_MODELS.items():
                n = s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0
                if n:
                    counts[entity] = n
        return {"app_version": __version__, "counts": counts}

    def list(self, folder: Path | None = None) -> list[BackupRow]:
        """Every backup of this register, newest first (SQLite: with what each holds)."""
        db = self.ctx.db
        where = folder or self.folder()
        if db.is_postgres:
            return [_row(store.read(p)) for p in sorted(where.glob("pg-*.dump"), reverse=True)]
        return [_row(b) for b in store.listed(where, db.path.stem)]

    def retention(self) -> tuple[int, int, int]:
        """(daily, weekly, monthly) backups kept."""
        values = []
        for key, default in RETENTION.items():
            try:
                values.append(max(1, int(self.device.get_setting(key, str(default)) or default)))
            except ValueError:
                values.append(default)
        return values[0], values[1], values[2]

    def prune(self, folder: Path | None = None) -> int:
        """Remove the backups the retention rule does not keep; how many went."""
        if self.ctx.db.is_postgres:
            return 0
        found = store.listed(folder or self.folder(), self.ctx.db.path.stem)
        kept_kinds = [b for b in found if b.label in RETAINED_LABELS]
        keep = store.to_keep(kept_kinds, *self.retention())
        gone = [b for b in kept_kinds if b.path not in keep]
        for b in gone:
            store.remove(b)
        return len(gone)

    def last_good(self) -> date | None:
        """The day of the newest backup (None when there is none)."""
        rows = self.list()
        return rows[0].made_at.astimezone().date() if rows else None


def _row(b: store.BackupFile) -> BackupRow:
    return BackupRow(b.path, b.made_at, b.size, b.app_version, b.schema, b.counts, b.label, b.encrypted)

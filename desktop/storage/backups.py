"""Backups of a SQLite register: a consistent copy through SQLite's online backup API (never a file copy of
a live database), verified before it counts, described beside it, written atomically.

A backup is `<stem>-<YYYYmmdd-HHMMSS>-<label>.sqlite3` with `….json` beside it (when, app and schema
version, record counts per register) and, for an encrypted register, `….keys` (its key file of that
day). The copy is written as `.….part` and renamed once `PRAGMA integrity_check` passed on it, so a
pulled USB stick or a killed program leaves no half file that looks whole.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from desktop.storage import files

PAGES_PER_STEP = 256
_NAME = re.compile(r"-\d{8}-\d{6}(?:-\d{6})?-(.+)$")  # …-<date>-<time>[-<µs>]-<label>  # the online backup copies this many pages a step, then reports progress


@dataclass(frozen=True)
class BackupFile:
    """A backup as its description says."""

    path: Path
    made_at: datetime
    size: int
    app_version: str
    schema: str
    counts: dict[str, int]
    label: str
    encrypted: bool


def _connect(path: Path, key: bytes | None):
    if key is None:
        return sqlite3.connect(str(path))
    from desktop.storage.encryption import _connect as connect_encrypted

    return connect_encrypted(path, key)


def copy(source: Path, folder: Path, stem: str, label: str, key: bytes | None, describe: Callable[[], dict],
         progress: Callable[[int, int], None] | None = None, keys_file: Path | None = None) -> BackupFile:
    """Back `source` up into `folder`; the copy is checked (integrity) and described before it is renamed
    into place. OSError (a full disk, a read-only folder, a pulled stick) leaves no file behind."""
    folder.mkdir(parents=True, exist_ok=True)
    made = datetime.now(UTC)
    name = f"{stem}-{made.astimezone():%Y%m%d-%H%M%S}-{label}.sqlite3"
    final = folder / name
    part = folder / f".{name}.part"
    part.unlink(missing_ok=True)
    try:
        files.create_private(part)
        src, dst = _connect(source, key), _connect(part, key)
        try:
            def step(_status, remaining, total) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise OSError(f"the copy {part} does not pass the integrity check")
            version = dst.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            dst.close()
            src.close()
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        info = {"made_at": made.isoformat(), "schema": version, "label": label, "encrypted": key is not None,
                **describe()}
        write_description(folder / f"{name}.json", info)
        if keys_file is not None and keys_file.exists():
            files.private_copy(keys_file, final.with_name(final.name + ".keys"))
        os.replace(part, final)
        files.sync_folder(folder)
    except BaseException:
        part.unlink(missing_ok=True)
        (folder / f"{name}.json").unlink(missing_ok=True)
        raise
    return read(final)


def write_description(path: Path, data: dict) -> None:
    """A backup's description beside it (atomic, owner-only)."""
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    files.create_private(part)
    with part.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, path)


def read(path: Path) -> BackupFile:
    """A backup and its description (what the file alone tells when the description is missing)."""
    meta: dict = {}
    side = path.with_name(path.name + ".json")
    if side.exists():
        try:
            meta = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
    stat = path.stat()
    made = meta.get("made_at")
    made_at = datetime.fromisoformat(made) if made else datetime.fromtimestamp(stat.st_mtime, UTC)
    named = _NAME.search(path.stem)
    label = meta.get("label") or (named.group(1) if named else path.stem)
    return BackupFile(path, made_at, stat.st_size, meta.get("app_version", ""), meta.get("schema", ""),
                      dict(meta.get("counts") or {}), label, bool(meta.get("encrypted")))


def listed(folder: Path, stem: str) -> list[BackupFile]:
    """Every backup of the register named `stem` in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [read(p) for p in folder.glob(f"{stem}-*.sqlite3") if p.is_file()]
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def to_keep(backups: list[BackupFile], daily: int, weekly: int, monthly: int) -> set[Path]:
    """The newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly` months that
    have one (a grandfather-father-son rule); every other may go."""
    keep: set[Path] = set()
    for count, period in ((daily, lambda d: d), (weekly, lambda d: d.isocalendar()[:2]),
                          (monthly, lambda d: (d.year, d.month))):
        seen: list = []
        for b in backups:  # newest first
            day: date = b.made_at.astimezone().date()
            key = period(day)
            if key not in seen:
                seen.append(key)
                if len(seen) <= count:
                    keep.add(b.path)
    return keep


def remove(backup: BackupFile) -> None:
    """A backup and what lies beside it."""
    for suffix in ("", ".json", ".keys"):
        backup.path.with_name(backup.path.name + suffix).unlink(missing_ok=True)

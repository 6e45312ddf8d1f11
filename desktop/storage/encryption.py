"""The register encrypted at rest with SQLCipher: its state on disk, the conversion of a plaintext one,
and keeping the key file in step with the accounts.

A conversion survives a kill -9 at any point: the encrypted copy is written beside the register and
verified (integrity and every table's row count) while the plaintext stays; the key file is written as
`…keys.pending`; the copy then replaces the register in one rename, and the pending key file becomes the
key file in a second. At the next open `settle_state` finishes or undoes what a killed conversion left:
a register whose header is SQLite's own is plaintext (the leftovers go), one that is not and has a
pending key file was swapped (the key file is put in place).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from desktop.storage import files
from desktop.storage.keyring import Keyring, keys_path, pending_path, pragma_key

SQLITE_MAGIC = b"SQLite format 3\x00"
WORK_SUFFIX = ".encrypting"
log = logging.getLogger(__name__)


def is_plaintext_file(path: Path) -> bool:
    """Whether `path` starts with SQLite's header (a plaintext database; an empty file counts too)."""
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    return not head or head == SQLITE_MAGIC


def work_path(path: Path) -> Path:
    return path.with_name(path.name + WORK_SUFFIX)


def settle_state(path: Path) -> bool:
    """Finish or undo a conversion cut short; whether the register is encrypted (it has a key file)."""
    pending, work = pending_path(path), work_path(path)
    if path.exists() and pending.exists():
        if is_plaintext_file(path):
            pending.unlink()  # killed before the swap: the plaintext is the register still
            log.info("chuyển sang mã hóa bị dừng trước khi thay tệp: giữ tệp cũ %s", path)
        else:
            os.replace(pending, keys_path(path))  # killed after the swap: the key file goes in place
            log.info("hoàn tất chuyển sang mã hóa bị dừng giữa chừng: %s", path)
    if work.exists():
        work.unlink()
    return keys_path(path).exists()


def _connect(path: Path, key: bytes | None):
    import sqlcipher3

    conn = sqlcipher3.connect(str(path))
    if key is not None:
        conn.execute(f'PRAGMA key = "{pragma_key(key)}"')
    return conn


def _counts(conn) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def export_encrypted(source: Path, target: Path, key: bytes, source_key: bytes | None = None) -> dict[str, int]:
    """Write an encrypted copy of `source` at `target` (new, owner-only) and verify it; the row counts."""
    target.unlink(missing_ok=True)
    files.create_private(target)
    src = _connect(source, source_key)
    try:
        counts = _counts(src)
        version = src.execute("PRAGMA user_version").fetchone()[0]
        src.execute(f"ATTACH DATABASE ? AS enc KEY \"{pragma_key(key)}\"", (str(target),))
        src.execute("SELECT sqlcipher_export('enc')")
        src.execute(f"PRAGMA enc.user_version = {int(version)}")
        src.execute("DETACH DATABASE enc")
    finally:
        src.close()
    check = _connect(target, key)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok" or _counts(check) != counts:
            raise RuntimeError(f"the encrypted copy of {source} does not match it")
    finally:
        check.close()
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())
    return counts


def checkpoint_plaintext(path: Path) -> None:
    """Fold the plaintext register's WAL into the file and remove its companions (no connection is open)."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def convert(path: Path, key: bytes, ring: Keyring, backup_dir: Path | None, stamp_backup=None) -> None:
    """Encrypt the plaintext register at `path` with `key` (every connection to it closed). `ring`, holding
    the wraps, is written as the key file once the encrypted register is in place. `stamp_backup(path)`
    copies the plaintext first (it is encrypted with the other backups afterwards)."""
    checkpoint_plaintext(path)
    if stamp_backup is not None:
        stamp_backup()
    work = work_path(path)
    export_encrypted(path, work, key)
    ring.save(pending_path(path))
    os.replace(work, path)  # the register is the encrypted one from here
    files.sync_folder(path.parent)
    os.replace(pending_path(path), keys_path(path))
    files.sync_folder(path.parent)
    if backup_dir is not None:
        encrypt_backups(backup_dir, key, path.stem, keys_path(path))


def encrypt_backups(folder: Path, key: bytes, stem: str, keys: Path | None = None) -> int:
    """Every plaintext copy of the register named `stem` in the backups folder, encrypted under its key (each
    in one rename), with a copy of its key file beside each (`keys`): a backup opens with the passwords and
    the recovery key of its day even when the register's own key file is lost. Run at every open: a
    conversion killed before it got here is finished."""
    done = 0
    if not folder.is_dir():
        return 0
    for copy in sorted(folder.glob(f"{stem}-*.sqlite3")):
        if copy.stat().st_size == 0:
            continue
        if not is_plaintext_file(copy):
            if keys is not None and not keys_path(copy).exists():
                copy_keys(keys, copy)
            continue
        work = work_path(copy)
        try:
            export_encrypted(copy, work, key)
        except Exception:  # a damaged old copy stays as it is; the register itself is safe
            log.warning("không mã hóa được bản sao lưu %s", copy, exc_info=True)
            work.unlink(missing_ok=True)
            continue
        if keys is not None:
            copy_keys(keys, copy)
        os.replace(work, copy)
        done += 1
    return done


def copy_keys(keys: Path, copy: Path) -> None:
    """The register's key file beside an encrypted copy of it (owner-only, atomic)."""
    files.private_copy(keys, keys_path(copy))


def backup_encrypted(source: Path, target: Path, key: bytes) -> None:
    """SQLite's online backup of an encrypted register into a new file under the same key, its key file
    beside it."""
    if keys_path(source).exists():
        copy_keys(keys_path(source), target)
    files.create_private(target)
    src, dst = _connect(source, key), _connect(target, key)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def reconcile(path: Path, key: bytes, accounts: Iterable[tuple[str, str, bool]], flags: dict | None = None) -> bool:
    """Make the key file match the register's accounts — (user name, stored hash, disabled): a wrap for each
    enabled account made from its stored hash, none for a disabled or removed one. Whether it changed."""
    ring = Keyring.load(keys_path(path))
    before = repr(ring.data)
    wanted = {}
    for user_name, password_hash, disabled in accounts:
        if not disabled:
            wanted[user_name] = password_hash
    for user_name in list(ring.data["accounts"]):
        base = user_name.split("#")[0]
        if base not in wanted:
            ring.remove(base)
    for user_name, password_hash in wanted.items():
        if not ring.matches(user_name, password_hash):
            ring.wrap_for_hash(user_name, password_hash, key)
        ring.settle(user_name)
    for name, value in (flags or {}).items():
        ring.set_flag(name, value)
    changed = repr(ring.data) != before
    if changed:
        ring.save()
    return changed

"""The data folder holds personal data (Decree 13/2023/NĐ-CP): owner-only files, and a private work folder.

On Linux and macOS every folder of it is made 0700 and every file 0600, and existing ones are tightened
at start (`secure_tree`): the register, its -wal/-shm files, backups, held bundles, attachments, keys.
On Windows the data folder lies in %LOCALAPPDATA%, whose inherited ACL already admits only the user,
SYSTEM and Administrators; `os.chmod` there only toggles the read-only flag, so nothing is changed.

Decrypted bundle contents and bundles being written never go to the system temp folder: each import or
export works in its own folder under `<data folder>/tmp/` (0700), removed in a `finally`, and any left by
a process that was killed is swept at the next start (`sweep_work_dirs`) — never one whose process still
runs (another window of the program on the same PC).
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """`path` made (with its parents) and readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _chmod(path, PRIVATE_DIR)
    return path


def secure_file(path: Path) -> None:
    """A file of the data folder readable by its owner only (no-op when it does not exist)."""
    _chmod(path, PRIVATE_FILE)


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only, before another library writes into it (SQLite's
    backup, pg_dump): the file never exists with a looser mode, not even for a moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)


def private_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target` atomically (a `.part` file renamed into place), owner-only from the start."""
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)  # a leftover keeps its own mode: O_CREAT sets it only when new
    create_private(part)
    try:
        shutil.copyfile(source, part)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def secure_tree(root: Path) -> int:
    """Tighten every folder (0700) and file (0600) under `root`, `root` included; returns how many changed.

    Links are not followed (a link to a system file must not be chmod-ed)."""
    if not _POSIX or not root.exists():
        return 0
    changed = int(_chmod(root, PRIVATE_DIR))
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            changed += _chmod(Path(folder) / name, PRIVATE_DIR)
        for name in files:
            changed += _chmod(Path(folder) / name, PRIVATE_FILE)
    return changed


def secure_database(path: Path | None) -> None:
    """The register's file and SQLite's companions (-wal, -shm, -journal), owner-only."""
    if path is None:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        secure_file(path.with_name(path.name + suffix))


def work_dir(tmp_root: Path, purpose: str) -> Path:
    """A new private folder for one import or export, named after this process (`<pid>-<purpose>-…`)."""
    private_dir(tmp_root)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{purpose}-", dir=tmp_root))  # mkdtemp makes it 0700


def sweep_work_dirs(tmp_root: Path) -> int:
    """Remove the work folders of processes that no longer run (an import killed mid-way); returns how many."""
    if not tmp_root.is_dir():
        return 0
    removed = 0
    for entry in tmp_root.iterdir():
        pid = _pid_of(entry.name)
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed += 1
    return removed


def _pid_of(name: str) -> int | None:
    head = name.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _alive(pid: int) -> bool:
    """Whether a process of that number runs (on Windows through OpenProcess)."""
    if sys.platform == "win32":  # pragma: no cover - tested on Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not ours to judge, keep its folder
    return True


def _chmod(path: Path, mode: int) -> bool:
    """Set `mode` when it differs; True when something changed. Never follows a link."""
    if not _POSIX:
        return False
    try:
        st = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
        return False
    try:
        os.chmod(path, mode)
    except OSError:
        return False  # a file of another owner, a read-only medium: leave it, never fail a start on it
    return True


__all__ = ["private_dir", "secure_file", "secure_tree", "secure_database", "work_dir", "sweep_work_dirs",
           "create_private", "private_copy", "PRIVATE_DIR", "PRIVATE_FILE"]


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no such call, and its renames need none)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

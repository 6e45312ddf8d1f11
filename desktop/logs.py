"""The program's log: a rotating file in the data folder, owner-only, set up by the entry points.

What goes in: start-up, migrations, imports and exports, and every unexpected error with its
traceback — record ids and counts, never names or passport numbers. The frozen Windows build has
`sys.stderr = None`, so nothing here may assume a console.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_NAME = "doingoai.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"

_current: Path | None = None


def log_folder(root: Path) -> Path:
    """`logs/` in the data folder (owner-only, like the rest)."""
    from desktop.storage.files import private_dir

    return private_dir(root / "logs")


def set_up(root: Path, console: bool = False) -> Path:
    """Log to `root/logs/doingoai.log` (1 MB × 6 files) and, when asked and there is one, to the
    console; returns the file's path. Calling it again changes nothing."""
    global _current
    path = log_folder(root) / LOG_NAME
    if _current == path:
        return path
    logger = logging.getLogger("desktop")
    for handler in list(logger.handlers):
        if getattr(handler, "_doingoai", False):
            logger.removeHandler(handler)
            handler.close()
    if not path.exists():
        from desktop.storage.files import create_private

        create_private(path)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._doingoai = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    if console and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream._doingoai = True  # type: ignore[attr-defined]
        logger.addHandler(stream)
    logger.setLevel(logging.INFO)
    _current = path
    from desktop import __version__

    logger.info("Sổ Đối ngoại %s khởi động (pid %s, Python %s)", __version__, os.getpid(), sys.version.split()[0])
    return path


def current() -> Path | None:
    """The log file in use, or None before `set_up`."""
    return _current


def safe_streams() -> None:
    """A frozen GUI build has no console (`sys.stderr is None`): give Python somewhere to write,
    so a library's print or warning cannot crash the program."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives with the process)

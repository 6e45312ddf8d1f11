"""Where data lives: the database, keys, attachments and backups.

The user data folder comes from platformdirs (local, not roaming, on Windows:
SQLite must not sit on a roaming profile). `--db PATH` and `DOINGOAI_DB`
override the database; `DOINGOAI_HOME` moves the whole data folder (tests,
portable installs).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from desktop import APP_NAME

DB_FILENAME = "doingoai.sqlite3"


def resources_dir() -> Path:
    """The `resources/` folder, from a source tree or a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The per-user data folder, created on first use."""
    home = os.environ.get("DOINGOAI_HOME")
    path = Path(home) if home else Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
    from desktop.storage.files import private_dir

    return private_dir(path)


def database_url(db: str | None = None) -> str:
    """SQLAlchemy URL for `--db`, then `DOINGOAI_DB`, then the default file."""
    chosen = db or os.environ.get("DOINGOAI_DB")
    if not chosen:
        return "sqlite:///" + str(data_dir() / DB_FILENAME)
    if "://" in chosen:
        return chosen
    return "sqlite:///" + str(Path(chosen).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite:///:memory:":
        return None
    return Path(url[len(prefix):])


@dataclass(frozen=True)
class Paths:
    """Folders beside the database that services write to."""

    root: Path

    @property
    def attachments(self) -> Path:
        return self._sub("attachments")

    @property
    def keys(self) -> Path:
        return self._sub("keys")

    @property
    def backups(self) -> Path:
        return self._sub("backups")

    @property
    def tmp(self) -> Path:
        """Private work folders of imports and exports (decrypted bundle contents): never the system temp."""
        return self._sub("tmp")

    def _sub(self, name: str) -> Path:
        from desktop.storage.files import private_dir

        return private_dir(self.root / name)  # personal data: owner-only (0700)


def default_paths() -> Paths:
    """Paths rooted in the user data folder."""
    return Paths(data_dir())

"""Reading an encrypted register directly in a test, as a person with its password could."""

from __future__ import annotations

from pathlib import Path

from desktop.storage import encryption
from desktop.storage.keyring import Keyring, keys_path


def connect(path: Path, user: str = "quantri", password: str = "demo"):
    """A SQLCipher connection (DB-API, like sqlite3's) to the register at `path`, opened with `user`'s
    password; a plaintext register opens as it is."""
    if not keys_path(path).exists():
        import sqlite3

        return sqlite3.connect(path)
    key, _digest = Keyring.load(keys_path(path)).unwrap(user, password)
    return encryption._connect(path, key)

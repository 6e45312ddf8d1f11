"""Files of an encrypted register's data folder sealed under its key: attachments, the device's signing
key and age identities. A copied data folder then gives nothing without a password or the recovery key.

A sealed file is `MAGIC` + a 12-byte nonce + AES-256-GCM of the whole content (`cryptography`), under a key
derived from the register's by HKDF-SHA256 with the file's purpose, so the database key itself never
encrypts anything else. Files are written atomically (a temporary file renamed into place), owner-only;
an unsealed file is recognised by its first bytes, so sealing a folder again after a kill finishes the
work instead of sealing twice.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from desktop.storage import files

MAGIC = b"DNSEAL1\n"
NONCE = 12
ATTACHMENTS = b"doingoai-sealed:attachments"
SECRETS = b"doingoai-sealed:device-secrets"


def _key(register_key: bytes, purpose: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(register_key)


def is_sealed(path: Path) -> bool:
    """Whether `path` is a sealed file."""
    with path.open("rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def seal_bytes(register_key: bytes, purpose: bytes, content: bytes) -> bytes:
    """The sealed form of `content`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE)
    return MAGIC + nonce + AESGCM(_key(register_key, purpose)).encrypt(nonce, content, MAGIC)


def open_bytes(register_key: bytes, purpose: bytes, sealed: bytes) -> bytes:
    """The content of a sealed file's bytes (ValueError when the key does not open it)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not sealed.startswith(MAGIC):
        raise ValueError("not a sealed file")
    nonce, body = sealed[len(MAGIC):len(MAGIC) + NONCE], sealed[len(MAGIC) + NONCE:]
    try:
        return AESGCM(_key(register_key, purpose)).decrypt(nonce, body, MAGIC)
    except InvalidTag as exc:
        raise ValueError("the register's key does not open this file") from exc


def write(path: Path, content: bytes, register_key: bytes | None, purpose: bytes) -> None:
    """Write `content` to `path` atomically and owner-only: sealed when the register is encrypted."""
    data = content if register_key is None else seal_bytes(register_key, purpose, content)
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    files.private_dir(path.parent)
    files.create_private(part)
    try:
        with part.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def read(path: Path, register_key: bytes | None, purpose: bytes) -> bytes:
    """The content of `path`, opened when sealed (ValueError: sealed, and no key or the wrong one)."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        return data
    if register_key is None:
        raise ValueError(f"{path} is sealed: the register must be opened with a password")
    return open_bytes(register_key, purpose, data)


def seal_in_place(path: Path, register_key: bytes, purpose: bytes) -> bool:
    """Seal one unsealed file where it lies (one rename); whether it was sealed now."""
    if not path.is_file() or path.stat().st_size and is_sealed(path):
        return False
    write(path, path.read_bytes(), register_key, purpose)
    return True


def seal_folder(folder: Path, register_key: bytes, purpose: bytes, pattern: str = "*") -> int:
    """Seal every unsealed file of `folder` matching `pattern`; how many."""
    if not folder.is_dir():
        return 0
    return sum(seal_in_place(p, register_key, purpose) for p in sorted(folder.glob(pattern))
               if p.is_file() and not p.name.endswith(".part"))

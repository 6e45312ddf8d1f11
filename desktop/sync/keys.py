"""Device keys: Ed25519 from `cryptography`, private key in an owner-only file."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def generate() -> Ed25519PrivateKey:
    """A new signing key for this device."""
    return Ed25519PrivateKey.generate()


def public_raw(key: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of the public half."""
    return key.public_key().public_bytes(*_RAW)


def public_b64(key: Ed25519PrivateKey) -> str:
    """The public key as base64 text, as bundles and `keys show` carry it."""
    return base64.b64encode(public_raw(key)).decode("ascii")


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key in base32 groups of four, read over the phone."""
    text = base64.b32encode(hashlib.sha256(public_key).digest()).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def fingerprint_b64(public_key_b64: str) -> str:
    """Fingerprint of a base64 public key."""
    return fingerprint(base64.b64decode(public_key_b64, validate=True))


def save_private(key: Ed25519PrivateKey, path: Path, seal_key: bytes | None = None) -> None:
    """Write the private key readable by its owner only (0600), atomically; sealed under an encrypted
    register's key (`seal_key`: storage/sealed.py)."""
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_secret(path, pem, seal_key)


def write_secret(path: Path, content: bytes, seal_key: bytes | None = None) -> None:
    """Write a secret file readable by its owner only (0600), atomically (private keys, age identity);
    sealed under an encrypted register's key when `seal_key` is given."""
    if seal_key is not None:
        from desktop.storage import sealed

        content = sealed.seal_bytes(seal_key, sealed.SECRETS, content)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)  # a leftover file would keep its looser mode: O_CREAT sets it only when new
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_secret(path: Path, seal_key: bytes | None = None) -> bytes:
    """A secret file's content, opened when it is sealed (ValueError without the right key)."""
    from desktop.storage import sealed

    return sealed.read(path, seal_key, sealed.SECRETS)


def load_private(path: Path, seal_key: bytes | None = None) -> Ed25519PrivateKey:
    """Read a private key written by `save_private` (sealed or not)."""
    key = serialization.load_pem_private_key(read_secret(path, seal_key), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return key


def public_key_bytes(public_key_b64: str) -> bytes:
    """The 32 raw bytes of a base64 Ed25519 public key; ValueError when it is not one."""
    raw = base64.b64decode(public_key_b64, validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    return raw


def verify(public_key_b64: str, signature: bytes, message: bytes) -> bool:
    """Whether `signature` over `message` is valid for the base64 public key."""
    try:
        pub = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        pub.verify(signature, message)
        return True
    except Exception:  # InvalidSignature, bad key bytes: both mean "not valid"
        return False

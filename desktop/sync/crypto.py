"""age encryption of bundles (SYNC.md § Security), through `pyrage` — no home-made crypto.

The province owns an X25519 age identity kept in the keys folder, readable by
its owner only; its recipient string (`age1…`) is what units configure so
their bundles can be read by the province alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyrage
from pyrage import x25519

from desktop.sync.keys import write_secret

IDENTITY_FILE = "province.age-identity"
DEVICE_IDENTITY_FILE = "device.age-identity"  # a unit device's own: the province encrypts its acks to it

Identity = x25519.Identity
DecryptError = pyrage.DecryptError


def generate_identity() -> x25519.Identity:
    """A new X25519 age identity (the province's decryption key)."""
    return x25519.Identity.generate()


def identity_path(keys_dir: Path, name: str = IDENTITY_FILE) -> Path:
    """Where an age identity lives in the keys folder (the province's, by default)."""
    return keys_dir / name


def save_identity(identity: x25519.Identity, path: Path, seal_key: bytes | None = None) -> None:
    """Write the identity (`AGE-SECRET-KEY-1…`) readable by its owner only (0600), atomically (sealed
    under an encrypted register's key when `seal_key` is given)."""
    recipient = str(identity.to_public())
    text = f"# created by Sổ Đối ngoại\n# public key: {recipient}\n{identity}\n"
    write_secret(path, text.encode("utf-8"), seal_key)


def load_identity(path: Path, seal_key: bytes | None = None) -> x25519.Identity:
    """Read an identity written by `save_identity` (or by `age-keygen`), sealed or not."""
    from desktop.sync.keys import read_secret

    for line in read_secret(path, seal_key).decode("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return parse_identity(line)
    raise ValueError(f"{path} holds no age identity")


def load_or_create_identity(keys_dir: Path, name: str = IDENTITY_FILE,
                            seal_key: bytes | None = None) -> x25519.Identity:
    """An identity of the keys folder (the province's, by default), made on first use (sealed under an
    encrypted register's key when `seal_key` is given)."""
    path = identity_path(keys_dir, name)
    if path.exists():
        return load_identity(path, seal_key)
    identity = generate_identity()
    save_identity(identity, path, seal_key)
    return identity


def parse_identity(text: str) -> x25519.Identity:
    """An `AGE-SECRET-KEY-1…` string; ValueError when it is not one."""
    try:
        return x25519.Identity.from_str(text.strip())
    except (pyrage.IdentityError, ValueError) as exc:
        raise ValueError("not an age identity") from exc


def recipient_of(identity: x25519.Identity) -> str:
    """The public recipient string (`age1…`) to give to the units."""
    return str(identity.to_public())


def parse_recipient(text: str) -> x25519.Recipient:
    """An `age1…` recipient; ValueError when the text is not one (typo when pasting)."""
    try:
        return x25519.Recipient.from_str(text.strip())
    except (pyrage.RecipientError, ValueError) as exc:
        raise ValueError("not an age recipient") from exc


def is_recipient(text: str) -> bool:
    """Whether `text` is a valid age X25519 recipient."""
    try:
        parse_recipient(text)
        return True
    except ValueError:
        return False


def encrypt_file(src: Path, dst: Path, recipient: str) -> None:
    """Encrypt `src` into the age file `dst` for one recipient (binary, not armored)."""
    pyrage.encrypt_file(str(src), str(dst), [parse_recipient(recipient)])


def decrypt_file(src: Path, dst: Path, identities: Iterable[x25519.Identity]) -> None:
    """Decrypt the age file `src` into `dst`; pyrage.DecryptError when no identity fits."""
    ids = list(identities)
    if not ids:
        raise pyrage.DecryptError("no identity")
    pyrage.decrypt_file(str(src), str(dst), ids)


__all__ = [
    "Identity", "DecryptError", "generate_identity", "identity_path", "save_identity",
    "load_identity", "load_or_create_identity", "parse_identity", "recipient_of",
    "parse_recipient", "is_recipient", "encrypt_file", "decrypt_file", "IDENTITY_FILE", "DEVICE_IDENTITY_FILE",
]

"""The register's database key, wrapped for each account and for the recovery key (a file beside it).

An encrypted register `X.sqlite3` (SQLCipher 4, a random 256-bit raw key) has `X.sqlite3.keys` beside
it: JSON holding the key wrapped — AES-256-GCM from `cryptography` — once per account and once for the
recovery key, and nothing readable of the register. Without a password or the recovery key the two
files give nothing.

Why AES-GCM with an Argon2id-derived key rather than age's passphrase mode (pyrage): the accounts'
passwords are already Argon2id hashes with parameters measured on these machines, so one KDF with one
set of parameters serves both, and the wrap can be made from an account's stored hash. That is how the
conversion of a register (which knows every account's hash but only one password) wraps the key for
every account at once: an account's key-encryption key is HKDF-SHA256 of the raw Argon2id output of its
password — the digest its stored hash carries, computed again from the password at login. The stored
hashes live inside the encrypted register, so they give the keys only to someone who has the key.
The recovery key is 32 random bytes shown once; its key-encryption key is HKDF-SHA256 of them.

Every write of the file is atomic (a temporary file, fsync, rename), and a password change keeps the
previous wrap beside the new one until the register has the new hash (`settle`), so a crash between
the two writes locks nobody out.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.storage import files

SUFFIX = ".keys"
PENDING = ".keys.pending"  # written during a conversion, renamed to SUFFIX once the register is swapped
FORMAT = "doingoai-register-keys"
VERSION = 1
KEY_BYTES = 32
RECOVERY_GROUP = 4
PREVIOUS = "#previous"  # a wrap kept until the register holds the new password's hash


class WrongSecret(Exception):  # noqa: N818 - what happened
    """The password or recovery key does not open the key (or the account has no wrap)."""


def keys_path(db_path: Path) -> Path:
    """The key file of the register at `db_path`."""
    return db_path.with_name(db_path.name + SUFFIX)


def pending_path(db_path: Path) -> Path:
    """The key file a conversion writes before the register is swapped."""
    return db_path.with_name(db_path.name + PENDING)


def new_key() -> bytes:
    """A random database key (256 bits)."""
    return secrets.token_bytes(KEY_BYTES)


def pragma_key(key: bytes) -> str:
    """SQLCipher's raw-key form: no PBKDF2 at each connection (the key is random, not a password)."""
    return f"x'{key.hex()}'"


# --- recovery key text ------------------------------------------------------------------------


def recovery_text(secret: bytes) -> str:
    """The recovery key as an office prints it: base32 in groups of four (no 0/1/8 confusion)."""
    text = base64.b32encode(secret).decode("ascii").rstrip("=")
    return "-".join(text[i:i + RECOVERY_GROUP] for i in range(0, len(text), RECOVERY_GROUP))


def recovery_bytes(text: str) -> bytes:
    """The recovery key typed back (spaces, dashes and case do not matter)."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        raw = base64.b32decode(padded)
    except (ValueError, base64.binascii.Error) as exc:
        raise WrongSecret("not a recovery key") from exc
    if len(raw) != KEY_BYTES:
        raise WrongSecret("not a recovery key")
    return raw


# --- key-encryption keys -----------------------------------------------------------------------


def _hkdf(material: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class HashParts:
    """What an Argon2id hash string (`$argon2id$v=19$m=…,t=…,p=…$salt$digest`) holds."""

    memory_cost: int
    time_cost: int
    parallelism: int
    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, encoded: str) -> HashParts:
        from argon2 import extract_parameters

        params = extract_parameters(encoded)
        salt, digest = encoded.split("$")[-2:]
        return cls(params.memory_cost, params.time_cost, params.parallelism, _unb64(salt), _unb64(digest))

    def public(self) -> dict[str, Any]:
        """The parts the key file may show: the parameters and the salt, never the digest."""
        return {"m": self.memory_cost, "t": self.time_cost, "p": self.parallelism, "salt": _b64(self.salt)}


def digest_of(password: str, entry: dict[str, Any]) -> bytes:
    """The raw Argon2id output of `password` under an account wrap's parameters and salt (0.4 s)."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(password.encode("utf-8"), _unb64(entry["salt"]), time_cost=entry["t"],
                           memory_cost=entry["m"], parallelism=entry["p"], hash_len=entry.get("len", 32),
                           type=Type.ID)


def _seal(kek: bytes, key: bytes, label: str) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, key, label.encode("utf-8")))}


def _open(kek: bytes, entry: dict[str, Any], label: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped"]), label.encode("utf-8"))
    except (InvalidTag, KeyError, ValueError) as exc:
        raise WrongSecret("wrong secret") from exc


def _account_label(user_name: str) -> str:
    return f"doingoai-register-key:account:{user_name}"


RECOVERY_LABEL = "doingoai-register-key:recovery"


def _wrap(user_name: str, password_hash: str, key: bytes) -> dict[str, Any]:
    parts = HashParts.of(password_hash)
    kek = _hkdf(parts.digest, _account_label(user_name).encode("utf-8"))
    return {**parts.public(), "len": len(parts.digest), **_seal(kek, key, _account_label(user_name))}


# --- the file ----------------------------------------------------------------------------------


class Keyring:
    """The key file's content: wraps by account, the recovery wrap, a few flags (demo)."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None):
        self.path = path
        self.data = data or {"format": FORMAT, "version": VERSION, "accounts": {}, "recovery": None, "flags": {}}

    @classmethod
    def load(cls, path: Path) -> Keyring:
        """Read a key file (ValueError when it is not one)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path} is not a key file")
        return cls(path, data)

    def save(self, path: Path | None = None) -> None:
        """Write the file atomically and durably, owner-only."""
        target = path or self.path
        part = target.with_name(target.name + ".part")
        part.unlink(missing_ok=True)
        files.create_private(part)
        with part.open("w", encoding="utf-8") as fh:
            json.dump(self.data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, target)
        files.sync_folder(target.parent)

    # accounts
    def users(self) -> list[str]:
        return sorted(u for u in self.data["accounts"] if PREVIOUS not in u)

    def wrap_for_hash(self, user_name: str, password_hash: str, key: bytes) -> None:
        """Wrap `key` for the account whose stored Argon2id hash is `password_hash` (see the module's note)."""
        self.data["accounts"][user_name] = _wrap(user_name, password_hash, key)

    def wrap_pending(self, user_name: str, new_hash: str, key: bytes, stored_hash: str | None) -> None:
        """Before the register takes `new_hash`: its wrap, and beside it the wrap of the hash the register
        holds now (`stored_hash`, made from it, whatever the file held), so either password opens until
        `settle` — after a crash or a failed save as well."""
        accounts = self.data["accounts"]
        if stored_hash:
            accounts[user_name + PREVIOUS] = _wrap(user_name, stored_hash, key)
        accounts[user_name] = _wrap(user_name, new_hash, key)

    def unwrap(self, user_name: str, password: str) -> tuple[bytes, bytes]:
        """(the database key, the password's raw Argon2id digest) — WrongSecret when it does not open."""
        for name in (user_name, user_name + PREVIOUS):
            entry = self.data["accounts"].get(name)
            if entry is None:
                continue
            digest = digest_of(password, entry)
            try:
                return _open(_hkdf(digest, _account_label(user_name).encode("utf-8")), entry,
                             _account_label(user_name)), digest
            except WrongSecret:
                continue
        raise WrongSecret("wrong password")

    def matches(self, user_name: str, password_hash: str) -> bool:
        """Whether the account's wrap was made from `password_hash` (same salt and parameters)."""
        entry = self.data["accounts"].get(user_name)
        if entry is None:
            return False
        public = HashParts.of(password_hash).public()
        return all(entry.get(k) == v for k, v in public.items())

    def settle(self, user_name: str) -> None:
        """The register holds the new hash now: the previous wrap goes."""
        self.data["accounts"].pop(user_name + PREVIOUS, None)

    def remove(self, user_name: str) -> None:
        """A disabled account's wraps go (its password no longer opens the register)."""
        self.data["accounts"].pop(user_name, None)
        self.data["accounts"].pop(user_name + PREVIOUS, None)

    # recovery
    def set_recovery(self, key: bytes) -> str:
        """Wrap `key` for a new recovery key; returns it as text (shown once)."""
        secret = secrets.token_bytes(KEY_BYTES)
        self.data["recovery"] = _seal(_hkdf(secret, RECOVERY_LABEL.encode()), key, RECOVERY_LABEL)
        return recovery_text(secret)

    def unwrap_recovery(self, text: str) -> bytes:
        """The database key from the recovery key (WrongSecret when it does not open)."""
        entry = self.data.get("recovery")
        if not entry:
            raise WrongSecret("no recovery key")
        secret = recovery_bytes(text)
        return _open(_hkdf(secret, RECOVERY_LABEL.encode()), entry, RECOVERY_LABEL)

    # flags: not secret, shown before the register opens (the demo's accounts on the login screen)
    def flag(self, name: str) -> Any:
        return self.data.get("flags", {}).get(name)

    def set_flag(self, name: str, value: Any) -> None:
        self.data.setdefault("flags", {})[name] = value


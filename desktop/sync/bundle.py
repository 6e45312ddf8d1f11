"""The bundle file of SYNC.md: writing one, and opening one (import steps 1 and 2).

Pure format layer — no database, no Qt. The writer streams changes to a
temporary file (hashing and counting as it goes), signs the exact bytes of
`manifest.json` with the device's Ed25519 key, zips, optionally age-encrypts
to the province, and renames the finished file into place atomically.

`open_bundle` trusts nothing: archive safety (archive.py), decryption, a known
format, a signature by a *trusted* key, and every file's hash, size and line
count as the signed manifest states them. Records are then streamed line by
line from `OpenedBundle.changes()` — a bundle is never loaded whole.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
import weakref
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.domain.messages import N_, tr
from desktop.domain.validation import DATE_MAX, DATE_MIN
from desktop.sync import crypto, keys
from desktop.sync.archive import (
    CHANGES,
    MANIFEST,
    PAYLOAD,
    RESULTS,
    SHA256_HEX,
    SIGNATURE,
    Entry,
    Limits,
    SafeArchive,
    is_attachment_name,
)
from desktop.sync.errors import BundleRefused, Problem, ask_resend

FORMAT = "doingoai-bundle"
FORMAT_VERSION = 1
DATA_VERSION = 1
KINDS = ("changes", "full", "ack")
SUFFIX = ".dnb"
DEFAULT_LIMITS = Limits()
_JSON_SEPARATORS = (",", ":")
SEQ_MAX = 2**31 - 1  # epochs, bundle and change numbers: 32-bit columns (the schema's SEQ_MAX)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_BOM = "\ufeff"
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_IN_NAME = re.compile(r"[^\w.-]|_")


def bundle_name(unit_code: str, device_id: str, epoch: int, bundle_seq: int) -> str:
    """`<unit>_<dev8>_<epoch>-<seq:06d>.dnb`, e.g. `DL-BMT_8c1f0a2b_1-000007.dnb`.

    Unit codes are typed by people ("ĐL BMT" is possible): anything but letters, digits,
    `-` and `.` becomes `-`, so the name is a safe file name on Windows and Linux alike.
    """
    code = _UNSAFE_IN_NAME.sub("-", unicodedata.normalize("NFC", unit_code or "")).strip(".-") or "unit"
    device = _UNSAFE_IN_NAME.sub("-", device_id[:8])
    return f"{code}_{device}_{int(epoch)}-{int(bundle_seq):06d}{SUFFIX}"


def parse_created_at(text: str) -> datetime | None:
    """A manifest's `created_at` as an aware instant; None unless it is a real UTC instant of 1900–2099."""
    if not _INSTANT.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment if DATE_MIN.year <= moment.year <= DATE_MAX.year else None


def utc_instant(moment: datetime | None = None) -> str:
    """An instant as SYNC.md writes it: UTC ISO 8601 with `Z`."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# one encoder for every line (json.dumps with options builds a new one a call)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=_JSON_SEPARATORS, allow_nan=False)


def dumps_line(obj: dict) -> bytes:
    """One JSONL line: compact UTF-8 JSON and a newline."""
    return (_ENCODER.encode(obj) + "\n").encode("utf-8")


# -- data_version converters ------------------------------------------------------------------

def _same(obj: dict) -> dict:
    return obj


@dataclass(frozen=True)
class Converter:
    """Upgrades a bundle written with `data_version == from_version` to `from_version + 1`."""

    from_version: int
    manifest: Callable[[dict], dict] = _same
    change: Callable[[dict], dict] = _same
    result: Callable[[dict], dict] = _same


# from_version → converter; today's data_version is 1, so none is registered yet.
CONVERTERS: dict[int, Converter] = {}


def register_converter(converter: Converter) -> Converter:
    """Add the converter from `converter.from_version` to the next data version."""
    CONVERTERS[converter.from_version] = converter
    return converter


def _chain(data_version: int) -> list[Converter] | None:
    chain = []
    for v in range(data_version, DATA_VERSION):
        conv = CONVERTERS.get(v)
        if conv is None:
            return None
        chain.append(conv)
    return chain


# -- writing ----------------------------------------------------------------------------------

class _Stream:
    """A JSONL file being written: hashed, sized and counted on the way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = open(path, "wb")  # noqa: SIM115 - closed in finish()
        self.sha = hashlib.sha256()
        self.size = 0
        self.lines = 0

    def write(self, line: bytes) -> None:
        self.fh.write(line)
        self.sha.update(line)
        self.size += len(line)
        self.lines += 1

    def finish(self) -> dict[str, Any]:
        self.fh.close()
        return {"sha256": self.sha.hexdigest(), "size": self.size, "lines": self.lines}


class BundleWriter:
    """Writes one bundle. Changes stream to a temp file, never held in memory.

    `manifest` gives at least kind, device_id, unit_code, epoch, bundle_seq and
    prev_bundle_seq (plus acked_bundle_seq, state_checksum, app_version… as the
    engine knows them). The writer fills format, versions, created_at,
    public_key (from `signing_key`), files, counts and the change_seq range when
    they are not given. With `recipient` (an `age1…` string) the archive is
    encrypted to it. Use as a context manager, or call `close()` / `abort()`.
    """

    def __init__(self, out_dir: Path, manifest: dict, signing_key: Ed25519PrivateKey,
                 recipient: str | None = None, tmp_dir: Path | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.manifest = dict(manifest)
        self.signing_key = signing_key
        if recipient is not None:
            crypto.parse_recipient(recipient)  # a typo in Settings fails now, not after the export
        self.recipient = recipient
        self.name = bundle_name(self.manifest["unit_code"], self.manifest["device_id"],
                                self.manifest["epoch"], self.manifest["bundle_seq"])
        # the plaintext lines wait here until zipped (and encrypted): the caller's private folder
        self._work = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-write-", dir=tmp_dir))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._work, True)
        self._changes = _Stream(self._work / CHANGES)
        self._results: _Stream | None = None
        self._attachments: dict[str, Path] = {}
        self._counts: Counter[str] = Counter()
        self._first_seq: int | None = None
        self._last_seq: int | None = None
        self._closed = False

    def add_change(self, change: dict) -> None:
        """Append one change (a SYNC.md change line), in change_seq order."""
        seq = change.get("change_seq")
        if isinstance(seq, int) and not isinstance(seq, bool):
            if self._last_seq is not None and seq <= self._last_seq:
                raise ValueError(f"change_seq {seq} after {self._last_seq}: changes must be in order")
            if self._first_seq is None:
                self._first_seq = seq
            self._last_seq = seq
        self._changes.write(dumps_line(change))
        self._counts[str(change.get("entity"))] += 1

    def add_result(self, result: dict) -> None:
        """Append one import result (ack bundles)."""
        if self._results is None:
            self._results = _Stream(self._work / RESULTS)
        self._results.write(dumps_line(result))

    def add_attachment(self, sha256: str, path: Path) -> None:
        """Carry a file named by its own SHA-256 (checked now: a wrong name is a bug upstream)."""
        if not SHA256_HEX.fullmatch(sha256):
            raise ValueError(f"attachment name {sha256!r} is not a lowercase SHA-256")
        if sha256 in self._attachments:
            return
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != sha256:
            raise ValueError(f"{path} does not hash to {sha256}")
        self._attachments[sha256] = Path(path)

    def add_attachment_bytes(self, sha256: str, content: bytes) -> None:
        """Carry an attachment given by its content (a sealed one opened), kept in the private work folder
        until the bundle is written."""
        if sha256 in self._attachments:
            return
        path = self._work / f"attachment-{sha256}"
        path.write_bytes(content)
        self.add_attachment(sha256, path)

    def _final_manifest(self) -> dict:
        m = self.manifest
        m.setdefault("format", FORMAT)
        m.setdefault("format_version", FORMAT_VERSION)
        m.setdefault("data_version", DATA_VERSION)
        m.setdefault("created_at", utc_instant())
        m["public_key"] = keys.public_b64(self.signing_key)
        m.setdefault("change_seq_from", self._first_seq)
        m.setdefault("change_seq_to", self._last_seq)
        m.setdefault("counts", dict(sorted(self._counts.items())))
        files = {CHANGES: self._changes.finish()}
        if self._results is not None:
            files[RESULTS] = self._results.finish()
        elif m.get("kind") == "ack":
            self._results = _Stream(self._work / RESULTS)
            files[RESULTS] = self._results.finish()
        for sha, path in sorted(self._attachments.items()):
            files[f"attachments/{sha}"] = {"sha256": sha, "size": path.stat().st_size}
        m["files"] = files
        return m

    def close(self) -> Path:
        """Sign, zip (and encrypt), rename into `out_dir`; returns the bundle's path."""
        if self._closed:
            raise RuntimeError("bundle already closed")
        self._closed = True
        try:
            manifest = self._final_manifest()
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2,
                                        allow_nan=False).encode("utf-8")
            signature = self.signing_key.sign(manifest_bytes)
            self.out_dir.mkdir(parents=True, exist_ok=True)
            final = self.out_dir / self.name
            part = self.out_dir / f".{self.name}.part"
            if self.recipient is None:
                self._zip(part, manifest_bytes, signature)
            else:
                inner = self._work / "inner.zip"
                self._zip(inner, manifest_bytes, signature)
                payload = self._work / PAYLOAD
                crypto.encrypt_file(inner, payload, self.recipient)
                inner.unlink()
                with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED) as zf:
                    zf.write(payload, PAYLOAD)
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(part, final)
            return final
        except BaseException:
            part = self.out_dir / f".{self.name}.part"
            part.unlink(missing_ok=True)
            raise
        finally:
            self._cleanup()

    def _zip(self, target: Path, manifest_bytes: bytes, signature: bytes) -> None:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, manifest_bytes)
            zf.writestr(SIGNATURE, signature, compress_type=zipfile.ZIP_STORED)
            zf.write(self._changes.path, CHANGES)
            if self._results is not None:
                zf.write(self._results.path, RESULTS)
            for sha, path in sorted(self._attachments.items()):
                zf.write(path, f"attachments/{sha}")

    def abort(self) -> None:
        """Drop everything written so far; no file appears in `out_dir`."""
        self._closed = True
        for stream in (self._changes, self._results):
            if stream is not None:
                stream.fh.close()
        self._cleanup()

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and not self._closed:
            self.abort()
        elif not self._closed:
            self.close()

    @property
    def path(self) -> Path:
        """Where `close()` puts (or has put) the bundle."""
        return self.out_dir / self.name


# -- reading ----------------------------------------------------------------------------------

def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not JSON")


def _has_unstorable_text(obj: Any) -> bool:
    """Whether a string (or key) holds NUL or a lone surrogate: JSON escapes can say both
    (`\\u0000`, `\\ud800`), yet neither can be stored (PostgreSQL refuses NUL, UTF-8 has no
    lone surrogates), so such a line must be refused before anything is written."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\0" in item or _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class DuplicateKey(ValueError):
    """A JSON object naming the same key twice: which value counts depends on the reader, so neither does."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return obj


# one decoder for every line (json.loads with options builds a new one a call); NaN/Infinity and
# duplicate keys refused — in the signed manifest too ("unit_code" twice: readers disagree on which wins)
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_unique_keys)


def loads_strict(text: str) -> Any:
    """JSON as bundles read it: NaN/Infinity refused (ValueError), a key twice refused (DuplicateKey)."""
    return _DECODER.decode(text)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class OpenedBundle:
    """A bundle that passed steps 1 and 2. Entries live in a temp dir, removed on close."""

    def __init__(self, path: Path, manifest: dict, work: Path, entries: dict[str, Entry],
                 limits: Limits, *, encrypted: bool, converters: list[Converter],
                 source_data_version: int) -> None:
        self.path = path
        self.name = path.name
        self.manifest = manifest
        self.encrypted = encrypted
        self.source_data_version = source_data_version
        self.public_key: bytes = keys.public_key_bytes(manifest["public_key"])
        self.fingerprint = keys.fingerprint(self.public_key)
        self._work = work
        self._entries = entries
        self._limits = limits
        self._converters = converters
        self._cleanup = weakref.finalize(self, shutil.rmtree, work, True)

    @property
    def device_id(self) -> str:
        return self.manifest["device_id"]

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    def line_count(self, entry: str = CHANGES) -> int:
        """Lines of `changes.jsonl` (or `results.jsonl`), as verified against the manifest."""
        e = self._entries.get(entry)
        return e.lines if e else 0

    def changes(self) -> Iterator[tuple[int, dict]]:
        """(line number, change) for every line of changes.jsonl, streamed, data_version upgraded."""
        return self._lines(CHANGES, [c.change for c in self._converters])

    def results(self) -> Iterator[tuple[int, dict]]:
        """(line number, result) for every line of results.jsonl (ack bundles)."""
        return self._lines(RESULTS, [c.result for c in self._converters])

    def _refuse_line(self, entry: str, line: int, code: str, what: str) -> BundleRefused:
        message = tr("Gói “{name}”, tệp {entry}, dòng {line}: {what}. {advice}").format(
            name=self.name, entry=entry, line=line, what=what, advice=ask_resend())
        return BundleRefused(code, message, [Problem(line, None, None, None, what)],
                             entry=entry, line=line)

    def _lines(self, entry: str, converters: list[Callable[[dict], dict]]) -> Iterator[tuple[int, dict]]:
        e = self._entries.get(entry)
        if e is None:
            return
        max_line = self._limits.max_line_bytes
        with open(e.path, "rb") as fh:
            number = 0
            while True:
                raw = fh.readline(max_line + 1)
                if not raw:
                    return
                number += 1
                if len(raw) > max_line:
                    raise self._refuse_line(entry, number, "records.line_too_long",
                                            tr("dòng dài quá {limit} MiB").format(limit=max_line >> 20))
                try:
                    text = raw.decode("utf-8")
                    if number == 1 and text.startswith(_BOM):  # RFC 8259 lets a reader ignore it
                        text = text[1:]
                    obj = _DECODER.decode(text)
                except UnicodeDecodeError:
                    raise self._refuse_line(entry, number, "records.bad_json",
                                            tr("dòng không phải văn bản UTF-8")) from None
                except DuplicateKey as exc:
                    raise self._refuse_line(entry, number, "records.duplicate_key", tr(
                        "khóa “{key}” xuất hiện hai lần trong cùng một đối tượng JSON").format(
                            key=exc.key[:60])) from None
                except (ValueError, RecursionError):
                    raise self._refuse_line(entry, number, "records.bad_json",
                                            tr("dòng không phải JSON hợp lệ")) from None
                if not isinstance(obj, dict):
                    raise self._refuse_line(entry, number, "records.bad_json",
                                            tr("dòng không phải một đối tượng JSON"))
                if b"\\u" in raw and _has_unstorable_text(obj):
                    raise self._refuse_line(entry, number, "records.bad_text", tr(
                        "dòng có ký tự không lưu được (ký tự NUL hoặc nửa cặp UTF-16 đứng lẻ)"))
                for convert in converters:
                    try:
                        obj = convert(obj)
                    except Exception:  # a converter meeting data it cannot read
                        raise self._refuse_line(
                            entry, number, "records.convert_failed",
                            tr("không chuyển được dòng này sang phiên bản dữ liệu hiện tại")) from None
                yield number, obj

    def attachment(self, sha256: str) -> Path | None:
        """The carried file named `sha256` (its hash was verified on opening), or None."""
        if not isinstance(sha256, str) or not SHA256_HEX.fullmatch(sha256):
            return None
        e = self._entries.get(f"attachments/{sha256}")
        return e.path if e is not None and e.sha256 == sha256 else None

    def attachments(self) -> list[str]:
        """SHA-256 names of every carried attachment."""
        return sorted(n.split("/", 1)[1] for n in self._entries if is_attachment_name(n))

    def close(self) -> None:
        self._cleanup()

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Opener:
    """Steps 1 and 2 for one bundle file."""

    def __init__(self, path: Path, limits: Limits, work: Path) -> None:
        self.path = path
        self.name = path.name
        self.limits = limits
        self.work = work

    def refuse(self, code: str, template: str, **values: Any) -> BundleRefused:
        text = tr(template).format(name=self.name, advice=ask_resend(), **values)
        return BundleRefused(code, text, **values)

    # step 1 (+ decryption)
    def extract(self, identities: list, require_encrypted: bool) -> tuple[dict[str, Entry], bool]:
        budget = [self.limits.max_total_bytes]
        with SafeArchive(self.path, self.name, self.limits, inner=False, budget=budget) as outer:
            if PAYLOAD not in outer.infos:
                if require_encrypted:
                    raise self.refuse(
                        "envelope.plaintext",
                        N_("Gói “{name}” không được mã hóa, mà tỉnh đã đặt chỉ nhận gói mã hóa (dữ liệu cá nhân, "
                        "Nghị định 13/2023/NĐ-CP). Đề nghị đơn vị nhập khóa mã hóa (age1…) của tỉnh ở "
                        "Đồng bộ › Khóa rồi xuất lại gói."))
                return self._extract_all(outer), False
            payload = outer.extract(PAYLOAD, self.work / "payload.age")
        if not identities:
            raise self.refuse(
                "envelope.no_identity",
                N_("Gói “{name}” được mã hóa, nhưng máy này không có khóa age để giải mã. Chỉ máy của tỉnh "
                "(có khóa age của tỉnh) mới mở được gói này."))
        inner_path = self.work / "inner.zip"
        try:
            crypto.decrypt_file(payload.path, inner_path, identities)
        except (crypto.DecryptError, ValueError, OSError):
            inner_path.unlink(missing_ok=True)
            raise self.refuse(
                "envelope.decrypt_failed",
                N_("Không giải mã được gói “{name}”: gói không được mã hóa cho khóa age của tỉnh này, hoặc tệp "
                "đã hỏng. Đề nghị đơn vị kiểm tra khóa mã hóa (age1…) của tỉnh ở Đồng bộ › Khóa rồi xuất lại gói.")) from None
        finally:
            payload.path.unlink(missing_ok=True)
        with SafeArchive(inner_path, self.name, self.limits, inner=True, budget=budget) as inner:
            entries = self._extract_all(inner)
        inner_path.unlink(missing_ok=True)
        return entries, True

    def _extract_all(self, archive: SafeArchive) -> dict[str, Entry]:
        (self.work / "attachments").mkdir(exist_ok=True)
        entries: dict[str, Entry] = {}
        for name in archive.names():
            dest = self.work / name  # allowed names only: fixed files or attachments/<hex>
            cap = self.limits.max_manifest_bytes if name == MANIFEST else None
            if name == SIGNATURE:
                cap = 64
            entries[name] = archive.extract(name, dest, max_bytes=cap)
        return entries

    # step 2
    def manifest(self, entries: dict[str, Entry]) -> tuple[dict, bytes]:
        if MANIFEST not in entries:
            raise self.refuse("envelope.missing_manifest",
                              N_("Gói “{name}” không có tệp manifest.json. {advice}"))
        raw = entries[MANIFEST].path.read_bytes()
        try:
            manifest = _DECODER.decode(raw.decode("utf-8").removeprefix(_BOM))
        except DuplicateKey as exc:
            raise self.refuse("envelope.duplicate_key",
                              N_("Tệp manifest.json của gói “{name}” có khóa “{key}” xuất hiện hai lần, nên không "
                                 "biết giá trị nào là đúng. {advice}"), key=exc.key[:60]) from None
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise self.refuse("envelope.bad_manifest",
                              N_("Tệp manifest.json của gói “{name}” không phải JSON hợp lệ. {advice}")) from None
        if not isinstance(manifest, dict):
            raise self.refuse("envelope.bad_manifest",
                              N_("Tệp manifest.json của gói “{name}” không phải một đối tượng JSON. {advice}"))
        return manifest, raw

    def check_format(self, m: dict) -> None:
        if m.get("format") != FORMAT:
            raise self.refuse(
                "envelope.unknown_format",
                N_("Tệp “{name}” không phải gói dữ liệu Sổ Đối ngoại (định dạng “{found}”). "
                "Hãy chọn đúng tệp .dnb do đơn vị gửi."), found=str(m.get("format"))[:60])
        fv, dv = m.get("format_version"), m.get("data_version")
        if not _is_int(fv) or fv < 1 or not _is_int(dv) or dv < 1:
            raise self.refuse("envelope.bad_manifest",
                              N_("Tệp manifest.json của gói “{name}” thiếu hoặc sai phiên bản định dạng. {advice}"))
        if fv > FORMAT_VERSION:
            raise self.refuse(
                "envelope.newer_format",
                N_("Gói “{name}” được tạo bởi phiên bản mới hơn của Sổ Đối ngoại (định dạng {found}, máy này "
                "đọc được đến {known}). Hãy cập nhật phần mềm rồi nhập lại gói."),
                found=fv, known=FORMAT_VERSION)
        if dv > DATA_VERSION:
            raise self.refuse(
                "envelope.newer_data",
                N_("Gói “{name}” được tạo bởi phiên bản mới hơn của Sổ Đối ngoại (dữ liệu phiên bản {found}, "
                "máy này đọc được đến {known}). Hãy cập nhật phần mềm rồi nhập lại gói."),
                found=dv, known=DATA_VERSION)

    def check_fields(self, m: dict) -> None:
        def bad(field: str) -> BundleRefused:
            return self.refuse("envelope.bad_manifest",
                               N_("Tệp manifest.json của gói “{name}”: trường “{field}” thiếu hoặc sai kiểu. {advice}"),
                               field=field)

        def opt_int(key: str, minimum: int = 0) -> None:
            v = m.get(key)
            if v is not None and (not _is_int(v) or not minimum <= v <= SEQ_MAX):
                raise bad(key)

        if m.get("kind") not in KINDS:
            raise bad("kind")
        if not isinstance(m.get("device_id"), str) or not _UUID.fullmatch(m["device_id"]):
            raise bad("device_id")
        code = m.get("unit_code")
        if not isinstance(code, str) or not 1 <= len(code) <= 32 or not code.isprintable():
            raise bad("unit_code")
        for key in ("epoch", "bundle_seq"):
            if not _is_int(m.get(key)) or not 1 <= m[key] <= SEQ_MAX:
                raise bad(key)
        if "prev_bundle_seq" not in m:
            raise bad("prev_bundle_seq")
        for key in ("prev_bundle_seq", "change_seq_from", "change_seq_to", "acked_bundle_seq",
                    "applied_through_bundle_seq"):
            opt_int(key)
        if m.get("prev_bundle_seq") is not None and m["prev_bundle_seq"] >= m["bundle_seq"]:
            raise bad("prev_bundle_seq")
        if not isinstance(m.get("created_at"), str) or parse_created_at(m["created_at"]) is None:
            raise bad("created_at")
        recipient = m.get("age_recipient")
        if recipient is not None and not (isinstance(recipient, str) and crypto.is_recipient(recipient)):
            raise bad("age_recipient")
        if m.get("to_device_id") is not None and not (
                isinstance(m["to_device_id"], str) and _UUID.fullmatch(m["to_device_id"])):
            raise bad("to_device_id")
        if m.get("to_epoch") is not None and not (_is_int(m["to_epoch"]) and 1 <= m["to_epoch"] <= SEQ_MAX):
            raise bad("to_epoch")
        to_unit = m.get("to_unit_code")
        if to_unit is not None and not (isinstance(to_unit, str) and 1 <= len(to_unit) <= 32 and to_unit.isprintable()):
            raise bad("to_unit_code")
        try:
            keys.public_key_bytes(m.get("public_key") if isinstance(m.get("public_key"), str) else "")
        except (ValueError, binascii.Error):
            raise bad("public_key") from None
        for key in ("app_version", "state_checksum"):
            v = m.get(key)
            if v is not None and not (isinstance(v, str) and len(v) <= 200 and v.isprintable()):
                raise bad(key)
        counts = m.get("counts", {})
        if not isinstance(counts, dict) or not all(_is_int(v) and v >= 0 for v in counts.values()):
            raise bad("counts")
        files = m.get("files")
        if not isinstance(files, dict):
            raise bad("files")
        for fname, spec in files.items():
            if not isinstance(spec, dict):
                raise bad(f"files.{fname}"[:80])
            if not isinstance(spec.get("sha256"), str) or not _is_int(spec.get("size")):
                raise bad(f"files.{fname}"[:80])
            if fname in (CHANGES, RESULTS) and not _is_int(spec.get("lines")):
                raise bad(f"files.{fname}.lines"[:80])

    def check_signature(self, m: dict, raw: bytes, entries: dict[str, Entry]) -> None:
        sig = entries.get(SIGNATURE)
        if sig is None:
            raise self.refuse("envelope.missing_signature",
                              N_("Gói “{name}” không có chữ ký (manifest.sig), nên không biết ai đã tạo ra nó. {advice}"))
        signature = sig.path.read_bytes()
        if len(signature) != 64 or not keys.verify(m["public_key"], signature, raw):
            raise self.refuse(
                "envelope.bad_signature",
                N_("Chữ ký của gói “{name}” không khớp với nội dung: gói đã bị sửa hoặc hỏng trên đường gửi. {advice}"))

    def check_trust(self, m: dict, is_trusted: Callable[[str, bytes], bool]) -> None:
        raw_key = keys.public_key_bytes(m["public_key"])
        if not is_trusted(m["device_id"], raw_key):
            fp = keys.fingerprint(raw_key)
            raise self.refuse(
                "envelope.unknown_key",
                N_("Gói “{name}” được ký bằng khóa chưa được tin cậy (đơn vị {unit}, máy {device}). Dấu vân tay khóa: "
                "{fingerprint}. Hãy gọi điện cho đơn vị để đối chiếu dấu vân tay, rồi tin cậy khóa này "
                "(Tiếp nhận dữ liệu › Thiết bị và khóa, hoặc doingoai keys trust) trước khi nhập lại."),
                unit=m["unit_code"], device=m["device_id"], fingerprint=fp,
                device_id=m["device_id"], public_key=m["public_key"], unit_code=m["unit_code"])

    def check_files(self, m: dict, entries: dict[str, Entry]) -> None:
        files: dict = m["files"]
        for name, entry in entries.items():
            if name in (MANIFEST, SIGNATURE) or name in files:
                continue
            if is_attachment_name(name):
                # SYNC.md's manifest example lists only changes.jsonl: an attachment need not be
                # listed, its name is its hash (and only signed records can point to it)
                if entry.sha256 != name.split("/", 1)[1]:
                    raise self.refuse("envelope.hash_mismatch",
                                      N_("Gói “{name}”: tệp đính kèm “{entry}” không khớp với mã băm là tên của nó. {advice}"),
                                      entry=name)
                continue
            raise self.refuse("envelope.unlisted_file",
                              N_("Gói “{name}” có tệp “{entry}” không được liệt kê trong manifest.json đã ký. {advice}"),
                              entry=name)
        for fname, spec in files.items():
            entry = entries.get(fname)
            if entry is None:
                raise self.refuse("envelope.missing_file",
                                  N_("Gói “{name}” thiếu tệp “{entry}” mà manifest.json có liệt kê. {advice}"),
                                  entry=str(fname)[:200])
            if entry.size != spec["size"]:
                raise self.refuse("envelope.size_mismatch",
                                  N_("Gói “{name}”: tệp “{entry}” có {found} byte, manifest ghi {expected} byte. {advice}"),
                                  entry=fname, found=entry.size, expected=spec["size"])
            if entry.sha256 != spec["sha256"].lower():
                raise self.refuse("envelope.hash_mismatch",
                                  N_("Gói “{name}”: mã băm SHA-256 của tệp “{entry}” không khớp với manifest.json "
                                  "(tệp đã bị sửa hoặc hỏng). {advice}"), entry=fname)
            if is_attachment_name(fname) and entry.sha256 != fname.split("/", 1)[1]:
                raise self.refuse("envelope.hash_mismatch",
                                  N_("Gói “{name}”: tệp đính kèm “{entry}” không khớp với mã băm là tên của nó. {advice}"),
                                  entry=fname)
            if fname in (CHANGES, RESULTS) and entry.lines > self.limits.max_lines:
                raise self.refuse("archive.too_many_lines",
                                  N_("Gói “{name}”: tệp “{entry}” có {found} dòng, quá giới hạn {limit} dòng của một "
                                     "gói. {advice}"), entry=fname, found=entry.lines, limit=self.limits.max_lines)
            if fname in (CHANGES, RESULTS) and entry.lines != spec["lines"]:
                raise self.refuse("envelope.line_mismatch",
                                  N_("Gói “{name}”: tệp “{entry}” có {found} dòng, manifest ghi {expected} dòng. {advice}"),
                                  entry=fname, found=entry.lines, expected=spec["lines"])
        if m["kind"] in ("changes", "full") and CHANGES not in files:
            raise self.refuse("envelope.missing_file",
                              N_("Gói “{name}” thiếu tệp “{entry}” mà manifest.json có liệt kê. {advice}"), entry=CHANGES)
        if m["kind"] == "ack" and RESULTS not in files:
            raise self.refuse("envelope.missing_file",
                              N_("Gói “{name}” thiếu tệp “{entry}” mà manifest.json có liệt kê. {advice}"), entry=RESULTS)

    def convert(self, m: dict) -> tuple[dict, list[Converter]]:
        chain = _chain(m["data_version"])
        if chain is None:
            raise self.refuse(
                "envelope.old_data",
                N_("Gói “{name}” được tạo bởi phiên bản quá cũ của Sổ Đối ngoại (dữ liệu phiên bản {found}) mà "
                "máy này không còn chuyển đổi được. Đề nghị đơn vị cập nhật phần mềm rồi xuất lại gói."),
                found=m["data_version"])
        for conv in chain:
            try:
                m = conv.manifest(dict(m))
            except Exception:
                raise self.refuse(
                    "envelope.old_data",
                    N_("Gói “{name}” được tạo bởi phiên bản quá cũ của Sổ Đối ngoại (dữ liệu phiên bản {found}) mà "
                    "máy này không còn chuyển đổi được. Đề nghị đơn vị cập nhật phần mềm rồi xuất lại gói."),
                    found=m["data_version"]) from None
        if chain:
            m = {**m, "data_version": DATA_VERSION}
        return m, chain


def open_bundle(path: Path, *, is_trusted: Callable[[str, bytes], bool], identities: Iterable = (),
                limits: Limits = DEFAULT_LIMITS, require_encrypted: bool = False,
                tmp_dir: Path | None = None) -> OpenedBundle:
    """SYNC.md import steps 1 and 2; raises BundleRefused (and writes nothing) on any problem.

    `is_trusted(device_id, raw_public_key)` says whether the signing key is trusted for that
    device. `identities`: the province's age identities, to read encrypted bundles.
    """
    path = Path(path)
    # decrypted entries live here until the bundle is closed: pass a private folder (the data folder's
    # tmp/, swept at start by process number), never leave them in the system temp folder
    work = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-read-", dir=tmp_dir))
    try:
        op = _Opener(path, limits, work)
        entries, encrypted = op.extract(list(identities), require_encrypted)
        manifest, raw = op.manifest(entries)
        op.check_format(manifest)
        op.check_fields(manifest)
        op.check_signature(manifest, raw, entries)
        op.check_trust(manifest, is_trusted)
        op.check_files(manifest, entries)
        source_version = manifest["data_version"]
        manifest, chain = op.convert(manifest)
        return OpenedBundle(path, manifest, work, entries, limits, encrypted=encrypted,
                            converters=chain, source_data_version=source_version)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def public_key_b64(raw: bytes) -> str:
    """Base64 text of a raw public key, as manifests and `keys trust` carry it."""
    return base64.b64encode(raw).decode("ascii")


__all__ = [
    "FORMAT", "FORMAT_VERSION", "DATA_VERSION", "KINDS", "bundle_name", "BundleWriter", "open_bundle",
    "OpenedBundle", "Limits", "Converter", "CONVERTERS", "register_converter", "utc_instant",
    "dumps_line", "public_key_b64",
]

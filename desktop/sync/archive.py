"""Safe reading of a bundle's ZIP archive (SYNC.md import step 1).

A bundle comes from a USB stick or a chat, so nothing in it is trusted:
only the entry names SYNC.md allows, no absolute path, `..`, link, directory,
duplicate or overlapping entry, no ZIP encryption or exotic compression, and
limits on the number of entries, the total uncompressed size and the
compression ratio. Declared sizes can lie, so entries are read in chunks and
the limits are enforced on the bytes actually produced: a zip bomb is refused
while it is being read, never after. `extractall` is never used; each allowed
entry is copied to a path this module builds itself.
"""

from __future__ import annotations

import hashlib
import lzma
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.messages import N_, tr
from desktop.sync.errors import BundleRefused, ask_resend

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHANGES = "changes.jsonl"
RESULTS = "results.jsonl"
PAYLOAD = "payload.age"
ATTACHMENT_DIR = "attachments/"
PLAIN_NAMES = frozenset({MANIFEST, SIGNATURE, CHANGES, RESULTS})
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_ATTACHMENT = re.compile(r"attachments/([0-9a-f]{64})")
CHUNK = 1 << 20
# a central-directory record: 46 fixed bytes, a name of at most 76 (attachments/<64 hex>), extras
_MAX_DIR_ENTRY_BYTES = 46 + 76 + 256
_DOS_REPARSE_POINT = 0x400  # how Windows tools mark a symbolic link or junction
_DATA_DESCRIPTOR = 0x08  # general-purpose flag bit 3: sizes follow the data (a ZIP written as a stream)
_DESCRIPTOR_SIZES = frozenset({12, 16, 20, 24})  # with or without its signature, 32- or 64-bit sizes

# Exceptions the standard library raises on a damaged or hostile ZIP.
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, EOFError,
    NotImplementedError, RuntimeError, ValueError, OSError, struct.error, UnicodeDecodeError,
    OverflowError, KeyError, IndexError, TypeError,
)


@dataclass(frozen=True)
class Limits:
    """What a bundle may weigh. The defaults hold a year of a district's work many times over."""

    max_bundle_bytes: int = 2 << 30          # the .dnb file on disk
    max_entries: int = 50_000                 # entries in one archive (attachments mostly)
    max_total_bytes: int = 4 << 30           # uncompressed, all archives of the bundle together
    max_manifest_bytes: int = 16 << 20
    # Deflate expands at most ~1030:1, so a single-layer bomb is caught by the ratio; nested
    # and overlapping bombs are refused outright. Real JSONL reaches ~250:1 when thousands of
    # records repeat the same long text, hence 500:1, checked only past 16 MiB of output.
    max_ratio: int = 500                      # uncompressed / compressed, per entry…
    ratio_floor: int = 16 << 20               # …once an entry has produced this many bytes
    max_line_bytes: int = 8 << 20             # one JSON line of changes.jsonl / results.jsonl
    # lines of changes.jsonl: step 3 keeps a small entry per record until the apply is done, so a
    # signed bundle of tens of millions of tiny lines must not exhaust the province's memory
    max_lines: int = 2_000_000


@dataclass(frozen=True)
class Entry:
    """An entry copied out of the archive, with what was measured while copying it."""

    name: str
    path: Path
    sha256: str
    size: int
    lines: int


def is_attachment_name(name: str) -> bool:
    """`attachments/<64 lowercase hex>`, the only attachment names allowed."""
    return _ATTACHMENT.fullmatch(name) is not None


def is_allowed(name: str, *, encrypted_layer: bool) -> bool:
    """Whether SYNC.md allows this entry name in the outer (or the decrypted inner) archive."""
    if name in PLAIN_NAMES or is_attachment_name(name):
        return True
    return name == PAYLOAD and not encrypted_layer


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _refuse_corrupt(bundle: str, exc: BaseException) -> BundleRefused:
    return BundleRefused(
        "archive.corrupt",
        tr("Gói “{name}” không phải tệp ZIP hợp lệ hoặc đã bị hỏng ({error}). "
           "Hãy chép lại tệp từ USB hoặc thư điện tử; nếu vẫn lỗi, {advice}").format(
            name=bundle, error=type(exc).__name__, advice=_lower_first(ask_resend())),
        error=repr(exc)[:200])


def _is_unsafe_path(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) is not None
            or ".." in parts)


class SafeArchive:
    """One ZIP archive of a bundle, checked on open; entries copied out under the limits.

    `budget` is shared between the outer archive and the decrypted inner one, so
    the total uncompressed size is capped for the whole bundle.
    """

    def __init__(self, path: Path, bundle_name: str, limits: Limits, *, inner: bool,
                 budget: list[int] | None = None) -> None:
        self.path = path
        self.bundle = bundle_name
        self.limits = limits
        self.inner = inner
        self.budget = budget if budget is not None else [limits.max_total_bytes]
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise BundleRefused(
                "archive.unreadable",
                tr("Không đọc được tệp gói “{name}” ({error}). Kiểm tra lại USB hoặc đường dẫn tệp.")
                .format(name=bundle_name, error=exc.strerror or type(exc).__name__)) from exc
        if size > limits.max_bundle_bytes:
            raise BundleRefused(
                "archive.too_large",
                tr("Gói “{name}” quá lớn ({size} MiB, tối đa {limit} MiB). {advice}").format(
                    name=bundle_name, size=size >> 20, limit=limits.max_bundle_bytes >> 20,
                    advice=ask_resend()), size=size)
        self._check_directory_size()
        try:
            self.zf = zipfile.ZipFile(path)
        except ZIP_ERRORS as exc:
            raise _refuse_corrupt(bundle_name, exc) from exc
        try:
            self.infos = self._check_entries()
        except BaseException:
            self.zf.close()
            raise

    # -- step 1: the directory, before any entry is read -------------------------------------

    def _check_directory_size(self) -> None:
        """Refuse a huge central directory before zipfile parses it into memory (one object an entry)."""
        try:
            with open(self.path, "rb") as fp:
                end = zipfile._EndRecData(fp)
        except ZIP_ERRORS as exc:
            raise _refuse_corrupt(self.bundle, exc) from exc
        if end is None:
            raise _refuse_corrupt(self.bundle, zipfile.BadZipFile("no end of central directory"))
        count = end[zipfile._ECD_ENTRIES_TOTAL]
        size = end[zipfile._ECD_SIZE]
        if count > self.limits.max_entries or size > self.limits.max_entries * _MAX_DIR_ENTRY_BYTES:
            raise BundleRefused(
                "archive.too_many_entries",
                tr("Gói “{name}” có {count} mục, vượt giới hạn {limit}. {advice}").format(
                    name=self.bundle, count=count, limit=self.limits.max_entries, advice=ask_resend()),
                count=count)

    def _bad(self, code: str, template: str, entry: str, **details) -> BundleRefused:
        return BundleRefused(code, tr(template).format(name=self.bundle, entry=entry[:200],
                                                       advice=ask_resend()),
                             entry=entry[:200], **details)

    def _check_entries(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.zf.infolist()
        lim = self.limits
        if len(infos) > lim.max_entries:
            raise BundleRefused(
                "archive.too_many_entries",
                tr("Gói “{name}” có {count} mục, vượt giới hạn {limit}. {advice}").format(
                    name=self.bundle, count=len(infos), limit=lim.max_entries, advice=ask_resend()),
                count=len(infos))
        seen: dict[str, zipfile.ZipInfo] = {}
        declared_total = 0
        for info in infos:
            name = info.filename
            if info.orig_filename != name:  # a NUL byte cut the name short: it hides something
                raise self._bad("archive.bad_name", N_("Gói “{name}” có mục với tên không hợp lệ “{entry}”. {advice}"),
                                info.orig_filename)
            if _is_unsafe_path(name):
                raise self._bad("archive.unsafe_path",
                                N_("Gói “{name}” có mục “{entry}” trỏ ra ngoài thư mục (đường dẫn tuyệt đối hoặc “..”). "
                                "Gói này không an toàn và đã bị từ chối. {advice}"), name)
            if name.endswith("/") or info.is_dir():
                raise self._bad("archive.bad_name", N_("Gói “{name}” có thư mục “{entry}” không được phép. {advice}"), name)
            mode = info.external_attr >> 16  # Unix mode (any maker may set it); low bits: DOS attributes
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG) or info.external_attr & _DOS_REPARSE_POINT:
                kind = "link" if stat.S_ISLNK(mode) or info.external_attr & _DOS_REPARSE_POINT else "special"
                raise self._bad("archive.link",
                                N_("Gói “{name}” có mục “{entry}” là liên kết hoặc tệp đặc biệt, không phải tệp thường. "
                                "Gói này không an toàn và đã bị từ chối. {advice}"), name, kind=kind)
            if not is_allowed(name, encrypted_layer=self.inner):
                raise self._bad("archive.bad_name",
                                N_("Gói “{name}” có mục “{entry}” không thuộc định dạng gói Sổ Đối ngoại. {advice}"), name)
            if name in seen:
                raise self._bad("archive.duplicate", N_("Gói “{name}” có hai mục cùng tên “{entry}”. {advice}"), name)
            if info.flag_bits & 0x1:
                raise self._bad("archive.encrypted_entry",
                                N_("Gói “{name}” có mục “{entry}” được đặt mật khẩu kiểu ZIP, điều định dạng gói không cho phép. {advice}"),
                                name)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self._bad("archive.compression",
                                N_("Gói “{name}” có mục “{entry}” nén theo cách không được hỗ trợ. {advice}"), name)
            self._check_declared(info)
            declared_total += info.file_size
            seen[name] = info
        if declared_total > self.budget[0]:
            raise self._bomb(next(iter(seen), ""), declared_total)
        if PAYLOAD in seen and len(seen) > 1:
            raise self._bad("archive.bad_name",
                            N_("Gói “{name}” vừa có phần mã hóa “{entry}” vừa có tệp không mã hóa bên cạnh. {advice}"),
                            PAYLOAD)
        self._check_layout(infos)
        return seen

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        lim = self.limits
        if info.file_size > lim.max_total_bytes:
            raise self._bomb(info.filename, info.file_size)
        if info.file_size > lim.ratio_floor and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            raise self._bomb(info.filename, info.file_size)

    def _bomb(self, entry: str, size: int) -> BundleRefused:
        return BundleRefused(
            "archive.zip_bomb",
            tr("Gói “{name}”, mục “{entry}”: dữ liệu giải nén quá lớn so với tệp nén (có thể là “bom ZIP”). "
               "Việc đọc đã dừng, không có gì được ghi. {advice}").format(
                name=self.bundle, entry=entry, advice=ask_resend()),
            entry=entry, size=size)

    def _check_layout(self, infos: list[zipfile.ZipInfo]) -> None:
        """Entries back to back from byte 0, then the central directory, then its end record at the
        file's end: no byte outside the archive (junk before or after a ZIP is how a second file hides
        in the first, and readers disagree on it), and no entry overlapping another (3.11.7 lacks this
        check; overlapping entries let a small file expand to many "different" large files). Between
        entries only a data descriptor (12–24 bytes, for a ZIP written as a stream) may stand."""
        self._check_ends()
        ordered = sorted(infos, key=lambda i: i.header_offset)
        if ordered and ordered[0].header_offset != 0:
            raise self._junk()
        ends: list[tuple[int, int, str, int]] = []
        fp = self.zf.fp
        assert fp is not None
        for info in ordered:
            fp.seek(info.header_offset)
            header = fp.read(zipfile.sizeFileHeader)
            if len(header) != zipfile.sizeFileHeader or header[:4] != zipfile.stringFileHeader:
                raise _refuse_corrupt(self.bundle, zipfile.BadZipFile("bad local header"))
            fields = struct.unpack(zipfile.structFileHeader, header)
            name_len = fields[zipfile._FH_FILENAME_LENGTH]
            extra_len = fields[zipfile._FH_EXTRA_FIELD_LENGTH]
            start = info.header_offset
            data_end = start + zipfile.sizeFileHeader + name_len + extra_len + info.compress_size
            ends.append((start, data_end, info.filename, info.flag_bits))
        limit = self.zf.start_dir
        for i, (_start, end, name, flags) in enumerate(ends):
            next_start = ends[i + 1][0] if i + 1 < len(ends) else limit
            if end > next_start:
                raise self._bad("archive.overlap",
                                N_("Gói “{name}” có mục “{entry}” chồng lên mục khác trong tệp ZIP. "
                                "Gói này không an toàn và đã bị từ chối. {advice}"), name)
            gap = next_start - end
            if gap and not (flags & _DATA_DESCRIPTOR and gap in _DESCRIPTOR_SIZES):
                raise self._junk()

    def _check_ends(self) -> None:
        """The central directory starts where the entries say (nothing prepended) and the end record,
        with its comment, ends the file (nothing appended)."""
        fp = self.zf.fp
        assert fp is not None
        end = zipfile._EndRecData(fp)
        if end is None:
            raise _refuse_corrupt(self.bundle, zipfile.BadZipFile("no end of central directory"))
        size = fp.seek(0, 2)
        if end[zipfile._ECD_LOCATION] + zipfile.sizeEndCentDir + len(end[zipfile._ECD_COMMENT]) != size:
            raise self._junk()
        if self.zf.start_dir != end[zipfile._ECD_OFFSET]:  # zipfile shifts every offset past junk in front
            raise self._junk()

    def _junk(self) -> BundleRefused:
        return BundleRefused(
            "archive.junk",
            tr("Gói “{name}” có dữ liệu lạ nằm ngoài tệp ZIP (trước, giữa hoặc sau các mục). Gói này "
               "không an toàn và đã bị từ chối. {advice}").format(name=self.bundle, advice=ask_resend()))

    # -- reading, under the limits -------------------------------------------------------------

    def names(self) -> list[str]:
        return list(self.infos)

    def extract(self, name: str, dest: Path, *, max_bytes: int | None = None,
                on_chunk: Callable[[bytes], None] | None = None) -> Entry:
        """Copy one entry to `dest`, hashing and counting lines, stopping at the first excess byte."""
        info = self.infos[name]
        lim = self.limits
        if max_bytes is not None and info.file_size > max_bytes:
            raise self._bad("archive.entry_too_large",
                            N_("Gói “{name}”: mục “{entry}” lớn hơn mức cho phép. {advice}"), name,
                            size=info.file_size)
        cap = min(info.file_size, self.budget[0])
        if info.file_size > cap:
            raise self._bomb(name, info.file_size)
        h = hashlib.sha256()
        size = newlines = 0
        last = b""
        ratio_cap = lim.max_ratio * max(info.compress_size, 1)
        try:
            with self.zf.open(info) as src, open(dest, "wb") as out:
                while True:
                    chunk = src.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap or (size > lim.ratio_floor and size > ratio_cap):
                        raise self._bomb(name, size)
                    h.update(chunk)
                    newlines += chunk.count(b"\n")
                    last = chunk[-1:]
                    if on_chunk is not None:
                        on_chunk(chunk)
                    out.write(chunk)
        except BundleRefused:
            dest.unlink(missing_ok=True)
            raise
        except ZIP_ERRORS as exc:
            dest.unlink(missing_ok=True)
            raise _refuse_corrupt(self.bundle, exc) from exc
        self.budget[0] -= size
        lines = newlines + (1 if size and last != b"\n" else 0)
        return Entry(name, dest, h.hexdigest(), size, lines)

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = [
    "Limits", "Entry", "SafeArchive", "is_allowed", "is_attachment_name", "MANIFEST", "SIGNATURE",
    "CHANGES", "RESULTS", "PAYLOAD", "ATTACHMENT_DIR", "SHA256_HEX",
]

"""SYNC.md import step 1, archive safety: every hostile ZIP is refused before anything is read."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

from desktop.sync import keys
from desktop.sync.archive import Limits, SafeArchive
from desktop.sync.bundle import open_bundle
from desktop.sync.errors import BundleRefused
from tests.sync.format_helpers import read_entries, symlink_info, trusting, write_bundle, write_zip


@pytest.fixture(scope="module")
def key():
    return keys.generate()


@pytest.fixture
def good(tmp_path, key) -> Path:
    return write_bundle(tmp_path / "out", key)


def refused(path: Path, key, code: str, **kw) -> BundleRefused:
    with pytest.raises(BundleRefused) as info:
        open_bundle(path, is_trusted=trusting(key), **kw)
    assert info.value.code == code, info.value.message
    assert path.name in info.value.message  # every refusal names the bundle file
    return info.value


def with_entries(good: Path, tmp_path: Path, extra: list, name: str = "bad.dnb") -> Path:
    return write_zip(tmp_path / name, [*read_entries(good).items(), *extra])


@pytest.mark.parametrize("entry", [
    "evil.txt", "changes.jsonl.bak", "attachments/xyz", "attachments/" + "A" * 64,
    "attachments/" + "a" * 63, "attachments/sub/" + "a" * 64, "Manifest.json", "payload.age.zip",
])
def test_entry_outside_the_allowed_names_is_refused(good, tmp_path, key, entry):
    err = refused(with_entries(good, tmp_path, [(entry, b"x")]), key, "archive.bad_name")
    assert entry[:40] in err.message
    assert "Đề nghị đơn vị" in err.message  # says what the officer can do


@pytest.mark.parametrize("entry", ["../manifest.json", "attachments/../../etc/passwd", "/etc/passwd",
                                   "..\\changes.jsonl", "C:/Windows/x", "\\changes.jsonl"])
def test_dotdot_and_absolute_paths_are_refused(good, tmp_path, key, entry):
    refused(with_entries(good, tmp_path, [(entry, b"x")]), key, "archive.unsafe_path")


def test_symlink_entry_is_refused_even_with_an_allowed_name(good, tmp_path, key):
    entries = read_entries(good)
    entries.pop("changes.jsonl")
    path = write_zip(tmp_path / "link.dnb", [*entries.items(), (symlink_info("changes.jsonl"), b"/etc/passwd")])
    err = refused(path, key, "archive.link")
    assert err.details["kind"] == "link"


@pytest.mark.parametrize(("system", "attr"), [(0, 0x400 | 0x20), (3, (stat.S_IFIFO | 0o644) << 16),
                                             (0, (stat.S_IFLNK | 0o777) << 16)])
def test_windows_reparse_points_and_special_files_are_refused(good, tmp_path, key, system, attr):
    entries = read_entries(good)
    info = zipfile.ZipInfo("changes.jsonl")
    info.create_system, info.external_attr = system, attr
    data = entries.pop("changes.jsonl")
    refused(write_zip(tmp_path / "special.dnb", [*entries.items(), (info, data)]), key, "archive.link")


def test_directory_entry_is_refused(good, tmp_path, key):
    refused(with_entries(good, tmp_path, [("attachments/", b"")]), key, "archive.bad_name")


def test_duplicate_names_are_refused(good, tmp_path, key):
    refused(with_entries(good, tmp_path, [("changes.jsonl", b"{}\n")]), key, "archive.duplicate")


def test_nul_byte_hiding_in_a_name_is_refused(good, tmp_path, key):
    path = with_entries(good, tmp_path, [("manifest.jsonX.sh", b"x")])
    raw = path.read_bytes().replace(b"manifest.jsonX.sh", b"manifest.json\x00.sh")
    path.write_bytes(raw)
    refused(path, key, "archive.bad_name")


def test_zip_encrypted_entry_is_refused(good, tmp_path, key):
    path = tmp_path / "zipcrypto.dnb"
    path.write_bytes(good.read_bytes())
    raw = bytearray(path.read_bytes())
    cd = raw.index(b"PK\x01\x02")
    flags = struct.unpack_from("<H", raw, cd + 8)[0]
    struct.pack_into("<H", raw, cd + 8, flags | 0x1)
    path.write_bytes(bytes(raw))
    refused(path, key, "archive.encrypted_entry")


def test_unsupported_compression_is_refused(good, tmp_path, key):
    entries = read_entries(good)
    path = write_zip(tmp_path / "bz.dnb", list(entries.items()), compression=zipfile.ZIP_BZIP2)
    refused(path, key, "archive.compression")


def test_overlapping_entries_are_refused(good, tmp_path, key):
    """Two directory entries sharing one local file: the "better zip bomb" trick (3.11.7 lacks the check)."""
    raw = bytearray(good.read_bytes())
    first = raw.index(b"PK\x01\x02")
    second = raw.index(b"PK\x01\x02", first + 4)
    offset = struct.unpack_from("<I", raw, first + 42)[0]
    struct.pack_into("<I", raw, second + 42, offset)
    path = tmp_path / "overlap.dnb"
    path.write_bytes(bytes(raw))
    refused(path, key, "archive.overlap")


def test_too_many_entries(good, tmp_path, key):
    refused(good, key, "archive.too_many_entries", limits=Limits(max_entries=2))


def test_huge_central_directory_is_refused_before_it_is_parsed(good, tmp_path, key, monkeypatch):
    def explode(*a, **k):
        raise AssertionError("zipfile must not parse a directory that is over the limit")

    with_many = write_zip(tmp_path / "many.dnb", [(f"attachments/{i:064x}", b"") for i in range(30)])
    monkeypatch.setattr(zipfile.ZipFile, "__init__", explode)
    refused(with_many, key, "archive.too_many_entries", limits=Limits(max_entries=20))


def test_total_uncompressed_size_is_capped(good, tmp_path, key):
    refused(good, key, "archive.zip_bomb", limits=Limits(max_total_bytes=500))


def _bomb(tmp_path: Path, size: int = 40 << 20) -> Path:
    return write_zip(tmp_path / "bomb.dnb", [("changes.jsonl", b"\0" * size)])


def test_zip_bomb_with_honest_sizes_is_refused_by_ratio(tmp_path, key):
    err = refused(_bomb(tmp_path), key, "archive.zip_bomb")
    assert "bom ZIP" in err.message


def test_zip_bomb_is_refused_while_reading_not_after(tmp_path, monkeypatch):
    """With the declared-size check defeated, the reader itself stops at the limit."""
    bomb = _bomb(tmp_path)
    limits = Limits()
    monkeypatch.setattr(SafeArchive, "_check_declared", lambda self, info: None)
    written: list[int] = []
    with SafeArchive(bomb, bomb.name, limits, inner=False) as archive:
        with pytest.raises(BundleRefused) as info:
            archive.extract("changes.jsonl", tmp_path / "out.jsonl", on_chunk=lambda c: written.append(len(c)))
    assert info.value.code == "archive.zip_bomb"
    ratio_cap = limits.max_ratio * archive.infos["changes.jsonl"].compress_size
    assert sum(written) <= max(limits.ratio_floor, ratio_cap)  # stopped at the limit: never the 40 MiB
    assert not (tmp_path / "out.jsonl").exists()


def test_declared_size_that_lies_small_cannot_expand(tmp_path, key):
    """A bomb claiming 1 KiB: zipfile stops at the claim, the CRC fails, the bundle is refused."""
    bomb = _bomb(tmp_path, 8 << 20)
    raw = bytearray(bomb.read_bytes())
    cd = raw.index(b"PK\x01\x02")
    struct.pack_into("<I", raw, cd + 24, 1024)  # uncompressed size in the central directory
    struct.pack_into("<I", raw, 22, 1024)  # and in the local header
    bomb.write_bytes(bytes(raw))
    refused(bomb, key, "archive.corrupt")


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04" + b"\0" * 40])
def test_not_a_zip(tmp_path, key, content):
    path = tmp_path / "junk.dnb"
    path.write_bytes(content)
    err = refused(path, key, "archive.corrupt")
    assert "ZIP" in err.message


def test_missing_file(tmp_path, key):
    refused(tmp_path / "absent.dnb", key, "archive.unreadable")


def test_file_too_large(good, key):
    refused(good, key, "archive.too_large", limits=Limits(max_bundle_bytes=100))


def test_payload_beside_plain_entries_is_refused(good, tmp_path, key):
    refused(with_entries(good, tmp_path, [("payload.age", b"age")]), key, "archive.bad_name")


def test_oversized_signature_entry_is_refused(good, tmp_path, key):
    entries = read_entries(good)
    entries["manifest.sig"] = entries["manifest.sig"] * 2
    path = write_zip(tmp_path / "sig.dnb", list(entries.items()))
    refused(path, key, "archive.entry_too_large")

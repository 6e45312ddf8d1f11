"""The bundle file: writing, and SYNC.md import step 2 (envelope) with every refusal."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.sync import bundle as bundle_mod
from desktop.sync import crypto, keys
from desktop.sync.archive import Limits
from desktop.sync.bundle import (
    DATA_VERSION,
    FORMAT_VERSION,
    BundleWriter,
    Converter,
    bundle_name,
    open_bundle,
)
from desktop.sync.errors import BundleRefused, Problem
from desktop.sync.schema import validate_change
from tests.sync.format_helpers import (
    ATTACHMENT_BYTES,
    ATTACHMENT_SHA,
    DEVICE,
    change,
    manifest,
    read_entries,
    rebuild,
    trusting,
    write_bundle,
    write_zip,
)


@pytest.fixture(scope="module")
def key():
    return keys.generate()


@pytest.fixture(scope="module")
def identity():
    return crypto.generate_identity()


@pytest.fixture
def attachment(tmp_path) -> Path:
    path = tmp_path / "qd.pdf"
    path.write_bytes(ATTACHMENT_BYTES)
    return path


@pytest.fixture
def good(tmp_path, key, attachment) -> Path:
    return write_bundle(tmp_path / "out", key, attachment=attachment)


def refused(path: Path, key, code: str, **kw) -> BundleRefused:
    kw.setdefault("is_trusted", trusting(key))
    with pytest.raises(BundleRefused) as info:
        with open_bundle(path, **kw) as b:
            list(b.changes())
            list(b.results())
    assert info.value.code == code, info.value.message
    assert path.name in info.value.message
    return info.value


# -- writing and reading back ----------------------------------------------------------------

def test_bundle_name():
    assert bundle_name("DL-BMT", DEVICE, 1, 7) == "DL-BMT_8c1f0a2b_1-000007.dnb"
    assert bundle_name("../x", DEVICE, 2, 1234567) == "x_8c1f0a2b_2-1234567.dnb"
    assert bundle_name("ĐL BMT/1", DEVICE, 1, 1) == "ĐL-BMT-1_8c1f0a2b_1-000001.dnb"
    assert bundle_name("A_B", DEVICE, 1, 1).startswith("A-B_")  # `_` separates the parts


def test_round_trip(good, key):
    with open_bundle(good, is_trusted=trusting(key)) as b:
        m = b.manifest
        assert (m["format"], m["format_version"], m["data_version"]) == ("doingoai-bundle", 1, 1)
        assert m["public_key"] == keys.public_b64(key)
        assert m["counts"] == {"delegation": 1, "delegation_member": 1, "discipline_record": 1,
                               "person": 1, "unit": 1}
        assert (m["change_seq_from"], m["change_seq_to"]) == (1, 5)
        assert m["files"]["changes.jsonl"]["lines"] == 5
        lines = list(b.changes())
        assert [n for n, _ in lines] == [1, 2, 3, 4, 5]
        assert lines[1][1]["data"]["full_name"] == "Nguyễn Văn An"
        assert all(validate_change(n, c) == [] for n, c in lines)
        assert b.attachment(ATTACHMENT_SHA).read_bytes() == ATTACHMENT_BYTES
        assert b.attachment("0" * 64) is None and b.attachment("../../etc/passwd") is None
        assert b.attachments() == [ATTACHMENT_SHA]
        assert b.fingerprint == keys.fingerprint(keys.public_raw(key))
        assert not b.encrypted
        work = b.attachment(ATTACHMENT_SHA).parent.parent
    assert not work.exists()  # the temporary copies go with the bundle


def test_manifest_signature_covers_the_exact_bytes(good, key):
    entries = read_entries(good)
    assert keys.verify(keys.public_b64(key), entries["manifest.sig"], entries["manifest.json"])
    assert len(entries["manifest.sig"]) == 64


def test_ack_bundle_carries_results(tmp_path, key):
    results = [{"id": "x", "entity": "person", "version": 2, "status": "applied", "reason": None}]
    path = write_bundle(tmp_path, key, changes=[], results=results, kind="ack", applied_through_bundle_seq=7)
    with open_bundle(path, is_trusted=trusting(key)) as b:
        assert b.kind == "ack"
        assert list(b.results()) == [(1, results[0])]
        assert list(b.changes()) == []
        assert b.manifest["applied_through_bundle_seq"] == 7


def test_encrypted_round_trip(tmp_path, key, identity, attachment):
    path = write_bundle(tmp_path, key, attachment=attachment, recipient=crypto.recipient_of(identity))
    assert set(read_entries(path)) == {"payload.age"}
    assert b"Nguy" not in path.read_bytes()
    with open_bundle(path, is_trusted=trusting(key), identities=[identity], require_encrypted=True) as b:
        assert b.encrypted
        assert len(list(b.changes())) == 5
        assert b.attachment(ATTACHMENT_SHA).read_bytes() == ATTACHMENT_BYTES


def test_writer_is_atomic_and_cleans_up(tmp_path, key):
    out = tmp_path / "usb"
    with pytest.raises(RuntimeError), BundleWriter(out, manifest(), key) as w:
        w.add_change(change(1))
        raise RuntimeError("the export failed half way")
    assert not out.exists() or list(out.iterdir()) == []
    path = write_bundle(out, key)
    assert [p.name for p in out.iterdir()] == [path.name]  # no .part file left behind


def test_writer_refuses_out_of_order_changes_and_wrong_attachment_names(tmp_path, key, attachment):
    w = BundleWriter(tmp_path, manifest(), key)
    w.add_change(change(5))
    with pytest.raises(ValueError):
        w.add_change(change(5))
    with pytest.raises(ValueError):
        w.add_attachment("0" * 64, attachment)
    with pytest.raises(ValueError):
        w.add_attachment("not-a-hash", attachment)
    w.abort()
    with pytest.raises(ValueError):
        BundleWriter(tmp_path, manifest(), key, recipient="age1typo")


def test_writer_and_reader_stream_instead_of_holding_the_bundle(tmp_path, key):
    """4,000 long changes (~13 MiB of JSON) go through both ends with a small Python heap."""
    import tracemalloc

    one = change(1, "delegation")
    # the same long note in every record: ~250:1 compression, which must not pass for a zip bomb
    one["data"]["notes"] = "Ghi chú dài về chuyến công tác. " * 100
    tracemalloc.start()
    try:
        w = BundleWriter(tmp_path, manifest(), key)
        for i in range(1, 4_001):
            w.add_change({**one, "change_seq": i})
        path = w.close()
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with open_bundle(path, is_trusted=trusting(key)) as b:
            assert sum(1 for _ in b.changes()) == 4_000
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = read_entries(path)["changes.jsonl"].__len__()
    assert size > 10 << 20
    assert write_peak < 6 << 20 and read_peak < 6 << 20, (write_peak, read_peak)  # 1 MiB read chunks


# -- crypto: the province's identity ----------------------------------------------------------

def test_identity_is_owner_only_and_reloads(tmp_path):
    ident = crypto.load_or_create_identity(tmp_path / "keys")
    path = crypto.identity_path(tmp_path / "keys")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = crypto.load_or_create_identity(tmp_path / "keys")
    assert crypto.recipient_of(again) == crypto.recipient_of(ident)
    assert crypto.recipient_of(ident).startswith("age1")
    assert crypto.is_recipient(crypto.recipient_of(ident)) and not crypto.is_recipient("age1typo")
    with pytest.raises(ValueError):
        crypto.parse_identity("AGE-SECRET-KEY-1NOTAKEY")


# -- step 2 refusals --------------------------------------------------------------------------

def test_missing_signature(good, tmp_path, key):
    path = rebuild(good, tmp_path / "nosig.dnb", entries=lambda e: {k: v for k, v in e.items() if k != "manifest.sig"})
    refused(path, key, "envelope.missing_signature")


def test_bad_signature_when_the_manifest_was_edited(good, tmp_path, key):
    path = rebuild(good, tmp_path / "edited.dnb", manifest_edit=lambda m: m.update(bundle_seq=8))
    refused(path, key, "envelope.bad_signature")


def test_signature_by_another_key_than_the_manifest_names(good, tmp_path, key):
    other = keys.generate()
    path = rebuild(good, tmp_path / "other.dnb", key=other)
    refused(path, key, "envelope.bad_signature")


def test_unknown_key_is_refused_showing_its_fingerprint(good, key):
    seen = []

    def nobody(device_id, public_key):
        seen.append((device_id, public_key))
        return False

    err = refused(good, key, "envelope.unknown_key", is_trusted=nobody)
    fp = keys.fingerprint(keys.public_raw(key))
    assert fp in err.message
    assert "doingoai keys trust" in err.message
    assert err.details["fingerprint"] == fp and err.details["device_id"] == DEVICE
    assert err.details["public_key"] == keys.public_b64(key)
    assert seen == [(DEVICE, keys.public_raw(key))]


def test_a_trusted_device_signing_with_a_new_key_is_unknown(tmp_path, key, good):
    """The key must be trusted for that device: a valid signature alone is not enough."""
    impostor = keys.generate()
    path = write_bundle(tmp_path / "imp", impostor)
    refused(path, key, "envelope.unknown_key")


def _tamper_changes(good: Path, tmp_path: Path, key, new: bytes, name: str, **kw) -> Path:
    def swap(e):
        e["changes.jsonl"] = new
        return e
    return rebuild(good, tmp_path / name, entries=swap, key=key, **kw)


def test_hash_mismatch(good, tmp_path, key):
    old = read_entries(good)["changes.jsonl"]
    flipped = old.replace(b"Nguy\xe1\xbb\x85n", b"Tr\xe1\xba\xa7n X")  # same length, same lines
    assert len(flipped) == len(old) and flipped != old
    refused(_tamper_changes(good, tmp_path, None, flipped, "hash.dnb"), key, "envelope.hash_mismatch")


def test_size_mismatch(good, tmp_path, key):
    old = read_entries(good)["changes.jsonl"]
    refused(_tamper_changes(good, tmp_path, None, old.replace(b"An", b"Anh", 1), "size.dnb"),
            key, "envelope.size_mismatch")


def test_line_count_mismatch_in_a_signed_manifest(good, tmp_path, key):
    path = rebuild(good, tmp_path / "lines.dnb", key=key,
                   manifest_edit=lambda m: m["files"]["changes.jsonl"].update(lines=6))
    err = refused(path, key, "envelope.line_mismatch")
    assert "6" in err.message and "5" in err.message


def test_attachment_whose_bytes_do_not_match_its_name(good, tmp_path, key):
    def swap(e):
        e[f"attachments/{ATTACHMENT_SHA}"] = b"something else entirely"
        return e
    path = rebuild(good, tmp_path / "att.dnb", entries=swap, key=key, refresh_files=True)
    refused(path, key, "envelope.hash_mismatch")


def test_file_not_listed_in_the_signed_manifest(good, tmp_path, key):
    path = rebuild(good, tmp_path / "unlisted.dnb",
                   entries=lambda e: {**e, "results.jsonl": b'{"id": "x"}\n'})
    refused(path, key, "envelope.unlisted_file")


def test_unlisted_attachment_is_accepted_when_its_name_is_its_hash(good, tmp_path, key):
    """SYNC.md's manifest lists only changes.jsonl: another program may leave attachments out."""
    extra = b"another scan"
    sha = hashlib.sha256(extra).hexdigest()
    path = rebuild(good, tmp_path / "unlisted.dnb", entries=lambda e: {**e, f"attachments/{sha}": extra})
    with open_bundle(path, is_trusted=trusting(key)) as b:
        assert b.attachment(sha).read_bytes() == extra
    liar = rebuild(good, tmp_path / "liar.dnb", entries=lambda e: {**e, f"attachments/{'c' * 64}": extra})
    refused(liar, key, "envelope.hash_mismatch")


def test_a_byte_order_mark_is_tolerated(good, tmp_path, key):
    def bom(e):
        e["changes.jsonl"] = b"\xef\xbb\xbf" + e["changes.jsonl"]
        e["manifest.json"] = b"\xef\xbb\xbf" + e["manifest.json"]
        return e
    path = rebuild(good, tmp_path / "bom.dnb", entries=bom)
    rebuild(path, path, refresh_files=True, key=key)  # hashes of the BOM'd changes.jsonl, re-signed
    entries = read_entries(path)
    entries["manifest.json"] = b"\xef\xbb\xbf" + entries["manifest.json"]
    entries["manifest.sig"] = key.sign(entries["manifest.json"])  # the signature covers the BOM too
    write_zip(path, list(entries.items()))
    with open_bundle(path, is_trusted=trusting(key)) as b:
        assert len(list(b.changes())) == 5 and b.manifest["device_id"] == DEVICE


def test_file_listed_but_missing(good, tmp_path, key):
    path = rebuild(good, tmp_path / "missing.dnb",
                   entries=lambda e: {k: v for k, v in e.items() if not k.startswith("attachments/")})
    refused(path, key, "envelope.missing_file")


def test_newer_format_version_asks_to_update(tmp_path, key):
    path = write_bundle(tmp_path, key, format_version=FORMAT_VERSION + 1)
    err = refused(path, key, "envelope.newer_format")
    assert "phiên bản mới hơn" in err.message and "cập nhật" in err.message


def test_newer_data_version_asks_to_update(tmp_path, key):
    path = write_bundle(tmp_path, key, data_version=DATA_VERSION + 1)
    assert "cập nhật" in refused(path, key, "envelope.newer_data").message


def test_not_a_doingoai_bundle(tmp_path, key):
    path = write_bundle(tmp_path, key, format="other-app")
    refused(path, key, "envelope.unknown_format")


@pytest.mark.parametrize("edit", [
    lambda m: m.pop("device_id"), lambda m: m.update(device_id="not-a-uuid"),
    lambda m: m.update(epoch=0), lambda m: m.update(bundle_seq="7"), lambda m: m.update(kind="party"),
    lambda m: m.update(created_at="26/11/2026"), lambda m: m.update(public_key="!!"),
    lambda m: m.update(files=[]), lambda m: m.update(counts={"person": -1}),
    lambda m: m.pop("prev_bundle_seq"), lambda m: m.update(unit_code="DL\nBMT"), lambda m: m.update(unit_code=""),
    lambda m: m["files"]["changes.jsonl"].pop("lines"), lambda m: m.update(epoch=True),
])
def test_malformed_manifest_fields(good, tmp_path, key, edit):
    path = rebuild(good, tmp_path / "fields.dnb", key=key, manifest_edit=edit)
    refused(path, key, "envelope.bad_manifest")


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe", b'{"format": NaN}'])
def test_manifest_that_is_not_a_json_object(good, tmp_path, key, content):
    path = rebuild(good, tmp_path / "manifest.dnb", entries=lambda e: {**e, "manifest.json": content})
    refused(path, key, "envelope.bad_manifest")


def test_missing_manifest(good, tmp_path, key):
    path = rebuild(good, tmp_path / "nomanifest.dnb",
                   entries=lambda e: {k: v for k, v in e.items() if k != "manifest.json"})
    refused(path, key, "envelope.missing_manifest")


def test_plaintext_refused_when_encryption_is_required(good, key):
    err = refused(good, key, "envelope.plaintext", require_encrypted=True)
    assert "age" in err.message


def test_wrong_age_key(tmp_path, key, identity):
    path = write_bundle(tmp_path, key, recipient=crypto.recipient_of(identity))
    refused(path, key, "envelope.decrypt_failed", identities=[crypto.generate_identity()])


def test_encrypted_without_an_identity(tmp_path, key, identity):
    path = write_bundle(tmp_path, key, recipient=crypto.recipient_of(identity))
    refused(path, key, "envelope.no_identity")


def test_garbage_payload(tmp_path, key, identity):
    path = write_zip(tmp_path / "payload.dnb", [("payload.age", b"age-encryption.org/v1\n-> junk")])
    refused(path, key, "envelope.decrypt_failed", identities=[identity])


def test_inner_archive_is_checked_as_strictly(tmp_path, key, identity):
    inner = write_zip(tmp_path / "inner.zip", [("../evil", b"x")])
    payload = tmp_path / "payload.age"
    crypto.encrypt_file(inner, payload, crypto.recipient_of(identity))
    path = write_zip(tmp_path / "nested.dnb", [("payload.age", payload.read_bytes())])
    refused(path, key, "archive.unsafe_path", identities=[identity])
    nested = write_zip(tmp_path / "inner2.zip", [("payload.age", b"x")])
    crypto.encrypt_file(nested, payload, crypto.recipient_of(identity))
    path = write_zip(tmp_path / "nested2.dnb", [("payload.age", payload.read_bytes())])
    refused(path, key, "archive.bad_name", identities=[identity])


# -- data_version converters ------------------------------------------------------------------

def test_older_data_version_is_upgraded_by_converters(tmp_path, key, monkeypatch):
    """Pretend today's data_version is 2 and version 1 named the person's field `name`."""
    old = change(1, "person")
    old["data"]["name"] = old["data"].pop("full_name")
    path = write_bundle(tmp_path, key, changes=[old])

    def rename(c):
        c["data"]["full_name"] = c["data"].pop("name")
        return c

    monkeypatch.setattr(bundle_mod, "DATA_VERSION", 2)
    monkeypatch.setattr(bundle_mod, "CONVERTERS", {})
    bundle_mod.register_converter(Converter(1, manifest=lambda m: {**m, "upgraded": True}, change=rename))
    with open_bundle(path, is_trusted=trusting(key)) as b:
        assert b.manifest["data_version"] == 2 and b.source_data_version == 1
        assert b.manifest["upgraded"] is True
        [(n, c)] = list(b.changes())
        assert c["data"]["full_name"] == "Nguyễn Văn An" and "name" not in c["data"]


def test_older_data_version_without_a_converter(tmp_path, key, monkeypatch):
    path = write_bundle(tmp_path, key)
    monkeypatch.setattr(bundle_mod, "DATA_VERSION", 3)
    monkeypatch.setattr(bundle_mod, "CONVERTERS", {2: Converter(2)})
    refused(path, key, "envelope.old_data")


def test_converter_failing_on_a_line_refuses_with_the_line(tmp_path, key, monkeypatch):
    path = write_bundle(tmp_path, key)
    monkeypatch.setattr(bundle_mod, "DATA_VERSION", 2)
    monkeypatch.setattr(bundle_mod, "CONVERTERS", {1: Converter(1, change=lambda c: c["missing"])})
    err = refused(path, key, "records.convert_failed")
    assert err.details["line"] == 1 and err.problems[0].line == 1


# -- streamed lines ---------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "what"), [
    (b"{broken", "JSON"), (b"[1, 2, 3]", "đối tượng"), (b'{"x": NaN}', "JSON"),
    (b"\xff\xfe{}", "UTF-8"), (b"", "JSON"), (b"[" * 100_000 + b"]" * 100_000, "JSON"),
])
def test_invalid_line_is_refused_with_its_number(good, tmp_path, key, line, what):
    lines = read_entries(good)["changes.jsonl"].splitlines(keepends=True)
    lines[2] = line + b"\n"
    path = _tamper_changes(good, tmp_path, key, b"".join(lines), "line.dnb", refresh_files=True)
    err = refused(path, key, "records.bad_json")
    assert err.details["line"] == 3
    assert "dòng 3" in err.message and what in err.message
    assert err.problems == [Problem(3, None, None, None, err.problems[0].message)]


@pytest.mark.parametrize("escape", [b"\\u0000", b"\\ud800", b"\\uDFFF"])
def test_text_that_cannot_be_stored_is_refused_with_its_line(good, tmp_path, key, escape):
    lines = read_entries(good)["changes.jsonl"].splitlines(keepends=True)
    lines[1] = lines[1].replace("Nguyễn".encode(), b"Nguy" + escape + b"n", 1)
    path = _tamper_changes(good, tmp_path, key, b"".join(lines), "nul.dnb", refresh_files=True)
    err = refused(path, key, "records.bad_text")
    assert err.details["line"] == 2


def test_escaped_emoji_is_fine(good, tmp_path, key):
    lines = read_entries(good)["changes.jsonl"].splitlines(keepends=True)
    lines[1] = lines[1].replace("Nguyễn".encode(), b"Nguy\\ud83d\\ude00n", 1)
    path = _tamper_changes(good, tmp_path, key, b"".join(lines), "emoji.dnb", refresh_files=True)
    with open_bundle(path, is_trusted=trusting(key)) as b:
        assert list(b.changes())[1][1]["data"]["full_name"].startswith("Nguy\U0001F600n")


def test_overlong_line_is_refused_without_reading_it_whole(good, tmp_path, key):
    lines = read_entries(good)["changes.jsonl"].splitlines(keepends=True)
    lines[0] = b'{"x": "' + b"a" * 5000 + b'"}\n'
    path = _tamper_changes(good, tmp_path, key, b"".join(lines), "long.dnb", refresh_files=True)
    err = refused(path, key, "records.line_too_long", limits=Limits(max_line_bytes=1000))
    assert err.details["line"] == 1


def test_every_refusal_is_vietnamese_and_says_what_to_do(good, key):
    err = refused(good, key, "envelope.unknown_key", is_trusted=lambda d, k: False)
    assert err.as_dict()["code"] == "envelope.unknown_key"
    assert "Hãy" in err.message
    json.dumps(err.as_dict())  # the CLI's --json report can carry it


# -- mutated bundles: only clean refusals, never a traceback ---------------------------------

_MUTATIONS = ("flip", "drop", "rename", "duplicate", "manifest", "manifest_signed", "line", "truncate")


def _mutate(data: st.DataObject, src: Path, dst: Path, key, identity=None) -> Path:
    kind = data.draw(st.sampled_from(_MUTATIONS), label="mutation")
    if identity is None or kind in ("flip", "truncate"):
        return _mutate_as(kind, data, src, dst, key)
    # encrypted: mutate the ZIP inside payload.age, then seal it again for the province
    inner = dst.with_suffix(".inner.zip")
    payload = dst.with_suffix(".age")
    (dst.parent / "p.age").write_bytes(read_entries(src)["payload.age"])
    crypto.decrypt_file(dst.parent / "p.age", inner, [identity])
    _mutate_as(kind, data, inner, inner, key)
    crypto.encrypt_file(inner, payload, crypto.recipient_of(identity))
    write_zip(dst, [("payload.age", payload.read_bytes())])
    for p in (inner, payload, dst.parent / "p.age"):
        p.unlink()
    return dst


def _mutate_as(kind: str, data: st.DataObject, src: Path, dst: Path, key) -> Path:
    raw = src.read_bytes()
    if kind == "flip":
        buf = bytearray(raw)
        for _ in range(data.draw(st.integers(1, 8), label="flips")):
            pos = data.draw(st.integers(0, len(buf) - 1), label="pos")
            buf[pos] ^= data.draw(st.integers(1, 255), label="xor")
        dst.write_bytes(bytes(buf))
        return dst
    if kind == "truncate":
        dst.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1), label="cut")])
        return dst
    entries = read_entries(src)
    names = sorted(entries)
    if kind == "drop":
        entries.pop(data.draw(st.sampled_from(names), label="drop"))
        return write_zip(dst, list(entries.items()))
    if kind == "rename":
        old = data.draw(st.sampled_from(names), label="old")
        new = data.draw(st.sampled_from(["manifest.json", "manifest.sig", "changes.jsonl", "results.jsonl",
                                         "payload.age", "attachments/" + "b" * 64, "x/../y", "/abs"]),
                        label="new")
        items = [(new if k == old else k, v) for k, v in entries.items()]
        return write_zip(dst, items)
    if kind == "duplicate":
        name = data.draw(st.sampled_from(names), label="dup")
        return write_zip(dst, [*entries.items(), (name, entries[name])])
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False)
        | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=8)
    if kind in ("manifest", "manifest_signed"):
        field = data.draw(st.sampled_from(["format", "format_version", "data_version", "kind", "device_id",
                                           "unit_code", "epoch", "bundle_seq", "prev_bundle_seq", "public_key",
                                           "files", "counts", "created_at", "change_seq_from"]), label="field")
        value = data.draw(json_values, label="value")
        return rebuild(src, dst, manifest_edit=lambda m: m.__setitem__(field, value),
                       key=key if kind == "manifest_signed" else None)
    # a change line replaced by arbitrary JSON, with the manifest made consistent and re-signed
    lines = entries["changes.jsonl"].splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    obj = json.loads(lines[i])
    target = data.draw(st.sampled_from(["whole", "envelope", "data"]), label="target")
    value = data.draw(json_values, label="value")
    if target == "whole":
        obj = value
    elif target == "envelope":
        obj[data.draw(st.sampled_from(sorted(obj) + ["extra"]), label="key")] = value
    else:
        obj["data"][data.draw(st.sampled_from(sorted(obj["data"]) + ["extra"]), label="key")] = value
    lines[i] = json.dumps(obj, ensure_ascii=False).encode() + b"\n"
    entries["changes.jsonl"] = b"".join(lines)
    write_zip(dst, list(entries.items()))
    return rebuild(dst, dst, key=key, refresh_files=True)


@pytest.fixture(scope="module")
def sources(tmp_path_factory, key, identity):
    base = tmp_path_factory.mktemp("sources")
    att = base / "qd.pdf"
    att.write_bytes(ATTACHMENT_BYTES)
    plain = write_bundle(base / "plain", key, attachment=att)
    sealed = write_bundle(base / "sealed", key, attachment=att, recipient=crypto.recipient_of(identity))
    return plain, sealed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_bundles_are_refused_cleanly(data, sources, key, identity, tmp_path):
    sealed = data.draw(st.booleans(), label="encrypted")
    dst = _mutate(data, sources[sealed], tmp_path / f"m{data.draw(st.integers(0, 10**9))}.dnb", key,
                  identity if sealed else None)
    try:
        with open_bundle(dst, is_trusted=trusting(key), identities=[identity]) as b:
            for n, c in b.changes():
                problems = validate_change(n, c)
                assert all(isinstance(p, Problem) and p.line == n and p.message for p in problems)
            list(b.results())
    except BundleRefused as err:
        assert err.code and err.message and dst.name in err.message
    finally:
        dst.unlink(missing_ok=True)


def test_mutation_catalogue_reaches_the_record_checks(sources, key, identity, tmp_path):
    """The hypothesis test is only worth something if some mutants get past steps 1–2."""
    plain = sources[0]
    entries = read_entries(plain)
    lines = entries["changes.jsonl"].splitlines(keepends=True)
    obj = json.loads(lines[0])
    obj["data"]["level"] = "galaxy"
    lines[0] = json.dumps(obj).encode() + b"\n"
    entries["changes.jsonl"] = b"".join(lines)
    dst = write_zip(tmp_path / "rec.dnb", list(entries.items()))
    rebuild(dst, dst, key=key, refresh_files=True)
    with open_bundle(dst, is_trusted=trusting(key)) as b:
        problems = [p for n, c in b.changes() for p in validate_change(n, c)]
    assert [(p.line, p.field) for p in problems] == [(1, "level")]


def test_zip_with_an_unsupported_feature_is_refused_not_crashing(good, tmp_path, key):
    """A ZIP64 end record pointing nowhere, a truncated directory: clean refusal."""
    raw = good.read_bytes()
    eocd = raw.rindex(b"PK\x05\x06")
    broken = raw[:eocd] + b"PK\x06\x07" + b"\0" * 16 + raw[eocd:]
    (tmp_path / "z64.dnb").write_bytes(broken)
    with pytest.raises(BundleRefused):
        open_bundle(tmp_path / "z64.dnb", is_trusted=trusting(key))
    assert zipfile.is_zipfile(good)


# -- a bundle written by another program, from SYNC.md alone ----------------------------------

class _Unseekable:
    """A write-only stream: zipfile then streams entries with data descriptors, as many tools do."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def write(self, data: bytes) -> int:
        self.buf += data
        return len(data)

    def flush(self) -> None:
        pass


def test_a_bundle_written_from_sync_md_alone_is_read(tmp_path, key, identity):
    import base64

    import pyrage

    lines = [change(1, "person"), change(2, "delegation")]
    body = "".join(json.dumps(c, sort_keys=True) + "\r\n" for c in lines).encode()  # spaces, CRLF
    manifest_bytes = json.dumps({
        "format": "doingoai-bundle", "format_version": 1, "data_version": 1, "kind": "changes",
        "app_version": "other-tool 2.1", "device_id": DEVICE, "unit_code": "DL-BMT", "epoch": 1,
        "bundle_seq": 1, "prev_bundle_seq": 0, "change_seq_from": 1, "change_seq_to": 2,
        "acked_bundle_seq": 0, "created_at": "2026-11-26T08:00:00.5Z",
        "public_key": base64.b64encode(keys.public_raw(key)).decode(),
        "files": {"changes.jsonl": {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body), "lines": 2}},
        "counts": {"delegation": 1, "person": 1}, "state_checksum": "ab" * 32,
    }).encode()
    inner = _Unseekable()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("changes.jsonl", body), ("manifest.sig", key.sign(manifest_bytes)),
                           (f"attachments/{ATTACHMENT_SHA}", ATTACHMENT_BYTES), ("manifest.json", manifest_bytes)):
            with zf.open(name, "w") as fh:
                fh.write(data)
    import io

    assert all(i.flag_bits & 0x08 for i in zipfile.ZipFile(io.BytesIO(bytes(inner.buf))).infolist())
    payload = pyrage.encrypt(bytes(inner.buf), [crypto.parse_recipient(crypto.recipient_of(identity))])
    path = write_zip(tmp_path / "DL-BMT_8c1f0a2b_1-000001.dnb", [("payload.age", payload)])
    with open_bundle(path, is_trusted=trusting(key), identities=[identity], require_encrypted=True) as b:
        got = list(b.changes())
        assert [c for _, c in got] == lines
        assert all(validate_change(n, c) == [] for n, c in got)
        assert b.attachment(ATTACHMENT_SHA).read_bytes() == ATTACHMENT_BYTES

"""Valid-looking bundles that broke the province (issue 9): each is refused cleanly now, or imported
without breaking anything after it."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date

import pytest

from desktop.domain.validation import parse_date
from desktop.sync import keys
from desktop.sync.bundle import open_bundle
from desktop.sync.errors import BundleRefused
from tests.sync.engine_helpers import craft, dump, line, machine, pair, person_data
from tests.sync.format_helpers import read_entries, rebuild, trusting, write_bundle, write_zip

# --- the format layer: duplicate keys, bytes outside the archive, bounded numbers, real instants --------


@pytest.fixture(scope="module")
def key():
    return keys.generate()


@pytest.fixture
def good(tmp_path, key):
    return write_bundle(tmp_path / "out", key)


def _format_refused(path, key, code):
    with pytest.raises(BundleRefused) as info, open_bundle(path, is_trusted=trusting(key)) as b:
        list(b.changes())
    assert info.value.code == code, info.value.message
    assert path.name in info.value.message
    return info.value


def test_a_key_twice_in_the_signed_manifest_is_format_refused(good, tmp_path, key):
    def twice(entries):
        text = entries["manifest.json"].decode()
        doubled = text.replace('"unit_code": "DL-BMT",', '"unit_code": "DL-BMT", "unit_code": "DL-KPA",', 1)
        assert doubled != text
        return {**entries, "manifest.json": doubled.encode(), "manifest.sig": key.sign(doubled.encode())}

    error = _format_refused(rebuild(good, tmp_path / "dup.dnb", entries=twice), key, "envelope.duplicate_key")
    assert "unit_code" in error.message


def test_a_key_twice_in_a_change_line_is_refused_naming_the_line(good, tmp_path, key):
    def twice(entries):
        lines = entries["changes.jsonl"].decode().splitlines(keepends=True)
        lines[1] = lines[1].replace('"op":"upsert"', '"op":"upsert","op":"delete"', 1)
        return {**entries, "changes.jsonl": "".join(lines).encode()}

    path = rebuild(good, tmp_path / "dupline.dnb", entries=twice, refresh_files=True, key=key)
    error = _format_refused(path, key, "records.duplicate_key")
    assert error.problems[0].line == 2 and "op" in error.message


@pytest.mark.parametrize("where", ["before", "after"])
def test_bytes_outside_the_archive_are_format_refused(good, tmp_path, key, where):
    raw = good.read_bytes()
    junk = b"MZ" + b"\x00" * 98  # ~100 bytes, as a second file hidden in the first would be
    path = tmp_path / f"junk-{where}.dnb"
    path.write_bytes(junk + raw if where == "before" else raw + junk)
    _format_refused(path, key, "archive.junk")


def test_a_zip_written_as_a_stream_with_data_descriptors_still_reads(good, tmp_path, key):
    import zipfile

    entries = read_entries(good)
    path = tmp_path / "stream.dnb"

    class Unseekable:
        def __init__(self, fh):
            self.fh = fh

        def write(self, b):
            return self.fh.write(b)

        def flush(self):
            self.fh.flush()

        def tell(self):
            return self.fh.tell()

    with open(path, "wb") as fh, zipfile.ZipFile(Unseekable(fh), "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            with zf.open(name, "w") as out:
                out.write(data)
    with zipfile.ZipFile(path) as zf:
        assert all(i.flag_bits & 0x08 for i in zf.infolist())  # really streamed
    with open_bundle(path, is_trusted=trusting(key)) as b:
        assert len(list(b.changes())) == 5


@pytest.mark.parametrize("edit", [
    lambda m: m.update(epoch=2**63), lambda m: m.update(bundle_seq=2**63),
    lambda m: m.update(prev_bundle_seq=2**40), lambda m: m.update(change_seq_to=10**30),
    lambda m: m.update(bundle_seq=2**31), lambda m: m.update(prev_bundle_seq=7),  # prev not below the bundle
    lambda m: m.update(created_at="2026-13-45T99:99:99Z"), lambda m: m.update(created_at="0001-01-01T00:00:00Z"),
    lambda m: m.update(age_recipient="age1không"), lambda m: m.update(to_device_id="máy khác"),
])
def test_manifest_numbers_and_instants_out_of_bounds_are_format_refused(good, tmp_path, key, edit):
    _format_refused(rebuild(good, tmp_path / "bounds.dnb", key=key, manifest_edit=edit), key, "envelope.bad_manifest")


def test_a_date_from_year_one_is_refused_by_the_schema_and_the_editor():
    from desktop.sync.schema import validate_change

    data = {"direction": "outbound", "kind": "working_trip", "title": "Đoàn", "countries": ["KR"],
            "start_date": "0001-01-01", "end_date": "2026-01-02", "in_annual_plan": False, "status": "draft",
            "attachments": []}
    change = {"change_seq": 1, "entity": "delegation", "id": str(uuid.uuid4()), "op": "upsert", "version": 1,
              "base_version": 0, "origin_device": str(uuid.uuid4()), "updated_at": "2026-01-01T00:00:00Z", "data": data}
    (problem,) = validate_change(1, change)
    assert problem.field == "start_date" and "1900" in problem.message
    with pytest.raises(ValueError, match="1900"):
        parse_date("01/01/0001")
    assert parse_date("31/12/2099") == date(2099, 12, 31)


# --- the engine: a unit and the province store (SQLite and PostgreSQL) ------------------------------


def _origin(services):
    return services.sync.keys().device_id


def _delegation(**changes):
    data = {"direction": "outbound", "kind": "working_trip", "title": "Đoàn công tác Hàn Quốc",
            "purpose": None, "countries": ["KR"], "partner": None, "start_date": "2026-06-15",
            "end_date": "2026-06-20", "funding": None, "cost_estimate_vnd": None, "in_annual_plan": False,
            "status": "draft", "submitted_on": None, "decision_number": None, "decision_date": None,
            "decision_authority": None, "report_received_on": None, "override_reason": None, "notes": None,
            "attachments": []}
    return {**data, **changes}


def _refused(province, path, code):
    before = dump(province)
    (report,) = province.sync.import_paths([path])
    assert report.outcome == "refused" and report.code == code, report.message
    assert dump(province) == before
    return report


@pytest.mark.parametrize(("data", "field"), [
    (_delegation(end_date="2026-06-10"), "end_date"),                     # the end before the start
    (_delegation(status="submitted"), "submitted_on"),                    # submitted without a date
    (_delegation(countries=[]), "countries"),                             # nowhere to go
    (_delegation(start_date="0001-01-01"), "start_date"),                 # year one
])
def test_a_bundle_is_refused_what_the_editor_refuses(unit, province, tmp_path, data, field):
    bad = line(1, "delegation", data, origin=_origin(unit))
    report = _refused_import(province, craft(unit, tmp_path / "usb", [bad]))
    assert [(p.line, p.field) for p in report.problems] == [(1, field)]


def _refused_import(province, path):
    return _refused(province, path, "records.invalid")


def test_an_outbound_member_without_an_officer_is_refused_as_the_editor_refuses_it(unit, province, tmp_path):
    trip = line(1, "delegation", _delegation(), origin=_origin(unit))
    member = line(2, "delegation_member", {"delegation_id": trip["id"], "role": "member", "person_id": None,
                                           "guest_name": "Kim Min-jun"}, origin=_origin(unit))
    report = _refused_import(province, craft(unit, tmp_path / "usb", [trip, member]))
    assert [(p.line, p.field) for p in report.problems] == [(2, "person_id")]


@pytest.mark.parametrize("seqs", [(2, 1), (1, 1)])
def test_change_lines_must_rise_strictly(unit, province, tmp_path, seqs):
    lines = [line(seq, "person", person_data(f"Cán bộ {i}"), origin=_origin(unit)) for i, seq in enumerate(seqs)]
    path = _unordered(unit, tmp_path, lines)
    report = _refused_import(province, path)
    assert [(p.line, p.field) for p in report.problems] == [(2, "change_seq")]


def _unordered(unit, tmp_path, lines):
    """A bundle whose lines are out of order (our writer refuses to write one): rebuilt and re-signed."""
    ordered = [{**ln, "change_seq": i + 1} for i, ln in enumerate(lines)]
    path = craft(unit, tmp_path / "ordered", ordered, plaintext=True)
    text = "".join(json.dumps(ln, ensure_ascii=False) + "\n" for ln in lines).encode()
    info = unit.device.info()
    signing = keys.load_private(unit.device.key_path(info.id))
    plain = rebuild(path, tmp_path / "plain.dnb", entries=lambda e: {**e, "changes.jsonl": text},
                    refresh_files=True, key=signing)
    return _sealed(unit, plain, tmp_path / "sealed")


def _sealed(unit, plain, out):
    """The same entries, age-encrypted to the province the unit is paired with."""
    from desktop.sync import crypto
    from desktop.sync.state import PROVINCE_RECIPIENT

    out.mkdir(parents=True, exist_ok=True)
    payload = out / "payload.age"
    crypto.encrypt_file(plain, payload, unit.device.get_setting(PROVINCE_RECIPIENT))
    target = out / plain.name
    write_zip(target, [("payload.age", payload.read_bytes())])
    return target


def test_dates_at_the_ends_of_the_range_break_no_rule_list_or_report(unit, province, tmp_path):
    person = line(1, "person", person_data("Cán bộ Lâu Năm", birth_date="1900-01-01", passport_expiry="2099-12-31"),
                  origin=_origin(unit))
    far = line(2, "delegation", _delegation(start_date="2099-12-31", end_date="2099-12-31"), origin=_origin(unit))
    early = line(3, "delegation", _delegation(title="Đoàn năm 1900", start_date="1900-01-01", end_date="1900-01-02"),
                 origin=_origin(unit))
    member = line(4, "delegation_member", {"delegation_id": far["id"], "role": "head", "person_id": person["id"]},
                  origin=_origin(unit))
    discipline = line(5, "discipline_record", {"person_id": person["id"], "form": "reprimand",
                                               "effective_from": "1900-01-01"}, origin=_origin(unit))
    (report,) = province.sync.import_paths([craft(unit, tmp_path / "usb", [person, far, early, member, discipline])])
    assert report.outcome == "applied", report.problems
    province.all_findings()
    province.dashboard.overview()
    from desktop.services.common import ListQuery

    titles = [r.title for r in province.delegations.page(ListQuery(limit=50))]
    assert "Đoàn năm 1900" in titles and len(titles) == 2


def test_a_gap_of_two_billion_bundles_is_said_by_its_ends(unit, province, tmp_path):
    person = line(1, "person", person_data(), origin=_origin(unit))
    path = craft(unit, tmp_path / "usb", [person], bundle_seq=2**31 - 1, prev_bundle_seq=2**31 - 2)
    (report,) = province.sync.import_paths([path])
    assert report.outcome == "held"
    assert report.missing_ranges == [(1, 2**31 - 2)] and report.missing_seqs == list(range(1, 101))
    assert "1–2147483646" in report.message and len(report.message) < 1000
    (held,) = province.sync.held()
    assert held.missing == [(1, 2**31 - 2)]


# --- a folder of bundles: one bad bundle stops nothing -------------------------------------------------


def test_one_bad_bundle_in_a_folder_does_not_stop_the_others(unit, province, tmp_path, monkeypatch):
    kpa = machine(tmp_path, "kpa", "DL-KPA")
    ckuin = machine(tmp_path, "cku", "DL-CKU")
    try:
        folder = tmp_path / "all"
        for services, name in ((unit, "Nguyễn Văn An"), (kpa, "Y Thông Ktla"), (ckuin, "H'Hen Niê")):
            pair(services, province)
            from tests.services.builders import officer

            officer(services, name)
            services.sync.export_bundle(folder)
        broken = folder / "DL-BHO_00000000_1-000001.dnb"
        broken.write_bytes(b"PK\x03\x04 not a bundle at all")
        bmt_path = next(p for p in folder.iterdir() if p.name.startswith("DL-CKU"))
        import desktop.sync.importer as importer_mod

        real = importer_mod.Importer._import_opened

        def crash_on_one(self, b, path, options):
            if path == bmt_path:
                raise RuntimeError("a bug met by this bundle only")
            return real(self, b, path, options)

        monkeypatch.setattr(importer_mod.Importer, "_import_opened", crash_on_one)
        reports = {r.path.name[:6]: r for r in province.sync.import_paths([folder])}
        assert reports["DL-BMT"].outcome == "applied" and reports["DL-KPA"].outcome == "applied"
        assert reports["DL-BHO"].outcome == "refused" and reports["DL-BHO"].code == "archive.corrupt"
        assert reports["DL-CKU"].outcome == "refused" and reports["DL-CKU"].code == "import.failed"
        assert "các gói khác" in reports["DL-CKU"].message.lower()
    finally:
        kpa.close()
        ckuin.close()


@pytest.mark.sqlite_only  # the full disk is SQLite's "database or disk is full"
def test_a_full_disk_during_an_import_says_so_instead_of_asking_for_a_full_bundle(unit, province, tmp_path,
                                                                                  monkeypatch):
    import sqlite3

    from tests.services.builders import officer

    officer(unit)
    path = unit.sync.export_bundle(tmp_path / "usb").path

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(type(province.ctx.db), "backup", full)
    before = dump(province)
    (report,) = province.sync.import_paths([path])
    assert report.outcome == "refused" and report.code == "disk.full"
    assert "Ổ đĩa đầy" in report.message and "gói đầy đủ" not in report.message
    assert dump(province) == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.sqlite_only
def test_a_read_only_data_folder_during_an_import_is_a_message_not_a_traceback(unit, province, tmp_path,
                                                                                monkeypatch):
    import desktop.storage.files as files_mod
    from tests.services.builders import officer

    officer(unit)
    path = unit.sync.export_bundle(tmp_path / "usb").path

    def read_only(*_a, **_k):  # what the backup before the import meets in a read-only folder (root writes anyway)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_mod, "create_private", read_only)
    before = dump(province)
    (report,) = province.sync.import_paths([path])
    assert report.outcome == "refused" and report.code == "disk.read_only"
    assert "chỉ cho phép đọc" in report.message
    assert dump(province) == before

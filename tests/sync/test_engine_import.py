"""The import pipeline, SYNC.md steps 3–7, between a unit's database and the province's."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.collation import stored_sort_key
from desktop.models import Delegation, OutgoingDocument, Person
from desktop.models.sync import HeldBundle, ImportProgress, SentBundle
from desktop.services.common import ListQuery
from tests.services.builders import officer, outbound
from tests.sync.engine_helpers import (
    craft,
    dump,
    line,
    machine,
    own_recipient,
    pair,
    person_data,
    unit_records,
)


def _province_ack(province, out, *, to, recipient, lines=()):
    """An ack signed with the province's real key, addressed to `to`, sealed for `recipient`."""
    from desktop.sync import keys
    from desktop.sync.bundle import BundleWriter

    info = province.device.info()
    manifest = {"kind": "ack", "device_id": info.id, "unit_code": info.unit_code, "epoch": 1, "bundle_seq": 50,
                "prev_bundle_seq": 49, "applied_through_bundle_seq": 0, "to_device_id": to.sync.keys().device_id,
                "to_epoch": 1, "to_unit_code": to.sync.keys().unit_code}
    with BundleWriter(out, manifest, keys.load_private(province.device.key_path(info.id)), recipient=recipient) as w:
        for ln in lines:
            w.add_change(ln)
    return w.path


def _export(unit, tmp_path, folder="usb", **kw):
    return unit.sync.export_bundle(tmp_path / folder, **kw).path


def _one(province, path, **kw):
    reports = province.sync.import_paths([path], **kw)
    assert len(reports) >= 1
    return reports[0]


# --- applied, dry run, replay ---------------------------------------------------------------


def test_a_changes_bundle_is_applied_with_counts_and_a_matching_checksum(unit, province, tmp_path):
    person = officer(unit)
    unit.delegations.save(outbound(), [{"role": "head", "person_id": person}])
    report = _one(province, _export(unit, tmp_path))
    assert report.outcome == "applied", report.message
    assert report.counts["person"]["new"] == 1
    assert report.counts["delegation"]["new"] == 1
    assert report.counts["delegation_member"]["new"] == 1
    assert report.checksum_ok is True
    assert unit_records(unit) == unit_records_at(province, unit)
    with province.ctx.db.read() as s:
        stored = s.get(Person, person)
        assert stored.unit_code == "DL-BMT" and stored.version == 1
        assert stored.search_key  # folded for the diacritic-free search, as the tracker would
        assert s.scalar(select(func.count()).select_from(Delegation)) == 1


def test_records_applied_from_a_bundle_get_their_sort_keys(unit, province, tmp_path):
    for name in ("Đặng Văn Hải", "Dương Thị Lan", "Ân Văn Lộc"):
        officer(unit, name, position=None)
    assert _one(province, _export(unit, tmp_path)).outcome == "applied"
    rows = province.persons.page(ListQuery(sort="full_name"))
    assert [r.full_name for r in rows] == ["Ân Văn Lộc", "Dương Thị Lan", "Đặng Văn Hải"]
    with province.ctx.db.read() as s:
        stored = s.scalars(select(Person)).all()
    assert all(p.full_name_sort == stored_sort_key(p.full_name) and p.position_sort is None for p in stored)


def unit_records_at(province, unit):
    return dump(province, origin=unit.sync.keys().device_id)


def test_a_dry_run_reports_the_same_counts_and_writes_nothing(unit, province, tmp_path):
    officer(unit)
    path = _export(unit, tmp_path)
    before = dump(province)
    dry = _one(province, path, dry_run=True)
    assert dry.outcome == "dry_run"
    assert dump(province) == before
    with province.ctx.db.read() as s:
        assert s.get(ImportProgress, (unit.sync.keys().device_id, 1)) is None
    real = _one(province, path)
    assert real.counts == dry.counts


def test_importing_the_same_bundle_twice_changes_nothing(unit, province, tmp_path):
    officer(unit)
    path = _export(unit, tmp_path)
    assert _one(province, path).outcome == "applied"
    before = dump(province)
    with province.ctx.db.read() as s:
        received = s.get(ImportProgress, (unit.sync.keys().device_id, 1)).last_received_at
    again = _one(province, path)
    assert again.outcome == "replayed"
    assert again.totals()["new"] == 0 and again.totals()["unchanged"] == 1
    assert dump(province) == before
    with province.ctx.db.read() as s:
        assert s.get(ImportProgress, (unit.sync.keys().device_id, 1)).last_received_at == received


@pytest.mark.sqlite_only  # PostgreSQL: no pg_dump per bundle; the import is one transaction there
def test_an_import_is_backed_up_first(unit, province, tmp_path):
    officer(unit)
    _one(province, _export(unit, tmp_path))
    assert list(province.ctx.paths.backups.glob("*before-bundle-import*"))


# --- step 3: invalid records ------------------------------------------------------------------


@pytest.mark.parametrize(("change", "field"), [
    ({"is_key_leader": "có"}, "is_key_leader"),                   # wrong type
    ({"gender": "nam"}, "gender"),                               # unknown enum value
    ({"birth_date": "1980-02-30"}, "birth_date"),                # not a date
    ({"passport_expiry": "01/01/2031"}, "passport_expiry"),      # not YYYY-MM-DD
])
def test_one_invalid_record_refuses_the_whole_bundle(unit, province, tmp_path, change, field):
    origin = unit.sync.keys().device_id
    good = line(1, "person", person_data("Lê Thị Hoa"), origin=origin)
    bad = line(2, "person", person_data(**change), origin=origin)
    report = _one(province, craft(unit, tmp_path / "usb", [good, bad]))
    assert report.outcome == "refused" and report.code == "records.invalid"
    assert [(p.line, p.record_id, p.field) for p in report.problems] == [(2, bad["id"], field)]
    assert "không hợp lệ" in report.message and "xuất lại" in report.message
    with province.ctx.db.read() as s:
        assert s.get(Person, good["id"]) is None  # nothing written, not even the valid line


def test_a_dangling_reference_refuses_the_bundle(unit, province, tmp_path):
    origin = unit.sync.keys().device_id
    missing_person = "11111111-2222-4333-8444-555555555555"
    record = line(1, "discipline_record", {"person_id": missing_person, "form": "warning",
                                           "effective_from": "2025-01-01"}, origin=origin)
    report = _one(province, craft(unit, tmp_path / "usb", [record]))
    assert report.code == "records.invalid"
    (problem,) = report.problems
    assert (problem.line, problem.field) == (1, "person_id")
    assert missing_person in problem.message


def test_a_reference_to_a_record_later_in_the_bundle_or_already_stored_is_fine(unit, province, tmp_path):
    origin = unit.sync.keys().device_id
    person = line(2, "person", person_data(), origin=origin)
    record = line(1, "discipline_record", {"person_id": person["id"], "form": "warning",
                                           "effective_from": "2025-01-01"}, origin=origin)
    report = _one(province, craft(unit, tmp_path / "usb", [record, person]))
    assert report.outcome == "applied", report.problems  # the child came first: checked at commit
    again = line(3, "discipline_record", {"person_id": person["id"], "form": "reprimand",
                                          "effective_from": "2025-06-01"}, origin=origin)
    assert _one(province, craft(unit, tmp_path / "usb2", [again], bundle_seq=2)).outcome == "applied"


# --- step 4: order ------------------------------------------------------------------------------


def _three_bundles(unit, tmp_path, **kw):
    paths = []
    for i, name in enumerate(("Phạm Văn Một", "Phạm Văn Hai", "Phạm Văn Ba")):
        officer(unit, name, passport_number=f"C000000{i}")
        paths.append(_export(unit, tmp_path, f"usb{i}", **kw))
    return paths


def test_a_gap_holds_the_bundle_naming_the_missing_numbers(unit, province, tmp_path):
    first, second, third = _three_bundles(unit, tmp_path)
    held = _one(province, third)
    assert held.outcome == "held" and held.missing_seqs == [1, 2] and held.missing_ranges == [(1, 2)]
    assert held.counts["person"]["held"] == 3
    assert "1–2" in held.message
    (row,) = province.sync.held()
    assert row.bundle_seq == 3 and row.missing == [(1, 2)]
    assert row.stored_path.startswith(str(province.ctx.paths.root))  # a copy inside the data folder
    third.unlink()  # the USB stick is gone: the copy is what counts
    assert _one(province, first).outcome == "applied"
    assert province.sync.held()[0].missing == [(2, 2)]
    reports = province.sync.import_paths([second])
    assert [r.outcome for r in reports] == ["applied", "applied"]  # 3 released by itself
    assert province.sync.held() == []
    assert len(unit_records_at(province, unit)) == 3


def test_bundles_out_of_order_end_in_the_same_state_as_in_order(unit, province, tmp_path):
    unit.sync.set_province_recipient(None)  # plaintext, so that a second province can read them too
    paths = _three_bundles(unit, tmp_path, allow_plaintext=True)
    other = machine(tmp_path, "province2", "DL", province=True)
    try:
        for store in (province, other):  # the administrator's switch: plaintext bundles accepted
            store.sync.set_require_encrypted(False)
        keys = unit.sync.keys()
        other.sync.trust(keys.device_id, keys.public_key, keys.unit_code)
        for p in paths:
            assert _one(other, p).outcome == "applied"
        for p in (paths[2], paths[0], paths[1]):
            province.sync.import_paths([p])
        assert unit_records_at(province, unit) == unit_records_at(other, unit)
        with province.ctx.db.read() as s, other.ctx.db.read() as o:
            key = (unit.sync.keys().device_id, 1)
            assert s.get(ImportProgress, key).last_bundle_seq == o.get(ImportProgress, key).last_bundle_seq == 3
    finally:
        other.close()


def test_a_held_bundle_can_be_forced(unit, province, tmp_path):
    _first, _second, third = _three_bundles(unit, tmp_path)
    assert _one(province, third).outcome == "held"
    (row,) = province.sync.held()
    reports = province.sync.force_held(row.id)
    assert reports[0].outcome == "applied"
    assert province.sync.held() == []
    assert len(unit_records_at(province, unit)) == 3  # bundles are cumulative: 3 carried 1 and 2


def test_a_dry_run_of_a_gap_holds_nothing(unit, province, tmp_path):
    *_rest, third = _three_bundles(unit, tmp_path)
    assert _one(province, third, dry_run=True).outcome == "held"
    assert province.sync.held() == []


def test_changes_at_or_below_what_is_applied_are_skipped(unit, province, tmp_path):
    first, second, _third = _three_bundles(unit, tmp_path)
    _one(province, second)  # held: 1 is missing
    _one(province, first)
    replay = _one(province, first)
    assert replay.outcome == "replayed"


# --- step 5: apply: updates, tombstones, conflicts -------------------------------------------------


def test_an_edit_at_the_unit_updates_the_province(unit, province, tmp_path):
    pid = officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    unit.persons.save({**_person_form(unit, pid), "position": "Chủ tịch UBND"}, pid)
    report = _one(province, _export(unit, tmp_path, "b"))
    assert report.counts["person"]["updated"] == 1
    with province.ctx.db.read() as s:
        assert s.get(Person, pid).position == "Chủ tịch UBND"
        assert s.get(Person, pid).version == 2


def _person_form(services, pid):
    from desktop.sync.records import to_data

    with services.ctx.db.read() as s:
        return to_data(s.get(Person, pid))


def test_a_tombstone_deletes_at_the_province(unit, province, tmp_path):
    pid = officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    unit.persons.delete(pid)
    report = _one(province, _export(unit, tmp_path, "b"))
    assert report.counts["person"]["deleted"] == 1
    with province.ctx.db.read() as s:
        assert s.get(Person, pid).deleted is True
    assert report.checksum_ok is True


def test_an_edit_on_both_sides_is_a_conflict_with_both_versions_kept(unit, province, tmp_path):
    pid = officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    province.persons.save({**_person_form(province, pid), "position": "Giám đốc Sở"}, pid)
    unit.persons.save({**_person_form(unit, pid), "position": "Phó Chủ tịch"}, pid)
    report = _one(province, _export(unit, tmp_path, "b"))
    assert report.outcome == "applied"
    assert report.counts["person"]["conflicts"] == 1
    assert "xung đột" in report.message
    (conflict,) = province.sync.conflicts()
    assert conflict.record_id == pid and conflict.unit_code == "DL-BMT"
    assert conflict.local_data["position"] == "Giám đốc Sở"
    assert conflict.incoming_data["position"] == "Phó Chủ tịch"
    with province.ctx.db.read() as s:
        assert s.get(Person, pid).position == "Giám đốc Sở"  # ours stays until a person decides
    assert report.checksum_ok is True  # the open conflict counts at the unit's version


def test_a_stale_full_bundle_is_not_a_conflict(unit, province, tmp_path):
    pid = officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    province.persons.save({**_person_form(province, pid), "position": "Giám đốc Sở"}, pid)
    report = _one(province, _export(unit, tmp_path, "b", full=True))
    assert report.counts["person"]["conflicts"] == 0
    assert province.sync.conflicts() == []


def test_several_changes_of_one_record_travel_as_one_line(unit, province, tmp_path):
    pid = officer(unit)
    for position in ("Phó phòng", "Trưởng phòng", "Phó Chủ tịch"):
        unit.persons.save({**_person_form(unit, pid), "position": position}, pid)
    result = unit.sync.export_bundle(tmp_path / "usb")
    assert result.counts == {"person": 1}
    _one(province, result.path)
    with province.ctx.db.read() as s:
        assert (s.get(Person, pid).position, s.get(Person, pid).version) == ("Phó Chủ tịch", 4)


# --- step 6: checksum ------------------------------------------------------------------------------


def test_a_checksum_mismatch_is_recorded_and_asks_for_a_full_bundle(unit, province, tmp_path):
    origin = unit.sync.keys().device_id
    report = _one(province, craft(unit, tmp_path / "usb", [line(1, "person", person_data(), origin=origin)],
                                  checksum="ab" * 32))
    assert report.outcome == "applied" and report.checksum_ok is False
    assert "gói đầy đủ" in report.message
    with province.ctx.db.read() as s:
        prog = s.get(ImportProgress, (origin, 1))
        assert prog.checksum_ok is False and prog.checksum_expected == "ab" * 32
    (status,) = province.sync.unit_status()
    assert status.checksum_mismatches == 1


def test_a_full_bundle_repairs_what_a_mismatch_revealed(unit, province, tmp_path):
    from desktop.sync import state

    first = officer(unit)
    officer(unit, "Đỗ Thị Mai", passport_number="C7777777")
    with unit.ctx.db.read() as s:
        real = state.state_checksum(s, unit.sync.keys().device_id)
        person = s.get(Person, first)
        data = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in ((n, getattr(person, n)) for n in Person.__sync_fields__)}
    origin = unit.sync.keys().device_id
    partial = craft(unit, tmp_path / "usb", [line(1, "person", data, record_id=first, origin=origin)],
                    checksum=real)  # a bundle that lost one of the unit's records on the way
    report = _one(province, partial)
    assert report.checksum_ok is False
    full = _one(province, _export(unit, tmp_path, "full", full=True))
    assert full.outcome == "applied" and full.checksum_ok is True
    assert full.counts["person"]["new"] == 1
    with province.ctx.db.read() as s:
        assert s.get(ImportProgress, (origin, 1)).checksum_ok is True


# --- envelope trust (the engine's side of it) --------------------------------------------------------


def test_an_untrusted_unit_is_refused_showing_its_fingerprint(unit, tmp_path):
    stranger = machine(tmp_path, "stranger", "DL", province=True)
    try:
        stranger.sync.set_require_encrypted(False)
        officer(unit)
        report = _one(stranger, _export(unit, tmp_path, allow_plaintext=True))
        assert report.code == "envelope.unknown_key"
        assert unit.sync.keys().fingerprint in report.message
    finally:
        stranger.close()


def test_the_province_refuses_plaintext_unless_an_administrator_allows_it(unit, province, tmp_path):
    officer(unit)
    unit.sync.set_province_recipient(None)
    assert province.sync.requires_encryption()  # the default: nothing set
    path = _export(unit, tmp_path, allow_plaintext=True)
    report = _one(province, path)
    assert report.outcome == "refused" and report.code == "envelope.plaintext"
    province.sync.set_require_encrypted(False)
    assert _one(province, path).outcome == "applied"


def test_a_bundle_from_this_very_device_is_refused(unit, province, tmp_path):
    unit.sync.set_province_recipient(None)
    officer(unit)
    path = _export(unit, tmp_path, allow_plaintext=True)
    report = unit.sync.import_paths([path])[0]
    assert report.code == "order.own_bundle"


# --- acks -------------------------------------------------------------------------------------------


def test_the_ack_marks_bundles_acknowledged_and_the_next_bundle_starts_after_them(unit, province, tmp_path):
    officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    ack = province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "acks")
    report = unit.sync.import_paths([ack])[0]
    assert report.outcome == "applied", report.message
    (sent,) = unit.sync.history()
    assert sent.acked
    before = dump(unit)
    assert unit.sync.import_paths([ack])[0].outcome == "replayed"
    assert dump(unit) == before
    officer(unit, "Đỗ Thị Mai", passport_number="C7777777")
    nxt = unit.sync.export_bundle(tmp_path / "b")
    assert nxt.counts == {"person": 1}  # only what came after the acknowledged bundle
    assert _one(province, nxt.path).outcome == "applied"


def test_a_conflict_resolved_at_the_province_travels_back_in_the_ack(unit, province, tmp_path):
    pid = officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    province.persons.save({**_person_form(province, pid), "position": "Giám đốc Sở"}, pid)
    unit.persons.save({**_person_form(unit, pid), "position": "Phó Chủ tịch"}, pid)
    _one(province, _export(unit, tmp_path, "b"))
    device = unit.sync.keys().device_id
    # the unit learns of the open conflict from a first ack
    first_ack = province.sync.write_ack(device, tmp_path / "ack1")
    report = unit.sync.import_paths([first_ack])[0]
    assert [c["id"] for c in report.reported_conflicts] == [pid]
    assert [c.status for c in unit.sync.conflicts()] == ["reported"]
    (conflict,) = province.sync.conflicts()
    province.sync.resolve_conflict(conflict.id, "province")
    assert province.sync.conflicts() == []
    second_ack = province.sync.write_ack(device, tmp_path / "ack2")
    report = unit.sync.import_paths([second_ack])[0]
    assert report.counts["person"]["updated"] == 1
    with unit.ctx.db.read() as s:
        assert s.get(Person, pid).position == "Giám đốc Sở"
    assert unit.sync.conflicts() == []
    # both sides now agree; the unit's next bundle does not reopen the conflict
    unit.persons.save({**_person_form(unit, pid), "phone": "0262 3852 000"}, pid)
    again = _one(province, _export(unit, tmp_path, "c"))
    assert again.counts["person"]["updated"] == 1 and province.sync.conflicts() == []


def test_keep_the_units_version_and_edit(unit, province, tmp_path):
    pid = officer(unit)
    other = officer(unit, "Võ Văn Tư", passport_number="C5555555")
    _one(province, _export(unit, tmp_path, "a"))
    for p, mine, theirs in ((pid, "Giám đốc Sở", "Phó Chủ tịch"), (other, "Trưởng phòng", "Phó phòng")):
        province.persons.save({**_person_form(province, p), "position": mine}, p)
        unit.persons.save({**_person_form(unit, p), "position": theirs}, p)
    _one(province, _export(unit, tmp_path, "b"))
    first, second = sorted(province.sync.conflicts(), key=lambda c: c.record_id == other)
    province.sync.resolve_conflict(first.id, "unit")
    edited = {**second.incoming_data, "position": "Chánh Văn phòng"}
    province.sync.resolve_conflict(second.id, "edit", edited)
    with province.ctx.db.read() as s:
        assert s.get(Person, pid).position == "Phó Chủ tịch"
        assert s.get(Person, other).position == "Chánh Văn phòng"
        assert s.get(Person, other).version > second.incoming_version
    unit.sync.import_paths([province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "ack")])
    with unit.ctx.db.read() as s:
        assert s.get(Person, other).position == "Chánh Văn phòng"


def test_an_edit_that_is_not_valid_is_refused(unit, province, tmp_path):
    from desktop.errors import ValidationError

    pid = officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    province.persons.save({**_person_form(province, pid), "position": "A"}, pid)
    unit.persons.save({**_person_form(unit, pid), "position": "B"}, pid)
    _one(province, _export(unit, tmp_path, "b"))
    (conflict,) = province.sync.conflicts()
    with pytest.raises(ValidationError):
        province.sync.resolve_conflict(conflict.id, "edit", {**conflict.incoming_data, "gender": "nam"})
    assert len(province.sync.conflicts()) == 1


# --- outgoing-document numbers across two devices of one unit ---------------------------------------


def test_a_document_number_given_twice_in_one_unit_is_a_conflict_for_the_province(unit, province, tmp_path):
    second_device = machine(tmp_path, "unit2", "DL-BMT")
    try:
        pair(second_device, province)
        for services in (unit, second_device):
            doc = services.documents.create("TTr", "Tờ trình xin phép cử đoàn")
            services.documents.mark_signed(doc.id, date(2026, 1, 20), "Nguyễn Văn An")
        first = _one(province, _export(unit, tmp_path, "a"))
        second = _one(province, second_device.sync.export_bundle(tmp_path / "b").path)
        assert first.counts["outgoing_document"]["new"] == 1
        assert second.outcome == "applied"
        assert second.counts["outgoing_document"]["conflicts"] == 1
        (conflict,) = province.sync.conflicts()
        assert "01/2026" in conflict.reason
        with province.ctx.db.read() as s:
            assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 1
        renumbered = {**conflict.incoming_data, "number": 2, "symbol": "02/TTr-UBND"}
        province.sync.resolve_conflict(conflict.id, "edit", renumbered)
        with province.ctx.db.read() as s:
            numbers = sorted(s.scalars(select(OutgoingDocument.number)))
        assert numbers == [1, 2]
    finally:
        second_device.close()


def test_sent_history_lists_what_each_bundle_held(unit, province, tmp_path):
    officer(unit)
    unit.sync.export_bundle(tmp_path / "a")
    unit.sync.export_bundle(tmp_path / "b", full=True)
    history = unit.sync.history()
    assert [(h.bundle_seq, h.kind, h.counts, h.acked, h.encrypted) for h in history] == [
        (2, "full", {"person": 1}, False, True), (1, "changes", {"person": 1}, False, True)]
    with unit.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SentBundle)) == 2


def test_a_whole_folder_imports_in_bundle_order(unit, province, tmp_path):
    paths = _three_bundles(unit, tmp_path)
    folder = tmp_path / "all"
    folder.mkdir()
    for p in reversed(paths):
        shutil.copy(p, folder / p.name)
    reports = province.sync.import_paths([folder])
    assert [r.outcome for r in reports] == ["applied"] * 3
    with province.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(HeldBundle)) == 0


def test_an_ack_for_another_machine_is_refused(unit, province, tmp_path):
    other = machine(tmp_path, "unit2", "DL-BMT")
    try:
        pair(other, province)
        officer(unit)
        _one(province, _export(unit, tmp_path, "a"))
        ack = province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "ack")
        report = other.sync.import_paths([ack])[0]
        assert report.outcome == "refused" and report.code == "envelope.decrypt_failed"  # sealed for the unit
        # sealed for `other` but addressed to the unit: refused by the address
        readdressed = _province_ack(province, tmp_path / "ack2", to=unit, recipient=own_recipient(other))
        assert other.sync.import_paths([readdressed])[0].code == "ack.other_device"
        assert other.sync.history() == []
    finally:
        other.close()


def test_an_ack_before_any_bundle_is_a_readable_error(unit, province, tmp_path):
    from desktop.errors import AppError

    with pytest.raises(AppError, match="Chưa nhận gói nào"):
        province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "ack")


def test_a_tombstone_without_data_keeps_the_stored_fields(unit, province, tmp_path):
    origin = unit.sync.keys().device_id
    person = line(1, "person", person_data(), origin=origin)
    assert _one(province, craft(unit, tmp_path / "a", [person])).outcome == "applied"
    tombstone = {**person, "change_seq": 2, "op": "delete", "version": 2, "base_version": 1, "data": {}}
    report = _one(province, craft(unit, tmp_path / "b", [tombstone], bundle_seq=2))
    assert report.outcome == "applied" and report.counts["person"]["deleted"] == 1
    with province.ctx.db.read() as s:
        stored = s.get(Person, person["id"])
        assert stored.deleted is True and stored.full_name == "Nguyễn Văn Hùng" and stored.version == 2


def test_attachments_travel_with_their_records(unit, province, tmp_path):
    source = tmp_path / "quyet-dinh.pdf"
    source.write_bytes("Quyết định cử đoàn số 12/QĐ-UBND".encode())
    delegation = unit.delegations.save(outbound(), [])
    import hashlib

    unit.delegations.add_attachment(delegation.id, source, "invitation")
    entry = {"sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
    result = unit.sync.export_bundle(tmp_path / "usb")
    assert result.attachments == 1
    report = _one(province, result.path)
    assert report.outcome == "applied"
    stored = province.attachments.existing_path(entry["sha256"])
    assert stored.read_bytes() == source.read_bytes()
    assert [p.name for p in province.ctx.paths.attachments.iterdir()] == [entry["sha256"]]


def test_the_provinces_decision_on_a_request_reaches_the_unit_in_the_ack(unit, province, tmp_path):
    delegation = unit.delegations.save(outbound(), [])
    _one(province, _export(unit, tmp_path, "a"))
    with province.ctx.db.session() as s:  # the province records its decision on the unit's request
        d = s.get(Delegation, delegation.id)
        d.decision_number, d.decision_date = "125/QĐ-UBND", date(2026, 2, 2)
    ack = province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "ack")
    report = unit.sync.import_paths([ack])[0]
    assert report.counts["delegation"]["updated"] == 1
    with unit.ctx.db.read() as s:
        d = s.get(Delegation, delegation.id)
        assert (d.decision_number, d.decision_date, d.unit_code) == ("125/QĐ-UBND", date(2026, 2, 2), "DL-BMT")


def test_the_provinces_rule_settings_travel_in_the_ack(unit, province, tmp_path):
    officer(unit)
    unit.rules.update("R5", {"max_trips_per_year": 4}, "Quyết định riêng của huyện")
    _one(province, _export(unit, tmp_path, "a"))
    province.rules.update("R1", {"lead_working_days": 25, "notice_working_days": 10}, "Quyết định 12/2026/QĐ-UBND")
    device = unit.sync.keys().device_id
    report = unit.sync.import_paths([province.sync.write_ack(device, tmp_path / "ack")])[0]
    assert report.outcome == "applied" and report.counts["rule_setting"]["updated"] == 2
    config = unit.rules.config()
    assert config.param("R1", "lead_working_days") == 25
    assert config.param("R5", "max_trips_per_year") == 2  # the province's (default) setting
    again = unit.sync.import_paths([province.sync.write_ack(device, tmp_path / "ack2")])[0]
    assert again.counts.get("rule_setting") is None  # nothing new: nothing counted


def test_an_ack_with_an_unknown_rule_parameter_is_refused(unit, province, tmp_path):
    from desktop.sync import keys
    from desktop.sync.bundle import BundleWriter

    officer(unit)
    _one(province, _export(unit, tmp_path, "a"))
    info = province.device.info()
    manifest = {"kind": "ack", "device_id": info.id, "unit_code": "DL", "epoch": 1, "bundle_seq": 1,
                "prev_bundle_seq": 0, "applied_through_bundle_seq": 1,
                "to_device_id": unit.sync.keys().device_id,
                "rule_settings": [{"code": "R1", "enabled": True, "params": {"lead_working_days": "hai mươi"},
                                   "source": "x"}]}
    with BundleWriter(tmp_path / "ack", manifest, keys.load_private(province.device.key_path(info.id)),
                      recipient=own_recipient(unit)) as w:
        pass
    report = unit.sync.import_paths([w.path])[0]
    assert report.outcome == "refused" and report.code == "records.invalid"
    assert [(p.entity, p.record_id, p.field) for p in report.problems] == [("rule_setting", "R1", "params")]
    assert unit.rules.config().param("R1", "lead_working_days") == 20

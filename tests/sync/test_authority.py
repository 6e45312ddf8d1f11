"""SYNC.md step 3, "Authority": bundles written from SYNC.md alone and signed with DL-BMT's real key.

Each forged bundle below was applied before the authority check (issue 9); now each refuses the
whole bundle, naming the line, the record and the unit, and writes nothing — on SQLite and on
PostgreSQL (the province store runs on `db_url`).
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import AppError
from desktop.models import Person, Reminder, Unit
from tests.services.builders import officer, outbound
from tests.sync.engine_helpers import craft, dump, line, machine, pair, person_data


@pytest.fixture
def kpa(tmp_path):
    services = machine(tmp_path, "kpa", "DL-KPA")
    yield services
    services.close()


@pytest.fixture
def province(tmp_path, unit, kpa, db_url):
    services = machine(tmp_path, "province", "DL", province=True, url=db_url)
    services.units.add("DL-BMT-TA", "Phường Tân An", "commune", "DL-BMT")
    pair(unit, services)
    pair(kpa, services)
    yield services
    services.close()


def _origin(services) -> str:
    return services.sync.keys().device_id


def _import(province, path):
    (report,) = province.sync.import_paths([path])
    return report


def _refused_with_nothing_written(province, path, *, code="authority.breach"):
    before = dump(province)
    report = _import(province, path)
    assert report.outcome == "refused" and report.code == code, report.message
    assert dump(province) == before
    return report


@pytest.fixture
def kpa_person(kpa, province, tmp_path):
    """A DL-KPA officer the province already holds (from DL-KPA's own bundle)."""
    pid = officer(kpa, "Y Thông Ktla", passport_number="C2223334")
    assert _import(province, kpa.sync.export_bundle(tmp_path / "kpa-usb").path).outcome == "applied"
    return pid


# --- records of another unit, of the province, of the unit list ------------------------------------


@pytest.mark.parametrize("other_unit", ["DL-KPA", "DL"])
def test_a_unit_cannot_create_officers_of_another_unit_or_of_the_province(unit, province, tmp_path, other_unit):
    good = line(1, "person", person_data("Lê Thị Hoa"), origin=_origin(unit))
    forged = line(2, "person", person_data("H'Hen Niê", unit_code=other_unit), origin=_origin(unit))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "usb", [good, forged]))
    (problem,) = report.problems
    assert (problem.line, problem.record_id, problem.field) == (2, forged["id"], "unit_code")
    assert other_unit in problem.message and "DL-BMT" in problem.message
    assert "DL-BMT" in report.message and "từ chối cả gói" in report.message


def test_a_unit_may_send_records_of_the_communes_under_it(unit, province, tmp_path):
    commune = line(1, "person", person_data("Nguyễn Thị Lan", unit_code="DL-BMT-TA"), origin=_origin(unit))
    assert _import(province, craft(unit, tmp_path / "usb", [commune])).outcome == "applied"
    with province.ctx.db.read() as s:
        assert s.get(Person, commune["id"]).unit_code == "DL-BMT-TA"


def test_a_record_of_a_unit_the_province_does_not_know_names_the_unit_to_add(unit, province, tmp_path):
    stray = line(1, "person", person_data("Trần Văn Ba", unit_code="DL-BMT-XHP"), origin=_origin(unit))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "usb", [stray]))
    assert "DL-BMT-XHP" in report.problems[0].message and "chưa có trong danh sách" in report.problems[0].message


def test_a_unit_cannot_overwrite_or_delete_another_units_record(unit, province, kpa, kpa_person, tmp_path):
    taken = line(1, "person", person_data("Y Thông Ktla"), record_id=kpa_person, version=2, base_version=1,
                 origin=_origin(kpa))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "a", [taken]))
    assert any("DL-KPA" in p.message for p in report.problems)
    deleted = line(1, "person", person_data("Y Thông Ktla", unit_code="DL-KPA"), record_id=kpa_person,
                   version=2, base_version=1, op="delete", origin=_origin(kpa))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "b", [deleted]))
    assert [p.record_id for p in report.problems] == [kpa_person] * len(report.problems)
    with province.ctx.db.read() as s:
        assert s.get(Person, kpa_person).deleted is False


def test_a_unit_cannot_rename_or_retire_a_unit_of_the_unit_list(unit, province, tmp_path):
    from desktop.services.units import seed_id

    renamed = line(1, "unit", {"code": "DL", "name": "Tỉnh Buôn Ma Thuột", "level": "province", "parent_code": None,
                               "valid_from": None, "valid_to": "2026-01-01"},
                   record_id=seed_id("DL"), version=2, base_version=1, origin="00000000-0000-0000-0000-000000000000")
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "usb", [renamed]))
    assert report.problems[0].entity == "unit" and "danh sách đơn vị" in report.problems[0].message
    with province.ctx.db.read() as s:
        stored = s.get(Unit, seed_id("DL"))
        assert (stored.name, stored.valid_to) == ("Tỉnh Đắk Lắk", None)


def test_a_child_of_another_units_record_is_refused(unit, province, kpa, kpa_person, tmp_path):
    discipline = line(1, "discipline_record", {"person_id": kpa_person, "form": "warning",
                                               "effective_from": "2026-01-05"}, origin=_origin(unit))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "usb", [discipline]))
    (problem,) = report.problems
    assert problem.record_id == discipline["id"] and "DL-KPA" in problem.message


def test_a_child_whose_owner_comes_in_the_same_bundle_takes_its_owners_unit(unit, province, tmp_path):
    person = line(1, "person", person_data("Nguyễn Thị Lan", unit_code="DL-BMT-TA"), origin=_origin(unit))
    discipline = line(2, "discipline_record", {"person_id": person["id"], "form": "reprimand",
                                               "effective_from": "2026-01-05"}, origin=_origin(unit))
    assert _import(province, craft(unit, tmp_path / "usb", [person, discipline])).outcome == "applied"
    from desktop.models import DisciplineRecord

    with province.ctx.db.read() as s:
        assert s.get(DisciplineRecord, discipline["id"]).unit_code == "DL-BMT-TA"


# --- origins: nobody writes in another device's name -----------------------------------------------


def test_a_new_record_marked_as_coming_from_another_device_is_refused(unit, kpa, province, tmp_path):
    forged = line(1, "person", person_data("Lê Văn Tám"), origin=_origin(kpa))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "usb", [forged]))
    assert report.problems[0].field == "origin_device"


def test_a_known_record_cannot_change_its_origin(unit, province, tmp_path, kpa):
    pid = officer(unit)
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    moved = line(10, "person", person_data("Nguyễn Văn Hùng"), record_id=pid, version=2, base_version=1,
                 origin=_origin(kpa))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "b", [moved], bundle_seq=2))
    assert report.problems[0].field == "origin_device"


def test_a_record_the_province_made_stays_the_provinces(unit, province, tmp_path):
    made_here = province.persons.save({"full_name": "Phạm Thị Thu", "unit_code": "DL-BMT"})
    edited = line(1, "person", person_data("Phạm Thị Thu — sửa"), record_id=made_here.id, version=2,
                  base_version=1, origin=_origin(province))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "usb", [edited]))
    assert "do tỉnh tạo ra" in report.problems[0].message


def test_a_unit_answers_a_record_the_province_addressed_to_it_in_its_answer_fields_only(unit, province, tmp_path):
    reminder = province.inspections.save_reminder({
        "unit_code": "DL-BMT", "subject": "Đôn đốc ban hành kế hoạch đối ngoại năm 2026",
        "body": "Đề nghị UBND thành phố ban hành kế hoạch trước ngày 31/01.", "indicator": "R16",
        "sent_on": date(2026, 1, 5)})
    base, version = _stored(province, Reminder, reminder.id)
    answered = line(1, "reminder", {**base, "result": "Đã ban hành Kế hoạch số 12/KH-UBND", "done_on": "2026-01-18"},
                    record_id=reminder.id, version=version + 1, base_version=version, origin=_origin(province))
    changed = line(2, "reminder", {**base, "subject": "Trích yếu khác"}, record_id=reminder.id,
                   version=version + 2, base_version=version + 1, origin=_origin(province))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "a", [answered, changed]))
    assert [(p.line, p.field) for p in report.problems] == [(2, "subject")]
    assert _import(province, craft(unit, tmp_path / "b", [answered])).outcome == "applied"
    with province.ctx.db.read() as s:
        stored = s.get(Reminder, reminder.id)
        assert (stored.result, stored.done_on) == ("Đã ban hành Kế hoạch số 12/KH-UBND", date(2026, 1, 18))


def test_a_unit_cannot_delete_a_record_the_province_addressed_to_it(unit, province, tmp_path):
    reminder = province.inspections.save_reminder({
        "unit_code": "DL-BMT", "subject": "Đôn đốc gửi báo cáo năm", "body": "Đề nghị gửi trước 15/01.",
        "sent_on": date(2026, 1, 5)})
    base, version = _stored(province, Reminder, reminder.id)
    tombstone = line(1, "reminder", base, record_id=reminder.id, version=version + 1, base_version=version,
                     op="delete", origin=_origin(province))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "a", [tombstone]))
    assert "do tỉnh tạo ra" in report.problems[0].message


@pytest.mark.parametrize("entity", ["inspection", "inspection_recommendation", "reminder"])
def test_a_unit_cannot_make_the_provinces_monitoring_records(unit, province, tmp_path, entity):
    if entity == "inspection_recommendation":  # under an inspection the province made of this unit
        made = province.inspections.save({"unit_code": "DL-BMT", "start_date": date(2026, 1, 5), "team": "Sở",
                                          "scope": "Chỉ thị 13"})
    data = ({"unit_code": "DL-BMT", "start_date": "2026-01-05", "end_date": None, "team": "Tự kiểm tra",
             "scope": "Công tác đối ngoại", "findings": None, "decision_number": None} if entity == "inspection" else
            {"inspection_id": made.id, "content": "Tự kiến nghị", "due_date": "2026-02-01", "status": "open",
             "result": None, "done_on": None} if entity == "inspection_recommendation" else
            {"unit_code": "DL-BMT", "subject": "Tự đôn đốc", "body": "…", "indicator": None,
             "sent_on": "2026-01-05", "done_on": None, "result": None})
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "a", [line(1, entity, data,
                                                                                         origin=_origin(unit))]))
    assert "chỉ tỉnh lập" in report.problems[0].message


def _stored(services, model, rid):
    from desktop.sync import state

    with services.ctx.db.read() as s:
        row = s.execute(select(model.__table__).where(model.__table__.c.id == rid)).one()
        return state.row_data(model, row), row.version


def _version(services, model, rid):
    with services.ctx.db.read() as s:
        return s.get(model, rid).version


# --- the manifest: the unit the key is trusted for, no rule settings -------------------------------


def test_a_bundle_claiming_another_unit_than_its_key_is_refused(unit, province, tmp_path):
    person = line(1, "person", person_data(unit_code="DL-KPA"), origin=_origin(unit))
    path = craft(unit, tmp_path / "usb", [person])
    # the manifest is signed: rewrite it with the unit's own key, claiming DL-KPA
    claimed = craft(unit, tmp_path / "usb2", [person], unit_code="DL-KPA")
    assert path != claimed
    report = _refused_with_nothing_written(province, claimed, code="authority.wrong_unit")
    assert "DL-KPA" in report.message and "DL-BMT" in report.message
    with province.ctx.db.read() as s:
        from desktop.models.sync import ImportProgress

        assert s.get(ImportProgress, (_origin(unit), 1)) is None  # the device was not recorded under DL-KPA


def test_rule_settings_never_travel_in_a_units_bundle(unit, province, tmp_path):
    rules = [{"code": "R4", "enabled": False, "params": {}, "source": "giả mạo"}]
    report = _refused_with_nothing_written(
        province, craft(unit, tmp_path / "usb", [line(1, "person", person_data(), origin=_origin(unit))],
                        rule_settings=rules))
    assert report.problems[0].field == "rule_settings"
    assert province.rules.config().is_enabled("R4")


def test_trusting_a_key_for_a_unit_the_province_does_not_know_is_refused(province, kpa):
    keys = kpa.sync.keys()
    with pytest.raises(AppError, match="DL-XYZ"):
        province.sync.trust(keys.device_id, keys.public_key, "DL-XYZ")
    with pytest.raises(AppError, match="--unit"):
        province.sync.trust(keys.device_id, keys.public_key, None)


# --- acks: the province never applies one; a unit only the province's, addressed to it -------------


def test_the_province_never_applies_an_ack(unit, province, tmp_path):
    rules = [{"code": "R4", "enabled": False, "params": {}, "source": "giả mạo"}]
    ack = craft(unit, tmp_path / "usb", [], kind="ack", rule_settings=rules, to_device_id=_origin(province),
                applied_through_bundle_seq=0)
    _refused_with_nothing_written(province, ack, code="ack.at_province")
    assert province.rules.config().is_enabled("R4")


def test_a_unit_refuses_an_ack_signed_by_another_units_key(unit, kpa, province, tmp_path):
    officer(unit)
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    kk = kpa.sync.keys()
    unit.sync.trust(kk.device_id, kk.public_key, "DL-KPA", role="unit")  # a key trusted by mistake, as a unit's
    from tests.sync.engine_helpers import own_recipient

    forged = craft(kpa, tmp_path / "forged", [], kind="ack", to_device_id=_origin(unit),
                   applied_through_bundle_seq=1, recipient=own_recipient(unit),
                   rule_settings=[{"code": "R4", "enabled": False, "params": {}, "source": "giả mạo"}])
    (report,) = unit.sync.import_paths([forged])
    assert report.outcome == "refused" and report.code == "envelope.unknown_key"
    assert unit.rules.config().is_enabled("R4")


def test_the_ack_carries_only_records_of_the_devices_unit_subtree(unit, kpa, province, kpa_person, tmp_path):
    officer(unit)
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    province.persons.save({"full_name": "Cán bộ tỉnh", "unit_code": "DL"})
    province.persons.save({"full_name": "Cán bộ phường", "unit_code": "DL-BMT-TA"})
    with province.ctx.db.session() as s:  # a decision the province records on the DL-KPA officer
        s.get(Person, kpa_person).position = "Chủ tịch UBND huyện"
    result = province.sync.write_ack(_origin(unit), tmp_path / "ack")
    (report,) = unit.sync.import_paths([result])
    assert report.outcome == "applied", report.message
    with unit.ctx.db.read() as s:
        names = {p.full_name for p in s.query(Person)}
    assert "Cán bộ phường" in names and "Cán bộ tỉnh" not in names and "Y Thông Ktla" not in names


# --- two PCs of one unit, and the same version with other content -----------------------------------


def test_a_record_first_received_from_another_pc_of_the_unit_is_never_silently_overwritten(
        unit, province, tmp_path):
    second = machine(tmp_path, "bmt2", "DL-BMT")
    try:
        pair(second, province)
        pid = officer(unit)
        assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
        edit = line(1, "person", person_data("Nguyễn Văn Hùng", position="Chủ tịch"), record_id=pid,
                    version=2, base_version=1, origin=_origin(unit))
        report = _import(province, craft(second, tmp_path / "b", [edit]))
        assert report.outcome == "applied" and report.counts["person"]["conflicts"] == 1
        with province.ctx.db.read() as s:
            assert s.get(Person, pid).position == "Phó Chủ tịch UBND"  # the first PC's version stays
        (conflict,) = province.sync.conflicts()
        assert conflict.incoming_data["position"] == "Chủ tịch"
    finally:
        second.close()


def test_the_same_version_with_other_content_is_a_conflict_not_unchanged(unit, province, tmp_path):
    rid = str(uuid.uuid4())
    first = line(1, "person", person_data("Nguyễn Văn Hùng", position="Phó phòng"), record_id=rid,
                 origin=_origin(unit))
    assert _import(province, craft(unit, tmp_path / "a", [first])).outcome == "applied"
    other = line(2, "person", person_data("Nguyễn Văn Hùng", position="Trưởng phòng"), record_id=rid,
                 origin=_origin(unit))  # version 1 again: another PC of the unit reached it too
    report = _import(province, craft(unit, tmp_path / "b", [other], bundle_seq=2))
    assert report.counts["person"]["conflicts"] == 1 and report.counts["person"]["unchanged"] == 0
    (conflict,) = province.sync.conflicts()
    assert (conflict.local_data["position"], conflict.incoming_data["position"]) == ("Phó phòng", "Trưởng phòng")
    # a full bundle does not make it "unchanged" either: it waits for a person
    full = _import(province, craft(unit, tmp_path / "c", [{**other, "change_seq": 3}], bundle_seq=3, kind="full"))
    assert full.counts["person"]["unchanged"] == 0 and len(province.sync.conflicts()) == 1


def test_the_same_content_written_differently_is_unchanged(unit, province, tmp_path):
    rid = str(uuid.uuid4())
    first = line(1, "person", person_data("Nguyễn Văn Hùng"), record_id=rid, origin=_origin(unit))
    assert _import(province, craft(unit, tmp_path / "a", [first])).outcome == "applied"
    import unicodedata

    decomposed = {**first, "change_seq": 2,
                  "data": {**first["data"], "full_name": unicodedata.normalize("NFD", "Nguyễn Văn Hùng")}}
    report = _import(province, craft(unit, tmp_path / "b", [decomposed], bundle_seq=2))
    assert report.counts["person"]["unchanged"] == 1 and province.sync.conflicts() == []


def test_an_ordinary_delegation_with_members_passes_authority(unit, province, tmp_path):
    person = officer(unit)
    unit.delegations.save(outbound(), [{"role": "head", "person_id": person}])
    report = _import(province, unit.sync.export_bundle(tmp_path / "usb").path)
    assert report.outcome == "applied" and report.counts["delegation_member"]["new"] == 1


def test_a_units_demo_register_reaches_the_province_as_it_is(tmp_path, db_url):
    """The demo of a unit's machine adds no unit of its own, so the province takes it whole."""
    from desktop.services.demo import fill_demo

    demo = machine(tmp_path, "demo", "DL-BMT")
    province = machine(tmp_path, "demo-province", "DL", province=True, url=db_url)
    try:
        pair(demo, province)
        fill_demo(demo)
        path = demo.sync.export_bundle(tmp_path / "usb").path
        (report,) = province.sync.import_paths([path])
        assert report.outcome == "applied" and report.checksum_ok is True
        assert report.totals()["conflicts"] == 0
    finally:
        province.close()
        demo.close()


# --- found by a second, adversarial review of the change ------------------------------------------


def test_a_stored_child_cannot_be_moved_under_another_units_record(unit, kpa, province, kpa_person, tmp_path):
    from desktop.models import DisciplineRecord

    mine = officer(unit)
    record = unit.persons.save_discipline(mine, {"form": "reprimand", "effective_from": date(2025, 12, 1)})
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    moved = line(50, "discipline_record", {"person_id": kpa_person, "form": "dismissal",
                                           "effective_from": "2026-01-05"},
                 record_id=record.id, version=2, base_version=1, origin=_origin(unit))
    report = _refused_with_nothing_written(province, craft(unit, tmp_path / "b", [moved], bundle_seq=2))
    assert report.problems[0].field == "person_id" and "DL-KPA" in report.problems[0].message
    with province.ctx.db.read() as s:
        assert s.get(DisciplineRecord, record.id).person_id == mine


def test_every_line_of_a_record_sent_twice_is_judged(unit, kpa, province, kpa_person, tmp_path):
    mine = officer(unit)
    rid = str(uuid.uuid4())
    into_kpa = line(1, "discipline_record", {"person_id": kpa_person, "form": "dismissal",
                                             "effective_from": "2026-01-05"},
                    record_id=rid, version=5, base_version=4, origin=_origin(unit))
    harmless = line(2, "discipline_record", {"person_id": mine, "form": "reprimand", "effective_from": "2026-01-05"},
                    record_id=rid, version=1, origin=_origin(unit))
    person = line(3, "person", person_data("Nguyễn Văn Hùng"), record_id=mine, version=2, base_version=1,
                  origin=_origin(unit))
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    report = _refused_with_nothing_written(
        province, craft(unit, tmp_path / "b", [into_kpa, harmless, person], bundle_seq=2))
    assert [(p.line, p.field) for p in report.problems] == [(1, "person_id")]


def test_a_record_of_the_province_is_read_only_at_the_unit_so_its_bundles_keep_going(unit, province, tmp_path):
    from desktop.storage.tracking import ReadOnlyRecord

    officer(unit)
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    made = province.persons.save({"full_name": "Cán bộ tỉnh gửi về", "unit_code": "DL-BMT"})
    assert unit.sync.import_paths([province.sync.write_ack(_origin(unit), tmp_path / "ack")])[0].outcome == "applied"
    with pytest.raises(ReadOnlyRecord, match="do tỉnh tạo ra"):
        unit.persons.save({"full_name": "Cán bộ tỉnh gửi về", "unit_code": "DL-BMT", "phone": "0912345678"}, made.id)
    with pytest.raises(ReadOnlyRecord):
        unit.persons.delete(made.id)
    officer(unit, "Người khác", passport_number="C9998887")
    assert _import(province, unit.sync.export_bundle(tmp_path / "b").path).outcome == "applied"


def test_an_officer_moved_in_from_another_unit_is_a_conflict_not_a_refusal(unit, kpa, province, kpa_person, tmp_path):
    with province.ctx.db.session() as s:  # the province moves the officer to Buôn Ma Thuột
        s.get(Person, kpa_person).unit_code = "DL-BMT"
    assert unit.sync.import_paths([_ack_for(unit, province, tmp_path)])[0].outcome == "applied"
    unit.persons.save({"full_name": "Y Thông Ktla", "unit_code": "DL-BMT", "position": "Phó Chủ tịch"}, kpa_person)
    report = _import(province, unit.sync.export_bundle(tmp_path / "b").path)
    assert report.outcome == "applied" and report.counts["person"]["conflicts"] == 1


def _ack_for(unit, province, tmp_path):
    officer(unit, "Để có gói", passport_number="C4445556")
    assert _import(province, unit.sync.export_bundle(tmp_path / "first").path).outcome == "applied"
    return province.sync.write_ack(_origin(unit), tmp_path / "ack")


def test_two_pcs_of_one_unit_keep_their_own_conflicts(unit, province, tmp_path):
    second = machine(tmp_path, "bmt2", "DL-BMT")
    try:
        pair(second, province)
        pid = officer(unit)
        assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
        theirs = line(1, "person", person_data("Nguyễn Văn Hùng", position="Chủ tịch"), record_id=pid,
                      version=2, base_version=1, origin=_origin(unit))
        assert _import(province, craft(second, tmp_path / "b", [theirs])).counts["person"]["conflicts"] == 1
        unit.persons.save({"full_name": "Nguyễn Văn Hùng", "position": "Bí thư", "passport_number": "C7654321",
                           "passport_expiry": date(2031, 1, 1)}, pid)
        assert _import(province, unit.sync.export_bundle(tmp_path / "c").path).counts["person"]["conflicts"] == 1
        kept = {c.device_id: c.incoming_data["position"] for c in province.sync.conflicts()}
        assert kept == {_origin(second): "Chủ tịch", _origin(unit): "Bí thư"}  # neither replaced the other
    finally:
        second.close()


def test_two_pcs_writing_the_same_years_budget_or_report_section_meet_as_a_conflict_not_a_refusal(
        unit, province, tmp_path):
    from desktop.reports.document import Texts

    second = machine(tmp_path, "bmt2", "DL-BMT")
    try:
        pair(second, province)
        for pc, amount, text in ((unit, 500_000_000, "Nhận xét của máy 1"), (second, 550_000_000, "Nhận xét máy 2")):
            pc.budget.save(2026, {"allocated_vnd": amount})
            pc.reports.save_texts(2025, Texts(assessment=text))
        assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
        report = _import(province, second.sync.export_bundle(tmp_path / "b").path)
        assert report.outcome == "applied"  # the second PC is not blocked
        assert report.counts["fa_budget"]["conflicts"] == 1 and report.counts["report_text"]["conflicts"] == 1
        assert province.budget.year(2026, "DL-BMT").data["allocated_vnd"] == 500_000_000  # the first, kept
    finally:
        second.close()


def test_an_older_ack_replayed_does_not_roll_the_rules_back(unit, province, tmp_path):
    officer(unit)
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    province.rules.update("R4", {}, "Quyết định tạm thời", enabled=False)
    first = province.sync.write_ack(_origin(unit), tmp_path / "ack1")
    assert unit.sync.import_paths([first])[0].outcome == "applied" and not unit.rules.config().is_enabled("R4")
    province.rules.restore_default("R4")
    assert unit.sync.import_paths([province.sync.write_ack(_origin(unit), tmp_path / "ack2")])[0].outcome == "applied"
    unit.sync.import_paths([first])
    assert unit.rules.config().is_enabled("R4")


def test_the_provinces_unit_list_reaches_the_unit_with_its_ack(unit, province, tmp_path):
    from desktop.errors import AppError

    with pytest.raises(AppError, match="do Sở Ngoại vụ quản lý"):  # a unit's machine adds no unit
        unit.units.add("DL-BMT-HP", "Xã Hòa Phú", "commune", "DL-BMT")
    province.units.add("DL-BMT-HP", "Xã Hoà Phú", "commune", "DL-BMT", valid_from=date(2025, 7, 1))
    (report,) = unit.sync.import_paths([_ack_for(unit, province, tmp_path)])
    assert report.outcome == "applied" and report.totals()["conflicts"] == 0
    stored = unit.units.get("DL-BMT-HP")
    assert (stored.name, stored.valid_from) == ("Xã Hoà Phú", date(2025, 7, 1))


def test_a_bundle_of_too_many_lines_is_refused_before_step_3(tmp_path):
    from desktop.sync import keys
    from desktop.sync.archive import Limits
    from desktop.sync.bundle import open_bundle
    from desktop.sync.errors import BundleRefused
    from tests.sync.format_helpers import change, trusting, write_bundle

    key = keys.generate()
    path = write_bundle(tmp_path, key, changes=[change(i + 1) for i in range(5)])
    with pytest.raises(BundleRefused) as info:
        open_bundle(path, is_trusted=trusting(key), limits=Limits(max_lines=4))
    assert info.value.code == "archive.too_many_lines"


def test_an_ack_does_not_send_the_unit_its_own_older_version_back(unit, province, tmp_path):
    pid = officer(unit)
    assert _import(province, unit.sync.export_bundle(tmp_path / "a").path).outcome == "applied"
    with province.ctx.db.session() as s:  # a decision recorded at the province: v2
        s.get(Person, pid).position = "Chủ tịch UBND"
    assert unit.sync.import_paths([province.sync.write_ack(_origin(unit), tmp_path / "ack1")])[0].outcome == "applied"
    with unit.ctx.db.session() as s:
        s.get(Person, pid).phone = "0911111111"  # v3, sent
    assert _import(province, unit.sync.export_bundle(tmp_path / "b").path).outcome == "applied"
    ack2 = province.sync.write_ack(_origin(unit), tmp_path / "ack2")  # the province holds the unit's own v3
    with unit.ctx.db.session() as s:
        s.get(Person, pid).phone = "0922222222"  # v4, before ack 2 arrives
    (report,) = unit.sync.import_paths([ack2])
    assert report.outcome == "applied" and report.totals()["conflicts"] == 0
    with unit.ctx.db.read() as s:
        assert (s.get(Person, pid).phone, s.get(Person, pid).position) == ("0922222222", "Chủ tịch UBND")

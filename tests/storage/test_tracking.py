"""Change tracking (SYNC.md): ids, versions, tombstones and a gap-free change log per device."""

from __future__ import annotations

import threading
import unicodedata
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop.errors import AppError
from desktop.models import ChangeLog, Delegation, DelegationMember, Person
from desktop.services import open_services
from desktop.storage.database import Database


def _log(services) -> list[ChangeLog]:
    with services.ctx.db.read() as s:
        return list(s.scalars(select(ChangeLog).order_by(ChangeLog.change_seq)))


def _person(services, person_id: str) -> Person:
    with services.ctx.db.read() as s:
        return s.get(Person, person_id)


def test_a_new_record_gets_identity_versions_and_one_log_row(services):
    device = services.device.info()
    saved = services.persons.save({"full_name": "Lê Thị Mai", "position": "Chuyên viên"})
    person = _person(services, saved.id)
    assert uuid.UUID(person.id).version == 4
    assert (person.version, person.base_version) == (1, 0)
    assert person.origin_device == device.id
    assert person.unit_code == "DL-BMT"
    assert isinstance(person.created_at, datetime) and person.created_at.tzinfo is not None
    assert person.updated_at >= person.created_at
    assert person.deleted is False
    [row] = _log(services)
    assert (row.change_seq, row.entity, row.record_id, row.op) == (1, "person", person.id, "upsert")
    assert (row.version, row.base_version, row.epoch) == (1, 0, 1)
    assert row.device_id == device.id
    assert row.officer == "Nguyễn Văn An"


def test_record_and_log_row_are_one_transaction(services):
    db = services.ctx.db
    with pytest.raises(RuntimeError, match="power cut"):
        with db.session() as s:
            s.add(Person(full_name="Phạm Văn Cường", unit_code="DL-BMT"))
            s.flush()
            assert s.scalar(select(ChangeLog.id)) is not None  # the log row was written …
            raise RuntimeError("power cut")
    assert services.persons.count() == 0  # … and went away with the record
    assert _log(services) == []
    services.persons.save({"full_name": "Phạm Văn Cường"})
    assert [r.change_seq for r in _log(services)] == [1]  # the failed try used no number


def test_an_edit_bumps_version_and_logs_the_base(services):
    saved = services.persons.save({"full_name": "Lê Thị Mai"})
    services.persons.save({**saved.data, "phone": "0262 3852 123"}, saved.id, expected_version=1)
    person = _person(services, saved.id)
    assert (person.version, person.base_version) == (2, 1)
    assert [(r.change_seq, r.version, r.base_version) for r in _log(services)] == [(1, 1, 0), (2, 2, 1)]


def test_saving_the_same_values_is_not_a_change(services):
    saved = services.persons.save({"full_name": "Lê Thị Mai", "birth_date": date(1985, 3, 2)})
    again = services.persons.save(dict(saved.data), saved.id, expected_version=1)
    assert again.version == 1
    assert len(_log(services)) == 1


def test_delete_is_a_tombstone_with_a_delete_op(services):
    saved = services.persons.save({"full_name": "Lê Thị Mai"})
    services.persons.delete(saved.id)
    person = _person(services, saved.id)
    assert person is not None and person.deleted is True
    assert person.version == 2
    assert [r.op for r in _log(services)] == ["upsert", "delete"]


def test_hard_delete_of_a_synced_record_is_refused(services):
    saved = services.persons.save({"full_name": "Lê Thị Mai"})
    with pytest.raises(RuntimeError, match="hard-deleted"):
        with services.ctx.db.session() as s:
            s.delete(s.get(Person, saved.id))
    assert services.persons.get(saved.id).data["full_name"] == "Lê Thị Mai"


def test_change_seq_is_gap_free_over_many_changes(services):
    ids = [services.persons.save({"full_name": f"Cán bộ {i}"}).id for i in range(5)]
    for person_id in ids[:3]:
        services.persons.delete(person_id)
    with services.ctx.db.session() as s:  # several records in one flush share the reservation
        for i in range(4):
            s.add(Person(full_name=f"Khách {i}", unit_code="DL-BMT"))
    assert [r.change_seq for r in _log(services)] == list(range(1, 13))


def test_two_databases_on_one_file_share_one_sequence(services, db_url, paths):
    other = open_services(db_url, paths)
    try:
        assert other.ctx.db.tracker == services.ctx.db.tracker
        for i in range(3):
            services.persons.save({"full_name": f"Người A{i}"})
            other.persons.save({"full_name": f"Người B{i}"})
    finally:
        other.close()
    assert [r.change_seq for r in _log(services)] == list(range(1, 7))


def test_concurrent_writers_serialise_without_gaps(services, db_url, paths):
    others = [open_services(db_url, paths) for _ in range(3)]
    errors: list[BaseException] = []

    def write(svc, name):
        try:
            for i in range(8):
                svc.persons.save({"full_name": f"{name} {i}"})
        except BaseException as exc:  # reported below; a thread must not swallow it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(svc, f"Luồng {n}"))
               for n, svc in enumerate([services, *others])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for svc in others:
        svc.close()
    assert errors == []
    seqs = [r.change_seq for r in _log(services)]
    assert seqs == list(range(1, 33))
    assert services.persons.count() == 32


def test_text_is_stored_nfc_and_searched_folded(services):
    decomposed = unicodedata.normalize("NFD", "Đắk Lắk")
    assert decomposed != "Đắk Lắk"
    saved = services.persons.save({"full_name": "H'Hen Niê", "position": f"Chuyên viên {decomposed}"})
    person = _person(services, saved.id)
    assert person.position == "Chuyên viên Đắk Lắk"
    assert unicodedata.is_normalized("NFC", person.position)
    assert "dak lak" in person.search_key and "nie" in person.search_key
    assert "đ" not in person.search_key


def test_changes_without_a_device_are_refused(bare_services):
    with pytest.raises(RuntimeError, match="tracker"):
        with bare_services.ctx.db.session() as s:
            s.add(Person(full_name="Không rõ", unit_code="DL-BMT"))
    assert bare_services.persons.count() == 0


def test_foreign_keys_are_enforced(services):
    with pytest.raises(IntegrityError):
        with services.ctx.db.session() as s:
            s.add(DelegationMember(delegation_id=str(uuid.uuid4()), role="member", unit_code="DL-BMT"))
    with services.ctx.db.read() as s:
        assert s.scalar(select(Delegation.id)) is None


def test_bundle_application_keeps_the_senders_versions(services):
    db: Database = services.ctx.db
    with db.session() as s:
        s.info["applying_bundle"] = True
        s.add(Person(id=str(uuid.uuid4()), full_name="Từ máy khác", unit_code="DL-BHO",
                     version=7, base_version=6, origin_device="another-device"))
    with db.read() as s:
        person = s.scalar(select(Person))
    assert (person.version, person.base_version, person.origin_device) == (7, 6, "another-device")
    assert person.search_key == "tu may khac"
    assert _log(services) == []


def test_a_save_racing_another_writer_fails_instead_of_overwriting(services, db_url, paths):
    person_id = services.persons.save({"full_name": "Lê Thị Mai"}).id
    other = open_services(db_url, paths)
    try:
        with pytest.raises(AppError, match="lưu ở nơi khác"):
            with services.ctx.db.session() as s:
                person = s.get(Person, person_id)  # loaded at version 1 …
                other.persons.save({"full_name": "Lê Thị Mai", "position": "Từ cửa sổ khác"},
                                   person_id, expected_version=1)  # … saved elsewhere as 2 …
                person.position = "Từ cửa sổ này"  # … then this edit of version 1 is flushed
    finally:
        other.close()
    stored = services.persons.get(person_id)
    assert (stored.version, stored.data["position"]) == (2, "Từ cửa sổ khác")
    assert [(r.version, r.base_version) for r in _log(services)] == [(1, 0), (2, 1)]

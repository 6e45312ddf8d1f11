"""The audit trail: every field's old and new value, deletes and restores, and a chain that shows any
tampering (an edited, removed or reordered entry, or one cut off the end)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, update

from desktop.domain import access
from desktop.errors import PermissionDenied
from desktop.models import AuditEntry, AuditHead
from desktop.services.audit import AuditFilter
from tests.services.builders import outbound

PASSWORD = "một câu dễ nhớ"


def _changes(services, record_id):
    return {c.name: (c.old, c.new) for row in services.audit.history("person", record_id)
            if row.kind == "change" for c in row.changes}


def test_each_kind_of_field_shows_its_old_and_new_value_as_the_officer_reads_it(services):
    person = services.persons.save({"full_name": "Nguyễn Thị Hoa", "gender": "female",
                                    "birth_date": date(1980, 5, 1), "is_key_leader": False})
    services.persons.save({"full_name": "Nguyễn Thị Hoà", "gender": "male", "birth_date": date(1981, 6, 2),
                           "is_key_leader": True, "passport_number": "c1234567"}, person.id,
                          expected_version=person.version)
    changes = _changes(services, person.id)
    assert changes["full_name"] == ("Nguyễn Thị Hoa", "Nguyễn Thị Hoà")            # text
    assert changes["gender"] == ("Nữ", "Nam")                                       # a choice, by its label
    assert changes["birth_date"] == ("01/05/1980", "02/06/1981")                    # a date, as typed
    assert changes["is_key_leader"] == ("Không", "Có")                              # a yes/no
    assert changes["passport_number"] == ("", "C1234567")                           # from empty
    assert "unit_code" not in changes                                               # what did not change


def test_money_lists_and_references_are_shown_readably(services):
    detail = services.delegations.save(outbound(), [])
    services.delegations.save(outbound(cost_estimate_vnd=900_000_000, countries=["KR", "JP"]), [],
                              detail.id, expected_version=detail.version)
    row = [r for r in services.audit.history("delegation", detail.id) if r.kind == "change"][0]
    shown = {c.name: (c.old, c.new) for c in row.changes}
    assert shown["cost_estimate_vnd"][1].replace("\xa0", " ").startswith("900.000.000")
    assert "Nhật Bản" in shown["countries"][1] and "Hàn Quốc" in shown["countries"][0]
    assert row.entity_label == "Đoàn ra, đoàn vào"


def test_delete_and_restore_are_entries_of_their_own(services):
    person = services.persons.save({"full_name": "Trần Văn Bình"})
    services.persons.delete(person.id)
    services.persons.restore(person.id)
    kinds = [r.kind for r in services.audit.history("person", person.id)]
    assert kinds == ["restore", "delete", "create"]


def test_the_whole_trail_needs_the_audit_permission_and_filters_by_who_register_and_kind(services):
    services.persons.save({"full_name": "Trần Văn Bình"})
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    services.accounts.create("canbo", "Cán Bộ", access.OFFICER, PASSWORD)
    services.accounts.logout()
    services.accounts.login("canbo", PASSWORD)
    services.persons.save({"full_name": "Lê Thị Cúc"})
    with pytest.raises(PermissionDenied):
        services.audit.search()
    services.accounts.logout()
    services.accounts.login("quantri", PASSWORD)
    rows, total = services.audit.search(AuditFilter(user_name="canbo", entity="person"))
    assert total == 1 and rows[0].full_name == "Cán Bộ" and rows[0].kind == "create"
    logins, _n = services.audit.search(AuditFilter(kind="login"))
    assert [r.user_name for r in logins] == ["quantri", "canbo", "quantri"]
    assert services.audit.search(AuditFilter(since=date(2000, 1, 1), until=date(2000, 1, 2)))[1] == 0


def _a_trail(services):
    for name in ("Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"):
        services.persons.save({"full_name": name})
    assert services.audit.verify().intact
    return services


def test_an_intact_chain_verifies(services):
    result = _a_trail(services).audit.verify()
    assert result.entries == 3 and "nguyên vẹn" in result.message()


def test_an_edited_entry_is_detected_at_that_entry(services):
    _a_trail(services)
    with services.ctx.db.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(full_name="Người Khác"))
    result = services.audit.verify()
    assert (result.broken_at, result.entries) == (2, 1) and "bị sửa" in result.message()


def test_an_edited_entry_rehashed_on_its_own_breaks_the_next_link(services):
    _a_trail(services)
    with services.ctx.db.session() as s:  # a forger who recomputes the entry's own hash
        from desktop.storage import audit

        row = s.get(AuditEntry, 2)
        row.full_name = "Người Khác"
        s.flush()
        row.hash = audit.entry_hash(row.prev_hash, audit.content(
            row.seq, row.at, audit.Actor(row.user_name, row.full_name),
            audit.Event(row.kind, row.entity, row.record_id, row.details, row.author)))
    assert services.audit.verify().broken_at == 3


def test_a_removed_entry_is_detected(services):
    _a_trail(services)
    with services.ctx.db.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    result = services.audit.verify()
    assert result.broken_at == 2 and "thiếu" in result.message()


def test_reordered_entries_are_detected(services):
    _a_trail(services)
    with services.ctx.db.session() as s:  # swap the contents of entries 1 and 2, numbers kept
        one, two = s.get(AuditEntry, 1), s.get(AuditEntry, 2)
        fields = ("at", "user_name", "full_name", "kind", "entity", "record_id", "details", "prev_hash", "hash")
        a, b = ({f: getattr(one, f) for f in fields}, {f: getattr(two, f) for f in fields})
        for f in fields:
            setattr(one, f, b[f])
            setattr(two, f, a[f])
    assert services.audit.verify().broken_at == 1


def test_an_entry_cut_off_the_end_is_detected(services):
    _a_trail(services)
    with services.ctx.db.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 3))
    result = services.audit.verify()
    assert result.broken_at is not None and "mục cuối" in result.message()


def test_the_daily_check_runs_once_a_day_for_an_administrator(services):
    _a_trail(services)
    assert services.audit.daily_check() is None  # a register without accounts: nobody to tell
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    assert services.audit.daily_check().intact
    assert services.audit.daily_check() is None  # already checked today
    with services.ctx.db.session() as s:
        s.execute(update(AuditHead).values(verified_on=""))
        s.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(kind="login"))
    assert services.audit.daily_check().broken_at == 1


def test_the_trail_exports_to_excel_one_row_per_changed_field(services, tmp_path):
    from openpyxl import load_workbook

    person = services.persons.save({"full_name": "Nguyễn Thị Hoa"})
    services.persons.save({"full_name": "Nguyễn Thị Hoà", "phone": "0912345678"}, person.id)
    out = tmp_path / "nhat-ky.xlsx"
    assert services.audit.export(AuditFilter(entity="person"), out) == 2
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][7:10] == ("Trường", "Giá trị cũ", "Giá trị mới")
    assert ("Họ và tên", "Nguyễn Thị Hoa", "Nguyễn Thị Hoà") in [r[7:10] for r in rows]

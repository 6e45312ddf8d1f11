"""The author of each change travels in the bundle (SYNC.md: a change line's optional `author`), and the
province's audit trail names the unit officer who made each change it received, with the old and new
value of each field of a record it already held."""

from __future__ import annotations

from desktop.domain import access
from desktop.storage import audit
from desktop.sync.bundle import open_bundle
from desktop.sync.schema import bundle_schema

PASSWORD = "một câu dễ nhớ"


def _officer_logged_in(unit):
    unit.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    unit.accounts.login("quantri", PASSWORD)
    unit.accounts.create("hoa", "Nguyễn Thị Hoa", access.OFFICER, PASSWORD)
    unit.accounts.logout()
    unit.accounts.login("hoa", PASSWORD)


def test_the_schema_takes_an_author_on_a_change_line():
    assert bundle_schema()["properties"]["author"] == {"type": "string", "maxLength": 200}


def test_each_line_carries_the_full_name_of_the_account_that_made_its_latest_change(unit, province, tmp_path):
    _officer_logged_in(unit)
    person = unit.persons.save({"full_name": "Trần Văn Bình"})
    result = unit.sync.export_bundle(tmp_path / "out", full=True, allow_plaintext=True)
    lines = {line["id"]: line for line in _province_lines(province, result.path)}
    assert lines[person.id]["author"] == "Nguyễn Thị Hoa"


def _province_lines(province, path):
    identity = province.sync._province_identity()
    with open_bundle(path, identities=[identity], is_trusted=lambda *_a: True) as b:
        return [change for _n, change in b.changes()]


def test_the_province_audit_names_the_unit_officer_and_the_fields_that_changed(unit, province, tmp_path):
    _officer_logged_in(unit)
    person = unit.persons.save({"full_name": "Trần Văn Bình", "position": "Chuyên viên"})
    first = unit.sync.export_bundle(tmp_path / "one")
    assert province.sync.import_paths([first.path])[0].outcome == "applied"
    unit.persons.save({"full_name": "Trần Văn Bình", "position": "Trưởng phòng"}, person.id)
    province.sync.write_ack(unit.sync.keys().device_id, tmp_path / "ack")
    unit.sync.import_paths(list((tmp_path / "ack").glob("*")))
    second = unit.sync.export_bundle(tmp_path / "two")
    assert province.sync.import_paths([second.path])[0].outcome == "applied"
    with province.ctx.db.read() as s:
        received = [e for e in audit.entries(s) if e.kind == "import" and e.record_id == person.id]
        assert audit.verify(s)[1] is None
    assert [e.author for e in received] == ["Nguyễn Thị Hoa", "Nguyễn Thị Hoa"]
    assert received[1].details["fields"] == {"position": ["Chuyên viên", "Trưởng phòng"]}
    rows = province.audit.history("person", person.id)
    assert "Nguyễn Thị Hoa" == rows[0].author and rows[0].changes[0].new == "Trưởng phòng"

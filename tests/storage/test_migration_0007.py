"""Revision 0007 on a 0006 store with records: every listed name gets its Vietnamese sort key, lists
sort "Dương" before "Đặng" at once, Ctrl+K still finds records, and the downgrade drops only the keys."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select

from desktop.domain.collation import stored_sort_key
from desktop.models import AidProject, ForeignNgo, Person
from desktop.services import open_services
from desktop.services.common import ListQuery
from desktop.storage import migrate
from desktop.storage.database import Database
from tests.services.builders import TODAY

NAMES = ("Đặng Văn Hải", "Dương Thị Lan", "Ân Văn Lộc")


def _columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def _fill(db_url, paths) -> None:
    services = open_services(db_url, paths, today=lambda: TODAY)
    try:
        services.device.set_up("DL-BMT", "Lê Thị Hoa")
        for name in NAMES:
            services.persons.save({"full_name": name, "position": "Chuyên viên"})
        ngo = services.ngos.save({"name_original": "Oxfam", "name_vi": "Tổ chức Oxfam", "country": "GB"}).id
        services.aid.save({"title": "Nước sạch Buôn Đôn", "donor_ngo_id": ngo, "value_vnd": 1_000_000,
                           "form": "project", "aid_type": "investment", "status": "in_progress"})
    finally:
        services.close()


def test_a_0006_store_gets_its_sort_keys_filled(db_url, paths):
    _fill(db_url, paths)
    db = Database(db_url)
    try:
        with db.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0006")
        assert not {"full_name_sort", "position_sort"} & _columns(db, "person")
        assert "name_sort" not in _columns(db, "foreign_ngo")
        assert "search_key" in _columns(db, "person")
    finally:
        db.engine.dispose()
    services = open_services(db_url, paths, today=lambda: TODAY)  # migrates to head again
    try:
        with services.ctx.db.read() as s:
            people = s.scalars(select(Person)).all()
            ngo = s.scalars(select(ForeignNgo)).one()
            project = s.scalars(select(AidProject)).one()
        assert {p.full_name for p in people} == set(NAMES)
        for p in people:
            assert (p.full_name_sort, p.position_sort) == (stored_sort_key(p.full_name),
                                                           stored_sort_key("Chuyên viên"))
        assert ngo.name_sort == stored_sort_key("Tổ chức Oxfam")
        assert project.title_sort == stored_sort_key("Nước sạch Buôn Đôn")
        assert project.donor_name_sort == stored_sort_key(project.donor_name) and project.location_sort is None
        names = [r.full_name for r in services.persons.page(ListQuery(sort="full_name"))]
        assert names == ["Ân Văn Lộc", "Dương Thị Lan", "Đặng Văn Hải"]
        assert services.search.search("dang van hai")  # Ctrl+K's index kept its triggers
        services.persons.save({"full_name": "Điểu Minh"})
        assert services.search.search("dieu minh")
    finally:
        services.close()

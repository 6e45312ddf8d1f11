"""Revision 0004 on a 0003 database that holds records: Ctrl+K's trigram index is made and filled."""

from __future__ import annotations

import pytest
from alembic import command

from desktop.services import open_services
from desktop.storage import migrate, search_index
from desktop.storage.database import Database
from tests.services.builders import TODAY, officer, outbound


@pytest.mark.sqlite_only  # the index is SQLite's; PostgreSQL searches with LIKE
def test_upgrading_a_0003_database_indexes_the_records_it_holds(db_url, paths):
    services = open_services(db_url, paths, today=lambda: TODAY)
    try:
        services.device.set_up("DL-BMT", "Nguyễn Văn An")
        person = officer(services, "H'Hen Niê")
        trip = services.delegations.save({**outbound(), "title": "Đoàn khảo sát sầu riêng Khánh Hòa"}, []).id
    finally:
        services.close()
    db = Database(db_url)
    try:
        with db.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0003")
        with db.engine.connect() as conn:
            assert not search_index.installed(conn)
    finally:
        db.engine.dispose()
    services = open_services(db_url, paths, today=lambda: TODAY)  # migrates to head
    try:
        with services.ctx.db.engine.connect() as conn:
            assert search_index.installed(conn)
            assert not search_index.missing(conn, {"person": "person", "delegation": "delegation"})
            rows = conn.exec_driver_sql("SELECT count(*) FROM search_index WHERE search_index MATCH '\"khanh hoa\"'")
            assert rows.scalar() == 1
        assert [h.record_id for h in services.search.search("khanh hoa")] == [trip]
        assert [h.record_id for h in services.search.search("hen nie")] == [person]
    finally:
        services.close()

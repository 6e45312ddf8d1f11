"""Revision 0002 (outgoing documents, counter, dossier marks) on a 0001 database that holds records."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import inspect

from desktop.services import open_services
from desktop.storage import migrate
from desktop.storage.database import Database
from tests.services.builders import TODAY, officer, outbound

NEW_TABLES = {"outgoing_document", "document_counter", "dossier_mark"}


def _at_0001_with_records(db_url, paths) -> tuple[str, str]:
    services = open_services(db_url, paths, today=lambda: TODAY)
    try:
        services.device.set_up("DL-BMT", "Nguyễn Văn An")
        person = officer(services, "H'Hen Niê")
        trip = services.delegations.save(outbound(), [{"role": "head", "person_id": person}]).id
    finally:
        services.close()
    db = Database(db_url)
    try:
        with db.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0001")
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == "0001"
            assert not NEW_TABLES & set(inspect(conn).get_table_names())
    finally:
        db.engine.dispose()
    return person, trip


def test_a_0001_database_keeps_its_records_and_gains_the_register(db_url, paths):
    person, trip = _at_0001_with_records(db_url, paths)
    services = open_services(db_url, paths, today=lambda: TODAY)  # migrates to head, after a backup
    try:
        with services.ctx.db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD_REVISION
            assert NEW_TABLES <= set(inspect(conn).get_table_names())
        detail = services.delegations.get(trip)
        assert [m.data["person_id"] for m in detail.members] == [person]
        assert detail.data["title"] == outbound()["title"]
        doc = services.documents.create("TTr", "Xin phép cử đoàn", form="delegation-request",
                                        entity="delegation", record_id=trip)
        assert services.documents.mark_signed(doc.id, date(2026, 2, 5), "Trần Đức Hải").symbol == "01/TTr-UBND"
        assert list(paths.backups.glob(f"*before-{migrate.HEAD_REVISION}.*"))  # .sqlite3, or pg_dump's .dump
    finally:
        services.close()

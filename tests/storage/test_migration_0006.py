"""Revision 0006 on a 0005 province store that trusts units: nothing lost, each device's age recipient
column added empty (filled by the device's next bundle), and the downgrade drops only that column."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select

from desktop.models.sync import PeerDevice
from desktop.services import open_services
from desktop.storage import migrate
from desktop.storage.database import Database
from tests.services.builders import TODAY


def _columns(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns("sync_peer_device")}


def test_a_0005_store_keeps_its_trusted_devices_and_gains_their_recipient_column(db_url, paths):
    services = open_services(db_url, paths, today=lambda: TODAY)
    try:
        services.device.set_up("DL", "Lê Thị Hoa")
        services.sync.set_province_mode(True)
        services.sync.trust("8c1f0a2b-1111-4222-8333-444455556666", "A" * 43 + "=", "DL-BMT")
    finally:
        services.close()
    db = Database(db_url)
    try:
        with db.engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0005")
        assert "age_recipient" not in _columns(db)
    finally:
        db.engine.dispose()
    services = open_services(db_url, paths, today=lambda: TODAY)  # migrates to head again
    try:
        assert "age_recipient" in _columns(services.ctx.db)
        with services.ctx.db.read() as s:
            (peer,) = s.scalars(select(PeerDevice)).all()
        assert (peer.unit_code, peer.age_recipient) == ("DL-BMT", None)
    finally:
        services.close()

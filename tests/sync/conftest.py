"""The two installations most sync tests need: a unit (Buôn Ma Thuột) and the province store, paired.

The province runs on `db_url`, so each test using it runs on SQLite and on PostgreSQL (tests/pgdb.py).
"""

from __future__ import annotations

import pytest

from tests.sync.engine_helpers import machine, pair


@pytest.fixture
def unit(tmp_path):
    """The unit's installation (DL-BMT) on its own SQLite file."""
    services = machine(tmp_path, "unit", "DL-BMT")
    yield services
    services.close()


@pytest.fixture
def province(tmp_path, unit, db_url):
    """The province store (DL, province mode), trusting the unit; the unit encrypts to it."""
    services = machine(tmp_path, "province", "DL", province=True, url=db_url)
    pair(unit, services)
    yield services
    services.close()

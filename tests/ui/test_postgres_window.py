"""The GUI on the province's PostgreSQL store: the window opens, every page builds and lists records.

The other GUI tests run on SQLite only; this one proves the same widgets work over a server.
"""

from __future__ import annotations

import pytest

from desktop.app import build_main_window
from desktop.services import open_services
from desktop.services.demo import fill_demo
from desktop.ui.dashboard.loader import wait_for_background_work
from tests import pgdb
from tests.services.builders import TODAY

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_services(request, paths):
    url = next(gen := pgdb.fresh_schema(request))
    services = open_services(url, paths, today=lambda: TODAY)
    yield services
    wait_for_background_work()
    services.close()
    next(gen, None)  # drops the schema


def test_the_main_window_opens_on_postgresql_and_every_page_builds(qtbot, pg_services):
    fill_demo(pg_services, delegations=6, seed=7)
    window = build_main_window(pg_services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "postgresql+psycopg://" in window.db_label.text()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.wait(10)
    wait_for_background_work()
    assert window.nav.count() == len(window.specs)
    assert len(list(window.stack.built())) == window.nav.count()
    dashboard = window.nav.item([s.key for s in window.specs].index("dashboard"))
    qtbot.waitUntil(lambda: "(" in dashboard.text(), timeout=10000)  # Tổng quan counted what is due

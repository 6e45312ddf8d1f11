"""Child process of bench/run.py: start a window, report, exit on the first event-loop turn.

    python bench/startup.py bare
    python bench/startup.py app  DB     `desktop.app.run_gui(DB)`, the real start (Tổng quan in front)
    python bench/startup.py full DB     also waits for Tổng quan and the Đoàn ra list
    … DB --key HEX                       an encrypted register, opened with its key (bench/encryption.py)

The bench registers have no account, or are opened with their key: the login (which the person types,
and whose Argon2id cost bench/encryption.py measures apart) is not what is timed here.

DOINGOAI_HOME must name the data folder that holds DB's device key (bench/out/home).

Prints one JSON line: milestones (seconds since this script started) and which heavy
optional packages got imported (alembic is needed only to migrate). Then it leaves
with os._exit, so the parent's wall time is start → window shown → first loop turn
(plus interpreter start-up, the same for every variant), without teardown.
"""

from __future__ import annotations

import json
import os
import sys
import time

STARTED = time.perf_counter()
MILESTONES: dict[str, float] = {}


def mark(name: str) -> None:
    MILESTONES[name] = round(time.perf_counter() - STARTED, 4)


def leave() -> None:
    mark("first_loop_turn")
    loaded = sorted(name for name in ("alembic", "reportlab", "holidays") if name in sys.modules)
    print(json.dumps({"milestones": MILESTONES, "loaded": loaded}), flush=True)
    os._exit(0)


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication(sys.argv[:1])
    mark("qt_imported")
    window = QMainWindow()
    table = QTableWidget(100, 8)
    for row in range(100):
        for column in range(8):
            table.setItem(row, column, QTableWidgetItem(f"{row}:{column}"))
    window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    mark("window_shown")
    QTimer.singleShot(0, leave)
    app.exec()


def application(db: str, full: bool, key: bytes | None = None) -> None:
    """The real start path, `desktop.app.run_gui`, timed from outside.

    The QApplication is made first so the exit timer can be queued before
    run_gui (which reuses it) opens the services, builds and shows the window
    and enters the event loop; wrapping `build_main_window` only adds marks.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    mark("qt_imported")
    import sqlalchemy.orm  # noqa: F401 - the app needs it anyway; imported first to time it apart

    mark("sqlalchemy_imported")
    import desktop.app

    mark("app_imported")
    build = desktop.app.build_main_window

    def timed_build(services):
        mark("services_open")
        window = build(services)
        mark("window_built")
        return window

    desktop.app.build_main_window = timed_build
    import desktop.ui.dialogs.login

    desktop.ui.dialogs.login.log_in_at_start = lambda services, parent=None: True  # nobody types here
    if key is not None:
        def opened(url, paths):
            from desktop.services import build_services
            from desktop.storage.database import Database

            return build_services(Database(url, backup_dir=paths.backups, full_check=False, key=key), paths)

        desktop.app._open = opened
    app = QApplication(sys.argv[:1])
    QTimer.singleShot(0, (lambda: fill_lists(app)) if full else leave)
    desktop.app.run_gui(db)


def fill_lists(app) -> None:
    """Wait for Tổng quan (filled off the UI thread) and open the Đoàn ra list."""
    from PySide6.QtWidgets import QAbstractItemView

    mark("window_shown")
    window = next(w for w in app.topLevelWidgets() if hasattr(w, "show_page"))
    wait_rows(app, window.page("dashboard").findChildren(QAbstractItemView))
    mark("dashboard_filled")
    page = window.show_page("outbound")
    wait_rows(app, page.findChildren(QAbstractItemView))
    mark("outbound_first_page")
    leave()


def wait_rows(app, views, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if any(v.model() is not None and v.model().rowCount() for v in views):
            return
        time.sleep(0.005)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    else:
        key = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--key" else None
        application(sys.argv[2], full=mode == "full", key=key)

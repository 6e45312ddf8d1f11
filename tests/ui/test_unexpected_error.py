"""An error nobody caught is logged and explained with the log's path; the program goes on."""

from __future__ import annotations

import sys

from desktop import app, logs
from desktop.ui.widgets import errors


def test_the_hook_logs_the_traceback_and_shows_where(tmp_path, monkeypatch, qapp):
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, text: shown.append(str(text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    path = logs.set_up(tmp_path)
    app.install_error_hook(path)
    try:
        {}["members"]
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1 and "Lỗi không mong đợi: KeyError" in shown[0] and str(path) in shown[0]
    assert "Chương trình vẫn chạy" in shown[0]
    assert "Traceback" in path.read_text("utf-8")


def test_about_shows_where_the_log_is(qtbot, services, monkeypatch, tmp_path):
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_info", lambda _parent, _title, text: shown.append(text))
    path = logs.set_up(tmp_path)
    window = app.build_main_window(services)
    qtbot.addWidget(window)
    window.show_about()
    assert f"Nhật ký: {path}" in shown[0]

"""The log file: in the data folder, owner-only, rotating; safe without a console; no display said plainly."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys

import pytest

from desktop import logs
from desktop.app import no_display
from desktop.cli import main


def test_a_command_starts_the_log_in_the_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DOINGOAI_HOME", str(tmp_path / "home"))
    assert main(["init", "--db", str(tmp_path / "so.sqlite3"), "--unit", "DL-KPA"]) == 0
    path = tmp_path / "home" / "logs" / "doingoai.log"
    assert logs.current() == path
    text = path.read_text("utf-8")
    assert "khởi động" in text and "lệnh init" in text
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_unexpected_error_is_logged_with_its_traceback(tmp_path):
    path = logs.set_up(tmp_path)
    try:
        raise KeyError("members")
    except KeyError:
        logging.getLogger("desktop.test").exception("Lỗi không mong đợi")
    for handler in logging.getLogger("desktop").handlers:
        handler.flush()
    text = path.read_text("utf-8")
    assert "Traceback" in text and "KeyError: 'members'" in text


def test_the_log_rotates(tmp_path):
    path = logs.set_up(tmp_path / "rot")
    log = logging.getLogger("desktop.test")
    for _ in range(logs.MAX_BYTES // 500 + 50):
        log.info("x" * 500)
    assert (path.parent / "doingoai.log.1").exists() and path.stat().st_size <= logs.MAX_BYTES


def test_no_console_is_no_crash(tmp_path, monkeypatch):
    """The frozen Windows build sets sys.stderr = None."""
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "stdout", None)
    logs.safe_streams()
    assert sys.stderr is not None and sys.stdout is not None
    logs.set_up(tmp_path / "frozen", console=True)
    logging.getLogger("desktop.test").warning("vẫn chạy")


@pytest.mark.parametrize(("environ", "platform", "says"), [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({}, "win32", False),
])
def test_no_display_is_said_plainly(environ, platform, says):
    reason = no_display(environ, platform)
    assert bool(reason) == says
    if says:
        assert "Không có màn hình" in reason and "xvfb-run" in reason


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland environment")
def test_starting_the_window_without_a_display_says_so_and_exits_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DOINGOAI_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(tmp_path / "so.sqlite3")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Không có màn hình" in done.stderr and "libxcb" not in done.stderr

"""`doingoai self-test` as support would run it: a real process, the real main window."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from desktop.selftest import VIETNAMESE_LETTERS

ROOT = Path(__file__).resolve().parents[2]
DOINGOAI = ROOT / ".venv" / "bin" / "doingoai"


def _self_test(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DOINGOAI_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DOINGOAI_DB", None)
    return subprocess.run([str(DOINGOAI), "self-test", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def test_self_test_passes_on_this_installation(tmp_path):
    done = _self_test(tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("Tất cả") and not [line for line in lines if line.startswith("✗")]
    for expected in ("✓ Qt khởi động", "✓ Phông chữ giao diện", "✓ Cơ sở dữ liệu mở và nâng cấp",
                     "✓ Cửa sổ chính và các danh sách", "✓ Bản dịch"):
        assert any(line.startswith(expected) for line in lines), expected
    window = next(line for line in lines if line.startswith("✓ Cửa sổ chính"))
    assert "outbound" in window and "inbound" in window and "persons" in window


def test_self_test_fails_and_says_why_on_a_corrupt_database(tmp_path):
    bad = tmp_path / "hong.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)

    done = _self_test(tmp_path, "--db", str(bad))

    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and "Cơ sở dữ liệu" in failed[0] and "bị hỏng" in failed[0]
    assert "Traceback" not in done.stdout + done.stderr
    assert bad.read_bytes() == b"not a database at all" * 100


@pytest.mark.parametrize("letter", ["Ă", "Đ", "ơ", "ư", "ắ", "ậ", "ẽ", "ỉ", "ộ", "ở", "ự", "ỳ", "Ỹ"])
def test_the_font_check_covers_every_vietnamese_letter(letter):
    assert letter in VIETNAMESE_LETTERS
    assert len(VIETNAMESE_LETTERS) == 14 + 24 * 5

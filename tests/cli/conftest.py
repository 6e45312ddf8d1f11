"""What the command-line tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def as_demo_officer(monkeypatch):
    """Commands on a demo register log in as its officer, as a script would (`doingoai demo` makes the
    accounts; tests/cli/test_access_cli.py tests the refusals without them)."""
    monkeypatch.setenv("DOINGOAI_USER", "canbo")
    monkeypatch.setenv("DOINGOAI_PASSWORD", "demo")

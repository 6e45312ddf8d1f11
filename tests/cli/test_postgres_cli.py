"""`doingoai demo`, `list` and `findings` on a PostgreSQL store give what they give on a SQLite file."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from desktop.cli import main
from tests import pgdb

pytestmark = [pytest.mark.pg, pytest.mark.usefixtures("as_demo_officer")]


@pytest.fixture
def pg_url(request):
    yield from pgdb.fresh_schema(request)


def _json(capsys, *argv: str):
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_demo_list_and_findings_match_the_same_demo_on_sqlite(pg_url, tmp_path, capsys):
    sqlite = str(tmp_path / "demo.sqlite3")
    for db in (pg_url, sqlite):
        assert main(["demo", "--db", db, "--delegations", "8"]) == 0
    out = capsys.readouterr().out
    assert "postgresql+psycopg://" in out  # the summary names the store it filled
    for entity in ("delegation", "person", "outgoing_document", "foreign_ngo"):
        on_pg, on_file = (_json(capsys, "list", entity, "--db", db, "--json") for db in (pg_url, sqlite))
        assert len(on_pg) == len(on_file) > 0, entity
    on_pg, on_file = (_json(capsys, "findings", "--db", db, "--json") for db in (pg_url, sqlite))
    assert Counter((f["rule"], f["entity"], f["message"]) for f in on_pg) == \
        Counter((f["rule"], f["entity"], f["message"]) for f in on_file)


def test_a_server_that_does_not_answer_is_one_readable_line(capsys):
    code = main(["list", "person", "--db", "postgresql://can_bo:bi-mat@127.0.0.1:1/so_doi_ngoai"])
    err = capsys.readouterr().err
    assert code != 0
    assert "Không kết nối được máy chủ PostgreSQL" in err and "bi-mat" not in err
    assert "Traceback" not in err

"""Search everywhere: every register, diacritics and đ ignored, best matches first."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.models import Conference, ForeignNgo
from desktop.services import search as search_module
from desktop.services.search import SearchService
from desktop.storage import search_index
from tests.services.builders import outbound


def _ngo_and_conference(services):
    with services.ctx.db.session() as s:
        s.add(ForeignNgo(unit_code="DL-BMT", name_original="World Vision", name_vi="Tầm nhìn Thế giới",
                         sectors=[], areas=[], attachments=[]))
        s.add(Conference(unit_code="DL-BMT", title="Hội thảo quốc tế về cà phê Đắk Lắk",
                         start_date=date(2026, 3, 10), end_date=date(2026, 3, 11),
                         participant_countries=[], sensitive_topics=[], attachments=[]))


def test_one_query_finds_records_of_every_register(services):
    services.persons.save({"full_name": "Đặng Thị Hoa", "position": "Chuyên viên Sở Ngoại vụ Đắk Lắk"})
    services.delegations.save({**outbound(), "title": "Đoàn xúc tiến cà phê Đắk Lắk tại Hàn Quốc"}, [])
    _ngo_and_conference(services)
    registers = {h.entity for h in services.search.search("dak lak")}
    assert {"person", "delegation", "conference"} <= registers


def test_diacritics_and_d_bar_are_ignored_and_every_word_must_match(services):
    _ngo_and_conference(services)
    assert [h.title for h in services.search.search("TAM NHIN the gioi")] == ["Tầm nhìn Thế giới"]
    assert services.search.search("tam nhin sao hoa") == []
    assert services.search.search("   ") == []


def test_a_title_starting_with_the_query_ranks_first(services):
    services.delegations.save({**outbound(), "title": "Đoàn khảo sát cà phê tại Lào"}, [])
    services.persons.save({"full_name": "Cà Văn Phê"})
    services.delegations.save({**outbound(), "title": "Cà phê Buôn Ma Thuột tại Nhật Bản"}, [])
    hits = services.search.search("ca phe")
    assert hits[0].title == "Cà phê Buôn Ma Thuột tại Nhật Bản"
    assert hits[0].register == "Đoàn" and hits[0].rank == 0


def test_deleted_records_are_not_found(services):
    detail = services.delegations.save({**outbound(), "title": "Đoàn sẽ bị xóa"}, [])
    services.delegations.delete(detail.id)
    assert services.search.search("se bi xoa") == []


# --- the trigram index (SQLite) ------------------------------------------------------------------

def _searched_everywhere(services, words: list[str]) -> dict[str, list]:
    """Each query's hits with the index, and again reading the registers (LIKE)."""
    out = {}
    for query in words:
        with_index = services.search.search(query)
        ranges, services.search._ranges = services.search._ranges, {}
        try:
            without = services.search.search(query)
        finally:
            services.search._ranges = ranges
        assert with_index == without, query
        out[query] = with_index
    return out


def _variety(services) -> None:
    services.persons.save({"full_name": "H'Hen Niê", "position": "Chuyên viên"})
    services.persons.save({"full_name": "Y Moan Êban", "position": "Phó Chủ tịch xã Ea Kao"})
    for title in ("Đoàn xúc tiến cà phê tại Hàn Quốc", "Cà phê Buôn Ma Thuột tại Nhật Bản",
                  "Khảo sát 100% hồ tiêu \"sạch\" tại Lào", "Đoàn Gyeongsangbuk-do thăm tỉnh"):
        services.delegations.save({**outbound(), "title": title}, [])
    _ngo_and_conference(services)


QUERIES = ["ca phe", "hen nie", "dak lak", "h'hen", "ca", "ea kao", "100%", '"sach"', "buk-do",
           "phe tai han", "xyz khong co", "e"]


@pytest.mark.sqlite_only
def test_the_index_is_in_place_for_every_register_and_gives_the_same_hits(services):
    ranges = services.search.index_ranges()
    assert set(ranges) == {r.entity for r in search_module.REGISTERS}
    _variety(services)
    found = _searched_everywhere(services, QUERIES)
    assert [h.title for h in found["hen nie"]] == ["H'Hen Niê"]
    assert found["ca phe"][0].title == "Cà phê Buôn Ma Thuột tại Nhật Bản"
    assert [h.title for h in found["100%"]] == ['Khảo sát 100% hồ tiêu "sạch" tại Lào']
    assert [h.title for h in found['"sach"']] == ['Khảo sát 100% hồ tiêu "sạch" tại Lào']


@pytest.mark.sqlite_only
def test_the_index_serves_long_words_and_follows_edits_and_deletions(services, monkeypatch):
    asked: list[list[str]] = []
    real = search_module._indexed

    def spy(s, rows, words):
        asked.append(words)
        return real(s, rows, words)

    monkeypatch.setattr(search_module, "_indexed", spy)
    trip = services.delegations.save({**outbound(), "title": "Đoàn khảo sát sầu riêng"}, [])
    assert [h.record_id for h in services.search.search("sau rieng")] == [trip.id]
    assert asked and asked[-1] == ["sau", "rieng"]
    services.delegations.save({**trip.data, "title": "Đoàn khảo sát bơ sáp"}, [], trip.id, trip.version)
    assert services.search.search("sau rieng") == []
    assert [h.record_id for h in services.search.search("bo sap")] == [trip.id]
    services.delegations.delete(trip.id)
    assert services.search.search("bo sap") == []


@pytest.mark.sqlite_only
def test_a_common_word_reads_the_register_instead_with_the_same_hits(services, monkeypatch):
    _variety(services)
    expected = _searched_everywhere(services, ["ca phe", "tai"])
    monkeypatch.setattr(search_module, "INDEX_CAP", 1)
    monkeypatch.setattr(search_module, "INDEX_SHARE", 1000)
    assert _searched_everywhere(services, ["ca phe", "tai"]) == expected


@pytest.mark.sqlite_only
def test_a_register_whose_triggers_are_gone_is_indexed_again_with_its_rows(services):
    """A table rebuilt by a later migration loses its triggers: the search puts them back."""
    _variety(services)
    with services.ctx.db.engine.begin() as conn:
        for kind in search_index.TRIGGER_KINDS:
            conn.exec_driver_sql(f'DROP TRIGGER "search_index_person_{kind}"')
        conn.exec_driver_sql("DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_index_doc "
                             "WHERE record_id IN (SELECT id FROM person))")
    services.persons.save({"full_name": "Nay Phi La"})  # written while nothing keeps the index
    fresh = SearchService(services.ctx)
    assert [h.title for h in fresh.search("nay phi")] == ["Nay Phi La"]
    assert [h.title for h in fresh.search("hen nie")] == ["H'Hen Niê"]
    with services.ctx.db.engine.connect() as conn:
        assert not search_index.missing(conn, {"person": "person"})


def test_without_the_index_the_search_reads_the_registers(services):
    """PostgreSQL (the province store), or an SQLite without trigram FTS5: LIKE, same behaviour."""
    services.search._ranges = {}
    _variety(services)
    assert [h.title for h in services.search.search("hen nie")] == ["H'Hen Niê"]
    assert {h.entity for h in services.search.search("dak lak")} >= {"conference"}


def test_match_expression_quotes_words_and_leaves_short_ones_out():
    assert search_index.match_expression(["ca", "phe", 'a"b"c']) == '"phe" AND "a""b""c"'
    assert search_index.match_expression(["ca", "ea"]) is None


def test_migration_0004_indexes_the_registers_as_the_search_reads_them():
    """The migration's frozen lists agree with REGISTERS for the registers both know."""
    import importlib

    migration = importlib.import_module("desktop.storage.migrations.versions.0004_aid_overseas_plan")
    for register in search_module.REGISTERS:
        if register.entity in migration.SEARCHED_REGISTERS:
            assert migration.SEARCHED_REGISTERS[register.entity] == register.model.__tablename__
            assert migration.SEARCH_ORDERS[register.entity] == register.when.property.columns[0].name


@pytest.mark.sqlite_only
def test_each_register_has_its_covering_scan_index(services):
    services.search.index_ranges()
    with services.ctx.db.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {f"search_index_{r.model.__tablename__}_scan" for r in search_module.REGISTERS} <= names

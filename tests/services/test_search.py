"""Search everywhere: every register, diacritics and đ ignored, best matches first."""

from __future__ import annotations

from datetime import date

from desktop.models import Conference, ForeignNgo
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

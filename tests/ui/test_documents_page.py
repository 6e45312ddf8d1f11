"""Sổ văn bản đi: the register as the user sees it — numbers, years, search, signing, deleting, opening."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.app import build_main_window
from desktop.ui.documents.page import DocumentsPage
from tests.services.builders import officer, outbound
from tests.ui.conftest import double_click
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def trip(services):
    person = officer(services, "H'Hen Niê")
    return services.delegations.save(outbound(), [{"person_id": person, "role": "head"}])


def signed(services, trip, day: date, summary: str = "Tờ trình xin phép cử đoàn ra"):
    draft = services.documents.create("TTr", summary, "delegation-request", "delegation", trip.id)
    return services.documents.mark_signed(draft.id, day, "Nguyễn Văn Bình")


@pytest.fixture
def page(qtbot, services) -> DocumentsPage:
    widget = DocumentsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def symbols(page: DocumentsPage) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def row_of(page: DocumentsPage, document_id: str) -> int:
    return page.model.row_for_id(document_id)


def click_row(qtbot, page: DocumentsPage, row: int) -> None:
    view = page.view
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(page.model.index(row, 3)).center())


def test_the_register_lists_signed_documents_and_drafts(qtbot, services, trip, page):
    first = signed(services, trip, date(2026, 2, 5))
    services.documents.create("BC", "Báo cáo kết quả chuyến công tác", "trip-report", "delegation", trip.id)
    page.refresh()
    assert symbols(page) == ["01/TTr-UBND", "(chưa có số)"]
    row = row_of(page, first.id)
    cells = [page.model.index(row, c).data() for c in range(len(page.model.columns))]
    assert cells == ["01/TTr-UBND", "05/02/2026", "Tờ trình", "Tờ trình xin phép cử đoàn ra", "Nguyễn Văn Bình",
                     "Đã ký", "Đoàn ↗"]
    assert page.total_label.text() == "2 văn bản"


def test_numbers_sort_as_numbers(qtbot, services, trip, page):
    for day in range(1, 12):
        signed(services, trip, date(2026, 3, day))
    page.refresh()
    header = page.view.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert symbols(page) == [f"{n:02d}/TTr-UBND" for n in range(1, 12)]
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert symbols(page)[:3] == ["11/TTr-UBND", "10/TTr-UBND", "09/TTr-UBND"]


def test_year_filter_and_search(qtbot, services, trip, page):
    signed(services, trip, date(2025, 12, 30), "Tờ trình đoàn đi Nhật Bản")
    signed(services, trip, date(2026, 1, 2), "Tờ trình đoàn đi Hàn Quốc")
    page.refresh()
    assert [page.year_filter.itemText(i) for i in range(page.year_filter.count())] == ["Mọi năm", "2026", "2025"]
    page.year_filter.setCurrentIndex(page.year_filter.findData(2025))
    assert symbols(page) == ["01/TTr-UBND"] and "Nhật Bản" in page.model.index(0, 3).data()
    page.year_filter.setCurrentIndex(0)
    type_text(page.search, "han quoc")
    page.search.flush()
    assert [page.model.index(r, 3).data() for r in range(page.model.rowCount())] == ["Tờ trình đoàn đi Hàn Quốc"]


def test_mark_a_draft_signed_from_the_list(qtbot, services, trip, page):
    draft = services.documents.create("TTr", "Tờ trình xin phép cử đoàn ra", "delegation-request",
                                      "delegation", trip.id)
    page.refresh()
    click_row(qtbot, page, row_of(page, draft.id))
    assert page.sign_action.isEnabled()
    page.sign_action.trigger()
    dialog = page.sign_dialog
    clear_and_type(dialog.signed_on, "10/02/2026")
    clear_and_type(dialog.signer, "Trần Thị Mai")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    stored = services.documents.get(draft.id)
    assert (stored.symbol, stored.signer, stored.issued_on) == ("01/TTr-UBND", "Trần Thị Mai", date(2026, 2, 10))
    assert page.model.index(row_of(page, draft.id), 0).data() == "01/TTr-UBND"
    assert not page.sign_action.isEnabled() and not page.delete_action.isEnabled()


def test_delete_a_draft_after_confirming(qtbot, services, trip, page, answer):
    draft = services.documents.create("TTr", "Dự thảo bỏ đi", "delegation-request", "delegation", trip.id)
    keep = signed(services, trip, date(2026, 2, 5))
    page.refresh()
    click_row(qtbot, page, row_of(page, keep.id))
    assert not page.delete_action.isEnabled()
    click_row(qtbot, page, row_of(page, draft.id))
    asked = answer(False)
    page.delete_action.trigger()
    assert asked and row_of(page, draft.id) >= 0
    answer(True)
    page.delete_action.trigger()
    assert row_of(page, draft.id) == -1
    assert [d.id for d in services.documents.for_record("delegation", trip.id)] == [keep.id]


def test_double_click_opens_the_delegation(qtbot, services, trip):
    document = signed(services, trip, date(2026, 2, 5))
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("documents")
    assert window.current_key() == "documents"
    view = page.view
    row = row_of(page, document.id)
    assert page.model.index(row, 0).data() == "01/TTr-UBND"
    double_click(qtbot, view.viewport(), view.visualRect(page.model.index(row, 3)).center())
    assert window.current_key() == "outbound"
    editors = window.page("outbound").editors()
    assert [e.delegation_id for e in editors] == [trip.id]
    for editor in editors:
        editor.close()


def test_the_page_reads_the_register_again_when_shown(qtbot, services, trip):
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("documents")
    assert page.model.rowCount() == 0
    window.show_page("outbound")
    signed(services, trip, date(2026, 2, 5))
    window.show_page("documents")
    assert symbols(page) == ["01/TTr-UBND"]

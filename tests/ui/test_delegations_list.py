"""The delegation list as a user works it: scroll, search without diacritics, sort, delete, undo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.domain.text import fold
from desktop.services.common import ListQuery
from desktop.services.delegations import Filter
from desktop.ui.delegations.page import DelegationPage
from desktop.ui.widgets import errors
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _answers(monkeypatch):
    """Say yes to every question and collect errors instead of opening modal boxes."""
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: shown.append(str(error)))
    monkeypatch.setattr(errors, "confirm", lambda *_a: True)
    return shown


def add_delegation(services, title: str, start: date, direction: str = "outbound") -> str:
    data = {"direction": direction, "kind": "working_trip", "title": title, "countries": ["KR"],
            "partner": "Tỉnh Gyeonggi", "start_date": start, "end_date": start + timedelta(days=4),
            "status": "draft"}
    return services.delegations.save(data, []).id


@pytest.fixture
def many(services):
    """150 outbound delegations (one about coffee) and one inbound."""
    first = date(2025, 1, 6)
    for i in range(149):
        add_delegation(services, f"Đoàn công tác số {i + 1:03d}", first + timedelta(days=3 * i))
    add_delegation(services, "Xúc tiến Cà phê Buôn Ma Thuột tại Hàn Quốc", date(2026, 4, 1))
    add_delegation(services, "Đoàn nghệ sĩ dân gian Hàn Quốc", date(2026, 3, 9), "inbound")
    return services


def open_page(qtbot, services, direction: str = "outbound") -> DelegationPage:
    page = DelegationPage(services, direction)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def click_header(qtbot, page: DelegationPage, column: int) -> None:
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


def click_row(qtbot, page: DelegationPage, row: int) -> None:
    rect = page.view.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.view.viewport(), LEFT, pos=rect.center())


def titles(page: DelegationPage) -> list[str]:
    return [r.title for r in page.model.loaded_rows()]


def test_first_page_then_the_rest_on_scrolling(qtbot, many):
    page = open_page(qtbot, many)
    assert page.model.rowCount() == 100
    assert page.count_label.text() == "150 đoàn"
    assert "Đoàn nghệ sĩ dân gian Hàn Quốc" not in titles(page)  # inbound is the other list

    qtbot.waitUntil(lambda: (page.view.scrollToBottom(), page.model.rowCount())[1] == 150, timeout=5000)
    assert not page.model.canFetchMore()
    row = page.model.row_at(0)
    assert page.model.data(page.model.index(0, 1)) == "Hàn Quốc"
    assert page.model.data(page.model.index(0, 5)) == "Đang soạn"
    assert page.model.data(page.model.index(0, 7)) == row.deadline.strftime("%d/%m/%Y")


def test_search_ignores_diacritics(qtbot, many):
    page = open_page(qtbot, many)
    type_text(page.search, "ca phe")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert titles(page) == ["Xúc tiến Cà phê Buôn Ma Thuột tại Hàn Quốc"]
    assert page.count_label.text() == "1 đoàn"


def test_header_click_sorts_by_start_date_in_sql(qtbot, many):
    page = open_page(qtbot, many)
    starts = [r.start_date for r in page.model.loaded_rows()]
    assert starts == sorted(starts, reverse=True)  # newest first by default

    click_header(qtbot, page, 0)
    assert page.model.query.sort == "title" and titles(page) == sorted(titles(page), key=fold)
    click_header(qtbot, page, 3)
    click_header(qtbot, page, 3)
    assert (page.model.query.sort, page.model.query.descending) == ("start_date", True)
    starts = [r.start_date for r in page.model.loaded_rows()]
    assert starts == sorted(starts, reverse=True) and starts[0] == date(2026, 4, 1)
    assert page.model.rowCount() == 100


def test_filters_by_status_and_year(qtbot, many):
    page = open_page(qtbot, many)
    years = [page.year_filter.itemText(i) for i in range(page.year_filter.count())]
    assert years == ["Mọi năm", "2026", "2025"]
    page.year_filter.setCurrentIndex(1)
    assert {r.start_date.year for r in page.model.loaded_rows()} == {2026}
    page.status_filter.setCurrentIndex(page.status_filter.findData("approved"))
    assert page.model.rowCount() == 0 and page.count_label.text() == "0 đoàn"


def test_delete_then_undo(qtbot, many):
    page = open_page(qtbot, many)
    click_row(qtbot, page, 0)
    doomed = page.current_row()
    qtbot.mouseClick(page.toolbar.widgetForAction(page.delete_action), LEFT)

    assert page.count_label.text() == "149 đoàn"
    assert doomed.id not in {r.id for r in page.model.loaded_rows()}
    assert many.delegations.count(ListQuery(), Filter(direction="outbound")) == 149
    assert not page.undo_button.isHidden() and doomed.title in page.undo_label.text()

    qtbot.mouseClick(page.undo_button, LEFT)
    assert many.delegations.get(doomed.id).data["title"] == doomed.title
    assert page.count_label.text() == "150 đoàn"
    assert page.current_row().id == doomed.id
    assert page.undo_button.isHidden() and not page.undo_action.isEnabled()


def test_delete_key_asks_first(qtbot, many, monkeypatch):
    page = open_page(qtbot, many)
    click_row(qtbot, page, 0)
    asked = []
    monkeypatch.setattr(errors, "confirm", lambda _p, title, text: asked.append(title) or False)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked == ["Xóa đoàn"]
    assert page.count_label.text() == "150 đoàn"


def test_open_record_and_saving_refreshes_the_list(qtbot, many):
    page = open_page(qtbot, many)
    click_row(qtbot, page, 0)
    record = page.current_row().id
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    editor = page.editors()[0]
    assert editor.delegation_id == record
    assert page.open_record(record) is editor  # opening again brings the same window forward

    type_text(editor.general.title, " (sửa)")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert page.model.row_at(0).title.endswith(" (sửa)")
    assert page.current_row().id == record


def test_new_record_from_the_toolbar(qtbot, services):
    page = open_page(qtbot, services, "inbound")
    assert page.count_label.text() == "0 đoàn"
    qtbot.mouseClick(page.toolbar.widgetForAction(page.add_action), LEFT)
    editor = page.editors()[0]
    assert editor.direction == "inbound" and editor.delegation_id is None


def test_column_widths_and_sort_are_remembered(qtbot, many):
    from desktop.ui.main_window import app_settings

    page = open_page(qtbot, many)
    page.view.horizontalHeader().resizeSection(2, 240)
    click_header(qtbot, page, 0)
    page.save_state(app_settings())

    again = DelegationPage(many, "outbound")
    qtbot.addWidget(again)
    again.restore_state(app_settings())
    again.show()
    assert again.view.horizontalHeader().sectionSize(2) == 240
    assert again.model.query.sort == "title" and not again.model.query.descending

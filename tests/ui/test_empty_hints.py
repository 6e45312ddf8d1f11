"""An empty register says what to press; a search that hides every row says that instead."""

from __future__ import annotations

import pytest

from desktop.app import build_main_window
from tests.services.builders import officer
from tests.ui.typing import type_text

PAGES = ("outbound", "inbound", "conferences", "promotions", "overseas", "ngos", "aid", "persons", "documents")


@pytest.fixture
def window(qtbot, services):
    main = build_main_window(services)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.mark.parametrize("key", PAGES)
def test_an_empty_register_says_how_to_start_it(qtbot, window, key):
    page = window.show_page(key)
    hint = page.empty_hint
    qtbot.waitUntil(hint.isVisible)
    assert hint.text().startswith("Chưa có"), hint.text()
    assert "Thêm (Ctrl+N)" in hint.text() or key == "documents"
    assert hint.width() > 0 and hint.geometry().intersects(hint.parentWidget().rect())


def test_the_hint_goes_with_the_first_row_and_a_search_without_match_says_so(qtbot, window, services):
    page = window.show_page("persons")
    assert page.empty_hint.isVisible()
    officer(services, "Điểu K'Lơi")
    page.model.refresh()
    assert not page.empty_hint.isVisible()

    type_text(page.search, "khong co ai")
    page.search.flush()
    qtbot.waitUntil(page.empty_hint.isVisible)
    assert page.empty_hint.text().startswith("Không có dòng nào khớp")
    page.search.clear()
    qtbot.waitUntil(lambda: not page.empty_hint.isVisible())

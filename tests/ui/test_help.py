"""Trợ giúp › Hướng dẫn sử dụng: F1 opens the page of the screen in front; the guide is searchable
without diacritics; every screen and every rule has its page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl

from desktop import help as guide
from desktop.app import build_main_window
from desktop.domain.rule_config import DEFAULT_RULES
from tests.ui.conftest import activate
from tests.ui.typing import type_text


@pytest.fixture
def window(qtbot, services):
    main = build_main_window(services)
    qtbot.addWidget(main)
    activate(qtbot, main)
    return main


def test_f1_opens_the_page_of_the_screen_in_front(qtbot, window):
    window.show_page("ngos")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    shown = window.help_window
    assert shown.isVisible() and shown.current == "ngos"
    assert "Nghị định 58/2022/NĐ-CP" in shown.browser.toPlainText()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.show_page("outbound")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert shown.current == "outbound" and shown.browser.toPlainText().startswith("Đoàn ra")
    qtbot.mouseClick(shown.back_button, Qt.MouseButton.LeftButton)
    assert shown.current == "ngos"


def test_every_screen_has_its_page(window):
    missing = [spec.key for spec in window.specs if spec.key not in guide.ORDER]
    assert missing == []


def test_searching_without_diacritics_finds_the_passport_pages(qtbot, window):
    shown = window.show_help("dashboard")
    type_text(shown.search, "ho chieu")
    shown.search.flush()
    keys = [shown.contents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(shown.contents.count())]
    assert {"persons", "rules", "inbound"} <= set(keys) and "aid" not in keys
    assert shown.current == keys[0] and shown.browser.textCursor().selectedText().lower() == "hộ chiếu"
    assert "trang có «ho chieu»" in shown.found.text()


def test_a_link_opens_its_page(window):
    shown = window.show_help("start")
    shown._link(QUrl("page:sending"))
    assert shown.current == "sending" and "tệp khóa của tỉnh" in shown.browser.toPlainText()


def test_every_rule_has_its_guidance_and_every_link_resolves():
    pages = {page.key: page for page in guide.pages()}
    rules = pages["rules"].text
    for code in DEFAULT_RULES:
        assert f"## {code} — " in rules, code
        section = rules.split(f"## {code} — ", 1)[1].split("\n## ", 1)[0]
        assert "Khi " in section and "Căn cứ:" in section, code
    for page in pages.values():
        assert all(target in pages for target in guide.links(page)), page.key

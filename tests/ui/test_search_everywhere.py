"""Ctrl+K: type without diacritics, see hits of every register, Enter opens the record."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.dialogs.search_everywhere import SearchEverywhere
from tests.services.builders import outbound
from tests.ui.typing import type_text


def _dialog(qtbot, services):
    dialog = SearchEverywhere(services)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_typing_lists_hits_with_their_register(qtbot, services):
    services.persons.save({"full_name": "H'Hen Niê", "position": "Phó Chủ tịch UBND"})
    services.delegations.save({**outbound(), "title": "Đoàn thăm tỉnh Gyeongsangbuk-do của H'Hen Niê"}, [])
    dialog = _dialog(qtbot, services)
    type_text(dialog.box, "hen nie")
    qtbot.waitUntil(lambda: dialog.results.count() == 2, timeout=3000)
    texts = [dialog.results.item(i).text() for i in range(2)]
    assert texts[0].startswith("H'Hen Niê") and "Cán bộ" in texts[0]
    assert any("Đoàn" in t for t in texts)


def test_enter_opens_the_highlighted_record(qtbot, services):
    detail = services.delegations.save({**outbound(), "title": "Đoàn khảo sát sầu riêng tại Thái Lan"}, [])
    services.delegations.save({**outbound(), "title": "Đoàn khảo sát hồ tiêu tại Ấn Độ"}, [])
    dialog = _dialog(qtbot, services)
    type_text(dialog.box, "khao sat")
    qtbot.waitUntil(lambda: dialog.results.count() == 2, timeout=3000)
    target = next(i for i in range(2) if "sầu riêng" in dialog.results.item(i).text())
    if target == 1:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.openRecord, timeout=2000) as opened:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert opened.args == ["delegation", detail.id]


def test_ctrl_k_in_the_main_window_opens_the_search(qtbot, services):
    from desktop.app import build_main_window

    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    dialog = window.search_everywhere()
    assert dialog.isVisible()
    dialog.close()

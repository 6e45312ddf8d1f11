"""Hồ sơ: the checklist in the delegation editor — states, paper marks, refresh, refused submission."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.ui.delegations.editor import DelegationEditor
from desktop.ui.widgets import errors
from tests.services.builders import officer, outbound
from tests.ui.typing import clear_and_type

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: shown.append(str(error)))
    monkeypatch.setattr(errors, "confirm", lambda *_a: True)
    return shown


@pytest.fixture
def trip(services):
    person = officer(services, "H'Hen Niê")
    return services.delegations.save(outbound(), [{"person_id": person, "role": "head"}])


def open_editor(qtbot, services, record_id: str | None = None) -> DelegationEditor:
    editor = DelegationEditor(services, "outbound", record_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def row_of(editor: DelegationEditor, key: str) -> int:
    return [item.key for item in editor.dossier.items].index(key)


def test_a_new_delegation_has_no_dossier_yet(qtbot, services):
    editor = open_editor(qtbot, services)
    dossier = editor.dossier
    assert editor.tabs.tabText(editor.tabs.indexOf(dossier)) == "Hồ sơ"
    assert not dossier.notice.isHidden() and dossier.table.rowCount() == 0


def test_checklist_shows_each_item_and_what_is_missing(qtbot, services, trip):
    editor = open_editor(qtbot, services, trip.id)
    dossier = editor.dossier
    expected = services.dossier.checklist(trip.id)
    assert dossier.table.rowCount() == len(expected)
    assert all(dossier.table.item(r, 0).text().startswith(item.title) for r, item in enumerate(expected))
    missing = len(services.dossier.missing(trip.id))
    assert missing > 0 and dossier.summary.text() == f"Còn thiếu {missing} thành phần hồ sơ"
    row = row_of(editor, "invitation")
    assert dossier.table.item(row, 1).text() == "Còn thiếu"
    assert dossier.table.item(row, 1).foreground().color().name() == "#b71c1c"
    info = [item.key for item in expected if item.state == "info"]
    assert all(key not in dossier.paper_boxes for key in info)


def test_marking_an_item_supplied_on_paper_stores_it(qtbot, services, trip):
    editor = open_editor(qtbot, services, trip.id)
    dossier = editor.dossier
    editor.tabs.setCurrentWidget(dossier)
    before = dossier.missing_count()
    box = dossier.paper_boxes["invitation"]
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))

    states = {item.key: item.state for item in services.dossier.checklist(trip.id)}
    assert states["invitation"] == "paper"
    qtbot.waitUntil(lambda: dossier.table.item(row_of(editor, "invitation"), 1).text() == "Đã nộp bản giấy")
    assert dossier.table.item(row_of(editor, "invitation"), 1).foreground().color().name() == "#1b5e20"
    assert dossier.missing_count() == before - 1
    assert dossier.summary.text() == f"Còn thiếu {before - 1} thành phần hồ sơ"

    box = dossier.paper_boxes["invitation"]
    assert box.isChecked()
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    states = {item.key: item.state for item in services.dossier.checklist(trip.id)}
    assert states["invitation"] == "missing"


def test_an_attachment_of_the_right_kind_satisfies_its_item(qtbot, services, trip, tmp_path):
    editor = open_editor(qtbot, services, trip.id)
    letter = tmp_path / "chuong-trinh.pdf"
    letter.write_bytes(b"%PDF-1.4 chuong trinh")
    editor.attachments.kind.setCurrentIndex(editor.attachments.kind.findData("programme"))
    editor.attachments.attach([letter], editor.attachments.kind.currentData())
    row = row_of(editor, "programme")
    assert editor.dossier.table.item(row, 1).text() == "Đã đính kèm"
    assert editor.dossier.table.item(row, 2).text() == "chuong-trinh.pdf"
    assert "programme" not in editor.dossier.paper_boxes


def test_every_kind_the_dossier_needs_can_be_attached(qtbot, services, trip):
    editor = open_editor(qtbot, services, trip.id)
    kinds = {editor.attachments.kind.itemData(i) for i in range(editor.attachments.kind.count())}
    assert {"cost_estimate", "party_opinion", "invitation_translation"} <= kinds


def test_a_registered_document_shows_in_the_dossier(qtbot, services, trip):
    editor = open_editor(qtbot, services, trip.id)
    draft = services.documents.create("TTr", "Tờ trình xin phép cử đoàn ra", "delegation-request",
                                      "delegation", trip.id)
    services.documents.mark_signed(draft.id, date(2026, 2, 5), "Nguyễn Văn Bình")
    editor.dossier.refresh()
    row = row_of(editor, "request")
    assert editor.dossier.table.item(row, 1).text() == "Đã lập văn bản"
    assert "01/TTr-UBND" in editor.dossier.table.item(row, 2).text()
    assert editor.dossier.documents.item(0, 0).text() == "01/TTr-UBND"
    assert editor.dossier.documents.item(0, 3).text() == "Đã ký"


def test_submitting_an_incomplete_dossier_is_explained_beside_the_status(qtbot, services, trip):
    editor = open_editor(qtbot, services, trip.id)
    status = editor.status.status
    status.setCurrentIndex(status.findData("submitted"))
    qtbot.mouseClick(editor.save_button, LEFT)

    slot = editor.status.slots["status"]
    assert not slot.problem.isHidden() and "Hồ sơ chưa đủ" in slot.problem.text()
    assert editor.tabs.currentIndex() == 1
    assert status.currentData() == "submitted"  # the choice is kept
    assert services.delegations.get(trip.id).data["status"] == "draft"

    for item in services.dossier.missing(trip.id):
        services.dossier.mark_paper(trip.id, item.key, True)
    qtbot.mouseClick(editor.save_button, LEFT)
    assert services.delegations.get(trip.id).data["status"] == "submitted"
    assert editor.dossier.summary.text() == "Hồ sơ đã đủ thành phần."


def test_registering_from_the_preview_refreshes_the_checklist(qtbot, services, trip):
    from dataclasses import replace

    services.printing.save_settings(replace(services.printing.settings(), signer_name="Nguyễn Văn Bình"))
    editor = open_editor(qtbot, services, trip.id)
    assert editor.dossier.state_of("request") == "missing"
    dialog = editor.preview("delegation-request")
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.viewer.page_count() >= 1, timeout=15000)
    qtbot.mouseClick(dialog.register_button, LEFT)
    assert editor.dossier.state_of("request") == "generated"
    row = row_of(editor, "request")
    assert editor.dossier.table.item(row, 1).text() == "Đã lập văn bản"
    assert editor.dossier.documents.item(0, 0).text() == "(chưa có số)"
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=15000)
    dialog.reject()


def test_printing_while_the_move_to_submitted_is_refused_saves_the_content_and_opens_the_forms(
        qtbot, services, trip):
    """D1 wants the request that only In / Xem trước produces: printing must not be trapped by it."""
    editor = open_editor(qtbot, services, trip.id)
    clear_and_type(editor.general.title, "Đoàn xúc tiến cà phê tại Hàn Quốc")
    status = editor.status.status
    status.setCurrentIndex(status.findData("submitted"))
    editor.status.submitted_on.setDate(date(2026, 3, 2))

    menu = editor.offer_forms()

    assert menu is not None and menu.actions()
    stored = services.delegations.get(trip.id).data
    assert stored["title"] == "Đoàn xúc tiến cà phê tại Hàn Quốc"  # the content is saved
    assert stored["status"] == "draft"  # the status stays as stored
    banner = editor.banner.text()
    assert "trạng thái vẫn là «Đang soạn»" in banner and "«Đã trình»" in banner
    assert "Hồ sơ chưa đủ" in banner
    assert not editor.is_dirty()
    menu.close()


def test_ticking_an_item_keeps_every_row_where_it_was(qtbot, services, trip):
    """The next click must land on the row the officer sees under the mouse."""
    editor = open_editor(qtbot, services, trip.id)
    dossier = editor.dossier
    editor.tabs.setCurrentWidget(dossier)
    table = dossier.table

    def rows() -> list[tuple[int, int]]:
        return [(table.rowViewportPosition(r), table.rowHeight(r)) for r in range(table.rowCount())]

    before = rows()
    box = dossier.paper_boxes["invitation"]
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    qtbot.waitUntil(lambda: table.item(row_of(editor, "invitation"), 1).text() == "Đã nộp bản giấy")
    assert rows() == before
    second = dossier.paper_boxes["programme"]
    qtbot.mouseClick(second, LEFT, pos=QPoint(8, second.height() // 2))
    qtbot.waitUntil(lambda: table.item(row_of(editor, "programme"), 1).text() == "Đã nộp bản giấy")
    assert rows() == before
    states = {item.key: item.state for item in services.dossier.checklist(trip.id)}
    assert states["invitation"] == states["programme"] == "paper"

"""Cán bộ: add, validate, search, sort, page, delete + undo, discipline records — as a user does."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.services.common import ListQuery
from desktop.ui.persons.page import PersonsPage
from tests.ui.conftest import activate
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, services) -> PersonsPage:
    widget = PersonsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_action(qtbot, page: PersonsPage, action) -> None:
    qtbot.mouseClick(page.toolbar.widgetForAction(action), LEFT)


def names(page: PersonsPage) -> list[str]:
    return [row.full_name for row in page.model.loaded_rows()]


def add(services, name: str, **extra) -> str:
    return services.persons.save({"full_name": name, **extra}).id


def test_add_person_through_the_editor(qtbot, page, services):
    click_action(qtbot, page, page.add_action)
    editor = page.editor
    assert editor is not None and editor.isVisible()
    type_text(editor.fields["full_name"], "H'Hen Niê")
    type_text(editor.fields["position"], "Phó Chủ tịch UBND")
    type_text(editor.fields["passport_number"], "c1234567")
    type_text(editor.fields["passport_expiry"], "01/05/2027")
    box = editor.fields["is_key_leader"]
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(editor.save_button, LEFT)

    assert page.editor is None
    [row] = services.persons.page(ListQuery())
    assert row.full_name == "H'Hen Niê"
    assert row.passport_number == "C1234567"
    assert row.passport_expiry == date(2027, 5, 1)
    assert row.is_key_leader and row.unit_code == "DL-BMT"
    assert names(page) == ["H'Hen Niê"]
    assert page.model.index(0, 4).data() == "01/05/2027"
    assert page.table.selectionModel().selectedRows()[0].row() == 0


def test_bad_email_and_impossible_date_are_shown_beside_the_fields(qtbot, page, services):
    click_action(qtbot, page, page.add_action)
    editor = page.editor
    type_text(editor.fields["full_name"], "Y Bhim Êban")
    type_text(editor.fields["email"], "ybhim@@daklak")
    type_text(editor.fields["birth_date"], "31/02/2026")
    qtbot.mouseClick(editor.save_button, LEFT)

    assert editor.isVisible()
    assert services.persons.count(ListQuery()) == 0
    assert editor.form.error("email")
    assert "không có ngày 31" in editor.form.error("birth_date")
    assert editor.form.error("full_name") == ""
    assert editor.fields["email"].text() == "ybhim@@daklak"
    assert editor.fields["birth_date"].text() == "31/02/2026"
    assert editor.fields["full_name"].text() == "Y Bhim Êban"

    clear_and_type(editor.fields["email"], "ybhim@daklak.gov.vn")
    clear_and_type(editor.fields["birth_date"], "28/02/1980")
    qtbot.mouseClick(editor.save_button, LEFT)
    [row] = services.persons.page(ListQuery())
    assert row.email == "ybhim@daklak.gov.vn"


def test_search_without_diacritics(qtbot, page, services):
    add(services, "H'Hen Niê")
    add(services, "Nguyễn Thị Hoa")
    page.reload()
    assert len(names(page)) == 2
    type_text(page.search, "hen nie")
    qtbot.waitUntil(lambda: names(page) == ["H'Hen Niê"], timeout=2000)
    assert page.total_label.text() == "1 cán bộ"
    page.search.clear()
    qtbot.waitUntil(lambda: len(names(page)) == 2, timeout=2000)


def test_header_click_sorts_in_the_service(qtbot, page, services):
    for name in ("Bùi Văn Bình", "Alăng Thị An", "Chu Văn Cường"):
        add(services, name)
    page.reload()
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), LEFT, pos=_section_centre(header, 0))
    assert page.model.query.sort == "full_name" and page.model.query.descending
    assert names(page)[0] == "Chu Văn Cường"
    before = names(page)
    qtbot.mouseClick(header.viewport(), LEFT, pos=_section_centre(header, 3))  # passport: not sortable
    assert names(page) == before and page.model.query.sort == "full_name"


def test_header_click_sorts_names_in_the_vietnamese_alphabet(qtbot, page, services):
    for name in ("Đặng Văn Hải", "Được Văn Tư", "Dương Thị Lan", "Điểu Minh", "Đỗ Thị Hoa"):
        add(services, name)
    page.reload()
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), LEFT, pos=_section_centre(header, 0))
    assert page.model.query.descending
    assert names(page) == ["Được Văn Tư", "Đỗ Thị Hoa", "Điểu Minh", "Đặng Văn Hải", "Dương Thị Lan"]
    qtbot.mouseClick(header.viewport(), LEFT, pos=_section_centre(header, 0))
    assert page.model.query.sort == "full_name" and not page.model.query.descending
    assert names(page) == ["Dương Thị Lan", "Đặng Văn Hải", "Điểu Minh", "Đỗ Thị Hoa", "Được Văn Tư"]
    assert page.model.index(0, 0).data() == "Dương Thị Lan"  # what the table shows on its first line


def _section_centre(header, section):
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


def test_list_fetches_pages_lazily(qtbot, services):
    for i in range(130):
        add(services, f"Cán bộ {i:03d}")
    page = PersonsPage(services)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 100 and page.model.total == 130
    page.model.fetchMore()
    assert page.model.rowCount() == 130 and not page.model.canFetchMore()


def test_delete_asks_then_undo_brings_back(qtbot, page, services, answer):
    add(services, "Lê Văn Dũng")
    page.reload()
    page.table.selectRow(0)
    asked = answer(True)
    click_action(qtbot, page, page.delete_action)
    assert "Lê Văn Dũng" in asked[0]
    assert services.persons.count(ListQuery()) == 0 and names(page) == []
    assert page.undo_bar.isVisible()
    qtbot.mouseClick(page.undo_bar.button, LEFT)
    assert names(page) == ["Lê Văn Dũng"] and not page.undo_bar.isVisible()


def test_delete_refused_keeps_the_person_and_ctrl_z_undoes(qtbot, page, services, answer):
    add(services, "Lê Văn Dũng")
    page.reload()
    page.table.selectRow(0)
    answer(False)
    click_action(qtbot, page, page.delete_action)
    assert services.persons.count(ListQuery()) == 1
    answer(True)
    click_action(qtbot, page, page.delete_action)
    assert services.persons.count(ListQuery()) == 0
    activate(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.persons.count(ListQuery()) == 1


def test_add_a_discipline_record(qtbot, page, services):
    person_id = add(services, "Trần Văn Em")
    page.reload()
    page.open_record(person_id)
    editor = page.editor
    tabs = editor.tabs
    qtbot.mouseClick(tabs.tabBar(), LEFT, pos=tabs.tabBar().tabRect(1).center())
    assert tabs.currentWidget() is editor.discipline
    qtbot.mouseClick(editor.discipline.add_button, LEFT)
    dialog = editor.discipline.open_dialog
    form = dialog.fields["form"]
    form.setCurrentIndex(form.findData("warning"))
    type_text(dialog.fields["decision_number"], "15/QĐ-UBND")
    type_text(dialog.fields["effective_from"], "31/12/2025")
    type_text(dialog.fields["effective_until"], "01/01/2025")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and dialog.form.error("effective_until")
    assert services.persons.get(person_id).discipline == []

    clear_and_type(dialog.fields["effective_until"], "31/12/2026")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    [record] = services.persons.get(person_id).discipline
    assert record.data["form"] == "warning"
    assert record.data["decision_number"] == "15/QĐ-UBND"
    assert record.data["effective_from"] == date(2025, 12, 31)
    assert editor.discipline.table.rowCount() == 1
    assert editor.discipline.table.item(0, 0).text() == "Cảnh cáo"
    editor.reject()
    qtbot.waitUntil(lambda: page.model.index(0, 6).data() == "1", timeout=2000)


def test_new_person_cannot_get_records_before_saving(qtbot, page):
    click_action(qtbot, page, page.add_action)
    editor = page.editor
    assert not editor.discipline.add_button.isEnabled()
    assert editor.discipline.note.isVisibleTo(editor.discipline)


def test_edit_keeps_version_and_changes_fields(qtbot, page, services):
    person_id = add(services, "Phạm Thị Giang")
    page.reload()
    page.table.selectRow(0)
    click_action(qtbot, page, page.edit_action)
    editor = page.editor
    assert editor.fields["full_name"].text() == "Phạm Thị Giang"
    clear_and_type(editor.fields["position"], "Chánh Văn phòng")
    qtbot.mouseClick(editor.save_button, LEFT)
    detail = services.persons.get(person_id)
    assert detail.data["position"] == "Chánh Văn phòng" and detail.version == 2


def test_ctrl_s_saves_the_editor(qtbot, page, services):
    click_action(qtbot, page, page.add_action)
    editor = page.editor
    type_text(editor.fields["full_name"], "Nguyễn Thị Hồng Nhung")
    activate(qtbot, editor)
    qtbot.keyClick(editor.fields["full_name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [r.full_name for r in services.persons.page(ListQuery())] == ["Nguyễn Thị Hồng Nhung"]


def _open_tab(qtbot, editor, index):
    tabs = editor.tabs
    qtbot.mouseClick(tabs.tabBar(), LEFT, pos=tabs.tabBar().tabRect(index).center())


def test_edit_and_remove_a_discipline_record(qtbot, page, services, answer):
    person_id = add(services, "Trần Văn Em")
    services.persons.save_discipline(person_id, {"form": "reprimand", "effective_from": date(2025, 6, 1)})
    page.open_record(person_id)
    editor = page.editor
    _open_tab(qtbot, editor, 1)
    table = editor.discipline.table
    table.selectRow(0)
    qtbot.mouseClick(editor.discipline.edit_button, LEFT)
    dialog = editor.discipline.open_dialog
    assert dialog.fields["effective_from"].text() == "01/06/2025"
    clear_and_type(dialog.fields["decision_number"], "07/QĐ-UBND")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    [record] = services.persons.get(person_id).discipline
    assert record.data["decision_number"] == "07/QĐ-UBND" and record.data["form"] == "reprimand"
    table.selectRow(0)
    answer(True)
    qtbot.mouseClick(editor.discipline.remove_button, LEFT)
    assert services.persons.get(person_id).discipline == [] and table.rowCount() == 0


def test_add_a_training_course(qtbot, page, services):
    person_id = add(services, "Siu H'Mai")
    page.open_record(person_id)
    editor = page.editor
    _open_tab(qtbot, editor, 2)
    qtbot.mouseClick(editor.training.add_button, LEFT)
    dialog = editor.training.open_dialog
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and dialog.form.error("course")
    type_text(dialog.fields["course"], "Bồi dưỡng kiến thức đối ngoại địa phương")
    type_text(dialog.fields["organiser"], "Học viện Ngoại giao")
    type_text(dialog.fields["start_date"], "10/03/2025")
    type_text(dialog.fields["end_date"], "14/03/2025")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    [course] = services.persons.get(person_id).training
    assert course.data["course"] == "Bồi dưỡng kiến thức đối ngoại địa phương"
    assert course.data["end_date"] == date(2025, 3, 14)
    assert editor.training.table.item(0, 1).text() == "Học viện Ngoại giao"

"""The delegation editor, driven as a user drives it: type, pick, click Lưu; then read storage."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.domain.rules import Finding
from desktop.domain.validation import format_date
from desktop.models import ChangeLog
from desktop.services.common import ListQuery
from desktop.services.delegations import Filter
from desktop.ui.delegations.editor import DelegationEditor
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.findings_panel import FindingsPanel
from tests.conftest import TODAY
from tests.services.builders import complete_dossier
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    """Fail loudly instead of hanging on a modal box; record what would have been shown."""
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: shown.append(str(error)))
    monkeypatch.setattr(errors, "confirm", lambda *_a: True)
    return shown


def make_person(services, name: str, **extra) -> str:
    data = {"full_name": name, "position": "Phó Chủ tịch UBND", "passport_number": "C1234567",
            "passport_expiry": date(2031, 1, 1), **extra}
    return services.persons.save(data).id


def open_editor(qtbot, services, direction: str = "outbound") -> DelegationEditor:
    editor = DelegationEditor(services, direction)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def pick_country(editor: DelegationEditor, typed: str, qtbot) -> None:
    search = editor.general.countries.search
    type_text(search, typed)
    qtbot.keyClick(search, Qt.Key.Key_Return)


def pick_officer(qtbot, editor: DelegationEditor, typed: str) -> None:
    """Click "Thêm cán bộ…", search in the picker, click the first match, confirm."""
    qtbot.mouseClick(editor.members.add_button, LEFT)
    picker = editor.members.picker
    type_text(picker.search, typed)
    qtbot.waitUntil(lambda: picker.list.count() == 1 and picker.search.text() == typed)
    picker.search.flush()
    item = picker.list.item(0)
    qtbot.mouseClick(picker.list.viewport(), LEFT, pos=picker.list.visualItemRect(item).center())
    qtbot.mouseClick(picker.ok, LEFT)


def fill_trip(qtbot, editor: DelegationEditor, title: str, start: str, end: str) -> None:
    type_text(editor.general.title, title)
    pick_country(editor, "han", qtbot)
    type_text(editor.general.start_date, start)
    type_text(editor.general.end_date, end)


def problem(editor: DelegationEditor, key: str) -> str:
    slot = {**editor.general.slots, **editor.status.slots}[key]
    return "" if slot.problem.isHidden() else slot.problem.text()


def stored_count(services) -> int:
    return services.delegations.count(ListQuery(), Filter())


def test_create_outbound_delegation_as_a_user(qtbot, services):
    make_person(services, "H'Hen Niê")
    editor = open_editor(qtbot, services)
    saved = []
    editor.saved.connect(saved.append)

    fill_trip(qtbot, editor, "Đoàn xúc tiến thương mại cà phê Đắk Lắk", "02/03/2026", "08/03/2026")
    editor.general.kind.setCurrentIndex(editor.general.kind.findData("promotion"))
    type_text(editor.general.partner, "Hiệp hội Cà phê Hàn Quốc")
    type_text(editor.general.cost, "1250000")
    editor.general.cost.editingFinished.emit()
    pick_officer(qtbot, editor, "hen nie")
    editor.members.role_combo(0).setCurrentIndex(editor.members.role_combo(0).findData("head"))

    assert editor.general.countries.codes() == ["KR"]
    assert "Hàn Quốc" in editor.general.countries.chosen_label.text()
    assert editor.general.cost.text() == "1.250.000 ₫"
    qtbot.mouseClick(editor.save_button, LEFT)

    assert saved and saved[0] == editor.delegation_id
    stored = services.delegations.get(editor.delegation_id)
    assert stored.version == 1
    assert stored.data["title"] == "Đoàn xúc tiến thương mại cà phê Đắk Lắk"
    assert stored.data["direction"] == "outbound"
    assert stored.data["kind"] == "promotion"
    assert stored.data["countries"] == ["KR"]
    assert stored.data["partner"] == "Hiệp hội Cà phê Hàn Quốc"
    assert (stored.data["start_date"], stored.data["end_date"]) == (date(2026, 3, 2), date(2026, 3, 8))
    assert stored.data["cost_estimate_vnd"] == 1_250_000
    assert stored.data["status"] == "draft"
    assert [(m.display_name, m.data["role"]) for m in stored.members] == [("H'Hen Niê", "head")]
    assert editor.version_label.text() == "Phiên bản 1"
    assert not editor.is_dirty()
    with services.ctx.db.read() as s:
        ops = s.execute(select(ChangeLog.entity, ChangeLog.version, ChangeLog.officer)
                        .where(ChangeLog.record_id == editor.delegation_id)).all()
    assert ops == [("delegation", 1, "Nguyễn Văn An")]


def test_live_findings_show_the_filing_deadline_before_saving(qtbot, services):
    editor = open_editor(qtbot, services)
    start = services.rules.calendar().add_working_days(TODAY, 10)
    type_text(editor.general.title, "Đoàn công tác Nhật Bản")
    type_text(editor.general.start_date, format_date(start))

    qtbot.waitUntil(lambda: any(f.rule == "R1" for f in editor.findings.findings()))
    r1 = next(f for f in editor.findings.findings() if f.rule == "R1")
    assert r1.severity in ("warning", "reminder")
    assert "R1 · " in editor.findings.text() and "NV-CPRD-01" in editor.findings.text()
    assert editor.deadline_label.text().startswith("Hạn nộp hồ sơ: ")
    assert "đã quá hạn" in editor.deadline_label.text()
    assert editor.delegation_id is None and stored_count(services) == 0


def test_deadline_counts_working_days_left(qtbot, services):
    editor = open_editor(qtbot, services)
    type_text(editor.general.start_date, "02/03/2026")
    qtbot.waitUntil(lambda: "còn" in editor.deadline_label.text())
    deadline = services.delegations.deadline({"direction": "outbound", "start_date": date(2026, 3, 2)})
    expected = f"Hạn nộp hồ sơ: {format_date(deadline.due)} — còn {deadline.working_days_left} ngày làm việc"
    assert editor.deadline_label.text() == expected


def test_submission_blocked_by_discipline_then_overridden(qtbot, services):
    person = make_person(services, "Y Thông Ktla")
    services.persons.save_discipline(person, {"form": "reprimand", "effective_from": date(2025, 12, 1),
                                              "decision_number": "12/QĐ-UBND"})
    editor = open_editor(qtbot, services)
    fill_trip(qtbot, editor, "Đoàn học tập kinh nghiệm", "02/03/2026", "08/03/2026")
    pick_officer(qtbot, editor, "thong ktla")
    qtbot.mouseClick(editor.save_button, LEFT)
    record = editor.delegation_id
    assert services.delegations.get(record).version == 1
    assert editor.findings.has_blocking()
    complete_dossier(services, record)  # the dossier is not what this test is about (rule D1)

    status = editor.status.status
    status.setCurrentIndex(status.findData("submitted"))
    qtbot.mouseClick(editor.save_button, LEFT)

    stored = services.delegations.get(record)
    assert (stored.data["status"], stored.version) == ("draft", 1)
    assert "lý do vượt chặn" in editor.banner.text() and "Y Thông Ktla" in editor.banner.text()
    assert editor.tabs.currentIndex() == 1 and not editor.status.override_box.isHidden()
    assert status.currentData() == "submitted"  # what was picked is kept

    type_text(editor.status.override_reason, "Có văn bản đồng ý số 45/BTC-TU của Ban Thường vụ")
    qtbot.mouseClick(editor.save_button, LEFT)

    stored = services.delegations.get(record)
    assert stored.data["status"] == "submitted"
    assert stored.data["override_reason"] == "Có văn bản đồng ý số 45/BTC-TU của Ban Thường vụ"
    assert stored.data["submitted_on"] == TODAY
    assert stored.version == 2
    assert not editor.findings.has_blocking()


def test_bad_input_is_explained_beside_the_fields_and_kept(qtbot, services):
    editor = open_editor(qtbot, services)
    pick_country(editor, "han", qtbot)
    type_text(editor.general.start_date, "31/02/2026")
    type_text(editor.general.end_date, "08/03/2026")
    type_text(editor.general.cost, "abc")
    qtbot.mouseClick(editor.save_button, LEFT)

    assert "tháng 2 năm 2026 không có ngày 31" in problem(editor, "start_date")
    assert problem(editor, "title") == "Chưa nhập tên đoàn."
    assert "Dự toán kinh phí phải là số tiền nguyên" in problem(editor, "cost_estimate_vnd")
    assert not editor.banner.isHidden() and "Chưa lưu" in editor.banner.text()
    assert editor.general.start_date.text() == "31/02/2026"
    assert editor.general.cost.text() == "abc"
    assert stored_count(services) == 0

    clear_and_type(editor.general.start_date, "10/03/2026")
    clear_and_type(editor.general.end_date, "05/03/2026")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert problem(editor, "end_date") == "Ngày kết thúc không được trước ngày bắt đầu."
    assert problem(editor, "start_date") == ""
    assert editor.general.end_date.text() == "05/03/2026"
    assert stored_count(services) == 0


def test_inbound_guests_with_nationality_and_passport(qtbot, services):
    editor = open_editor(qtbot, services, "inbound")
    fill_trip(qtbot, editor, "Đoàn nghệ sĩ dân gian Hàn Quốc dự Lễ hội Cà phê", "09/03/2026", "13/03/2026")
    form = editor.members.guest_form

    add_guest(qtbot, editor, "Kim Min-jun", "Trưởng đoàn nghệ thuật", "Hàn Quốc", "M1234567")
    add_guest(qtbot, editor, "Tanaka Yui", "Phiên dịch", "nhat ban", "AB-12")
    slot = form.slots["guest_passport"]
    qtbot.waitUntil(lambda: not slot.problem.isHidden())
    assert "Số hộ chiếu không hợp lệ: AB-12" in slot.problem.text()
    assert "AB-12" in editor.members.table.item(1, 1).toolTip()
    qtbot.mouseClick(editor.save_button, LEFT)
    assert stored_count(services) == 0

    clear_and_type(form.passport, "TR7654321")
    qtbot.mouseClick(editor.save_button, LEFT)

    stored = services.delegations.get(editor.delegation_id)
    guests = sorted((m.data["guest_name"], m.data["guest_nationality"], m.data["guest_passport"],
                     m.data["role"]) for m in stored.members)
    assert guests == [("Kim Min-jun", "KR", "M1234567", "head"), ("Tanaka Yui", "JP", "TR7654321", "member")]
    assert stored.data["direction"] == "inbound"


def add_guest(qtbot, editor: DelegationEditor, name: str, title: str, nationality: str, passport: str):
    form = editor.members.guest_form
    qtbot.mouseClick(editor.members.add_button, LEFT)
    type_text(form.name, name)
    type_text(form.title, title)
    type_text(form.organisation, "Nhà hát Quốc gia")
    type_text(form.nationality.lineEdit(), nationality)
    qtbot.keyClick(form.nationality.lineEdit(), Qt.Key.Key_Return)
    type_text(form.passport, passport)


def test_closing_with_unsaved_edits_asks_save_discard_or_cancel(qtbot, services, monkeypatch):
    editor = open_editor(qtbot, services)
    type_text(editor.general.title, "Đoàn chưa lưu")
    asked = []
    monkeypatch.setattr(errors, "ask_unsaved", lambda _p, titles: asked.append(titles) or errors.CANCEL)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked == [[editor.windowTitle()]] and editor.isVisible()  # Hủy: nothing happened
    assert editor.general.title.text() == "Đoàn chưa lưu"
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.DISCARD)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and stored_count(services) == 0  # Không lưu: dropped, as chosen


def test_save_in_the_close_question_saves_then_closes(qtbot, services, monkeypatch):
    editor = open_editor(qtbot, services)
    fill_trip(qtbot, editor, "Đoàn lưu khi đóng", "02/03/2026", "08/03/2026")
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.SAVE)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert [r.title for r in services.delegations.page(ListQuery(limit=5))] == ["Đoàn lưu khi đóng"]


def test_save_in_the_close_question_that_cannot_save_keeps_the_window(qtbot, services, monkeypatch):
    editor = open_editor(qtbot, services)
    type_text(editor.general.title, "Đoàn thiếu ngày")  # no dates, no country: refused
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.SAVE)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible() and editor.general.title.text() == "Đoàn thiếu ngày"
    assert "Chưa lưu" in editor.banner.text()
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.DISCARD)  # the test's end closes it


def test_attachments_need_a_saved_record_then_store_files(qtbot, services, tmp_path):
    editor = open_editor(qtbot, services)
    assert not editor.attachments.notice.isHidden()
    assert not editor.attachments.add_button.isEnabled()
    fill_trip(qtbot, editor, "Đoàn dự hội chợ OCOP", "02/03/2026", "08/03/2026")
    qtbot.mouseClick(editor.save_button, LEFT)
    letter = tmp_path / "thu-moi.pdf"
    letter.write_bytes(b"%PDF-1.4 thu moi")
    editor.attachments.kind.setCurrentIndex(editor.attachments.kind.findData("invitation"))
    editor.attachments.attach([letter], editor.attachments.kind.currentData())

    stored = services.delegations.get(editor.delegation_id)
    assert [(a["name"], a["kind"]) for a in stored.data["attachments"]] == [("thu-moi.pdf", "invitation")]
    assert editor.attachments.table.item(0, 1).text() == "Thư mời"
    assert editor.version == stored.version == 2
    type_text(editor.general.notes, "Đã nhận thư mời")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert services.delegations.get(editor.delegation_id).data["attachments"] == stored.data["attachments"]


def test_date_field_reads_short_dates_and_keeps_what_was_typed(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    changes = []
    field.dateChanged.connect(changes.append)
    type_text(field, "2/3/2026")
    assert field.date() == date(2026, 3, 2) and field.text() == "2/3/2026"
    assert changes[-1] == date(2026, 3, 2) and field.error() is None
    clear_and_type(field, "30/13/2026")
    assert field.date() is None and field.text() == "30/13/2026"
    assert "không có tháng 13" in field.error() and field.toolTip() == field.error()
    field.setDate(None)
    assert field.text() == "" and field.error() is None and changes[-1] is None


def test_findings_panel_orders_by_severity_and_names_the_source(qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    assert panel.text() == "Không có cảnh báo." and not panel.has_blocking()
    panel.set_findings([
        Finding("R7", "warning", "delegation", "x", "Ngoài kế hoạch.", "Chỉ thị 38-CT/TW"),
        Finding("R4", "blocking", "delegation", "x", "Đang chịu kỷ luật.", "Chỉ thị 13/CT-UBND"),
    ])
    assert panel.has_blocking()
    assert panel.text().splitlines() == [
        "Chặn: Đang chịu kỷ luật. (R4 · Chỉ thị 13/CT-UBND)",
        "Cảnh báo: Ngoài kế hoạch. (R7 · Chỉ thị 38-CT/TW)",
    ]
    assert panel.empty.isHidden()


def test_removing_a_member_before_saving(qtbot, services):
    make_person(services, "Nguyễn Thị Hoa")
    make_person(services, "Trần Văn Bình")
    editor = open_editor(qtbot, services)
    fill_trip(qtbot, editor, "Đoàn dự hội thảo", "02/03/2026", "08/03/2026")
    pick_officer(qtbot, editor, "hoa")
    pick_officer(qtbot, editor, "binh")
    table = editor.members.table
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(table.model().index(0, 1)).center())
    qtbot.mouseClick(editor.members.remove_button, LEFT)
    qtbot.mouseClick(editor.save_button, LEFT)
    stored = services.delegations.get(editor.delegation_id)
    assert [m.display_name for m in stored.members] == ["Trần Văn Bình"]


def test_in_english_a_stored_cost_is_read_back_as_shown_and_saves(qtbot, services):
    from desktop.i18n import set_language
    from tests.services.builders import outbound

    stored = services.delegations.save(outbound(cost_estimate_vnd=1_250_000), [])
    set_language("en")
    try:
        editor = DelegationEditor(services, "outbound", stored.id)
        qtbot.addWidget(editor)
        editor.show()
        assert editor.general.cost.text() == "1,250,000 ₫" and editor.general.cost.error() is None
        type_text(editor.general.title, " (sửa)")
        assert editor.save(), editor.banner.text()
    finally:
        set_language("vi")
    assert services.delegations.get(stored.id).data["cost_estimate_vnd"] == 1_250_000


def test_the_member_picker_works_from_the_keyboard(qtbot, services):
    """Type, Down to the list, Down to the next officer, Enter: added; type, Enter: the first match."""
    for name in ("Trần Văn Bình", "Trần Thị Bích", "Lê Văn Hòa"):
        make_person(services, name)
    editor = open_editor(qtbot, services)

    qtbot.mouseClick(editor.members.add_button, LEFT)
    picker = editor.members.picker
    type_text(picker.search, "tran")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.list.hasFocus() and picker.list.currentRow() == 0
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    chosen = picker.list.currentItem().data(Qt.ItemDataRole.UserRole).full_name
    assert chosen.startswith("Trần")
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert not picker.isVisible()

    qtbot.mouseClick(editor.members.add_button, LEFT)
    picker = editor.members.picker
    type_text(picker.search, "hoa")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # before the search's pause: still the match
    assert not picker.isVisible()

    table = editor.members.table
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == [chosen, "Lê Văn Hòa"]


def test_a_refused_save_names_every_problem_and_focuses_the_first(qtbot, services):
    editor = open_editor(qtbot, services)
    type_text(editor.general.start_date, "31/02/2026")  # no such day: the widget itself refuses it
    qtbot.mouseClick(editor.save_button, LEFT)

    banner = editor.banner.text()
    assert stored_count(services) == 0
    assert banner.startswith("Chưa lưu: có 4 chỗ cần sửa"), banner  # not only the bad date
    assert "Chưa nhập tên đoàn." in banner and "Chưa chọn quốc gia" in banner
    assert problem(editor, "start_date") in banner and problem(editor, "end_date") in banner
    assert editor.general.title.hasFocus()


def test_cards_on_a_blank_form_never_quote_an_empty_title(qtbot, services):
    editor = open_editor(qtbot, services)
    type_text(editor.general.start_date, "02/03/2026")
    editor.refresh_live()
    messages = [f.message for f in editor.findings.findings()]
    assert any(f.rule == "R7" for f in editor.findings.findings()), messages
    assert all("“”" not in m for m in messages), messages
    assert any(m.startswith("Đoàn này ngoài kế hoạch") for m in messages), messages

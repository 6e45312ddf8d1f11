"""Thỏa thuận quốc tế as an officer uses it: type an agreement, list the trips made under it, delete and undo."""

from __future__ import annotations

from datetime import date

from desktop.app import build_main_window
from tests.services.builders import outbound
from tests.ui.conftest import activate
from tests.ui.typing import type_text


def test_an_officer_records_a_twin_city_and_the_trip_made_under_it(qtbot, services, answer):
    trip = services.delegations.save(outbound(title="Đoàn thăm Gimhae", countries=["KR"],
                                              start_date=date(2026, 3, 2), end_date=date(2026, 3, 6)), []).id
    window = build_main_window(services)
    qtbot.addWidget(window)
    activate(qtbot, window)
    page = window.show_page("agreements")
    editor = page.new_agreement()
    editor.save_button.click()  # nothing typed: refused, every missing field named
    assert "Chưa nhập tên đối tác" in editor.form.error("partner") and services.agreements.list() == []
    type_text(editor.fields["partner"], "Thành phố Gimhae, tỉnh Gyeongsangnam-do")
    type_text(editor.fields["title"], "Thỏa thuận thiết lập quan hệ hữu nghị")
    editor.fields["country"].set_code("KR")
    editor.fields["kind"].setCurrentIndex(editor.fields["kind"].findData("twinning"))
    editor.save_button.click()  # in force but no signing date: said beside the field, typed text kept
    assert "ngày ký" in editor.form.error("signed_on").lower()
    editor.fields["signed_on"].setText("20/05/2014")
    editor.pick_activities()
    picker = editor.picker
    [item] = [picker.list.item(i) for i in range(picker.list.count())
              if picker.list.item(i).data(0x0100).id == trip]
    item.setCheckState(item.checkState().Checked)
    picker.ok_button.click()
    assert editor.activity_list.count() == 1 and "Đoàn thăm Gimhae" in editor.activity_list.item(0).text()
    editor.save_button.click()
    [row] = services.agreements.list()
    assert (row.partner, row.country, row.kind, row.signed_on, row.activities) == (
        "Thành phố Gimhae, tỉnh Gyeongsangnam-do", "KR", "twinning", date(2014, 5, 20), 1)
    assert page.table.item(0, 0).text() == "Thành phố Gimhae, tỉnh Gyeongsangnam-do"
    assert page.table.item(0, 6).text() == "Đang có hiệu lực"
    editor.close()

    asked = answer(True)
    page.table.selectRow(0)
    page.delete_selected()
    assert "Gimhae" in asked[0] and services.agreements.list() == []
    page.undo_button.click()
    assert len(services.agreements.list()) == 1

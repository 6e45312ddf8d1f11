"""Tổ chức PCP nước ngoài: add an NGO with a certificate as a user, see R10/R11; list, filters, delete."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.services.common import ListQuery
from desktop.ui.ngos.page import URGENT, NgosPage
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, services) -> NgosPage:
    widget = NgosPage(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_action(qtbot, page: NgosPage, action) -> None:
    qtbot.mouseClick(page.toolbar.widgetForAction(action), LEFT)


def add(services, original: str, vi: str | None = None, expires: date | None = None, **extra) -> str:
    ngo = services.ngos.save({"name_original": original, "name_vi": vi, **extra})
    if expires is not None:
        services.ngos.save_certificate(ngo.id, {
            "kind": "activity_registration", "number": f"{original[:3].upper()}/GĐK",
            "issued_on": date(expires.year - 2, expires.month, 1), "expires_on": expires,
            "plan_notified_on": date(expires.year - 2, expires.month, 20)})
    return ngo.id


def test_add_an_ngo_with_a_certificate_and_see_r10_and_r11(qtbot, page, services):
    click_action(qtbot, page, page.add_action)
    editor = page.editor
    assert editor is not None and editor.isVisible()
    assert not editor.certificates.add_button.isEnabled()  # saved first
    assert editor.windowTitle() == "Tổ chức mới — Tổ chức PCP nước ngoài"
    type_text(editor.fields["name_original"], "Good Neighbors International")
    type_text(editor.fields["name_vi"], "Tổ chức Láng giềng Tốt Quốc tế")
    assert editor.windowTitle() == "Tổ chức Láng giềng Tốt Quốc tế — Tổ chức PCP nước ngoài"
    country = editor.fields["country"]
    country.setCurrentIndex(country.findData("KR"))
    assert country.currentText() == "Hàn Quốc"
    editor.fields["sectors"].boxes["education"].setChecked(True)
    editor.fields["areas"].tick("Huyện Krông Bông")
    type_text(editor.fields["areas"].other, "Xã Cư Pui")
    type_text(editor.fields["email"], "gni@goodneighbors.org")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.ngo_id is not None and editor.isVisible()
    assert editor.findings.findings() == []

    editor.tabs.setCurrentIndex(1)
    qtbot.mouseClick(editor.certificates.add_button, LEFT)
    dialog = editor.certificates.open_dialog
    type_text(dialog.fields["number"], "168/GĐK-BNG")
    type_text(dialog.fields["issued_on"], "05/01/2026")
    type_text(dialog.fields["expires_on"], "15/02/2026")  # 26 days from 20/01/2026
    qtbot.mouseClick(dialog.ok_button, LEFT)

    rules = {(f.rule, f.severity) for f in editor.findings.findings()}
    assert rules == {("R10", "reminder"), ("R11", "reminder")}
    assert "168/GĐK-BNG" in editor.findings.text() and "mốc nhắc 30 ngày" in editor.findings.text()
    assert editor.certificates.table.rowCount() == 1
    qtbot.mouseClick(editor.close_button, LEFT)

    [row] = services.ngos.page(ListQuery())
    assert row.display_name == "Tổ chức Láng giềng Tốt Quốc tế"
    assert row.areas == ["Huyện Krông Bông", "Xã Cư Pui"] and row.sectors == ["education"]
    assert page.model.index(0, 0).data() == "Tổ chức Láng giềng Tốt Quốc tế"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Good Neighbors International"
    assert page.model.index(0, 1).data() == "Hàn Quốc"
    assert page.model.index(0, 4).data() == "168/GĐK-BNG"
    expiry = page.model.index(0, 5)
    assert expiry.data() == "15/02/2026"
    assert expiry.data(Qt.ItemDataRole.ForegroundRole).color() == URGENT


def test_missing_name_and_bad_email_are_shown_beside_the_fields(qtbot, page, services):
    click_action(qtbot, page, page.add_action)
    editor = page.editor
    type_text(editor.fields["email"], "oxfam@@org")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.form.error("name_original") and editor.form.error("email")
    assert services.ngos.count() == 0
    banner = editor.banner.text()  # both problems named, not a bare "fix the red marks"
    assert banner.startswith("Chưa lưu: có 2 chỗ cần sửa")
    assert editor.form.error("name_original") in banner and editor.form.error("email") in banner
    assert editor.fields["name_original"].hasFocus()


def test_certificate_over_three_years_is_refused_in_its_dialog(qtbot, page, services):
    ngo_id = add(services, "Oxfam", "Tổ chức Oxfam")
    page.open_record("foreign_ngo", ngo_id)
    editor = page.editor
    qtbot.mouseClick(editor.certificates.add_button, LEFT)
    dialog = editor.certificates.open_dialog
    type_text(dialog.fields["number"], "12/GĐK")
    type_text(dialog.fields["issued_on"], "01/03/2025")
    type_text(dialog.fields["expires_on"], "01/03/2030")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "tối đa 3 năm" in dialog.form.error("expires_on")
    assert services.ngos.get(ngo_id).certificates == []


def test_search_without_diacritics_and_filters(qtbot, page, services):
    add(services, "World Vision International", "Tổ chức Tầm nhìn Thế giới", expires=date(2026, 3, 1),
        sectors=["health"])
    add(services, "Plan International", "Tổ chức Plan Quốc tế", expires=date(2028, 6, 30),
        sectors=["education"])
    page.reload()
    assert page.model.total == 2
    type_text(page.search, "tam nhin the gioi")
    page.search.flush()
    assert [r.name_original for r in page.model.loaded_rows()] == ["World Vision International"]
    page.search.clear()
    page.sector.setCurrentIndex(page.sector.findData("education"))
    assert [r.name_original for r in page.model.loaded_rows()] == ["Plan International"]
    page.sector.setCurrentIndex(0)
    page.expiring.setChecked(True)
    assert [r.name_original for r in page.model.loaded_rows()] == ["World Vision International"]
    assert page.model.index(0, 5).data(Qt.ItemDataRole.ForegroundRole) is None  # 40 days: not yet red


def test_delete_and_undo(qtbot, page, services, answer):
    add(services, "Habitat for Humanity", "Tổ chức Nhà ở cho nhân loại")
    page.reload()
    page.table.selectRow(0)
    answer(True)
    click_action(qtbot, page, page.delete_action)
    assert page.model.total == 0 and page.undo_bar.isVisible()
    click_action(qtbot, page, page.undo_action)
    assert page.model.total == 1

"""Xuất Excel… as a user does it: pick a file, wait, find the rows in the workbook."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.ui.delegations.page import DelegationPage
from desktop.ui.persons.page import PersonsPage
from tests.services.builders import inbound, outbound
from tests.ui.typing import type_text


def _export(qtbot, monkeypatch, page, target):
    told = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    return told[0]


def test_the_outbound_list_exports_only_what_it_shows(qtbot, monkeypatch, services, tmp_path):
    services.delegations.save({**outbound(), "title": "Đoàn xúc tiến cà phê tại Hàn Quốc"}, [])
    services.delegations.save({**outbound(), "title": "Đoàn khảo sát hồ tiêu tại Ấn Độ"}, [])
    services.delegations.save(inbound(), [])
    page = DelegationPage(services, direction="outbound")
    qtbot.addWidget(page)
    page.show()
    type_text(page.search, "ca phe")
    message = _export(qtbot, monkeypatch, page, tmp_path / "doan-ra")
    saved = tmp_path / "doan-ra.xlsx"
    assert "1 dòng" in message and str(saved) in message
    rows = [[c.value for c in r] for r in load_workbook(saved).active.iter_rows()]
    assert len(rows) == 2 and "Đoàn xúc tiến cà phê tại Hàn Quốc" in rows[1]


def test_the_persons_list_exports_with_vietnamese_headers(qtbot, monkeypatch, services, tmp_path):
    services.persons.save({"full_name": "Y Thông Ktla", "position": "Chuyên viên"})
    page = PersonsPage(services)
    qtbot.addWidget(page)
    page.show()
    _export(qtbot, monkeypatch, page, tmp_path / "can-bo.xlsx")
    header = [c.value for c in next(load_workbook(tmp_path / "can-bo.xlsx").active.iter_rows())]
    assert header[:3] == ["Đơn vị", "Họ và tên", "Giới tính"]


def test_the_lists_offer_import_from_excel(qtbot, services):
    from desktop.ui.dialogs.import_wizard import ImportWizard

    for page in (PersonsPage(services), DelegationPage(services, direction="inbound")):
        qtbot.addWidget(page)
        page.show()
        page.import_action.trigger()
        wizard = page.findChild(ImportWizard)
        assert wizard is not None and wizard.isVisible()
        wizard.reject()

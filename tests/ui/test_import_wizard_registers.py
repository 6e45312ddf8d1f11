"""Nhập từ Excel… on the NGO page: foreign NGOs or their aid projects, chosen in the wizard; the preview
marks new / duplicate / invalid rows and the cells named; nothing is written before the confirm."""

from __future__ import annotations

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from sqlalchemy import func, select

from desktop.models import AidProject, ForeignNgo, NgoCertificate
from desktop.ui.ngos.page import NgosPage

LEFT = Qt.MouseButton.LeftButton


def _count(services, model) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _book(path, rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _next(qtbot, wizard):
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)


def _wizard(qtbot, monkeypatch, services, path, entity):
    page = NgosPage(services)
    qtbot.addWidget(page)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    wizard = page.import_from_excel()
    qtbot.addWidget(wizard)
    combo = wizard.file_page.register_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Tổ chức phi chính phủ nước ngoài", "Chương trình, dự án viện trợ"]
    combo.setCurrentIndex(combo.findData(entity))
    qtbot.mouseClick(wizard.file_page.choose_button, LEFT)
    _next(qtbot, wizard)
    return page, wizard


def _preview(qtbot, wizard):
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.preview_page.preview is not None, timeout=20000)
    return wizard.preview_page


def _confirm(qtbot, wizard):
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.confirm_page.commit_button, LEFT)
    qtbot.waitUntil(lambda: wizard.confirm_page.result is not None, timeout=20000)


def test_ngos_imported_from_the_ngo_page_with_their_certificates(qtbot, monkeypatch, services, tmp_path):
    services.ngos.save({"name_original": "Oxfam", "country": "GB"})
    path = _book(tmp_path / "pcp.xlsx", [
        ["Tên tổ chức", "Quốc gia", "Số giấy", "Loại giấy", "Ngày cấp", "Ngày hết hạn"],
        ["OXFAM", "Anh", None, None, None, None],
        ["Tổ chức Đông Tây Hội ngộ", "Hoa Kỳ", "45/bng", "Giấy đăng ký hoạt động", "01/02/2024", "31/01/2027"],
        ["Caritas", "Narnia", None, None, None, None]])
    page, wizard = _wizard(qtbot, monkeypatch, services, path, "foreign_ngo")
    assert wizard.windowTitle() == "Nhập tổ chức phi chính phủ nước ngoài từ Excel"
    assert wizard.mapping_page.mapping() == {"Tên tổ chức": "name_original", "Quốc gia": "country",
                                             "Số giấy": "certificate_number", "Loại giấy": "certificate_kind",
                                             "Ngày cấp": "certificate_issued_on",
                                             "Ngày hết hạn": "certificate_expires_on"}
    preview = _preview(qtbot, wizard)
    assert preview.counts.text() == "1 mới · 1 trùng · 1 lỗi"
    assert [preview.model.index(r, 1).data() for r in range(3)] == ["Trùng", "Mới", "Lỗi"]
    bad = preview.model.index(2, 3)  # the country cell of the invalid row is marked
    assert bad.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert preview.model.index(2, 2).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "Cột «Quốc gia», ô B4: Không nhận ra quốc gia «Narnia»." in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert preview.model.index(1, 4).data() == "Giấy đăng ký hoạt động"  # the label, not the code
    assert _count(services, ForeignNgo) == 1
    _confirm(qtbot, wizard)
    assert _count(services, ForeignNgo) == 2 and _count(services, NgoCertificate) == 1
    assert page.model.rowCount() == 2  # the list reloaded


def test_aid_projects_chosen_in_the_wizard_show_the_donor_note(qtbot, monkeypatch, services, tmp_path):
    services.ngos.save({"name_original": "Save the Children", "name_vi": "Tổ chức Cứu trợ Trẻ em", "country": "GB"})
    path = _book(tmp_path / "du-an.xlsx", [
        ["Tên dự án", "Nhà tài trợ", "Xã", "Số QĐ", "Ngày phê duyệt"],
        ["Trường mẫu giáo Ea Yông", "Save the Children", "Xã Ea Yông", "12/QĐ-UBND", "15/05/2025"],
        ["Nước sạch buôn Ko Êmông", "JICA", "Xã Ea Tu", None, None]])
    _page, wizard = _wizard(qtbot, monkeypatch, services, path, "aid_project")
    assert wizard.windowTitle() == "Nhập chương trình, dự án viện trợ từ Excel"
    assert "Hãy nhập các tổ chức trước" in wizard.file_page.info.text()
    assert wizard.mapping_page.mapping()["Nhà tài trợ"] == "donor"
    preview = _preview(qtbot, wizard)
    assert preview.counts.text() == "2 mới · 0 trùng · 0 lỗi"
    preview.table.setCurrentIndex(preview.model.index(1, 0))
    assert "«JICA» chưa có trong sổ Tổ chức PCP nước ngoài" in preview.detail.toPlainText()
    assert _count(services, AidProject) == 0
    _confirm(qtbot, wizard)
    assert {p.title for p in services.aid.page()} == {"Trường mẫu giáo Ea Yông", "Nước sạch buôn Ko Êmông"}


def test_the_aid_page_imports_its_projects_and_reloads(qtbot, monkeypatch, services, tmp_path):
    from desktop.ui.aid.page import AidPage

    path = _book(tmp_path / "vien-tro.xlsx", [
        ["Tên dự án", "Nhà tài trợ", "Số QĐ", "Ngày phê duyệt"],
        ["Giếng nước buôn Kô Siêr", "Quỹ Nước sạch", "07/QĐ-UBND", "02/06/2025"]])
    page = AidPage(services)
    qtbot.addWidget(page)
    page.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    wizard = page.import_from_excel()
    qtbot.addWidget(wizard)
    assert wizard.file_page.register_combo.currentData() == "aid_project"
    qtbot.mouseClick(wizard.file_page.choose_button, LEFT)
    _next(qtbot, wizard)
    assert _preview(qtbot, wizard).counts.text() == "1 mới · 0 trùng · 0 lỗi"
    _confirm(qtbot, wizard)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)

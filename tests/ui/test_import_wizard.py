"""Nhập từ Excel… as a user does it: pick a file, check the columns, read the preview, confirm."""

from __future__ import annotations

import time
from datetime import date

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWizard
from sqlalchemy import func, select

from desktop.models import ChangeLog, Person
from desktop.services.imports import ImportCancelled, ImportService
from desktop.ui.dialogs.import_wizard import ImportWizard

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số hộ chiếu"]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "can-bo.xlsx"
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Danh sách"
    for row in (HEADERS, [1, "Nguyễn Văn Hùng", "02/01/1970", "Nam", None],  # already stored
                [2, "Hoàng Thị Mai", "31/02/1980", "Nữ", None],                # impossible date
                [3, "H'Hen Niê", "15/08/1985", "Nữ", "C1234567"],
                [4, "Y Thông Ktla", date(1979, 5, 1), "Nam", None]):
        sheet.append(row)
    wb.create_sheet("Trống")
    wb.save(path)
    return path


def _count(services, model) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _next(qtbot, wizard):
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _open_wizard(qtbot, monkeypatch, services, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    wizard = ImportWizard(services, "person")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.file_page.choose_button, Qt.MouseButton.LeftButton)
    return wizard


def _to_preview(qtbot, monkeypatch, services, path):
    wizard = _open_wizard(qtbot, monkeypatch, services, path)
    assert wizard.file_page.sheet_combo.count() == 1  # the empty sheet is not offered
    assert wizard.file_page.sheet_combo.currentText() == "Danh sách (4 dòng)"
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.preview is not None, timeout=10000)
    return wizard


def test_a_user_imports_persons_from_excel(qtbot, monkeypatch, services, book):
    services.persons.save({"full_name": "Nguyễn Văn Hùng", "birth_date": date(1970, 1, 2)})
    wizard = _open_wizard(qtbot, monkeypatch, services, book)
    _next(qtbot, wizard)

    mapping = wizard.mapping_page
    assert mapping.mapping() == {"Họ và tên": "full_name", "Ngày sinh": "birth_date", "Giới tính": "gender",
                                 "Số hộ chiếu": "passport_number"}
    name_combo = dict(mapping.combos)["Họ và tên"]
    name_combo.setCurrentIndex(0)  # "(bỏ qua)": the required name is no longer mapped
    assert "Chưa chọn cột cho trường bắt buộc: Họ và tên" in mapping.status.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    name_combo.setCurrentIndex(name_combo.findData("full_name"))
    _next(qtbot, wizard)

    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.preview is not None, timeout=10000)
    assert page.counts.text() == "2 mới · 1 trùng · 1 lỗi"
    statuses = [page.model.index(r, 1).data() for r in range(page.model.rowCount())]
    assert statuses == ["Trùng", "Lỗi", "Mới", "Mới"]
    bad = page.model.index(1, 1)
    assert "Cột «Ngày sinh», ô C3" in bad.data(Qt.ItemDataRole.ToolTipRole)
    page.table.setCurrentIndex(bad)
    assert "Ngày không hợp lệ: 31/02/1980" in page.detail.toPlainText()
    page.filter.setCurrentIndex(page.filter.findData("new"))
    assert page.model.rowCount() == 2 and page.model.index(0, 2).data() == "H'Hen Niê"
    assert page.model.index(0, 3).data() == "Nữ" and page.model.index(0, 4).data() == "15/08/1985"
    assert _count(services, Person) == 1  # nothing written by the preview

    _next(qtbot, wizard)
    confirm = wizard.confirm_page
    assert confirm.commit_button.text() == "Nhập 2 bản ghi mới"
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    imported = []
    wizard.imported.connect(imported.append)
    qtbot.mouseClick(confirm.commit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: confirm.result is not None, timeout=10000)
    assert imported == [2] and wizard.created() == 2
    assert "Đã nhập 2 bản ghi mới" in confirm.outcome.text()
    assert {r.full_name for r in services.persons.page()} == {"Nguyễn Văn Hùng", "H'Hen Niê", "Y Thông Ktla"}
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()


def test_cancel_before_the_confirm_writes_nothing(qtbot, monkeypatch, services, book):
    logged = _count(services, ChangeLog)
    wizard = _to_preview(qtbot, monkeypatch, services, book)
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    assert _count(services, Person) == 0 and _count(services, ChangeLog) == logged


def test_stopping_the_preview_returns_to_the_columns(qtbot, monkeypatch, services, book):
    def slow_preview(self, path, sheet, entity, mapping, progress=None, cancelled=None, **_guesses):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if cancelled():
                raise ImportCancelled("Đã dừng đọc tệp.")
            time.sleep(0.01)
        raise AssertionError("never stopped")

    monkeypatch.setattr(ImportService, "preview", slow_preview)
    wizard = _open_wizard(qtbot, monkeypatch, services, book)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    busy = wizard.preview_page.busy
    qtbot.waitUntil(busy.dialog.isVisible, timeout=5000)  # shown once the reading takes a while
    stop = next(b for b in busy.dialog.findChildren(QPushButton) if b.text() == "Dừng")
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page, timeout=10000)
    assert "Đã dừng" in wizard.mapping_page.status.text()


def test_a_file_that_is_not_excel_is_explained_on_the_page(qtbot, monkeypatch, services, tmp_path):
    fake = tmp_path / "danh-sach.xlsx"
    fake.write_text("Họ và tên\nA\n", encoding="utf-8")
    wizard = _open_wizard(qtbot, monkeypatch, services, fake)
    assert "không phải bảng tính Excel" in wizard.file_page.error.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_delegations_say_only_the_head_is_imported(qtbot, services):
    wizard = ImportWizard(services, "delegation")
    qtbot.addWidget(wizard)
    assert wizard.windowTitle() == "Nhập đoàn từ Excel"
    texts = [label.text() for label in wizard.file_page.findChildren(type(wizard.file_page.error))]
    assert any("được ghi là trưởng đoàn" in t and "Các thành viên khác hãy thêm" in t for t in texts)

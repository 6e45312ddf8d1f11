"""Nhập từ Excel… with a unit's own register (issue 10, item 16): the wizard shows what it guessed — a
value for every row from the sheet's name, the purpose as the title, the head of each delegation
matched or to be created — the officer can give a field one value, and every row previews as new."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QWizard
from sqlalchemy import select

from desktop.models import Delegation, DelegationMember, Person
from desktop.ui.delegations.page import DelegationPage
from desktop.ui.dialogs.import_wizard import ImportWizard
from tests.unit_registers import OUTBOUND_HEADERS, OUTBOUND_ROWS, outbound_register

LEFT = Qt.MouseButton.LeftButton


def _stored(services, model):
    with services.ctx.db.read() as s:
        return list(s.scalars(select(model)))


def _next_enabled(wizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def _next(qtbot, wizard):
    assert _next_enabled(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), LEFT)


def _choose_file(qtbot, monkeypatch, wizard, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(wizard.file_page.choose_button, LEFT)


def _pick(combo: QComboBox, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def _preview(qtbot, wizard):
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.preview_page.preview is not None, timeout=20000)
    return wizard.preview_page


def _shown(page, row: int, header: str) -> str:
    model = page.model
    col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return model.data(model.index(row, col))


def test_a_units_outbound_register_imports_with_the_guesses_shown(qtbot, monkeypatch, services, tmp_path):
    hung = services.persons.save({"full_name": "Nguyễn Văn Hùng", "birth_date": date(1970, 1, 2)}).id
    page = DelegationPage(services, "outbound")
    qtbot.addWidget(page)
    monkeypatch.setattr(ImportWizard, "open", ImportWizard.show)
    page.import_from_excel()
    wizard = page.findChild(ImportWizard)
    _choose_file(qtbot, monkeypatch, wizard, outbound_register(tmp_path / "so-doan-ra.xlsx"))
    assert wizard.file_page.sheet_combo.currentText() == "Đoàn ra 2024 (9 dòng)"
    _next(qtbot, wizard)

    mapping = wizard.mapping_page
    assert mapping.mapping() == {"Họ và tên trưởng đoàn": "head", "Nước đến": "countries", "Thời gian": "period",
                                 "Kinh phí (đồng)": "cost_estimate_vnd", "Nội dung/Mục đích": "purpose"}
    extra = mapping.extra
    assert extra.lines() == [("direction", "", "outbound"), ("title", "Nội dung/Mục đích", "")]
    assert extra.table.cellWidget(0, 2).currentText() == "Đoàn ra"
    assert extra.table.cellWidget(1, 1).currentText() == "Cột «Nội dung/Mục đích»"
    assert "Loại đoàn: đoán từ tên trang tính «Đoàn ra 2024»" in extra.guessed.text()
    assert "Tên đoàn: tệp không có cột «Tên đoàn»: lấy từ cột «Nội dung/Mục đích»" in extra.guessed.text()
    assert mapping.status.text() == "5 cột sẽ được nhập."

    preview = _preview(qtbot, wizard)
    assert preview.counts.text() == "4 mới · 0 trùng · 0 lỗi · 4 dòng trống bỏ qua"
    assert _shown(preview, 0, "Loại đoàn") == "Đoàn ra" and _shown(preview, 0, "Thời gian") == "15/06/2024 – 22/06/2024"
    assert _shown(preview, 1, "Tên đoàn") == OUTBOUND_ROWS[1][5] and _shown(preview, 1, "Trưởng đoàn") == "Y Thông Ktla"
    guessed = _shown(preview, 1, "Chương trình đã đoán")
    assert "Trưởng đoàn «Y Thông Ktla»: chưa có trong sổ Cán bộ — sẽ tạo cán bộ mới thuộc đơn vị DL-BMT." in guessed
    assert "Trưởng đoàn «Nguyễn Văn Hùng»: cán bộ đã có trong sổ" in _shown(preview, 0, "Chương trình đã đoán")
    preview.table.selectRow(1)
    assert "≈ Loại đoàn: Đoàn ra (đoán từ tên trang tính «Đoàn ra 2024»)." in preview.detail.toPlainText()
    preview.filter.setCurrentIndex(preview.filter.findData("empty"))
    assert preview.model.rowCount() == 4
    preview.table.selectRow(0)
    assert "Dòng tổng cộng, không phải một bản ghi: bỏ qua." in preview.detail.toPlainText()

    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.confirm_page.commit_button, LEFT)
    qtbot.waitUntil(lambda: wizard.confirm_page.result is not None, timeout=20000)
    assert wizard.created() == 4
    assert {d.direction for d in _stored(services, Delegation)} == {"outbound"}
    assert sorted(p.full_name for p in _stored(services, Person)) == ["Nguyễn Văn Hùng", "Y Thông Ktla"]
    heads = _stored(services, DelegationMember)
    assert len(heads) == 4 and sum(m.person_id == hung for m in heads) == 2


def test_the_officer_gives_the_direction_when_nothing_says_it(qtbot, monkeypatch, services, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    book = Workbook()
    for row in (OUTBOUND_HEADERS, *OUTBOUND_ROWS):
        book.active.append(row)
    book.save(path)
    wizard = ImportWizard(services, "delegation")  # opened with no direction in mind
    qtbot.addWidget(wizard)
    wizard.show()
    _choose_file(qtbot, monkeypatch, wizard, path)
    _next(qtbot, wizard)
    mapping, extra = wizard.mapping_page, wizard.mapping_page.extra
    assert extra.lines() == [("title", "Nội dung/Mục đích", "")]
    assert "Chưa chọn cột cho trường bắt buộc: Loại đoàn." in mapping.status.text()
    assert not _next_enabled(wizard)

    qtbot.mouseClick(extra.add_button, LEFT)
    _pick(extra.table.cellWidget(1, 0), "direction")
    assert not _next_enabled(wizard)  # a field without its value is nothing yet
    values = extra.table.cellWidget(1, 2)
    assert [values.itemText(i) for i in range(values.count())] == ["", "Đoàn ra", "Đoàn vào"]
    _pick(values, "inbound")
    assert _next_enabled(wizard)

    preview = _preview(qtbot, wizard)
    assert preview.preview.counts["new"] == 4
    assert {r.values["direction"] for r in preview.preview.rows} == {"inbound"}
    assert "Loại đoàn: Đoàn vào (giá trị chung cho mọi dòng)." in preview.preview.rows[0].guesses
    assert "khách nước ngoài" in _shown(preview, 0, "Chương trình đã đoán")


def test_removing_a_guess_asks_for_the_field_again(qtbot, monkeypatch, services, tmp_path):
    wizard = ImportWizard(services, "delegation")
    qtbot.addWidget(wizard)
    wizard.show()
    _choose_file(qtbot, monkeypatch, wizard, outbound_register(tmp_path / "so.xlsx"))
    _next(qtbot, wizard)
    extra = wizard.mapping_page.extra
    extra.table.selectRow(1)
    qtbot.mouseClick(extra.remove_button, LEFT)
    assert "Chưa chọn cột cho trường bắt buộc: Tên đoàn." in wizard.mapping_page.status.text()
    assert not _next_enabled(wizard)
    qtbot.mouseClick(extra.add_button, LEFT)
    _pick(extra.table.cellWidget(1, 0), "title")
    _pick(extra.table.cellWidget(1, 1), "Nội dung/Mục đích")
    assert not extra.table.cellWidget(1, 2).isEnabled() and _next_enabled(wizard)

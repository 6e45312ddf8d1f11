"""Printing as the user does it: preview, print, save as PDF, register and sign; the print settings and templates."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from desktop.ui.delegations.editor import DelegationEditor
from desktop.ui.printing import preview as preview_module
from desktop.ui.printing.preview import PreviewDialog
from desktop.ui.settings.page import SettingsPage
from tests.services.builders import officer, outbound
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton
TITLE = "Đoàn công tác xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc"
SIGNER = "Nguyễn Văn Bình"


@pytest.fixture
def printable(services):
    """Print settings with a signer, and an outbound trip with one officer."""
    settings = services.printing.settings()
    services.printing.save_settings(replace(
        settings, managing_body="UBND TỈNH ĐẮK LẮK", issuing_unit="UBND THÀNH PHỐ BUÔN MA THUỘT",
        unit_abbrev="UBND", place="Buôn Ma Thuột", signer_authority="TM.", signer_body="ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH", signer_name=SIGNER, recipients=("Sở Ngoại vụ tỉnh Đắk Lắk",)))
    person = officer(services, "H'Hen Niê")
    return services.delegations.save(outbound(), [{"person_id": person, "role": "head"}])


def open_preview(qtbot, services, record_id: str, form: str = "delegation-request") -> PreviewDialog:
    dialog = PreviewDialog(services, form, record_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wait_rendered(qtbot, dialog: PreviewDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.viewer.page_count() >= 1, timeout=15000)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_preview_renders_the_request_off_the_ui_thread(qtbot, services, printable):
    dialog = open_preview(qtbot, services, printable.id)
    assert dialog.pages.currentIndex() == 0 and dialog.busy_label.text() == "Đang tạo bản in…"
    assert not dialog.print_button.isEnabled()

    wait_rendered(qtbot, dialog)
    assert dialog.viewer.document.status() == dialog.viewer.document.Status.Ready
    assert dialog.pages.currentWidget() is dialog.viewer
    assert dialog.viewer.page_label.text().startswith("Trang 1/")
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(dialog.viewer.pdf_bytes())


def test_save_pdf_writes_the_whole_file(qtbot, services, printable, tmp_path, monkeypatch):
    asked = []
    target = tmp_path / "to-trinh.pdf"

    def choose(parent, caption, proposed, filters):
        asked.append(proposed)
        return str(target), filters

    monkeypatch.setattr(preview_module.QFileDialog, "getSaveFileName", choose)
    dialog = open_preview(qtbot, services, printable.id)
    wait_rendered(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=15000)

    assert Path(asked[0]).name == "To-trinh-doan-cong-tac-xuc-tien-ca-phe-buon-ma-thuot-tai-han-quoc.pdf"
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert TITLE in " ".join(pdf_text(data).split())
    assert str(target) in dialog.notice.text()
    assert services.device.get_setting(preview_module.LAST_FOLDER) == str(tmp_path)


def test_a_delegation_without_members_lists_what_to_fill_and_writes_nothing(qtbot, services, printable,
                                                                          tmp_path, monkeypatch):
    empty = services.delegations.save(outbound(title="Đoàn chưa có thành viên"), [])
    monkeypatch.setattr(preview_module.QFileDialog, "getSaveFileName",
                        lambda *a: pytest.fail("nothing may be saved"))
    dialog = open_preview(qtbot, services, empty.id)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=15000)

    text = dialog.missing_label.text()
    assert text.startswith("Cần bổ sung trước khi in:\n• ")
    assert services.printing.missing("delegation-request", empty.id)
    for item in services.printing.missing("delegation-request", empty.id):
        assert f"• {item}" in text
    assert dialog.missing_label.isVisible()
    for button in (dialog.print_button, dialog.save_button, dialog.register_button, dialog.sign_button):
        assert not button.isEnabled()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not any(p.suffix == ".pdf" for p in tmp_path.rglob("*"))
    assert services.documents.for_record("delegation", empty.id) == []
    qtbot.mouseClick(dialog.back_button, LEFT)
    assert not dialog.isVisible()


def test_register_then_mark_signed_numbers_the_document(qtbot, services, printable):
    dialog = open_preview(qtbot, services, printable.id)
    wait_rendered(qtbot, dialog)
    changed = []
    dialog.documentsChanged.connect(lambda: changed.append(True))

    qtbot.mouseClick(dialog.register_button, LEFT)
    [draft] = services.documents.for_record("delegation", printable.id)
    assert (draft.status, draft.form, draft.doc_type, draft.symbol) == ("draft", "delegation-request", "TTr", "")
    assert draft.summary == "Xin phép cử đoàn công tác xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc"
    assert not dialog.register_button.isEnabled() and changed
    wait_rendered(qtbot, dialog)

    qtbot.mouseClick(dialog.sign_button, LEFT)
    sign = dialog.sign_dialog
    assert sign.signer.text() == SIGNER
    clear_and_type(sign.signed_on, "05/02/2026")
    qtbot.mouseClick(sign.ok_button, LEFT)

    [signed] = services.documents.for_record("delegation", printable.id)
    assert (signed.id, signed.status, signed.symbol, signed.signer) == (draft.id, "signed", "01/TTr-UBND", SIGNER)
    assert "01/TTr-UBND" in dialog.register_label.text() and "05/02/2026" in dialog.register_label.text()
    wait_rendered(qtbot, dialog)
    assert "01/TTr-UBND" in pdf_text(dialog.viewer.pdf_bytes())
    assert not dialog.sign_button.isEnabled()


def test_sign_dialog_keeps_a_bad_date_and_says_why(qtbot, services, printable):
    dialog = open_preview(qtbot, services, printable.id)
    wait_rendered(qtbot, dialog)
    qtbot.mouseClick(dialog.sign_button, LEFT)
    sign = dialog.sign_dialog
    clear_and_type(sign.signed_on, "31/02/2026")
    qtbot.mouseClick(sign.ok_button, LEFT)
    assert sign.isVisible() and "không có ngày 31" in sign.form.error("signed_on")
    assert sign.signed_on.text() == "31/02/2026"
    assert services.documents.for_record("delegation", printable.id) == []
    sign.reject()


def test_print_renders_every_page_on_the_printer(qtbot, services, printable, tmp_path, monkeypatch):
    out = tmp_path / "printed.pdf"

    class SystemDialog:
        def __init__(self, printer, parent):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))

        def setWindowTitle(self, title):  # noqa: N802 - Qt naming
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(preview_module, "QPrintDialog", SystemDialog)
    dialog = open_preview(qtbot, services, printable.id, "member-list")
    wait_rendered(qtbot, dialog)
    qtbot.mouseClick(dialog.print_button, LEFT)

    printed = pypdf.PdfReader(out)
    assert len(printed.pages) == dialog.viewer.page_count()
    shown = pypdf.PdfReader(io.BytesIO(dialog.viewer.pdf_bytes()))
    for page, original in zip(printed.pages, shown.pages, strict=True):
        assert (page.mediabox.width > page.mediabox.height) == (original.mediabox.width > original.mediabox.height)
    assert "Đã gửi" in dialog.notice.text()


def test_print_to_a_pdf_printer_without_a_dialog(qtbot, services, printable, tmp_path):
    dialog = open_preview(qtbot, services, printable.id)
    wait_rendered(qtbot, dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "direct.pdf"))
    assert dialog.print_to(printer) == dialog.viewer.page_count()
    reader = pypdf.PdfReader(tmp_path / "direct.pdf")
    assert len(reader.pages) == dialog.viewer.page_count()
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4 portrait, in points


def test_escape_closes_the_preview(qtbot, services, printable):
    dialog = open_preview(qtbot, services, printable.id)
    wait_rendered(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# --- from the delegation editor ---------------------------------------------------------------------


def open_editor(qtbot, services, record_id: str | None = None) -> DelegationEditor:
    editor = DelegationEditor(services, "outbound", record_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_print_needs_a_saved_delegation(qtbot, services):
    editor = open_editor(qtbot, services)
    type_text(editor.general.title, "Đoàn chưa lưu")
    assert editor.offer_forms() is None
    assert "Lưu đoàn trước khi in" in editor.banner.text() and editor.banner.isVisible()


def test_print_menu_lists_the_forms_and_opens_the_preview(qtbot, services, printable):
    editor = open_editor(qtbot, services, printable.id)
    menu = editor.offer_forms()
    titles = [a.text() for a in menu.actions()]
    assert titles == [f.title for f in services.printing.forms_for(printable.id)]
    assert "Tờ trình xin phép cử đoàn ra" in titles
    menu.close()
    next(a for a in menu.actions() if a.data() == "delegation-request").trigger()
    dialog = editor.preview_dialog
    wait_rendered(qtbot, dialog)
    assert dialog.isVisible() and dialog.form == "delegation-request"
    dialog.reject()


def test_ctrl_p_in_the_editor_offers_the_forms(qtbot, services, printable):
    from tests.ui.conftest import activate

    editor = open_editor(qtbot, services, printable.id)
    activate(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(editor, "print_menu", None) is not None and editor.print_menu.isVisible())
    editor.print_menu.close()


# --- settings: In ấn and Mẫu văn bản -------------------------------------------------------------------


@pytest.fixture
def settings_page(qtbot, services) -> SettingsPage:
    page = SettingsPage(services)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_change_the_signer_in_settings(qtbot, settings_page, services):
    tab = settings_page.printing
    settings_page.tabs.setCurrentWidget(tab)
    clear_and_type(tab.lines["signer_name"], "Trần Thị Mai")
    tab.authority.setCurrentIndex(tab.authority.findData("KT."))
    tab.recipients.setPlainText("Sở Ngoại vụ tỉnh Đắk Lắk\n\nLưu: VT, VP.")
    qtbot.mouseClick(tab.save_button, LEFT)
    stored = services.printing.settings()
    assert stored.signer_name == "Trần Thị Mai" and stored.signer_authority == "KT."
    assert stored.recipients == ("Sở Ngoại vụ tỉnh Đắk Lắk", "Lưu: VT, VP.")
    assert tab.notice.text().startswith("Đã lưu")


def template_tab(settings_page, form: str = "delegation-request"):
    tab = settings_page.templates
    settings_page.tabs.setCurrentWidget(tab)
    tab.forms.setCurrentIndex(tab.forms.findData(form))
    return tab


def test_unknown_placeholder_is_named_and_the_text_stays(qtbot, settings_page, services):
    tab = template_tab(settings_page)
    before = services.printing.template("delegation-request")
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    type_text(tab.editor, " {ten_khong_co}")
    typed = tab.editor.toPlainText()
    qtbot.mouseClick(tab.save_button, LEFT)
    assert tab.error.isVisible() and "ten_khong_co" in tab.error.text()
    assert tab.editor.toPlainText() == typed
    assert services.printing.template("delegation-request") == before


def test_clicking_a_placeholder_inserts_it_and_saving_stores_the_template(qtbot, settings_page, services):
    tab = template_tab(settings_page)
    name, _description = services.printing.placeholders("delegation-request")[0]
    tab.editor.setPlainText("Kính trình: ")
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    item = tab.placeholders.item(0)
    qtbot.mouseClick(tab.placeholders.viewport(), LEFT, pos=tab.placeholders.visualItemRect(item).center())
    assert tab.editor.toPlainText() == "Kính trình: {" + name + "}"
    qtbot.mouseClick(tab.save_button, LEFT)
    assert services.printing.template("delegation-request") == "Kính trình: {" + name + "}"
    assert not tab.error.isVisible() and tab.state_label.text() == "Mẫu đã được đơn vị sửa."


def test_restore_the_default_template(qtbot, settings_page, services, answer):
    services.printing.save_template("delegation-request", "Nội dung riêng của đơn vị.")
    tab = template_tab(settings_page, "member-list")
    tab.forms.setCurrentIndex(tab.forms.findData("delegation-request"))
    assert tab.editor.toPlainText() == "Nội dung riêng của đơn vị."
    asked = answer(True)
    qtbot.mouseClick(tab.restore_button, LEFT)
    assert asked and "mặc định" in asked[0]
    default = services.printing.default_template("delegation-request")
    assert services.printing.template("delegation-request") == default
    assert tab.editor.toPlainText() == default and tab.state_label.text() == "Mẫu mặc định."


def test_template_preview_uses_the_text_as_typed(qtbot, settings_page, services, printable):
    tab = template_tab(settings_page)
    tab.load("delegation-request")
    assert tab.records.currentData() == printable.id
    tab.editor.setPlainText(services.printing.default_template("delegation-request") + "\nDòng thử nghiệm riêng.")
    qtbot.mouseClick(tab.preview_button, LEFT)
    qtbot.waitUntil(lambda: tab.preview_dialog is not None, timeout=15000)
    viewer = tab.preview_dialog.viewer
    assert viewer.page_count() >= 1
    assert "Dòng thử nghiệm riêng." in pdf_text(viewer.pdf_bytes())
    assert services.printing.template("delegation-request") == services.printing.default_template("delegation-request")
    tab.preview_dialog.close()


def test_viewer_pages_and_zoom(qtbot):
    from reportlab.pdfgen import canvas

    from desktop.ui.printing.viewer import PdfViewer

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(1, 4):
        pdf.drawString(100, 700, f"Trang {number}")
        pdf.showPage()
    pdf.save()
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    viewer.resize(700, 600)
    viewer.show()
    viewer.set_pdf(buffer.getvalue())
    assert viewer.page_label.text() == "Trang 1/3" and not viewer.previous_button.isEnabled()
    qtbot.mouseClick(viewer.next_button, LEFT)
    qtbot.waitUntil(lambda: viewer.page_label.text() == "Trang 2/3")
    viewer.go_to(9)
    qtbot.waitUntil(lambda: viewer.page_label.text() == "Trang 3/3")
    assert not viewer.next_button.isEnabled()
    assert viewer.view.zoomMode() == viewer.view.ZoomMode.FitToWidth
    viewer.zoom.setCurrentIndex(viewer.zoom.findData(1.5))
    assert viewer.view.zoomMode() == viewer.view.ZoomMode.Custom and viewer.view.zoomFactor() == 1.5
    viewer.zoom.setCurrentIndex(viewer.zoom.findData("page"))
    assert viewer.view.zoomMode() == viewer.view.ZoomMode.FitInView

"""Qt's own dialogs speak Vietnamese: the file dialog, the print dialog, message-box buttons, the wizard,
the progress dialog and the context menu of a text field (resources/qt/qtbase_vi.ts)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QWizard,
)

from desktop.ui import qt_translations

ENGLISH = re.compile(r"\b(Look in|File name|Files of type|Cancel|Open|Save|OK|Copy|Paste|Undo|Redo|Print|Next|"
                     r"Back|Finish|Name|Size|Date Modified|Delete|Select All|Choose|Directory|Help|Close|Yes|No|"
                     r"Printer|Properties|Options|Copies|Detail View|List View)\b")


@pytest.fixture
def vietnamese(qapp):
    assert qt_translations.install("vi")
    yield
    qt_translations.install("en")


def _texts(widget) -> list[str]:
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton) if w.isVisible()]
    return [t.replace("&", "") for t in texts if t]


def _english(texts) -> list[str]:
    return [t for t in texts if ENGLISH.search(t)]


def test_the_file_dialog_speaks_vietnamese(qtbot, vietnamese, tmp_path):
    dialog = QFileDialog(None, "Chọn tệp", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # what Linux shows; Windows shows its own
    qtbot.addWidget(dialog)
    dialog.show()
    texts = _texts(dialog)
    assert "Tìm trong:" in texts and "Loại tệp:" in texts and "Hủy" in texts
    assert _english(texts) == []
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    from PySide6.QtWidgets import QTreeView

    (view,) = [v for v in dialog.findChildren(QTreeView) if v.objectName() == "treeView"]
    columns = [view.model().headerData(i, Qt.Orientation.Horizontal) for i in range(view.model().columnCount())]
    assert columns[:2] == ["Tên", "Kích thước"] and _english(columns) == []
    dialog.close()


def test_message_box_buttons_and_the_progress_dialog(qtbot, vietnamese):
    box = QMessageBox(QMessageBox.Icon.Warning, "Lỗi", "Không ghi được tệp.",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Hủy", "Đồng ý"]
    progress = QProgressDialog("Đang ghi…", None, 0, 0)
    qtbot.addWidget(progress)
    progress.setCancelButtonText(None)  # the default button, Qt's own word
    progress.show()
    assert _english(_texts(progress)) == []


def test_the_context_menu_of_a_text_field(qtbot, vietnamese):
    field = QLineEdit("Đắk Lắk")
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    items = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
    assert "Sao chép" in items and "Dán" in items and _english(items) == []


def test_the_wizard_buttons(qtbot, vietnamese):
    wizard = QWizard()
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    qtbot.addWidget(wizard)
    texts = [wizard.button(b).text().replace("&", "") for b in (
        QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton,
        QWizard.WizardButton.CancelButton)]
    assert texts == ["< Quay lại", "Tiếp >", "Hoàn tất", "Hủy"]


def test_the_print_dialog_speaks_vietnamese(qtbot, vietnamese):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = _texts(dialog)
    assert any("In" == t or t.startswith("In") for t in texts)
    assert _english(texts) == []
    dialog.close()


def test_english_mode_keeps_qts_english(qtbot, qapp):
    qt_translations.install("en")
    box = QMessageBox(QMessageBox.Icon.Information, "x", "y", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert [b.text().replace("&", "") for b in box.buttons()] == ["OK"]

"""The Vietnamese typing helper really types what an input method commits."""

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from tests.ui.typing import type_text


def test_type_text_into_a_line_edit(qtbot):
    line = QLineEdit()
    qtbot.addWidget(line)
    line.show()
    type_text(line, "Đắk Lắk M'Đrắk 123")
    assert line.text() == "Đắk Lắk M'Đrắk 123"


def test_type_text_into_a_plain_text_edit(qtbot):
    text = QPlainTextEdit()
    qtbot.addWidget(text)
    text.show()
    type_text(text, "Hàn Quốc")
    assert text.toPlainText() == "Hàn Quốc"

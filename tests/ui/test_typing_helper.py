from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from tests.ui.typing import type_text


def test_typing(qtbot):
    w = QLineEdit(); qtbot.addWidget(w); w.show()
    type_text(w, "Đắk Lắk M'Đrắk 123")
    assert w.text() == "Đắk Lắk M'Đrắk 123"
    t = QPlainTextEdit(); qtbot.addWidget(t); t.show()
    type_text(t, "Hàn Quốc")
    assert t.toPlainText() == "Hàn Quốc"

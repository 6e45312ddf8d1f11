"""The Qt binding must not leak references to None/True/False.

PySide6 6.12.0 on Python 3.11 dropped one reference to None on most void
calls (QLabel.setText …); after enough calls the process aborted with
"none_dealloc" — in a long working day as in the test suite. pyproject pins a
version without the bug; this test fails if a future pin brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QCheckBox, QLabel


def test_void_and_bool_calls_keep_reference_counts(qtbot):
    label, box = QLabel(), QCheckBox()
    qtbot.addWidget(label)
    qtbot.addWidget(box)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        label.setText("Đắk Lắk")
        box.setChecked(True)
        box.isChecked()
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50

"""The mouse wheel scrolls the form: a drop-down, a number or a date field changes by the wheel only
while it has the keyboard focus (the officer clicked into it or tabbed to it).

Without this, scrolling a long editor past a combo box quietly changed "Nguồn kinh phí". One
application-wide event filter does it everywhere: such fields take focus by click or Tab only, never by
the wheel, and a wheel turned over one without focus scrolls the nearest scroll area instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox)
_guard: list[QObject] = []


class WheelGuard(QObject):
    """Keeps the wheel for scrolling unless the field under it has the focus."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, _GUARDED):
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: the wheel gives no focus
        elif kind == QEvent.Type.Wheel and isinstance(obj, _GUARDED) and not obj.hasFocus():
            area = _scroll_area_of(obj)
            if area is not None:
                QCoreApplication.sendEvent(area.viewport(), event)
            return True
        return False


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, _GUARDED):
            return parent
        parent = parent.parentWidget()
    return None


def install(app: QApplication | None = None) -> WheelGuard:
    """Install the guard on the application (once; later calls return the same guard)."""
    app = app or QApplication.instance()
    if not _guard:
        _guard.append(WheelGuard(app))
        app.installEventFilter(_guard[0])
    return _guard[0]

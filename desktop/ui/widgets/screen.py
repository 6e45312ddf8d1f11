"""Windows sized from the screen they open on: never larger than its usable area (1366×728 on the units'
most common laptop once the taskbar is counted), so Lưu, Đóng, In… always stay on the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 8  # room for the window's own frame: the title bar and the borders the OS adds


def available(widget: QWidget | None = None) -> QRect:
    """The usable area (taskbar excluded) of the screen `widget` is on, else of the primary screen."""
    screen = None
    if widget is not None:
        handle = widget.windowHandle()
        screen = handle.screen() if handle is not None else widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to width × height, or to what the screen's usable area holds when that is less."""
    area = available(window.parentWidget() or window)
    frame = 32 + MARGIN  # a title bar and borders, which the window's own size does not count
    window.resize(min(width, area.width() - MARGIN), min(height, area.height() - frame))


def within_screen(window: QWidget) -> None:
    """After a layout grew (a message appeared): shrink back into the usable area, and move it inside."""
    area = available(window)
    frame = 32 + MARGIN
    width, height = min(window.width(), area.width() - MARGIN), min(window.height(), area.height() - frame)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() - width)
    y = min(max(window.y(), area.top()), area.bottom() - height - frame + MARGIN)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)

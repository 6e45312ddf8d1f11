"""Liberation Serif (Times New Roman metrics, every Vietnamese letter), registered once per process."""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.config import resources_dir

SERIF = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic"

FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered: list[bool] = []


def font_dir() -> Path:
    """Where the shipped fonts live (`resources/fonts/`)."""
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Register the four faces and their family with reportlab; later calls return at once.

    Thread-safe: the GUI renders on worker threads. A missing file raises FileNotFoundError
    naming it (no silent fall-back to a font without Vietnamese letters).
    """
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file in FILES.items():
            path = font_dir() / file
            if not path.is_file():
                raise FileNotFoundError(f"font file missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        for bold, italic, name in ((0, 0, SERIF), (1, 0, SERIF_BOLD), (0, 1, SERIF_ITALIC),
                                   (1, 1, SERIF_BOLD_ITALIC)):
            addMapping(SERIF, bold, italic, name)
        _registered.append(True)


def string_width(text: str, font: str, size: float) -> float:
    """Width of `text` in points, as reportlab will draw it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return stringWidth(text, font, size)

"""Qt's own dialogs and buttons in the program's language.

PySide6 ships no Vietnamese catalog for Qt itself, so the file dialogs ("Look in", "File name"), the
print dialog, standard message-box buttons ("OK") and the context menus of text fields spoke English.
`resources/qt/qtbase_vi.ts` holds their Vietnamese; `scripts/setup.sh` compiles it with the
`pyside6-lrelease` that PySide6 ships (and so does the installer build). When the compiled file is
missing or older — a source tree not set up since — it is compiled here, if lrelease is at hand;
without it the program goes on with Qt's English, and says so on stderr.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.config import resources_dir

_installed: list[QTranslator] = []


def catalog(lang: str) -> Path:
    """The compiled catalog of Qt's strings for `lang` (it may not exist yet)."""
    return resources_dir() / "qt" / f"qtbase_{lang}.qm"


def install(lang: str) -> bool:
    """Translate Qt's own strings into `lang` from now on (English: Qt's own); True when installed."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang == "en" or app is None:
        return False
    qm = _compiled(lang)
    translator = QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def _compiled(lang: str) -> Path | None:
    qm = catalog(lang)
    ts = qm.with_suffix(".ts")
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        return qm
    if not ts.exists():
        return None
    lrelease = _lrelease()
    if lrelease is None:
        print(f"doingoai: {qm.name} is missing and pyside6-lrelease was not found: Qt's dialogs stay in English",
              file=sys.stderr)
        return qm if qm.exists() else None
    try:
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60,
                       capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"doingoai: could not compile {ts.name}: {exc}", file=sys.stderr)
    return qm if qm.exists() else None


def _lrelease() -> str | None:
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    if beside.exists():
        return str(beside)
    return shutil.which("pyside6-lrelease")

"""`doingoai self-test`: the installation checks support would ask a user to run.

Each check prints "✓ what: detail" or "✗ what: why". Qt is imported only
inside the checks (this module is imported by the CLI), and it is first
started in a child process, so a machine missing Qt's system libraries gets a
readable ✗ instead of an aborted process. The main-window check works on a
throw-away database filled with demo data; `--db` is only opened and migrated.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from desktop.i18n import N_, _

MIN_PYTHON = (3, 11)
LOAD_TIMEOUT = 15.0  # seconds a list may take to fill in on the thread pool
PACKAGES = (
    ("PySide6-Essentials", "PySide6"), ("SQLAlchemy", "sqlalchemy"), ("alembic", "alembic"),
    ("Babel", "babel"), ("reportlab", "reportlab"), ("holidays", "holidays"),
    ("platformdirs", "platformdirs"), ("cryptography", "cryptography"), ("argon2-cffi", "argon2"),
    ("sqlcipher3", "sqlcipher3"), ("segno", "segno"),
)
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
VIETNAMESE_LETTERS = "ĂÂĐÊÔƠƯăâđêôơư" + "".join(
    unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES)
NAV_SAMPLES = ("Tổng quan", "Đoàn ra", "Đoàn vào", "Cán bộ", "Cài đặt")
QT_PROBE = ("import sys\nfrom PySide6.QtWidgets import QApplication\n"
            "app = QApplication(sys.argv[:1])\nprint(app.platformName())\n")


class CheckFailed(Exception):
    """A check's readable reason for failing."""


@dataclass
class SelfTest:
    """State shared by the checks: the Qt application and the throw-away database."""

    db: str | None
    folder: Path
    app: Any = None
    services: Any = None
    results: list[tuple[bool, str, str]] = field(default_factory=list)

    def run(self, label: str, check: Callable[[SelfTest], str]) -> None:
        """Run one check and remember (passed, label, detail or reason)."""
        try:
            self.results.append((True, label, check(self)))
        except Exception as exc:  # a self-test reports every failure, whatever raised it
            reason = str(exc) if isinstance(exc, CheckFailed) or _is_app_error(exc) else f"{type(exc).__name__}: {exc}"
            self.results.append((False, label, reason))


def run_checks(db: str | None, out: TextIO) -> int:
    """Run every check, print one line each, return 0 only when all passed."""
    with tempfile.TemporaryDirectory(prefix="doingoai-selftest-") as tmp:
        state = SelfTest(db, Path(tmp))
        try:
            for label, check in CHECKS:
                state.run(_(label), check)
                passed, shown, detail = state.results[-1]
                out.write(f"{'✓' if passed else '✗'} {shown}: {detail}\n")
                out.flush()
        finally:
            if state.services is not None:
                state.services.close()
    failed = sum(1 for passed, _label, _detail in state.results if not passed)
    if failed:
        out.write(_("{failed}/{total} mục kiểm tra không đạt.").format(failed=failed, total=len(state.results)) + "\n")
        return 1
    out.write(_("Tất cả {total} mục kiểm tra đều đạt.").format(total=len(state.results)) + "\n")
    return 0


def _is_app_error(exc: Exception) -> bool:
    from desktop.errors import AppError

    return isinstance(exc, AppError)


# --- the checks ------------------------------------------------------------------------------


def check_packages(_state: SelfTest) -> str:
    """Python and every package the program needs, with versions."""
    if sys.version_info < MIN_PYTHON:
        raise CheckFailed(_("cần Python {need} trở lên, đang dùng {have}").format(
            need=".".join(map(str, MIN_PYTHON)), have=sys.version.split()[0]))
    found, missing = [], []
    for dist, module in PACKAGES:
        version = _version(dist, module)
        (found if version else missing).append(f"{dist.split('-')[0]} {version}" if version else dist)
    if missing:
        raise CheckFailed(_("thiếu gói: {names}").format(names=", ".join(missing)))
    return f"Python {sys.version.split()[0]}; " + ", ".join(found)


def _version(dist: str, module: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # a frozen build may carry no metadata
        try:
            return getattr(__import__(module), "__version__", "?")
        except ImportError:
            return None


def check_data_folder(_state: SelfTest) -> str:
    """The user data folder exists and can be written."""
    from desktop.config import data_dir

    folder = data_dir()
    probe = folder / ".doingoai-selftest"
    try:
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise CheckFailed(_("không ghi được vào {path}: {error}").format(path=folder, error=exc)) from exc
    return str(folder)


def check_qt(state: SelfTest) -> str:
    """Qt starts (offscreen when there is no display) and makes a QApplication."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not getattr(sys, "frozen", False):
        _probe_qt_in_child()
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    state.app = QApplication.instance() or QApplication(sys.argv[:1])
    return _("Qt {version}, nền tảng {platform}").format(version=qVersion(), platform=state.app.platformName())


def _probe_qt_in_child() -> None:
    """Start Qt in a child first: a missing system library aborts the process that tries."""
    try:
        done = subprocess.run([sys.executable, "-c", QT_PROBE], capture_output=True, text=True,
                              timeout=120, env=os.environ.copy())
    except subprocess.TimeoutExpired as exc:
        raise CheckFailed(_("Qt không khởi động được sau 120 giây")) from exc
    if done.returncode != 0:
        tail = " | ".join(line for line in done.stderr.strip().splitlines()[-3:] if line.strip())
        raise CheckFailed(_("Qt không khởi động được (mã {code}): {error}").format(code=done.returncode, error=tail))


def check_ui_font(state: SelfTest) -> str:
    """The default UI font renders every Vietnamese letter."""
    _need_qt(state)
    from PySide6.QtGui import QFontMetrics, QRawFont

    font = state.app.font()
    metrics = QFontMetrics(font)
    missing = [ch for ch in VIETNAMESE_LETTERS if not metrics.inFontUcs4(ord(ch))]
    if missing:
        raise CheckFailed(_("phông {family} thiếu: {letters}").format(family=font.family(), letters="".join(missing)))
    raw = QRawFont.fromFont(font)
    own = [ch for ch in VIETNAMESE_LETTERS if not raw.supportsCharacter(ord(ch))]
    detail = _("phông {family} hiển thị đủ {n} chữ cái tiếng Việt").format(family=raw.familyName(), n=len(VIETNAMESE_LETTERS))
    if own:
        detail += " " + _("(có {n} chữ lấy từ phông thay thế)").format(n=len(own))
    return detail


def check_document_fonts(_state: SelfTest) -> str:
    """The fonts shipped for printing (resources/fonts/*.ttf) cover Vietnamese too."""
    from desktop.config import resources_dir

    files = sorted((resources_dir() / "fonts").glob("*.ttf"))
    if not files:
        return _("không có tệp .ttf trong {path} (bỏ qua)").format(path=resources_dir() / "fonts")
    from reportlab.pdfbase.ttfonts import TTFont

    problems = []
    for path in files:
        covered = TTFont(path.stem, str(path)).face.charToGlyph
        missing = [ch for ch in VIETNAMESE_LETTERS if ord(ch) not in covered]
        if missing:
            problems.append(f"{path.name}: {''.join(missing[:12])}")
    if problems:
        raise CheckFailed(_("phông thiếu chữ: {list}").format(list="; ".join(problems)))
    return _("{n} tệp phông đủ chữ tiếng Việt ({names})").format(n=len(files), names=", ".join(p.name for p in files))


def check_database(state: SelfTest) -> str:
    """A new database is created and migrated; `--db`, when given, opens and migrates too."""
    from desktop.config import Paths
    from desktop.services import open_services
    from desktop.storage.migrate import head_revision

    state.services = open_services(f"sqlite:///{state.folder / 'selftest.sqlite3'}", Paths(state.folder / "data"))
    detail = _("cơ sở dữ liệu mới đã tạo, phiên bản dữ liệu {rev}").format(rev=head_revision())
    if state.db or os.environ.get("DOINGOAI_DB"):
        detail += "; " + _open_user_database(state.db)
    return detail


def _open_user_database(db: str | None) -> str:
    from desktop import config
    from desktop.errors import RegisterLocked
    from desktop.services import open_services

    try:
        services = open_services(config.database_url(db), config.default_paths())
    except RegisterLocked:
        return _("{path}: sổ đã mã hóa, mở được bằng tài khoản của sổ").format(path=config.sqlite_path(
            config.database_url(db)))
    try:
        where = services.ctx.db.path or services.ctx.db.url
        if services.device.is_set_up():
            info = services.device.info()
            return _("{path} mở được (đơn vị {unit}, cán bộ {officer})").format(path=where, unit=info.unit_code, officer=info.officer)
        return _("{path} mở được (máy chưa thiết lập)").format(path=where)
    finally:
        services.close()


def check_device(state: SelfTest) -> str:
    """First-run set-up works: device id, Ed25519 key file, fingerprint."""
    services = _need_services(state)
    info = services.device.set_up("DL-BMT", _("Kiểm tra cài đặt"))
    if not Path(info.key_file).exists():
        raise CheckFailed(_("không thấy tệp khóa {path}").format(path=info.key_file))
    return _("thiết lập được, dấu vân tay khóa {fingerprint}").format(fingerprint=info.fingerprint)


# pages whose lists stay empty on demo data: no bundle has been sent or received yet
EMPTY_UNTIL_USED = ("sync",)


def check_main_window(state: SelfTest) -> str:
    """The main window builds and every register's list shows rows (demo data)."""
    _need_qt(state)
    services = _need_services(state)
    from PySide6.QtWidgets import QAbstractItemView

    from desktop.app import build_main_window
    from desktop.services.demo import fill_demo

    fill_demo(services, delegations=60)
    window = build_main_window(services)
    try:
        window.show()
        state.app.processEvents()
        shown = []
        for key in [spec.key for spec in window.specs]:
            page = window.show_page(key)
            views = [v for v in page.findChildren(QAbstractItemView) if v.model() is not None]
            rows = _wait_for_rows(state.app, views)
            if views and rows == 0 and key not in EMPTY_UNTIL_USED:
                raise CheckFailed(_("danh sách «{page}» trống").format(page=key))
            shown.append(f"{key} {rows}")
        return _("dựng được, các trang: {pages}").format(pages=", ".join(shown))
    finally:
        window.hide()  # not close(): a self-test must not overwrite the user's remembered layout
        window.deleteLater()
        state.app.processEvents()


def _wait_for_rows(app: Any, views: list, seconds: float = LOAD_TIMEOUT) -> int:
    """The most rows any of `views` shows, waiting for pages that load off the UI thread."""
    deadline = time.monotonic() + seconds
    while True:
        app.processEvents()
        rows = max((v.model().rowCount() for v in views), default=0)
        if rows or not views or time.monotonic() > deadline:
            return rows
        time.sleep(0.02)


def check_encryption(state: SelfTest) -> str:
    """A register is encrypted (SQLCipher), unreadable without its key, and opens again with a password."""
    import sqlite3

    from desktop.config import Paths
    from desktop.domain.access import ADMIN
    from desktop.services import Credentials, open_services

    path = state.folder / "encrypted.sqlite3"
    data = Paths(state.folder / "encrypted-data")
    password = "kiểm tra cài đặt"
    services = open_services(f"sqlite:///{path}", data)
    try:
        services.device.set_up("DL-BMT", _("Kiểm tra cài đặt"))
        services.accounts.create("quantri", _("Kiểm tra cài đặt"), ADMIN, password)
        services.accounts.login("quantri", password)
        services.persons.save({"full_name": "Nguyễn Thị Kiểm Tra"})
        services.encrypt()
    finally:
        services.close()
    try:
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
        raise CheckFailed(_("tệp mã hóa vẫn đọc được không cần khóa"))
    except sqlite3.DatabaseError:
        pass
    services = open_services(f"sqlite:///{path}", data, login=Credentials("quantri", password))
    try:
        count = services.persons.count()
    finally:
        services.close()
    return _("SQLCipher mã hóa và mở lại được ({n} cán bộ)").format(n=count)


def check_translations(_state: SelfTest) -> str:
    """The English catalog loads and translates; Vietnamese comes back afterwards."""
    from desktop.i18n import catalog_path, current_language, set_language

    path = catalog_path("en")
    if not path.exists():
        raise CheckFailed(_("không có tệp bản dịch {path}").format(path=path))
    before = current_language()
    set_language("en")
    try:
        english = [_(text) for text in NAV_SAMPLES]
    finally:
        set_language(before)
    if all(e == v for e, v in zip(english, NAV_SAMPLES, strict=True)):
        raise CheckFailed(_("bản dịch tiếng Anh không dịch các mục điều hướng"))
    back_in_vietnamese = before != "vi" or _(NAV_SAMPLES[0]) == NAV_SAMPLES[0]
    if current_language() != before or not back_in_vietnamese:
        raise CheckFailed(_("không trở lại được tiếng Việt"))
    return _("tiếng Anh: {sample}; đã trở lại tiếng Việt").format(sample=", ".join(english))


def _need_qt(state: SelfTest) -> None:
    if state.app is None:
        raise CheckFailed(_("bỏ qua vì Qt không khởi động được"))


def _need_services(state: SelfTest) -> Any:
    if state.services is None:
        raise CheckFailed(_("bỏ qua vì không tạo được cơ sở dữ liệu"))
    return state.services


CHECKS: list[tuple[str, Callable[[SelfTest], str]]] = [
    (N_("Python và các gói"), check_packages),
    (N_("Thư mục dữ liệu"), check_data_folder),
    (N_("Qt khởi động"), check_qt),
    (N_("Phông chữ giao diện"), check_ui_font),
    (N_("Phông chữ in ấn"), check_document_fonts),
    (N_("Cơ sở dữ liệu mở và nâng cấp"), check_database),
    (N_("Thiết lập máy lần đầu"), check_device),
    (N_("Cửa sổ chính và các danh sách"), check_main_window),
    (N_("Mã hóa sổ"), check_encryption),
    (N_("Bản dịch"), check_translations),
]

"""Composition root: locale, QApplication, services, first run, main window.

The only place that wires things together. Start-up builds just the visible
page (Tổng quan, whose query is bounded) so it does not grow with the database.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLocale
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle

from desktop import APP_NAME, __version__
from desktop.errors import DatabaseOpenError
from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, current_language, set_language

ORGANISATION = "doingoai"


def run_gui(db: str | None = None, lang: str | None = None) -> int:
    """Start the desktop application on `db` (or the default database); the exit code."""
    from desktop import config, logs

    logs.safe_streams()  # the frozen Windows build has no console: sys.stderr is None
    log_path = logs.set_up(config.data_dir(), console=True)
    missing = no_display(os.environ, sys.platform)
    if missing:
        logging.getLogger("desktop.app").error("không có màn hình: %s", missing)
        print(missing, file=sys.stderr)
        return 2
    app = _application(lang)
    install_error_hook(log_path)
    try:
        services = _open(config.database_url(db), config.default_paths())
        if services is None:
            return 1
    except DatabaseOpenError as exc:
        logging.getLogger("desktop.app").error("không mở được cơ sở dữ liệu: %s", exc)
        _fatal(str(exc))
        return 2
    try:
        return _run(app, services, lang)
    finally:
        services.close()


def _open(url: str, paths):
    """The services on `url`; an encrypted register asks for an account (or the recovery key) first.
    None when the person chose to leave."""
    from desktop.errors import RegisterLocked
    from desktop.services import open_services

    try:
        return open_services(url, paths, full_check=False)
    except RegisterLocked:
        from desktop.storage.keyring import Keyring, keys_path
        from desktop.ui.dialogs.login import OpenRegisterDialog

        path = config_path(url)
        demo = bool(Keyring.load(keys_path(path)).flag("demo"))
        dialog = OpenRegisterDialog(lambda login: open_services(url, paths, full_check=False, login=login), demo)
        return dialog.services if dialog.exec() == dialog.DialogCode.Accepted else None


def config_path(url: str):
    """The register's file of a SQLite URL."""
    from desktop import config

    return config.sqlite_path(url)


def _run(app: QApplication, services, lang: str | None) -> int:
    _apply_language(services, lang)
    if not services.device.is_set_up():
        if not _first_run(services):
            return 1
        _apply_language(services, lang)  # the language just chosen, before the window is built
    from desktop.ui.dashboard.loader import wait_for_background_work
    from desktop.ui.dialogs.login import log_in_at_start

    if not log_in_at_start(services):
        return 1
    window = build_main_window(services)
    window.show()
    _check_integrity_later(window, services)
    _check_audit(window, services)
    _daily_backup(window, services)
    code = app.exec()
    wait_for_background_work()  # a service call still running must end before the database closes
    return code


def _check_integrity_later(window, services) -> None:
    """The whole-file check grows with the database: run it once the window is up."""
    from desktop.ui.dashboard.loader import BackgroundCall

    check = BackgroundCall(services.integrity_problem, window)
    check.finished.connect(lambda problem: problem and _warn_damaged(window, problem))
    check.start()


def _daily_backup(window, services) -> None:
    """The first start of each day backs the register up, in the background once the window is up; a
    failure (a full disk) is said in the status bar and the log, and tried again at the next start."""
    from desktop.ui.dashboard.loader import BackgroundCall

    def said(message: str) -> None:
        logging.getLogger("desktop.app").warning("sao lưu tự động không được: %s", message)
        window.statusBar().showMessage(_("Chưa sao lưu tự động được: {error}").format(error=message), 15000)

    call = BackgroundCall(services.backups.make_daily, window)
    call.failed.connect(said)
    call.start()


def _check_audit(window, services) -> None:
    """Once a day, for an administrator: the audit trail's chain verified in the background (a province's
    trail is long); a break is said as soon as it is found."""
    from desktop.ui.dashboard.loader import BackgroundCall

    check = BackgroundCall(services.audit.daily_check, window)
    check.finished.connect(lambda result: result is not None and not result.intact
                           and _warn_tampered(window, result.message()))
    check.start()


def _warn_tampered(window, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Nhật ký thay đổi đã bị can thiệp"), message, parent=window)
    box.addButton(_("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.open()


def _warn_damaged(window, problem: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Cơ sở dữ liệu có thể bị hỏng"),
                      _("Kiểm tra tệp dữ liệu phát hiện lỗi: {problem}\n\nHãy ngừng nhập liệu, "
                        "sao lưu tệp và khôi phục từ bản sao trong thư mục backups; "
                        "liên hệ bộ phận hỗ trợ nếu cần.").format(problem=problem), parent=window)
    box.addButton(_("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def no_display(environ, platform: str) -> str | None:
    """Why no window can open here, in words (None when one can): on Linux without DISPLAY or
    WAYLAND_DISPLAY, Qt's own message blames a library (libxcb-cursor0) that is installed."""
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen.split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return _("Không có màn hình để mở cửa sổ (biến DISPLAY và WAYLAND_DISPLAY đều trống): hãy chạy trong phiên "
             "đồ họa, hoặc dưới màn hình ảo: xvfb-run -a doingoai. Các lệnh (doingoai --help) chạy được không "
             "cần màn hình.\nNo display to open a window on (DISPLAY and WAYLAND_DISPLAY are empty): run it in "
             "a desktop session, or under a virtual screen: xvfb-run -a doingoai.")


def install_error_hook(log_path) -> None:
    """An error nobody caught (a bug in a button's handler) is logged with its traceback and shown
    in Vietnamese with the log's path; the program keeps running instead of vanishing."""
    previous = sys.excepthook
    log = logging.getLogger("desktop.app")

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.error("Lỗi không mong đợi", exc_info=(kind, value, tb))
        from desktop.ui.widgets import errors

        errors.show_unexpected(QApplication.activeWindow(), value, log_path)

    sys.excepthook = hook


def build_main_window(services):
    """The main window on `services` (also used by `doingoai self-test`)."""
    from desktop.ui.main_window import MainWindow

    return MainWindow(services)


def _application(lang: str | None) -> QApplication:
    if lang in LANGUAGES:
        set_language(lang)
    QLocale.setDefault(QLocale("vi_VN" if current_language() == "vi" else "en_GB"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    _translate_qt()
    from desktop.ui.widgets import wheel

    wheel.install(app)  # the wheel scrolls forms; it changes a field only when that field has focus
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(_("Sổ Đối ngoại"))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(app.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)))
    return app


def _apply_language(services, lang: str | None) -> None:
    """`--lang` wins for this run; otherwise the stored preference (default Vietnamese)."""
    chosen = lang if lang in LANGUAGES else services.device.get_setting("language", DEFAULT_LANGUAGE)
    if chosen != current_language():
        set_language(chosen)
        QLocale.setDefault(QLocale("vi_VN" if current_language() == "vi" else "en_GB"))
        _translate_qt()


def _translate_qt() -> None:
    """Qt's own dialogs and buttons (file and print dialogs, "OK") in the program's language."""
    from desktop.ui import qt_translations

    qt_translations.install(current_language())


def _first_run(services) -> bool:
    from desktop.ui.dialogs.first_run import FirstRunDialog

    return FirstRunDialog(services).exec() == FirstRunDialog.DialogCode.Accepted


def _fatal(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, _("Không mở được cơ sở dữ liệu"),
                      message + "\n\n" + _("Tệp dữ liệu không bị thay đổi."))
    box.addButton(_("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()

"""Screenshots of the main screens on demo data: `python -m desktop.ui.screenshots OUTDIR`.

Builds a throw-away database in a temporary folder, fills it with the demo
register, opens the main window at 1366×728 (a 1366×768 screen less its taskbar) and saves PNGs with
`QWidget.grab()`. Works offscreen and under Xvfb; touches no user data or
remembered window state.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QLocale, QSettings
from PySide6.QtWidgets import QApplication, QWidget

SIZE = (1366, 728)  # an office laptop's 1366×768 screen less the taskbar
SHOTS = ("dashboard.png", "outbound-list.png", "delegation-editor.png", "persons.png", "settings-rules.png",
         "preview.png", "documents.png", "settings-printing.png", "conferences.png", "promotions.png",
         "ngos.png", "search.png", "overseas.png", "plan.png",
         "aid.png", "aid-editor.png", "help.png", "reports.png", "reports-charts.png", "inspections.png",
         "inspection-editor.png", "agreements.png",
         "budget.png", "login.png", "accounts.png", "audit.png", "history.png", "recovery-key.png",
         "backups.png")
PREVIEW_FORM = "delegation-request"
DEMO_SIGNER = "Nguyễn Văn Bình"
PAGE_RENDER_MS = 1500


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots to the folder given as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m desktop.ui.screenshots OUTDIR", file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="doingoai-shots-") as tmp:
        os.environ["DOINGOAI_HOME"] = tmp
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, tmp)
        take_all(Path(tmp), out)
    from desktop.ui.sync.screenshots import SHOTS as SYNC_SHOTS

    for name in SHOTS + SYNC_SHOTS:
        print(out / name)
    return 0


def take_all(tmp: Path, out: Path) -> None:
    """Make the demo database under `tmp` and save every screenshot into `out`."""
    from desktop.app import build_main_window
    from desktop.config import Paths
    from desktop.services import open_services
    from desktop.services.demo import fill_demo

    QLocale.setDefault(QLocale("vi_VN"))
    app = QApplication.instance() or QApplication(["doingoai-screenshots"])
    services = open_services(f"sqlite:///{tmp / 'demo.sqlite3'}", Paths(tmp))
    try:
        fill_demo(services)
        services.accounts.create_demo(province=False)
        services.accounts.logout()
        services.accounts.login("lanhdao", "demo")  # the unit head: signs the documents the shots print
        window = build_main_window(services)
        window.resize(*SIZE)
        window.show()
        _settle(app)
        _shoot_pages(app, window, services, out)
        from desktop.ui.sync.screenshots import shoot_sync

        shoot_sync(app, tmp, services, window, out, _save)  # last: it sends the demo data to a province store
        window.close()
    finally:
        services.close()


def _shoot_pages(app: QApplication, window, services, out: Path) -> None:
    dashboard = window.page("dashboard")
    while dashboard.loader.busy():  # Tổng quan fills in from a background call
        app.processEvents()
    _save(app, window, out / "dashboard.png")
    window.show_page("outbound")
    _save(app, window, out / "outbound-list.png")
    editor = _open_blocked_delegation(window, services)
    _save(app, editor, out / "delegation-editor.png")
    editor.close()
    window.show_page("persons")
    _save(app, window, out / "persons.png")
    for key in ("conferences", "promotions", "ngos", "overseas", "plan", "aid", "agreements"):
        window.show_page(key)
        _save(app, window, out / f"{key}.png")
    _shoot_aid_editor(app, window, services, out)
    budget = window.page("plan").open_budget()  # this year's: the trips already made, with their actual costs
    _save(app, budget, out / "budget.png")
    budget.close()
    search = window.search_everywhere()
    search.box.setText("buon ma thuot")
    search.box.flush()
    _save(app, search, out / "search.png")
    search.close()
    window.show_page("settings").tabs.setCurrentIndex(0)
    _save(app, window, out / "settings-rules.png")
    reports = window.show_page("reports")
    while reports.busy():  # the figures and the preview are made in the background
        app.processEvents()
    _save(app, window, out / "reports.png")
    reports.tabs.setCurrentIndex(1)
    _save(app, window, out / "reports-charts.png")
    reports.tabs.setCurrentIndex(0)
    inspections = window.show_page("inspections")  # what the province's acks brought the unit
    _save(app, window, out / "inspections.png")
    editor = inspections.open_inspection(inspections.inspection_rows[0].id)
    _save(app, editor, out / "inspection-editor.png")
    editor.close()
    window.show_page("outbound")
    guide = window.show_help()  # F1 on Đoàn ra
    guide.resize(1000, 680)
    _save(app, guide, out / "help.png")
    guide.close()
    _shoot_printing(app, window, services, out)
    _shoot_accounts(app, window, services, out)


def _shoot_accounts(app: QApplication, window, services, out: Path) -> None:
    """The login screen, Cài đặt › Tài khoản and › Nhật ký, a record's history, the recovery key."""
    from desktop.ui.dialogs.login import LoginDialog
    from desktop.ui.dialogs.recovery import RecoveryKeyDialog

    services.accounts.logout()
    services.accounts.login("quantri", "demo")  # the administrator's view of the accounts and the trail
    window._user_changed()
    login = LoginDialog(services, "switch", window)
    login.user_name.setText("canbo")
    _save(app, login, out / "login.png")
    login.close()
    settings = window.show_page("settings")
    settings.tabs.setCurrentWidget(settings.accounts)
    settings.accounts.refresh()
    _save(app, window, out / "accounts.png")
    settings.tabs.setCurrentWidget(settings.audit)
    settings.audit.kind.setCurrentIndex(settings.audit.kind.findData("change"))
    if settings.audit.tree.topLevelItemCount():
        settings.audit.tree.topLevelItem(0).setExpanded(True)
    _save(app, window, out / "audit.png")
    services.backups.make_now()
    settings.tabs.setCurrentWidget(settings.backups)
    settings.backups.refresh()
    _save(app, window, out / "backups.png")
    editor = _open_blocked_delegation(window, services)
    editor.tabs.setCurrentWidget(editor.history)
    _save(app, editor, out / "history.png")
    editor.close()
    key = RecoveryKeyDialog("Q7MX-3KAD-VN2P-HT5R-ZL4E-WB6C-J2NY-F3QS-K7UD-M5GA-X4TB-P6RE-HV3Q", window)
    _save(app, key, out / "recovery-key.png")
    key.kept.setChecked(True)
    key.close()


def _shoot_aid_editor(app: QApplication, window, services, out: Path) -> None:
    """The editor of the demo project that R13 reminds about, on its money and approval tab."""
    [finding] = [f for f in services.aid.all_findings() if f.severity == "reminder"]
    window.open_record("aid_project", finding.record_id)
    editor = window.page("aid").editors()[-1]
    editor.tabs.setCurrentIndex(1)
    _save(app, editor, out / "aid-editor.png")
    editor.close()


def _shoot_printing(app: QApplication, window, services, out: Path) -> None:
    """The preview of a signed request, the outgoing-document register, Settings › In ấn."""
    from desktop.ui.printing.preview import show_preview

    record_id = _printable_request(services)
    preview = show_preview(services, PREVIEW_FORM, record_id, window)
    preview.resize(1000, 728)
    while preview.is_busy():
        app.processEvents()
    _wait(app, PAGE_RENDER_MS)  # QPdfView draws its pages on a thread of its own
    _save(app, preview, out / "preview.png")
    preview.close()
    window.show_page("documents")
    _save(app, window, out / "documents.png")
    settings = window.show_page("settings")
    settings.tabs.setCurrentWidget(settings.printing)
    _save(app, window, out / "settings-printing.png")


def _printable_request(services) -> str:
    """An outbound delegation whose request prints, entered in the register and signed."""
    from desktop.services.common import ListQuery
    from desktop.services.delegations import Filter

    settings = services.printing.settings()
    if not settings.signer_name:  # demo data names no signer: a request would list it as missing
        services.printing.save_settings(replace(settings, signer_name=DEMO_SIGNER))
    rows = services.delegations.page(ListQuery(sort="start_date", descending=True, limit=50), Filter("outbound"))
    row = next((r for r in rows if r.member_count and not services.printing.missing(PREVIEW_FORM, r.id)), None)
    if row is None:
        raise RuntimeError("no demo delegation prints a request")
    if not services.documents.for_record("delegation", row.id):
        from desktop.services.printing import FORMS
        from desktop.ui.printing.print_menu import register_summary

        info = FORMS[PREVIEW_FORM]
        summary = register_summary(PREVIEW_FORM, info.title, row.title)
        draft = services.documents.create(info.doc_type, summary, PREVIEW_FORM, "delegation", row.id)
        services.documents.mark_signed(draft.id, services.ctx.today(), services.printing.settings().signer_name)
    return row.id


def _open_blocked_delegation(window, services) -> QWidget:
    """Open the editor of a delegation that has a blocking R4 finding."""
    finding = next(f for f in services.findings.all() if f.rule == "R4" and f.severity == "blocking")
    ref = services.delegations.locate(finding.entity, finding.record_id)
    editor = window.show_page(ref.direction).open_record(ref.id)
    if editor is None:
        raise RuntimeError("the delegation editor did not open")
    editor.resize(1100, 728)
    return editor


def _wait(app: QApplication, ms: int) -> None:
    deadline = QDeadlineTimer(ms)
    while not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _settle(app: QApplication) -> None:
    for _round in range(5):
        app.processEvents()


def _save(app: QApplication, widget: QWidget, path: Path) -> None:
    _settle(app)
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")


if __name__ == "__main__":
    raise SystemExit(main())

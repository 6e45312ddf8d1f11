"""The main window: navigation on the left, one page per register, status bar.

Pages are built on first show (only Tổng quan at start), so start-up costs
the same with 500 or 50,000 records. Pages may offer `save_state(QSettings)`
/ `restore_state(QSettings)` (column widths) and `open_record(id)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QWidget,
)

from desktop import __version__
from desktop.domain.access import role_label
from desktop.errors import AppError
from desktop.i18n import N_, _
from desktop.ui.lock import ScreenLock
from desktop.ui.registers_menu import RegistersMenu
from desktop.ui.widgets import errors, unsaved, wheel
from desktop.ui.widgets.screen import fit_to_screen, within_screen


def app_settings() -> QSettings:
    """Where window geometry and column widths are remembered."""
    return QSettings("doingoai", "doingoai")


# the page that opens a record of each entity beyond persons and delegations
RECORD_PAGES = {
    "conference": "conferences",
    "promotion_activity": "promotions", "follow_up_action": "promotions",
    "foreign_ngo": "ngos", "ngo_certificate": "ngos", "ngo_contact": "ngos", "ngo_report": "ngos",
    "aid_project": "aid", "aid_disbursement": "aid",
    "overseas_contact": "overseas", "overseas_activity": "overseas",
    "annual_plan": "plan", "planned_activity": "plan",
    "international_agreement": "agreements",
    "fa_budget": "plan", "budget_addition": "plan", "actual_cost": "plan",
    "inspection": "inspections", "inspection_recommendation": "inspections", "reminder": "inspections",
}

@dataclass(frozen=True)
class PageSpec:
    """One navigation entry and how to build its page."""

    key: str
    title: str
    icon: QStyle.StandardPixmap
    build: Callable[[], QWidget]


class LazyStack(QStackedWidget):
    """A stack whose pages are made by factories the first time they are shown."""

    def __init__(self, factories: list[Callable[[], QWidget]], on_built: Callable[[int, QWidget], None]):
        super().__init__()
        self._factories = factories
        self._built: dict[int, QWidget] = {}
        self._on_built = on_built
        for _factory in factories:
            self.addWidget(QWidget())

    def page(self, index: int) -> QWidget:
        """The page at `index`, built now if it was not yet."""
        if index not in self._built:
            page = self._factories[index]()
            placeholder = self.widget(index)
            self.insertWidget(index, page)
            self.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[index] = page
            self._on_built(index, page)
        return self._built[index]

    def built(self) -> dict[int, QWidget]:
        """The pages made so far, by index."""
        return dict(self._built)

    def show_page(self, index: int) -> QWidget:
        """Build if needed and bring page `index` to the front."""
        page = self.page(index)
        self.setCurrentIndex(index)
        return page


class MainWindow(QMainWindow):
    """Navigation list + lazily built pages + status bar."""

    def __init__(self, services):
        super().__init__()
        self.services = services
        self.setWindowTitle(_("Sổ Đối ngoại"))
        self.specs = self._specs()
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        self._build_shortcuts()
        self._restore_window()
        self.nav.setCurrentRow(0)
        app = QApplication.instance()
        app.commitDataRequest.connect(self.commit_session)
        wheel.install(app)

    # --- construction ----------------------------------------------------

    def _specs(self) -> list[PageSpec]:
        px = QStyle.StandardPixmap
        sync_title = self._sync_title()  # also decides whether this is the province
        monitoring = ([PageSpec("monitoring", N_("Theo dõi đơn vị"), px.SP_FileDialogDetailedView, self._make_monitoring)]
                      if self._province else [])
        return [
            PageSpec("dashboard", N_("Tổng quan"), px.SP_FileDialogInfoView, self._make_dashboard),
            PageSpec("outbound", N_("Đoàn ra"), px.SP_ArrowUp, lambda: self._make_delegations("outbound")),
            PageSpec("inbound", N_("Đoàn vào"), px.SP_ArrowDown, lambda: self._make_delegations("inbound")),
            PageSpec("conferences", N_("Hội nghị, hội thảo"), px.SP_MessageBoxInformation, self._make_conferences),
            PageSpec("promotions", N_("Xúc tiến"), px.SP_DialogApplyButton, self._make_promotions),
            PageSpec("overseas", N_("Người VN ở nước ngoài"), px.SP_DirLinkIcon, self._make_overseas),
            PageSpec("ngos", N_("Tổ chức PCP nước ngoài"), px.SP_DriveNetIcon, self._make_ngos),
            PageSpec("aid", N_("Viện trợ PCP"), px.SP_FileDialogContentsView, self._make_aid),
            PageSpec("agreements", N_("Thỏa thuận quốc tế"), px.SP_DialogYesButton, self._make_agreements),
            PageSpec("persons", N_("Cán bộ"), px.SP_DirHomeIcon, self._make_persons),
            PageSpec("plan", N_("Kế hoạch năm"), px.SP_FileDialogListView, self._make_plan),
            PageSpec("documents", N_("Văn bản đi"), px.SP_FileDialogDetailedView, self._make_documents),
            PageSpec("reports", N_("Báo cáo"), px.SP_FileIcon, self._make_reports),
            *monitoring,
            PageSpec("inspections", N_("Thanh tra, đôn đốc"), px.SP_MessageBoxWarning, self._make_inspections),
            PageSpec("sync", sync_title, px.SP_BrowserReload, self._make_sync),
            PageSpec("settings", N_("Cài đặt"), px.SP_ComputerIcon, self._make_settings),
        ]

    def _build_central(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        for spec in self.specs:
            item = QListWidgetItem(self.style().standardIcon(spec.icon), _(spec.title))
            item.setSizeHint(QSize(0, 36))
            self.nav.addItem(item)
        self.nav.setMinimumWidth(150)
        self.stack = LazyStack([s.build for s in self.specs], self._page_built)
        self.nav.currentRowChanged.connect(self.stack.show_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([170, 1100])
        self.setCentralWidget(self.splitter)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&Tệp"))
        self.account_actions: list[QAction] = []
        if not self._province:  # the province receives; units send (page "sync")
            send = QAction(_("Gửi dữ liệu về tỉnh…"), self)
            send.triggered.connect(lambda: self.show_page("sync").open_export())
            file_menu.addAction(send)
        self.screen_lock = ScreenLock(self.services, self)
        self.screen_lock.userChanged.connect(self._user_changed)
        self.screen_lock.quitRequested.connect(self._quit_from_lock)
        for title, key, slot in ((_("Đổi người dùng…"), "Ctrl+Shift+L", self.screen_lock.switch_user),
                                 (_("Khóa màn hình"), "Ctrl+L", self.screen_lock.lock),
                                 (_("Đổi mật khẩu…"), None, self.change_password)):
            action = QAction(title, self)
            if key:
                action.setShortcut(QKeySequence(key))
            action.setEnabled(self.services.accounts.exist())
            action.triggered.connect(slot)
            file_menu.addAction(action)
            self.account_actions.append(action)
        file_menu.addSeparator()
        path = self.services.register_file()
        self.registers_menu = RegistersMenu(self, file_menu, str(path) if path else None, app_settings())
        file_menu.addSeparator()
        quit_action = QAction(_("Thoát"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(_("Trợ &giúp"))
        guide = QAction(_("Hướng dẫn sử dụng"), self)
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        guide.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # from an editor too
        guide.triggered.connect(lambda: self.show_help())
        help_menu.addAction(guide)
        about = QAction(_("Giới thiệu"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        info = self.services.device.info()
        self.unit_label = QLabel(_("Đơn vị: {name}").format(name=info.unit_name))
        self.officer_label = QLabel(self._who())
        self.db_label = QLabel(_("Dữ liệu: {path}").format(path=self.database_location()))
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.unit_label, self.officer_label, self.db_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.statusBar().setStyleSheet("QStatusBar::item { border-left: 1px solid #b0b0b0; }")

    def _build_shortcuts(self) -> None:
        for row in range(len(self.specs)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{row + 1}"), self)
            shortcut.activated.connect(lambda row=row: self.nav.setCurrentRow(row))
        QShortcut(QKeySequence("Ctrl+K"), self).activated.connect(self.search_everywhere)

    def search_everywhere(self) -> QWidget:
        """Ctrl+K: the search over every register; choosing a hit opens its record."""
        from desktop.ui.dialogs.search_everywhere import SearchEverywhere

        dialog = SearchEverywhere(self.services, self)
        dialog.openRecord.connect(self.open_record)
        dialog.open()
        return dialog

    # --- page factories ----------------------------------------------------

    def _make_dashboard(self) -> QWidget:
        from desktop.ui.dashboard.page import DashboardPage

        page = DashboardPage(self.services, self.register_entry)
        page.openRecord.connect(self.open_record)
        page.countsChanged.connect(self._show_due_counts)
        page.reload()
        return page

    def _make_delegations(self, direction: str) -> QWidget:
        from desktop.ui.delegations.page import DelegationPage

        return DelegationPage(self.services, direction=direction)

    def _make_persons(self) -> QWidget:
        from desktop.ui.persons.page import PersonsPage

        return PersonsPage(self.services)

    def _make_plan(self) -> QWidget:
        from desktop.ui.plan.page import PlanPage

        page = PlanPage(self.services)
        page.openRecord.connect(self.open_record)
        return page

    def _make_conferences(self) -> QWidget:
        from desktop.ui.conferences.page import ConferencesPage

        return ConferencesPage(self.services)

    def _make_promotions(self) -> QWidget:
        from desktop.ui.promotions.page import PromotionsPage

        return PromotionsPage(self.services)

    def _make_overseas(self) -> QWidget:
        from desktop.ui.overseas.page import OverseasPage

        return OverseasPage(self.services)

    def _make_ngos(self) -> QWidget:
        from desktop.ui.ngos.page import NgosPage

        return NgosPage(self.services)

    def _make_aid(self) -> QWidget:
        from desktop.ui.aid.page import AidPage

        return AidPage(self.services)

    def _make_documents(self) -> QWidget:
        from desktop.ui.documents.page import DocumentsPage

        page = DocumentsPage(self.services)
        page.openRecord.connect(self.open_record)
        return page

    def _make_reports(self) -> QWidget:
        from desktop.ui.reports.page import ReportsPage

        page = ReportsPage(self.services)
        page.openRecord.connect(self.open_record)
        return page

    def _make_monitoring(self) -> QWidget:
        from desktop.ui.reports.monitoring import MonitoringPage

        page = MonitoringPage(self.services)
        page.openRecord.connect(self.open_record)
        page.remind.connect(lambda units, indicator, subject: self.show_page("inspections").new_reminder(
            units, indicator, subject))
        return page

    def _make_agreements(self) -> QWidget:
        from desktop.ui.agreements.page import AgreementsPage

        return AgreementsPage(self.services)

    def _make_inspections(self) -> QWidget:
        from desktop.ui.inspections.page import InspectionsPage

        return InspectionsPage(self.services)

    def _sync_title(self) -> str:
        self._province = self.services.sync.is_province()  # read once: it decides the sync page's kind
        return N_("Tiếp nhận dữ liệu") if self._province else N_("Đồng bộ")

    def _make_sync(self) -> QWidget:
        from desktop.ui.sync.province_page import ProvincePage
        from desktop.ui.sync.unit_page import UnitSyncPage

        return ProvincePage(self.services) if self._province else UnitSyncPage(self.services)

    def _make_settings(self) -> QWidget:
        from desktop.ui.settings.page import SettingsPage

        page = SettingsPage(self.services)
        page.officerChanged.connect(self.refresh_status)
        page.rulesChanged.connect(self._rules_changed)
        return page

    def _page_built(self, _index: int, page: QWidget) -> None:
        if hasattr(page, "restore_state"):
            page.restore_state(app_settings())

    # --- navigation ----------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page of navigation entry `key` (built if needed, not shown)."""
        return self.stack.page(self._index(key))

    def show_page(self, key: str) -> QWidget:
        """Select navigation entry `key` and return its page."""
        index = self._index(key)
        self.nav.setCurrentRow(index)
        return self.stack.page(index)

    def current_key(self) -> str:
        """Key of the page in front."""
        return self.specs[self.stack.currentIndex()].key

    def _index(self, key: str) -> int:
        return next(i for i, s in enumerate(self.specs) if s.key == key)

    def open_record(self, entity: str, record_id: str) -> None:
        """Show the page of `entity` and open the record's editor."""
        try:
            if entity == "person":
                self.show_page("persons").open_record(record_id)
                return
            if entity == "unit":  # R15: the officer to designate is ticked in Cán bộ
                self.show_page("persons")
                return
            if entity == "outgoing_document":
                self._open_document(record_id)
                return
            page_key = RECORD_PAGES.get(entity)
            if page_key is not None:
                self.show_page(page_key).open_record(entity, record_id)
                return
            ref = self.services.delegations.locate(entity, record_id)
            page = self.show_page(ref.direction)
            if hasattr(page, "open_record"):
                page.open_record(ref.id)
        except AppError as exc:
            errors.show_error(self, exc)

    def _open_document(self, document_id: str) -> None:
        """A register entry opens the record it belongs to, else the register itself."""
        row = self.services.documents.get(document_id)
        if row.entity and row.record_id:
            self.open_record(row.entity, row.record_id)
        else:
            self.show_page("documents")

    def register_entry(self, register: str) -> tuple[str, str] | None:
        """The navigation entry (key, title) whose page holds the records of a Tổng quan register."""
        key = {"person": "persons", "unit": "persons"}.get(register) or RECORD_PAGES.get(register, register)
        spec = next((s for s in self.specs if s.key == key), None)
        return (spec.key, _(spec.title)) if spec is not None else None

    def _show_due_counts(self, counts: dict) -> None:
        """Each navigation entry with items due shows how many, e.g. "Đoàn ra (3)"."""
        shown, self._due_counts = getattr(self, "_due_counts", {}), dict(counts)
        for row, spec in enumerate(self.specs):
            if spec.key in counts or spec.key in shown:  # entries that never had a count are left alone
                title, count = _(spec.title), counts.get(spec.key, 0)
                self.nav.item(row).setText(f"{title} ({count})" if count else title)
        # wide enough that no count is cut off (within reason; beyond it the user drags the splitter)
        metrics = self.nav.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.nav.item(r).text()) for r in range(self.nav.count()))
        self.nav.setMinimumWidth(min(max(150, widest + self.nav.iconSize().width() + 40), 320))

    def _rules_changed(self) -> None:
        built = self.stack.built()
        dashboard = built.get(self._index("dashboard"))
        if dashboard is not None:
            dashboard.reload()

    def refresh_status(self) -> None:
        """Re-read unit and officer for the status bar."""
        info = self.services.device.info()
        self.unit_label.setText(_("Đơn vị: {name}").format(name=info.unit_name))
        self.officer_label.setText(self._who())
        for action in self.account_actions:
            action.setEnabled(self.services.accounts.exist())

    def _who(self) -> str:
        """The status bar's word on who is at the keyboard: the account and its role, or the typed name."""
        who = self.services.ctx.identity
        if who is None:
            return _("Cán bộ: {name}").format(name=self.services.device.info().officer)
        return _("Người dùng: {name} ({role})").format(name=who.full_name, role=role_label(who.role))

    def _user_changed(self) -> None:
        """Another account logged in: the status bar and the pages that show who may do what."""
        self.refresh_status()
        for page in self.stack.built().values():
            if hasattr(page, "user_changed"):
                page.user_changed()

    def _quit_from_lock(self) -> None:
        """"Thoát chương trình" on the lock screen: the usual question about unsaved edits, asked while the
        windows stay hidden; Hủy there brings the lock screen back rather than the windows."""
        if not self.close():
            QTimer.singleShot(0, self.screen_lock.lock)

    def change_password(self) -> None:
        """Tệp › Đổi mật khẩu…"""
        from desktop.ui.dialogs.login import PasswordDialog

        who = self.services.ctx.identity
        if who is None:
            return
        if PasswordDialog(self.services, who.user_name, parent=self).exec():
            self.statusBar().showMessage(_("Đã đổi mật khẩu."), 5000)

    def database_location(self) -> str:
        """The database file (or URL for a server database)."""
        db = self.services.ctx.db
        return str(db.path) if db.path is not None else db.url

    def show_help(self, key: str | None = None) -> QWidget:
        """The guide, at the page of `key` or of the screen in front (F1)."""
        from desktop.ui.help.window import HelpWindow

        if getattr(self, "help_window", None) is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_page(key or self.current_key())
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def show_about(self) -> None:
        """Version, data folder and database."""
        from desktop import logs
        from desktop.config import data_dir

        text = _("Sổ Đối ngoại — phiên bản {version}\n\nThư mục dữ liệu: {folder}\nCơ sở dữ liệu: {db}\n"
                 "Nhật ký: {log}").format(version=__version__, folder=data_dir(), db=self.database_location(),
                                         log=logs.current() or logs.log_folder(data_dir()) / logs.LOG_NAME)
        errors.show_info(self, _("Giới thiệu"), text)

    # --- remembered state ------------------------------------------------------

    def _restore_window(self) -> None:
        settings = app_settings()
        geometry = settings.value("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1600, 900)  # the whole of an office laptop's screen
        within_screen(self)  # a geometry remembered on a larger screen still fits this one
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        splitter = settings.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_window_state(self) -> None:
        """Remember geometry, splitter and each built page's columns."""
        settings = app_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/splitter", self.splitter.saveState())
        for page in self.stack.built().values():
            if hasattr(page, "save_state"):
                page.save_state(settings)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Ctrl+Q or the close button: one question for every editor with unsaved edits first;
        Hủy keeps the program and every window as they are."""
        if not unsaved.may_quit(self):
            event.ignore()
            return
        self.save_window_state()
        super().closeEvent(event)

    def commit_session(self, manager) -> None:
        """The OS session ends (log off, shut down): the same question, if the OS lets us ask."""
        editors = unsaved.dirty_editors(self)
        if not editors:
            return
        if manager.allowsInteraction():
            if not unsaved.may_quit(self, editors):
                manager.cancel()
            manager.release()
            return
        for editor in editors:  # no question allowed: keep what can be kept rather than drop it
            editor.save()

"""Every window and dialog the program has fits the units' most common screen, 1366×768 less a taskbar
(1366×728 usable, `tests/office_screen.json`), with its buttons on the screen.

Each window opens on the demo register's fullest record. A button inside a scroll area may be scrolled
to; a button of the window's own rows (Lưu, Đóng, In…, Lưu PDF…, Ghi vào sổ) must lie inside the window.
`test_every_window_is_checked` fails when a new dialog class is added without a line here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QDialog, QMainWindow, QWidget
from sqlalchemy import func, select

import desktop.ui
from desktop.config import Paths
from desktop.models import (
    AidProject,
    AnnualPlan,
    Conference,
    Delegation,
    DelegationMember,
    ForeignNgo,
    Inspection,
    InspectionRecommendation,
    InternationalAgreement,
    OverseasContact,
    Person,
    PromotionActivity,
)
from desktop.services import open_services
from desktop.services.demo import fill_demo
from desktop.services.sync import ConflictRow
from desktop.ui.dashboard.loader import wait_for_background_work
from tests import templates
from tests.conftest import TODAY

TITLE_BAR = 32  # the OS adds a title bar above the window's own height
ABSTRACT = {"SubRecordDialog", "NgoRecordDialog", "_FormDialog", "_LoginForm"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory, qapp):
    """One demo register for the module (nothing here writes to it)."""
    folder = tmp_path_factory.mktemp("fit")
    services = open_services(templates.sqlite_url(folder / "demo.sqlite3"), Paths(folder / "data"),
                             today=lambda: TODAY)
    fill_demo(services)
    yield services
    wait_for_background_work()
    services.close()


def _fullest(services, model, child=None, key: str = "") -> str:
    """The id of `model`'s record with the most `child` rows (or any record)."""
    with services.ctx.db.read() as s:
        if child is None:
            return s.scalars(select(model.id).where(model.deleted.is_(False)).order_by(model.id)).first()
        owner = getattr(child, key)
        return s.execute(select(owner, func.count()).where(child.deleted.is_(False)).group_by(owner)
                         .order_by(func.count().desc(), owner)).first()[0]


def _conflict(services) -> ConflictRow:
    trip = services.delegations.get(_fullest(services, Delegation, DelegationMember, "delegation_id"))
    data = dict(trip.data)
    changed = {**data, "title": data["title"] + " (sửa ở đơn vị)", "purpose": (data.get("purpose") or "") + " Thêm."}
    now = datetime(2026, 1, 20, 8, tzinfo=UTC)
    return ConflictRow(1, "delegation", trip.id, "DL-BMT", "dev", "open", None, 3, data, 4, 2, changed, False,
                       "both_changed", now, None)


def _plan_id(services) -> str:
    return _fullest(services, AnnualPlan)


# Every top-level window class: how to open it on the demo register (services, main window) → window.
WINDOWS: dict[str, Callable[[object, QWidget], QWidget]] = {
    "MainWindow": lambda s, main: main,
    "DelegationEditor": lambda s, main: _cls("delegations.editor", "DelegationEditor")(
        s, "outbound", _fullest(s, Delegation, DelegationMember, "delegation_id"), main),
    "PersonPicker": lambda s, main: _cls("delegations.person_picker", "PersonPicker")(s, set(), main),
    "ConferenceEditor": lambda s, main: _cls("conferences.editor", "ConferenceEditor")(
        s, _fullest(s, Conference), main),
    "PromotionEditor": lambda s, main: _cls("promotions.editor", "PromotionEditor")(
        s, _fullest(s, PromotionActivity), main),
    "FollowUpDialog": lambda s, main: _cls("promotions.follow_ups", "FollowUpDialog")(
        s, _fullest(s, PromotionActivity), None, main),
    "DoneDialog": lambda s, main: _cls("promotions.follow_ups", "DoneDialog")(
        s, _fullest(s, PromotionActivity), None, main),
    "DelegationPicker": lambda s, main: _cls("promotions.delegation_link", "DelegationPicker")(s, main),
    "AidEditor": lambda s, main: _cls("aid.editor", "AidEditor")(s, _fullest(s, AidProject), main),
    "DisbursementDialog": lambda s, main: _cls("aid.disbursements", "DisbursementDialog")(
        s, _fullest(s, AidProject), None, main),
    "NgoEditor": lambda s, main: _cls("ngos.editor", "NgoEditor")(s, _fullest(s, ForeignNgo), main),
    "CertificateDialog": lambda s, main: _cls("ngos.records", "CertificateDialog")(
        s, _fullest(s, ForeignNgo), None, main),
    "ContactDialog": lambda s, main: _cls("ngos.records", "ContactDialog")(s, _fullest(s, ForeignNgo), None, main),
    "ReportDialog": lambda s, main: _cls("ngos.records", "ReportDialog")(s, _fullest(s, ForeignNgo), None, main),
    "PersonEditor": lambda s, main: _cls("persons.editor", "PersonEditor")(s, _fullest(s, Person), main),
    "DisciplineDialog": lambda s, main: _cls("persons.records", "DisciplineDialog")(
        s, _fullest(s, Person), None, main),
    "TrainingDialog": lambda s, main: _cls("persons.records", "TrainingDialog")(s, _fullest(s, Person), None, main),
    "ContactEditor": lambda s, main: _cls("overseas.editor", "ContactEditor")(s, _fullest(s, OverseasContact), main),
    "ActivityDialog": lambda s, main: _cls("overseas.activities", "ActivityDialog")(
        s, _fullest(s, OverseasContact), None, main),
    "PlannedDialog": lambda s, main: _cls("plan.activity_dialog", "PlannedDialog")(s, _plan_id(s), None, main),
    "CandidatePicker": lambda s, main: _cls("plan.activity_dialog", "CandidatePicker")(
        s, _plan_id(s), "delegation_out", None, main),
    "PlannedPicker": lambda s, main: _cls("plan.plan_link", "PlannedPicker")(
        s, None, TODAY.year, "outbound", main),
    "PreviewDialog": lambda s, main: _cls("printing.preview", "PreviewDialog")(
        s, "delegation-request", _fullest(s, Delegation, DelegationMember, "delegation_id"), main),
    "SignDialog": lambda s, main: _cls("printing.sign_dialog", "SignDialog")(
        "Tờ trình số 12/TTr-UBND ngày 20/01/2026 về việc cử đoàn đi Hàn Quốc", TODAY, "Trần Văn Bình",
        lambda day, signer: None, main),
    "HelpWindow": lambda s, main: _cls("help.window", "HelpWindow")(main),
    "FirstRunDialog": lambda s, main: _cls("dialogs.first_run", "FirstRunDialog")(s, main),
    "SearchEverywhere": lambda s, main: _cls("dialogs.search_everywhere", "SearchEverywhere")(s, main),
    "ImportWizard": lambda s, main: _cls("dialogs.import_wizard", "ImportWizard")(s, "delegation", main),
    "AddUnitDialog": lambda s, main: _cls("dialogs.add_unit", "AddUnitDialog")(s, main),
    "RuleDialog": lambda s, main: _cls("settings.rules_tab", "RuleDialog")(s, s.rules.list()[0], main),
    "TemplatePreview": lambda s, main: _cls("settings.templates_tab", "TemplatePreview")(
        "Xem trước mẫu — Tờ trình cử đoàn ra", main),
    "RetireDialog": lambda s, main: _cls("settings.units_tab", "RetireDialog")(s, s.units.list()[-1], main),
    "ConflictDialog": lambda s, main: _cls("sync.conflict_dialog", "ConflictDialog")(s, _conflict(s), None, main),
    "ExportDialog": lambda s, main: _cls("sync.export_dialog", "ExportDialog")(s, main),
    "TrustDialog": lambda s, main: _cls("sync.trust_dialog", "TrustDialog")(s, main),
    "AgreementEditor": lambda s, main: _cls("agreements.editor", "AgreementEditor")(
        s, _fullest(s, InternationalAgreement), main),
    "ActivityPicker": lambda s, main: _cls("agreements.editor", "ActivityPicker")(s, set(), main),
    "BudgetDialog": lambda s, main: _cls("plan.budget", "BudgetDialog")(s, TODAY.year - 1, None, main),
    "AdditionDialog": lambda s, main: _cls("plan.budget", "AdditionDialog")(s, f"DL-BMT:{TODAY.year}", None, main),
    "CostDialog": lambda s, main: _cls("plan.budget", "CostDialog")(
        s, s.budget.year(TODAY.year - 1).lines[0], main),
    "InspectionEditor": lambda s, main: _cls("inspections.editor", "InspectionEditor")(
        s, _fullest(s, Inspection, InspectionRecommendation, "inspection_id"), main),
    "RecommendationDialog": lambda s, main: _cls("inspections.dialogs", "RecommendationDialog")(
        s, _fullest(s, Inspection), None, main),
    "ReminderDialog": lambda s, main: _cls("inspections.dialogs", "ReminderDialog")(
        s, main, units=[(u.code, u.name) for u in s.province.unit_choices()], indicator="R16",
        subject="Đôn đốc ban hành kế hoạch công tác đối ngoại năm 2026"),
    "AnswerDialog": lambda s, main: _cls("inspections.dialogs", "AnswerDialog")(
        s, "Đôn đốc gửi báo cáo kết quả công tác đối ngoại năm 2025", lambda text, day: None, {}, main),
    "FigureRecords": lambda s, main: _cls("reports.page", "FigureRecords")(
        s, s.reports.annual(s.ctx.today().year).figures["outbound.count"], main),
    "LoginDialog": lambda s, main: _cls("dialogs.login", "LoginDialog")(s, "login", main),
    "AccountDialog": lambda s, main: _cls("dialogs.login", "AccountDialog")(s, True, main),
    "PasswordDialog": lambda s, main: _cls("dialogs.login", "PasswordDialog")(s, "quantri", False, True, main),
    "OpenRegisterDialog": lambda s, main: _cls("dialogs.login", "OpenRegisterDialog")(lambda login: s, True, main),
    "HistoryDialog": lambda s, main: _cls("widgets.history", "HistoryDialog")(
        s, "delegation", _fullest(s, Delegation, DelegationMember, "delegation_id"), "Đoàn", main),
    "RecoveryKeyDialog": lambda s, main: _cls("dialogs.recovery", "RecoveryKeyDialog")(
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST", main),
}


def _cls(module: str, name: str) -> type:
    return getattr(importlib.import_module(f"desktop.ui.{module}"), name)


def _window_classes() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(desktop.ui.__path__, "desktop.ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, QDialog | QMainWindow)
                    and value.__module__ == module.__name__):
                found.add(name)
    return found - ABSTRACT


def test_every_window_is_checked():
    assert _window_classes() == set(WINDOWS)


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def off_window_buttons(window: QWidget) -> list[str]:
    """The visible buttons (outside any scroll area) that do not lie wholly inside `window`."""
    outside = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or _in_scroll_area(button, window):
            continue
        if not window.rect().contains(QRect(button.mapTo(window, QPoint(0, 0)), button.size())):
            outside.append(button.text() or button.toolTip() or button.objectName())
    return outside


def assert_fits(window: QWidget, name: str) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert (area.width(), area.height()) == (1366, 728), "the tests' screen is the office laptop's"
    size, least = window.size(), window.minimumSizeHint()
    assert size.width() <= area.width() and size.height() + TITLE_BAR <= area.height(), \
        f"{name} is {size.width()}×{size.height()}"
    assert least.width() <= area.width() and least.height() + TITLE_BAR <= area.height(), \
        f"{name} cannot shrink below {least.width()}×{least.height()}"
    frame = window.frameGeometry()
    assert area.contains(QRect(frame.topLeft(), size)), f"{name} opens at {frame.x()},{frame.y()} off the screen"
    assert off_window_buttons(window) == [], f"{name}: buttons off the window"


@pytest.mark.parametrize("name", sorted(WINDOWS))
def test_the_window_fits_a_1366_by_768_screen(qtbot, demo, name):
    from desktop.ui.main_window import MainWindow

    main = MainWindow(demo)
    qtbot.addWidget(main)
    main.show()
    window = WINDOWS[name](demo, main)
    if window is not main:
        qtbot.addWidget(window)
        window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    assert_fits(window, name)
    wait_for_background_work()


def test_every_page_of_the_main_window_fits(qtbot, demo):
    from desktop.ui.main_window import MainWindow

    main = MainWindow(demo)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    for spec in main.specs:
        main.show_page(spec.key)
        qtbot.wait(10)
        assert_fits(main, f"MainWindow › {spec.key}")
    wait_for_background_work()


# The column each list is read by: it takes the spare width.
MAIN_COLUMNS = {
    "outbound": "Tên đoàn", "inbound": "Tên đoàn", "conferences": "Tên", "promotions": "Tên hoạt động",
    "overseas": "Họ tên / tên hội", "ngos": "Tên tổ chức", "aid": "Tên chương trình, dự án",
    "persons": "Họ và tên", "documents": "Trích yếu",
}


def test_the_lists_give_their_name_column_the_spare_width_and_cut_no_header(qtbot, demo):
    from PySide6.QtWidgets import QHeaderView, QTableView

    from desktop.ui.main_window import MainWindow

    main = MainWindow(demo)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    for key, title in MAIN_COLUMNS.items():
        page = main.show_page(key)
        qtbot.wait(20)
        view = next(v for v in page.findChildren(QTableView) if v.isVisibleTo(main))
        header, model = view.horizontalHeader(), view.model()
        titles = [model.headerData(c, header.orientation()) for c in range(header.count())]
        main_column = titles.index(title)
        assert header.sectionResizeMode(main_column) == QHeaderView.ResizeMode.Stretch, key
        assert not header.stretchLastSection() or main_column == header.count() - 1, key
        cut = [titles[c] for c in range(header.count())
               if not header.isSectionHidden(c) and header.sectionSize(c) < header.sectionSizeHint(c)]
        assert cut == [], f"{key}: headers cut {cut}"
    wait_for_background_work()

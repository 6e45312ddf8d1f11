"""Tổng quan: what services report as due, grouped by urgency and coloured; opening a line opens its record."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.app import build_main_window
from desktop.ui.dashboard.page import DashboardPage
from tests.ui.conftest import double_click

# Today is 20/01/2026 (tests/conftest.py). 20 working days before 02/3/2026, across Tết, is 26/01/2026.
TRIP = {"direction": "outbound", "kind": "working_trip", "title": "Xúc tiến cà phê tại Hàn Quốc",
        "countries": ["KR"], "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 8),
        "status": "draft", "in_annual_plan": True}


@pytest.fixture(autouse=True)
def _designated_officer(services):
    """The unit has its part-time foreign-affairs officer and its 2026 plan, so R15 and R16 stay off."""
    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})
    config = services.rules.config()
    if "R16" in config.params:  # the plan's own tests cover it
        services.rules.update("R16", dict(config.params["R16"]), config.source("R16"), enabled=False)


@pytest.fixture
def page(qtbot, services) -> DashboardPage:
    widget = DashboardPage(services)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def passport_holder(services) -> str:
    return services.persons.save({"full_name": "H'Hen Niê", "passport_number": "C1234567",
                                  "passport_expiry": date(2026, 4, 30)}).id


def load(qtbot, page: DashboardPage) -> None:
    """Ask for the items and wait until the background call has answered."""
    with qtbot.waitSignal(page.countChanged, timeout=5000):
        page.reload()


def headers(page: DashboardPage) -> list[str]:
    return page.headers()


def test_empty_register_says_nothing_is_due(qtbot, page):
    load(qtbot, page)
    assert page.body.currentWidget() is page.empty
    assert page.empty.text() == "Không có việc nào đến hạn."


def test_items_from_services_appear_in_groups_with_counts(qtbot, page, services):
    passport_holder(services)
    services.delegations.save(TRIP, [])
    with qtbot.waitSignal(page.countChanged) as signal:
        qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert signal.args == [2]
    assert headers(page) == ["Đến hạn trong 7 ngày tới (1)", "Sắp tới (1)"]
    lines = page.entry_items()
    assert lines[0].text(0) == "26/01/2026" and lines[0].text(3) == "R1"
    assert "Hàn Quốc" in lines[0].text(2)
    assert lines[1].text(0) == "30/04/2026" and "C1234567" in lines[1].text(2)
    assert "NV-CPRD-01" in lines[0].toolTip(2)
    assert lines[1].foreground(0).color().name() == "#1565c0"
    assert page.tree.currentItem() is lines[0]  # the keyboard starts on the most urgent line


def test_double_click_emits_open_record(qtbot, page, services):
    person_id = passport_holder(services)
    load(qtbot, page)
    [line] = page.entry_items()
    rect = page.tree.visualItemRect(line)
    with qtbot.waitSignal(page.openRecord) as signal:
        double_click(qtbot, page.tree.viewport(), rect.center())
    assert signal.args == ["person", person_id]


def test_enter_on_a_line_emits_open_record(qtbot, page, services):
    services.delegations.save(TRIP, [])
    load(qtbot, page)
    [line] = page.entry_items()
    page.tree.setCurrentItem(line)
    page.tree.setFocus()
    with qtbot.waitSignal(page.openRecord) as signal:
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert signal.args[0] == "delegation"


def test_navigation_shows_the_count_and_opening_a_person_opens_the_editor(qtbot, services):
    person_id = passport_holder(services)
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Tổng quan (1)", timeout=5000)
    persons_row = [s.key for s in window.specs].index("persons")
    assert window.nav.item(persons_row).text() == "Cán bộ (1)"
    dashboard = window.page("dashboard")
    [line] = dashboard.entry_items()
    double_click(qtbot, dashboard.tree.viewport(), dashboard.tree.visualItemRect(line).center())
    assert window.current_key() == "persons"
    editor = window.page("persons").editor
    assert editor is not None and editor.person_id == person_id
    assert editor.fields["full_name"].text() == "H'Hen Niê"


def test_a_service_failure_is_shown_on_the_page(qtbot, page):
    from desktop.errors import AppError

    def broken():
        raise AppError("Không đọc được cơ sở dữ liệu.")

    page.loader._call = broken
    with qtbot.waitSignal(page.loader.failed, timeout=5000):
        page.reload()
    assert page.body.currentWidget() is page.empty
    assert page.empty.text() == "Không đọc được cơ sở dữ liệu."


def test_every_dashboard_group_has_a_colour():
    """A group the service adds must never crash the tree for want of a colour."""
    from desktop.services.dashboard import GROUPS
    from desktop.ui.dashboard.page import GROUP_COLOURS

    assert set(GROUP_COLOURS) == set(GROUPS)


def test_lines_name_their_register_and_sort_by_urgency_then_date(qtbot, services):
    """Each line says which register it belongs to, as the navigation names it."""
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    page = window.page("dashboard")
    services.delegations.save({**TRIP, "start_date": date(2026, 2, 3), "end_date": date(2026, 2, 6)}, [])
    services.delegations.save({**TRIP, "direction": "inbound", "kind": "other", "title": "Đoàn Lào thăm tỉnh",
                               "countries": ["LA"], "start_date": date(2026, 1, 29),
                               "end_date": date(2026, 1, 30)}, [])
    passport_holder(services)
    load(qtbot, page)
    lines = [(line.text(1), page.entry_of(line)) for line in page.entry_items()]
    assert [(register, e.group) for register, e in lines] == [
        ("Đoàn ra", "now"), ("Đoàn vào", "week"), ("Cán bộ", "later")]
    assert page.headers() == ["Bị chặn, quá hạn hoặc cần làm ngay (1)", "Đến hạn trong 7 ngày tới (1)",
                              "Sắp tới (1)"]
    counts = {window.specs[row].key: window.nav.item(row).text() for row in range(window.nav.count())}
    assert counts["outbound"] == "Đoàn ra (1)" and counts["inbound"] == "Đoàn vào (1)"
    assert counts["persons"] == "Cán bộ (1)" and counts["dashboard"] == "Tổng quan (3)"
    assert counts["settings"] == "Cài đặt"


def test_a_save_anywhere_refreshes_the_counts(qtbot, services):
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    persons_row = [s.key for s in window.specs].index("persons")
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Tổng quan", timeout=5000)
    passport_holder(services)  # a save, as from any editor
    qtbot.waitUntil(lambda: window.nav.item(persons_row).text() == "Cán bộ (1)", timeout=5000)
    assert window.nav.item(0).text() == "Tổng quan (1)"


def test_column_widths_are_remembered(qtbot, services, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    first = DashboardPage(services)
    qtbot.addWidget(first)
    first.tree.setColumnWidth(1, 233)
    first.save_state(settings)
    second = DashboardPage(services)
    qtbot.addWidget(second)
    second.restore_state(settings)
    assert second.tree.columnWidth(1) == 233


def test_a_unit_without_its_officer_opens_the_officers_page(qtbot, services):
    """R15 is settled by ticking an officer in Cán bộ: its line belongs there and opens it."""
    from desktop.models import Person

    with services.ctx.db.session() as s:  # the fixture's designated officer leaves the post
        for person in s.query(Person).filter(Person.is_fa_officer.is_(True)):
            person.is_fa_officer = False
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    page = window.page("dashboard")
    load(qtbot, page)
    [line] = [line for line in page.entry_items() if page.entry_of(line).rule == "R15"]
    assert line.text(1) == "Cán bộ"
    page.tree.setCurrentItem(line)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.current_key() == "persons"
    row = [s.key for s in window.specs].index("persons")
    assert window.nav.item(row).text() == "Cán bộ (1)"

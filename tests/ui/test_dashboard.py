"""Tổng quan: what services report as due, grouped and coloured; opening a line opens its record."""

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
    """The unit has its part-time foreign-affairs officer, so R15 stays off these dashboards."""
    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})


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
    return [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]


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
    assert headers(page) == ["Sắp đến hạn gửi hồ sơ (1)", "Hộ chiếu sắp hết hạn (1)"]
    lines = page.entry_items()
    assert lines[0].text(0) == "26/01/2026" and lines[0].text(2) == "R1"
    assert "Hàn Quốc" in lines[0].text(1)
    assert lines[1].text(0) == "30/04/2026" and "C1234567" in lines[1].text(1)
    assert "NV-CPRD-01" in lines[0].toolTip(1)
    assert lines[1].foreground(0).color().name() == "#1565c0"


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
    from desktop.ui.dashboard.page import GROUP_SEVERITY

    assert set(GROUP_SEVERITY) == set(GROUPS)

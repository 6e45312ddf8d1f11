"""The main window: builds, navigates with clicks and Ctrl+1…9, remembers its geometry."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt

from desktop.app import build_main_window
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import activate


def _window(qtbot, services) -> MainWindow:
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_builds_with_dashboard_in_front_and_status_bar(qtbot, services):
    window = _window(qtbot, services)
    assert window.current_key() == "dashboard"
    assert [window.nav.item(i).text().split(" (")[0] for i in range(window.nav.count())] == [
        "Tổng quan", "Đoàn ra", "Đoàn vào", "Hội nghị, hội thảo", "Xúc tiến", "Người VN ở nước ngoài",
        "Tổ chức PCP nước ngoài", "Viện trợ PCP", "Thỏa thuận quốc tế",
        "Cán bộ", "Kế hoạch năm", "Văn bản đi", "Báo cáo", "Thanh tra, đôn đốc", "Đồng bộ", "Cài đặt"]
    assert "Thành phố Buôn Ma Thuột" in window.unit_label.text()
    assert "Nguyễn Văn An" in window.officer_label.text()
    assert "test.sqlite3" in window.db_label.text()


def test_only_the_visible_page_is_built_at_start(qtbot, services):
    window = _window(qtbot, services)
    assert list(window.stack.built()) == [0]


def test_clicking_navigation_switches_pages(qtbot, services):
    window = _window(qtbot, services)
    persons_item = window.nav.item([spec.key for spec in window.specs].index("persons"))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.nav.visualItemRect(persons_item).center())
    assert window.current_key() == "persons"
    assert type(window.stack.currentWidget()).__name__ == "PersonsPage"


def test_ctrl_number_shortcuts_switch_pages(qtbot, services):
    window = _window(qtbot, services)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == window.specs[8].key  # the ninth page, whatever pages come before
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == window.specs[7].key
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "outbound"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "dashboard"


def test_geometry_and_splitter_are_remembered(qtbot, services):
    window = _window(qtbot, services)
    window.setGeometry(QRect(40, 50, 700, 520))  # inside the 800×600 offscreen screen
    window.splitter.setSizes([230, 470])
    window.close()
    again = _window(qtbot, services)
    assert (again.size().width(), again.size().height()) == (700, 520)
    assert again.splitter.sizes()[0] == 230


def test_person_column_widths_are_remembered(qtbot, services):
    window = _window(qtbot, services)
    page = window.show_page("persons")
    page.table.setColumnWidth(1, 333)  # "Chức vụ"; the name column takes what is left
    window.close()
    again = _window(qtbot, services)
    assert again.show_page("persons").table.columnWidth(1) == 333


def _trip_with_member(services):
    person = services.persons.save({"full_name": "Y Thông Ktla"})
    services.persons.save_discipline(person.id, {"form": "reprimand", "effective_from": date(2025, 12, 1)})
    trip = {"direction": "outbound", "kind": "working_trip", "title": "Xúc tiến cà phê tại Hàn Quốc",
            "countries": ["KR"], "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 8),
            "status": "draft", "in_annual_plan": True}
    return services.delegations.save(trip, [{"person_id": person.id, "role": "head"}])


def test_opening_a_blocked_member_finding_opens_its_delegation(qtbot, services):
    detail = _trip_with_member(services)
    window = _window(qtbot, services)
    [blocking] = [i for i in services.dashboard.due() if i.severity == "blocking"]
    assert blocking.entity == "delegation_member"
    window.open_record(blocking.entity, blocking.record_id)
    assert window.current_key() == "outbound"
    editors = window.page("outbound").editors()
    assert [e.delegation_id for e in editors] == [detail.id]
    for editor in editors:
        editor.close()


def test_open_record_of_a_missing_record_shows_a_message(qtbot, services, shown_errors):
    window = _window(qtbot, services)
    window.open_record("delegation", "00000000-0000-0000-0000-000000000000")
    assert "Không tìm thấy" in str(shown_errors[0])


def test_about_shows_version_and_data_folder(qtbot, services, monkeypatch, _isolated_home):
    from desktop import __version__
    from desktop.ui.widgets import errors

    shown = []
    monkeypatch.setattr(errors, "show_info", lambda parent, title, text: shown.append((title, text)))
    window = _window(qtbot, services)
    about = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "Giới thiệu")
    about.trigger()
    [(title, text)] = shown
    assert title == "Giới thiệu" and __version__ in text and str(_isolated_home) in text


def test_ctrl_i_imports_on_every_page_that_has_an_import_and_is_not_advertised_elsewhere(
        qtbot, services, monkeypatch):
    from PySide6.QtGui import QAction, QKeySequence

    from desktop.ui.dialogs import import_wizard

    opened: list[str] = []
    monkeypatch.setattr(import_wizard.ImportWizard, "open", lambda self: opened.append(self.entity))
    window = _window(qtbot, services)
    activate(qtbot, window)
    with_import = []
    for spec in window.specs:
        page = window.show_page(spec.key)
        actions = page.findChildren(QAction)
        advertised = [a for a in actions if "Ctrl+I" in a.toolTip() or a.shortcut() == QKeySequence("Ctrl+I")]
        if getattr(page, "import_action", None) is None:
            assert advertised == [], spec.key
            continue
        with_import.append(spec.key)
        before = len(opened)
        qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        assert len(opened) == before + 1, f"Ctrl+I did nothing on {spec.key}"
    assert {"outbound", "inbound", "persons", "ngos", "aid"} <= set(with_import)

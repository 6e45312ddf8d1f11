"""The province store's consolidated lists: every register page offers a unit filter; a unit's own does not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.models import Delegation
from desktop.ui.conferences.page import ConferencesPage
from desktop.ui.delegations.page import DelegationPage
from desktop.ui.documents.page import DocumentsPage
from desktop.ui.ngos.page import NgosPage
from desktop.ui.overseas.page import OverseasPage
from desktop.ui.persons.page import PersonsPage
from desktop.ui.promotions.page import PromotionsPage
from desktop.ui.widgets import errors


@pytest.fixture(autouse=True)
def _no_modal(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


def choose(qtbot, combo: QComboBox, code: str | None) -> None:
    """Open the combo's list and click the entry of `code`, as a user does."""
    index = combo.findData(code)
    assert index >= 0, code
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: combo.currentIndex() == index, timeout=2000)


def trip(services, title: str, start: date) -> str:
    data = {"direction": "outbound", "kind": "working_trip", "title": title, "countries": ["KR"],
            "start_date": start, "end_date": start + timedelta(days=4), "status": "draft"}
    return services.delegations.save(data, []).id


def move_to_unit(services, record_id: str, unit_code: str) -> None:
    """What an imported record looks like at the province: it belongs to the unit that sent it."""
    with services.ctx.db.session() as s:
        s.info["applying_bundle"] = True
        s.get(Delegation, record_id).unit_code = unit_code


@pytest.fixture
def province(bare_services):
    bare_services.device.set_up("DL", "Lê Thị Hoa")
    return bare_services


def show(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_province_narrows_delegations_to_one_unit(qtbot, province):
    bmt = trip(province, "Đoàn Buôn Ma Thuột đi Hàn Quốc", date(2026, 5, 4))
    trip(province, "Đoàn Cư M'gar đi Hàn Quốc", date(2026, 6, 1))
    move_to_unit(province, bmt, "DL-BMT")
    page = show(qtbot, DelegationPage(province, "outbound"))
    assert page.unit_filter is not None
    assert page.model.total == 2

    choose(qtbot, page.unit_filter, "DL-BMT")
    assert [r.title for r in page.model.loaded_rows()] == ["Đoàn Buôn Ma Thuột đi Hàn Quốc"]
    assert page.count_label.text().startswith("1 ")

    choose(qtbot, page.unit_filter, None)
    assert page.model.total == 2


def test_unit_filter_lists_the_unit_register_province_first(province):
    choices = province.province.unit_choices()
    assert choices[0].level == "province"
    assert "DL-BMT" in [c.code for c in choices]


def test_a_unit_sees_no_unit_filter(qtbot, services):
    page = show(qtbot, DelegationPage(services, "outbound"))
    assert page.unit_filter is None
    assert not services.province.is_province()


def test_province_mode_set_by_init_gives_the_filter_to_any_device(qtbot, services):
    services.sync.set_province_mode(True)  # `doingoai init --unit DL-BMT --province`
    page = show(qtbot, PersonsPage(services))
    assert page.unit_filter is not None


@pytest.mark.parametrize("make", [
    lambda s: ConferencesPage(s), lambda s: PromotionsPage(s), lambda s: NgosPage(s),
    lambda s: PersonsPage(s), lambda s: DocumentsPage(s), lambda s: OverseasPage(s),
])
def test_every_register_page_has_the_filter_at_the_province(qtbot, province, make):
    page = show(qtbot, make(province))
    assert isinstance(page.unit_filter, QComboBox)
    assert page.unit_filter.itemData(0) is None
    choose(qtbot, page.unit_filter, "DL-BMT")
    models = page._unit_models() if hasattr(page, "_unit_models") else [page.model]
    assert models and all(m.query.unit_code == "DL-BMT" for m in models)


def test_persons_filter_keeps_only_the_units_officers(qtbot, province):
    province.persons.save({"full_name": "Nguyễn Văn Hùng", "unit_code": "DL-BMT"})
    province.persons.save({"full_name": "Trần Thị Lan", "unit_code": "DL"})
    page = show(qtbot, PersonsPage(province))
    assert page.model.total == 2
    choose(qtbot, page.unit_filter, "DL-BMT")
    assert [r.full_name for r in page.model.loaded_rows()] == ["Nguyễn Văn Hùng"]

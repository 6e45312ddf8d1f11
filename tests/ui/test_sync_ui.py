"""Sync as the officers do it, on two real databases: a unit (Buôn Ma Thuột) sends bundles through the GUI,
the province previews, applies, forces a held bundle, resolves a conflict side by side, trusts a device and
answers with an ack, which the unit imports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from desktop.config import Paths
from desktop.models import Delegation
from desktop.services import open_services
from desktop.ui.sync.jobs import SyncJob
from desktop.ui.sync.province_page import ProvincePage
from desktop.ui.sync.unit_page import UnitSyncPage
from desktop.ui.widgets import errors
from tests.templates import sqlite_url
from tests.ui.conftest import double_click
from tests.ui.typing import clear_and_type

TODAY = date(2026, 1, 20)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def shown(monkeypatch):
    """Errors collected instead of modal boxes; every question answered "Đồng ý"."""
    seen: dict[str, list] = {"errors": [], "questions": []}
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: seen["errors"].append(str(error)))
    monkeypatch.setattr(errors, "confirm", lambda _parent, _title, text: seen["questions"].append(text) or True)
    return seen


@pytest.fixture
def unit(services):
    """The unit's installation (DL-BMT)."""
    return services


@pytest.fixture
def province(tmp_path):
    """The province store, on its own database, set up with `doingoai init --province`'s service call."""
    services = open_services(sqlite_url(tmp_path / 'province.sqlite3'), Paths(tmp_path / "province"),
                             today=lambda: TODAY)
    services.device.set_up("DL", "Lê Thị Hoa")
    services.sync.set_province_mode(True)
    yield services
    from desktop.ui.dashboard.loader import wait_for_background_work

    wait_for_background_work()
    services.close()


def pair(unit, province) -> None:
    """What the two officers do over the phone: the province trusts the unit, the unit stores the province's keys."""
    uk, pk = unit.sync.keys(), province.sync.keys()
    province.sync.trust(uk.device_id, uk.public_key, uk.unit_code)
    unit.sync.set_province_keys(pk.recipient, pk.public_key)


def trip(services, title: str, start: date = date(2026, 6, 15)) -> str:
    data = {"direction": "outbound", "kind": "working_trip", "title": title, "countries": ["KR"],
            "start_date": start, "end_date": start + timedelta(days=4), "status": "draft"}
    return services.delegations.save(data, []).id


def titles(services) -> list[str]:
    with services.ctx.db.read() as s:
        return sorted(d.title for d in s.query(Delegation).filter(Delegation.deleted.is_(False)))


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def finish(qtbot, job: SyncJob | None) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: not job.busy(), timeout=30000)


def send(qtbot, page: UnitSyncPage, folder: Path, full: bool = False):
    """Gửi dữ liệu về tỉnh…: pick the folder by typing it, choose what to send, press Ghi gói."""
    qtbot.mouseClick(page.send_button, LEFT)
    dialog = page.export_dialog
    assert dialog is not None and dialog.isVisible()
    clear_and_type(dialog.folder_edit, str(folder))
    if full:
        qtbot.mouseClick(dialog.full_radio, LEFT)
    qtbot.mouseClick(dialog.send_button, LEFT)
    finish(qtbot, dialog.job)
    return dialog


def choose_files(monkeypatch, *paths: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(p) for p in paths], ""))


# --- the unit -------------------------------------------------------------------------------------------


def test_unit_sends_a_bundle_and_sees_it_in_the_history(qtbot, unit, province, tmp_path, shown):
    pair(unit, province)
    trip(unit, "Đoàn xúc tiến cà phê tại Hàn Quốc")
    page = show(qtbot, UnitSyncPage(unit))
    usb = tmp_path / "usb"
    usb.mkdir()

    dialog = send(qtbot, page, usb)

    written = list(usb.glob("*.dnb"))
    assert len(written) == 1 and written[0].name.startswith("DL-BMT_")
    assert str(written[0]) in dialog.result_text.toPlainText()
    assert "Đoàn ra, đoàn vào: 1" in dialog.result_text.toPlainText()
    assert page.history.rowCount() == 1
    assert page.history.item(0, 0).text() == "1"
    assert page.history.item(0, 3).text() == "Chưa"
    assert "Đoàn ra, đoàn vào: 1" in page.history.item(0, 5).text()
    assert unit.device.get_setting("sync.export_folder") == str(usb)  # offered again next time
    assert shown["errors"] == []


def test_sending_to_a_folder_that_does_not_exist_says_so(qtbot, unit, province, tmp_path, shown):
    pair(unit, province)
    page = show(qtbot, UnitSyncPage(unit))
    qtbot.mouseClick(page.send_button, LEFT)
    clear_and_type(page.export_dialog.folder_edit, str(tmp_path / "no-such-stick"))
    qtbot.mouseClick(page.export_dialog.send_button, LEFT)
    assert shown["errors"] and "thư mục" in shown["errors"][0]
    assert unit.sync.history() == []


def test_stopping_an_export_writes_nothing(qtbot, unit, tmp_path, shown):
    trip(unit, "Đoàn công tác Nhật Bản")
    page = show(qtbot, UnitSyncPage(unit))
    dialog = page.open_export()
    usb = tmp_path / "usb"
    usb.mkdir()
    stopped: list[bool] = []
    job = SyncJob(dialog, "t", "t", lambda progress: unit.sync.export_bundle(usb, progress=progress,
                                                                             allow_plaintext=True))
    job.cancelled.connect(lambda: stopped.append(True))
    job.stop()  # the officer pressed "Dừng" before the first records were written
    job.start()
    finish(qtbot, job)
    assert stopped == [True]
    assert list(usb.iterdir()) == []
    assert unit.sync.history() == []


def test_the_unit_stores_the_provinces_keys_after_comparing_the_fingerprint(qtbot, unit, province, shown):
    pk = province.sync.keys()
    page = show(qtbot, UnitSyncPage(unit))
    box = page.keys_box
    assert box.own_fingerprint.text() == unit.sync.keys().fingerprint
    assert "KHÔNG mã hóa" in box.state_label.text()
    clear_and_type(box.recipient_edit, pk.recipient)
    clear_and_type(box.province_key_edit, pk.public_key)
    assert box.province_fingerprint.text() == pk.fingerprint  # read back over the phone
    qtbot.mouseClick(box.save_button, LEFT)
    assert shown["questions"] and pk.fingerprint in shown["questions"][0]
    info = unit.sync.keys()
    assert (info.recipient, info.province_public_key) == (pk.recipient, pk.public_key)
    assert "được mã hóa" in box.state_label.text()


def test_a_mistyped_province_key_is_refused_in_vietnamese(qtbot, unit, shown):
    page = show(qtbot, UnitSyncPage(unit))
    clear_and_type(page.keys_box.province_key_edit, "khong-phai-khoa")
    assert "không hợp lệ" in page.keys_box.province_fingerprint.text()
    qtbot.mouseClick(page.keys_box.save_button, LEFT)
    assert shown["errors"] and "Khóa công khai không hợp lệ" in shown["errors"][0]
    assert unit.sync.keys().province_public_key is None


# --- the province ---------------------------------------------------------------------------------------


def test_province_previews_then_applies(qtbot, unit, province, tmp_path, monkeypatch, shown):
    pair(unit, province)
    trip(unit, "Đoàn xúc tiến cà phê tại Hàn Quốc")
    bundle = unit.sync.export_bundle(tmp_path).path
    page = show(qtbot, ProvincePage(province))
    tab = page.import_tab
    choose_files(monkeypatch, bundle)

    qtbot.mouseClick(tab.files_button, LEFT)
    finish(qtbot, tab.job)

    top = tab.report.topLevelItem(0)
    assert bundle.name in top.text(0) and "Xem trước" in top.text(0)
    rows = {top.child(i).text(0): top.child(i).text(1) for i in range(top.childCount())}
    assert rows["Đoàn ra, đoàn vào"] == "1"  # one new delegation
    assert titles(province) == []  # a dry run writes nothing
    assert tab.apply_button.isEnabled()

    qtbot.mouseClick(tab.apply_button, LEFT)
    finish(qtbot, tab.job)
    assert titles(province) == ["Đoàn xúc tiến cà phê tại Hàn Quốc"]
    assert "Đã áp dụng 1 gói" in tab.summary_label.text()
    assert "Đã áp dụng" in tab.report.topLevelItem(0).text(0)
    status = page.status
    assert status.rowCount() == 1
    assert status.item(0, 0).text() == "Thành phố Buôn Ma Thuột (DL-BMT)"
    assert status.item(0, 1).text() == "số 1"
    assert status.item(0, 2).text() == "vừa xong"
    assert shown["errors"] == []


def test_a_bundle_from_an_unknown_device_is_refused_until_trusted(qtbot, unit, province, tmp_path,
                                                                monkeypatch, shown):
    trip(unit, "Đoàn công tác Lào")
    pk = province.sync.keys()
    unit.sync.set_province_keys(pk.recipient, pk.public_key)
    bundle = unit.sync.export_bundle(tmp_path).path  # the province has not trusted this unit yet
    page = show(qtbot, ProvincePage(province))
    tab = page.import_tab
    tab.preview([bundle])
    finish(qtbot, tab.job)
    top = tab.report.topLevelItem(0)
    assert "Bị từ chối" in top.text(0)
    assert any("chưa được tin cậy" in top.child(i).text(0) for i in range(top.childCount()))
    assert not tab.apply_button.isEnabled()
    assert tab.trust_button.isVisible()

    qtbot.mouseClick(tab.trust_button, LEFT)
    dialog = tab.trust_dialog
    assert dialog.fingerprint_label.text() == unit.sync.keys().fingerprint
    assert dialog.unit_combo.currentData() == "DL-BMT"
    qtbot.mouseClick(dialog.trust_button, LEFT)
    assert unit.sync.keys().fingerprint in shown["questions"][0]
    finish(qtbot, tab.job)  # previewed again, now trusted
    assert "Xem trước" in tab.report.topLevelItem(0).text(0)
    assert [r.unit_name for r in province.province.devices()] == ["Thành phố Buôn Ma Thuột"]


def test_a_damaged_bundle_is_refused_with_its_name(qtbot, province, tmp_path, shown):
    bad = tmp_path / "DL-BMT_12345678_1-000001.dnb"
    bad.write_bytes(b"PK\x03\x04 this is not a bundle")
    page = show(qtbot, ProvincePage(province))
    page.import_tab.preview([bad])
    finish(qtbot, page.import_tab.job)
    top = page.import_tab.report.topLevelItem(0)
    assert "Bị từ chối" in top.text(0)
    assert any(bad.name in top.child(i).text(0) for i in range(top.childCount()))
    assert not page.import_tab.apply_button.isEnabled()


def test_an_invalid_record_is_shown_with_its_line_and_field(qtbot, unit, province, tmp_path, shown):
    from tests.sync.engine_helpers import craft, line, person_data

    pair(unit, province)
    origin = unit.sync.keys().device_id
    bundle = craft(unit, tmp_path, [line(1, "person", person_data(), origin=origin),
                                    line(2, "person", person_data(birth_date="17/05/1980"), origin=origin)])
    page = show(qtbot, ProvincePage(province))
    page.import_tab.preview([bundle])
    finish(qtbot, page.import_tab.job)
    top = page.import_tab.report.topLevelItem(0)
    notes = [top.child(i).text(0) for i in range(top.childCount())]
    assert any("dòng 2" in n and "birth_date" in n for n in notes), notes


def test_a_held_bundle_is_listed_with_the_missing_number_and_can_be_forced(qtbot, unit, province, tmp_path,
                                                                         monkeypatch, shown):
    pair(unit, province)
    first, second = tmp_path / "b1", tmp_path / "b2"
    first.mkdir()
    second.mkdir()
    trip(unit, "Đoàn thứ nhất")
    unit.sync.export_bundle(first)
    trip(unit, "Đoàn thứ hai")
    late = unit.sync.export_bundle(second).path
    # the second bundle is cumulative (changes since the last ack): force it and both trips arrive
    page = show(qtbot, ProvincePage(province))
    page.import_tab.preview([late])
    finish(qtbot, page.import_tab.job)
    qtbot.mouseClick(page.import_tab.apply_button, LEFT)
    finish(qtbot, page.import_tab.job)
    assert "Đang chờ" in page.import_tab.report.topLevelItem(0).text(0)
    assert page.held.rowCount() == 1
    assert page.held.item(0, 1).text() == "2" and page.held.item(0, 2).text() == "1"
    assert page.tabs.tabText(1) == "Gói đang chờ (1)"
    assert page.status.item(0, 4).text() == "1 (thiếu số 1)"

    page.held.selectRow(0)
    qtbot.mouseClick(page.force_button, LEFT)
    assert "gói số 2" in shown["questions"][0] and "thiếu gói số 1" in shown["questions"][0]
    finish(qtbot, page.job)
    assert page.held.rowCount() == 0
    assert titles(province) == ["Đoàn thứ hai", "Đoàn thứ nhất"]


def edit_title(services, record_id: str, title: str) -> None:
    with services.ctx.db.session() as s:
        s.get(Delegation, record_id).title = title


def test_a_conflict_is_resolved_side_by_side(qtbot, unit, province, tmp_path, shown):
    pair(unit, province)
    record = trip(unit, "Đoàn xúc tiến cà phê tại Hàn Quốc")
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "1").path])
    edit_title(province, record, "Đoàn xúc tiến cà phê (tỉnh sửa)")
    edit_title(unit, record, "Đoàn xúc tiến cà phê (huyện sửa)")
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "2").path])

    page = show(qtbot, ProvincePage(province))
    assert page.conflicts.rowCount() == 1
    assert page.tabs.tabText(2) == "Xung đột (1)"
    page.tabs.setCurrentIndex(2)
    rect = page.conflicts.visualItemRect(page.conflicts.item(0, 1))
    double_click(qtbot, page.conflicts.viewport(), rect.center())
    dialog = page.conflict_dialog
    assert dialog is not None
    assert dialog.different_fields() == ["title"]
    row = dialog.fields().index("title")
    assert dialog.table.item(row, 1).text() == "Đoàn xúc tiến cà phê (huyện sửa)"
    assert dialog.table.item(row, 2).text() == "Đoàn xúc tiến cà phê (tỉnh sửa)"
    assert dialog.table.item(row, 0).background().color().name() == "#fff3cd"  # the difference stands out
    same = dialog.fields().index("kind")
    assert dialog.table.item(same, 0).background().style() == Qt.BrushStyle.NoBrush
    # read as the officer reads them: labels, dd/mm/yyyy, country names
    assert dialog.table.item(same, 0).text() == "Hình thức"
    assert dialog.table.item(same, 1).text() == "Công tác, làm việc"
    assert dialog.table.item(dialog.fields().index("start_date"), 1).text() == "15/06/2026"
    assert dialog.table.item(dialog.fields().index("countries"), 2).text() == "Hàn Quốc"

    qtbot.mouseClick(dialog.keep_unit, LEFT)
    assert titles(province) == ["Đoàn xúc tiến cà phê (huyện sửa)"]
    assert page.conflicts.rowCount() == 0
    assert shown["errors"] == []


def test_a_conflict_can_be_settled_with_an_edited_version(qtbot, unit, province, tmp_path, shown):
    pair(unit, province)
    record = trip(unit, "Đoàn công tác Nhật Bản")
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "1").path])
    edit_title(province, record, "Đoàn Nhật Bản (tỉnh)")
    edit_title(unit, record, "Đoàn Nhật Bản (huyện)")
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "2").path])
    page = show(qtbot, ProvincePage(province))
    dialog = page.open_conflict(0)
    row = dialog.fields().index("title")
    dialog.table.item(row, 2).setText("Đoàn công tác Nhật Bản tháng 6/2026")
    start = dialog.table.item(dialog.fields().index("start_date"), 2)
    start.setText("31/02/2026")  # no such day: refused in Vietnamese, nothing decided
    qtbot.mouseClick(dialog.save_edit, LEFT)
    assert shown["errors"] and "không phải là ngày" in shown["errors"][0]
    assert len(province.sync.conflicts()) == 1

    start.setText("16/06/2026")
    dialog.table.item(dialog.fields().index("countries"), 2).setText("Nhật Bản, Hàn Quốc")
    qtbot.mouseClick(dialog.save_edit, LEFT)
    assert titles(province) == ["Đoàn công tác Nhật Bản tháng 6/2026"]
    assert province.sync.conflicts() == []
    with province.ctx.db.read() as s:
        stored = s.get(Delegation, record)
        assert (stored.start_date, stored.countries) == (date(2026, 6, 16), ["JP", "KR"])


def test_the_province_answers_with_an_ack_the_unit_imports(qtbot, unit, province, tmp_path, monkeypatch, shown):
    pair(unit, province)
    trip(unit, "Đoàn xúc tiến cà phê tại Hàn Quốc")
    (tmp_path / "usb").mkdir()
    (tmp_path / "ack").mkdir()
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "usb").path])

    page = show(qtbot, ProvincePage(province))
    devices = page.devices_tab
    page.tabs.setCurrentWidget(devices)
    assert devices.table.rowCount() == 1
    assert devices.table.item(0, 2).text() == unit.sync.keys().fingerprint
    assert devices.recipient_label.text().startswith("age1")
    devices.table.selectRow(0)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path / "ack"))
    qtbot.mouseClick(devices.ack_button, LEFT)
    finish(qtbot, devices.job)
    acks = list((tmp_path / "ack").glob("*.dnb"))
    assert len(acks) == 1 and str(acks[0]) in devices.ack_label.text()

    unit_page = show(qtbot, UnitSyncPage(unit))
    assert unit_page.history.item(0, 3).text() == "Chưa"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(acks[0]), ""))
    qtbot.mouseClick(unit_page.ack_button, LEFT)
    finish(qtbot, unit_page.job)
    assert "Đã nhập phản hồi" in unit_page.ack_label.text()
    assert "Đã áp dụng" in unit_page.ack_report.topLevelItem(0).text(0)
    assert unit_page.history.item(0, 3).text() == "Đã nhận"
    assert shown["errors"] == []


def test_only_a_unit_can_send_and_only_the_province_receives(qtbot, unit, province):
    from desktop.ui.main_window import MainWindow

    at_unit = MainWindow(unit)
    qtbot.addWidget(at_unit)
    assert isinstance(at_unit.page("sync"), UnitSyncPage)
    assert "Đồng bộ" in [at_unit.nav.item(i).text() for i in range(at_unit.nav.count())]
    send_action = next(a for a in at_unit.menuBar().actions()[0].menu().actions()
                       if a.text() == "Gửi dữ liệu về tỉnh…")
    send_action.trigger()
    assert at_unit.current_key() == "sync" and at_unit.page("sync").export_dialog.isVisible()
    at_unit.page("sync").export_dialog.close()

    at_province = MainWindow(province)
    qtbot.addWidget(at_province)
    assert isinstance(at_province.page("sync"), ProvincePage)
    assert "Tiếp nhận dữ liệu" in [at_province.nav.item(i).text() for i in range(at_province.nav.count())]
    assert not [a for a in at_province.menuBar().actions()[0].menu().actions()
                if a.text() == "Gửi dữ liệu về tỉnh…"]


def test_the_unit_sees_the_conflicts_the_province_reported_then_its_decision(qtbot, unit, province, tmp_path,
                                                                           monkeypatch, shown):
    pair(unit, province)
    record = trip(unit, "Đoàn xúc tiến cà phê tại Hàn Quốc")
    for name in ("1", "2", "ack1", "ack2"):
        (tmp_path / name).mkdir()
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "1").path])
    edit_title(province, record, "Đoàn xúc tiến cà phê (tỉnh sửa)")
    edit_title(unit, record, "Đoàn xúc tiến cà phê (huyện sửa)")
    province.sync.import_paths([unit.sync.export_bundle(tmp_path / "2").path])
    device = unit.sync.keys().device_id
    first_ack = province.sync.write_ack(device, tmp_path / "ack1")

    page = show(qtbot, UnitSyncPage(unit))
    assert not page.conflicts.isVisible()
    page.import_ack(Path(first_ack))
    finish(qtbot, page.job)
    assert page.conflicts.isVisible() and page.conflicts.rowCount() == 1
    assert page.conflicts.item(0, 0).text() == "Đoàn ra, đoàn vào"
    assert page.conflicts.item(0, 1).text() == record

    # the province keeps its own version; the next ack brings it to the unit
    [conflict] = province.sync.conflicts()
    province.sync.resolve_conflict(conflict.id, "province")
    second_ack = province.sync.write_ack(device, tmp_path / "ack2")
    page.import_ack(Path(second_ack))
    finish(qtbot, page.job)
    assert titles(unit) == ["Đoàn xúc tiến cà phê (tỉnh sửa)"]
    assert shown["errors"] == []


def test_stopping_an_import_writes_nothing(qtbot, unit, province, tmp_path, shown):
    pair(unit, province)
    trip(unit, "Đoàn công tác Nhật Bản")
    bundle = unit.sync.export_bundle(tmp_path).path
    page = show(qtbot, ProvincePage(province))
    stopped: list[bool] = []
    job = SyncJob(page, "t", "t", lambda progress: province.sync.import_paths([bundle], progress=progress))
    job.cancelled.connect(lambda: stopped.append(True))
    job.stop()
    job.start()
    finish(qtbot, job)
    assert stopped == [True]
    assert titles(province) == []
    assert province.province.unit_status()[0].last_received_at is None


def test_the_province_refuses_plaintext_bundles_unless_the_box_is_cleared(qtbot, unit, province, tmp_path, shown):
    uk = unit.sync.keys()
    province.sync.trust(uk.device_id, uk.public_key, uk.unit_code)  # the unit has no province key: plaintext
    trip(unit, "Đoàn công tác Lào")
    bundle = unit.sync.export_bundle(tmp_path, allow_plaintext=True).path
    page = show(qtbot, ProvincePage(province))
    page.tabs.setCurrentWidget(page.devices_tab)
    box = page.devices_tab.require_box
    assert box.isChecked()  # the default: personal data travels encrypted
    page.import_tab.preview([bundle])
    finish(qtbot, page.import_tab.job)
    assert "Bị từ chối" in page.import_tab.report.topLevelItem(0).text(0)
    qtbot.waitExposed(box)
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))  # on the box itself, not the empty row
    assert not province.sync.keys().require_encrypted
    page.import_tab.preview([bundle])
    finish(qtbot, page.import_tab.job)
    assert "Xem trước" in page.import_tab.report.topLevelItem(0).text(0)


# --- the province's key file, and plaintext only by choice ----------------------------------------------


def test_without_the_key_the_export_dialog_says_what_travels_in_clear_and_asks_for_a_choice(
        qtbot, unit, tmp_path, shown):
    trip(unit, "Đoàn công tác Lào")
    page = show(qtbot, UnitSyncPage(unit))
    qtbot.mouseClick(page.send_button, LEFT)
    dialog = page.export_dialog
    assert dialog.plaintext_box.isVisible()
    assert "số hộ chiếu" in dialog.warning.text() and "KHÔNG được mã hóa" in dialog.warning.text()
    assert "mã hóa" not in dialog.intro.text()  # the words say what actually happens
    assert not dialog.send_button.isEnabled()
    usb = tmp_path / "usb"
    usb.mkdir()
    clear_and_type(dialog.folder_edit, str(usb))
    qtbot.mouseClick(dialog.plaintext_check, LEFT, pos=QPoint(8, dialog.plaintext_check.height() // 2))
    assert dialog.send_button.isEnabled()
    qtbot.mouseClick(dialog.send_button, LEFT)
    finish(qtbot, dialog.job)
    assert "KHÔNG mã hóa" in dialog.result_text.toPlainText()
    assert [h.encrypted for h in unit.sync.history()] == [False]


def test_the_unit_loads_the_key_file_from_the_export_dialog_and_sends_encrypted(
        qtbot, unit, province, tmp_path, monkeypatch, shown):
    key_file = province.sync.export_key_file(tmp_path / "from-province")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(key_file), ""))
    trip(unit, "Đoàn công tác Lào")
    page = show(qtbot, UnitSyncPage(unit))
    qtbot.mouseClick(page.send_button, LEFT)
    dialog = page.export_dialog
    qtbot.mouseClick(dialog.load_key_button, LEFT)
    assert province.sync.keys().fingerprint in shown["questions"][0]  # compared before anything is stored
    assert not dialog.plaintext_box.isVisible() and dialog.send_button.isEnabled()
    assert "đã ký và mã hóa" in dialog.intro.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    clear_and_type(dialog.folder_edit, str(usb))
    qtbot.mouseClick(dialog.send_button, LEFT)
    finish(qtbot, dialog.job)
    assert "đã ký và mã hóa cho tỉnh" in dialog.result_text.toPlainText()
    assert [h.encrypted for h in unit.sync.history()] == [True]


def test_a_fingerprint_the_officer_does_not_confirm_stores_nothing(qtbot, unit, province, tmp_path, monkeypatch):
    key_file = province.sync.export_key_file(tmp_path / "from-province")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(key_file), ""))
    monkeypatch.setattr(errors, "confirm", lambda *_a: False)
    page = show(qtbot, UnitSyncPage(unit))
    qtbot.mouseClick(page.keys_box.load_button, LEFT)
    assert unit.sync.keys().recipient is None


def test_the_keys_box_loads_the_key_file(qtbot, unit, province, tmp_path, monkeypatch, shown):
    key_file = province.sync.export_key_file(tmp_path / "from-province")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(key_file), ""))
    page = show(qtbot, UnitSyncPage(unit))
    qtbot.mouseClick(page.keys_box.load_button, LEFT)
    assert page.keys_box.recipient_edit.text() == province.sync.keys().recipient
    assert page.keys_box.province_fingerprint.text() == province.sync.keys().fingerprint
    assert "được mã hóa" in page.keys_box.state_label.text()


def test_the_province_writes_the_key_file_for_its_units(qtbot, province, tmp_path, monkeypatch, shown):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(usb))
    page = show(qtbot, ProvincePage(province))
    page.tabs.setCurrentWidget(page.devices_tab)
    qtbot.mouseClick(page.devices_tab.key_file_button, LEFT)
    (written,) = usb.glob("*.dnk")
    assert str(written) in page.devices_tab.key_file_label.text()
    assert province.sync.read_key_file(written).fingerprint == province.sync.keys().fingerprint

"""Screenshots of sync on both sides, for `desktop/ui/screenshots.py`.

The demo unit (Buôn Ma Thuột) sends its data to a province store made beside it; the province previews a
bundle, holds one whose predecessor is missing, and meets a conflict — what the README shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

SHOTS = ("sync-unit.png", "sync-export.png", "sync-export-plaintext.png", "sync-province-import.png",
         "sync-province-held.png",
         "sync-conflict.png", "sync-province-status.png", "province-outbound.png", "monitoring.png")

Save = Callable[[QApplication, QWidget, Path], None]


def shoot_sync(app: QApplication, tmp: Path, unit, unit_window, out: Path, save: Save) -> None:
    """Write SHOTS into `out`; `unit` is the demo unit's services, `tmp` a throw-away folder."""
    from desktop.config import Paths
    from desktop.services import open_services

    province = open_services(f"sqlite:///{tmp / 'province.sqlite3'}", Paths(tmp / "province"))
    try:
        province.device.set_up("DL", "Lê Thị Hoa")
        province.sync.set_province_mode(True)
        _pair(unit, province)
        bundles = _exchange(unit, province, tmp)
        _shoot_unit(app, unit_window, tmp / "usb", out, save)
        _shoot_province(app, province, bundles, unit_window.size(), out, save)
    finally:
        province.close()


def _pair(unit, province) -> None:
    uk, pk = unit.sync.keys(), province.sync.keys()
    # the demo adds a commune under the city; the unit list is the province's, so the province adds it
    # first, as its administrator does when a refused bundle names a unit it does not know
    for u in unit.units.list():
        if province.units.get(u.code) is None:
            province.units.add(u.code, u.name, u.level, u.parent_code, u.valid_from)
    province.sync.trust(uk.device_id, uk.public_key, uk.unit_code)
    unit.sync.set_province_keys(pk.recipient, pk.public_key)


def _edit_title(services, record_id: str, suffix: str) -> None:
    from desktop.models import Delegation

    with services.ctx.db.session() as s:
        d = s.get(Delegation, record_id)
        d.title = f"{d.title} {suffix}"


def _exchange(unit, province, tmp: Path) -> dict[str, Path]:
    """Bundle 1 (full) applied; the same trip edited on both sides, bundle 2 applied (a conflict);
    bundle 3 left for the preview, bundle 4 held for want of 3."""
    from desktop.services.common import ListQuery
    from desktop.services.delegations import Filter

    usb = tmp / "usb"
    usb.mkdir()
    first = unit.sync.export_bundle(usb, full=True).path
    province.sync.import_paths([first])
    trips = unit.delegations.page(ListQuery(sort="start_date", descending=True, limit=3), Filter("outbound"))
    _edit_title(province, trips[0].id, "(Sở Ngoại vụ sửa)")
    _edit_title(unit, trips[0].id, "(huyện bổ sung)")
    province.sync.import_paths([unit.sync.export_bundle(usb).path])
    _edit_title(unit, trips[1].id, "— cập nhật")
    third = unit.sync.export_bundle(usb).path
    _edit_title(unit, trips[2].id, "— cập nhật")
    fourth = unit.sync.export_bundle(usb).path
    province.sync.import_paths([fourth])  # held: bundle 3 has not arrived
    return {"preview": third}


def _shoot_unit(app: QApplication, window, usb: Path, out: Path, save: Save) -> None:
    page = window.show_page("sync")
    page.refresh()
    save(app, window, out / "sync-unit.png")
    dialog = page.open_export()
    dialog.folder_edit.setText(str(usb))
    job = dialog.send()
    while job is not None and job.busy():
        app.processEvents()
    save(app, dialog, out / "sync-export.png")
    dialog.close()
    recipient = window.services.sync.keys().recipient
    window.services.sync.set_province_recipient(None)  # as on a machine without the province's key file
    try:
        dialog = page.open_export()
        dialog.folder_edit.setText(str(usb))
        app.processEvents()
        save(app, dialog, out / "sync-export-plaintext.png")
        dialog.close()
    finally:
        window.services.sync.set_province_recipient(recipient)


def _shoot_province(app: QApplication, province, bundles: dict[str, Path], size, out: Path, save: Save) -> None:
    from desktop.ui.main_window import MainWindow

    window = MainWindow(province)
    window.resize(size)
    window.show()
    page = window.show_page("sync")
    job = page.import_tab.preview([bundles["preview"]])
    while job.busy():
        app.processEvents()
    save(app, window, out / "sync-province-import.png")
    page.tabs.setCurrentIndex(1)
    save(app, window, out / "sync-province-held.png")
    page.tabs.setCurrentIndex(3)
    save(app, window, out / "sync-province-status.png")
    dialog = page.open_conflict(0)
    if dialog is not None:
        dialog.resize(960, 620)
        save(app, dialog, out / "sync-conflict.png")
        dialog.close()
    outbound = window.show_page("outbound")
    outbound.unit_filter.setCurrentIndex(outbound.unit_filter.findData("DL-BMT"))
    save(app, window, out / "province-outbound.png")
    monitoring = window.show_page("monitoring")
    while monitoring.busy():  # the scorecard is counted in the background
        app.processEvents()
    save(app, window, out / "monitoring.png")
    window.close()

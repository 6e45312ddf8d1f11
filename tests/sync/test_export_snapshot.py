"""Nothing lost while exporting: one export reads its records, its change range and its checksum in one snapshot.

The officer keeps saving while "Gửi dữ liệu về tỉnh" runs in the background (ordinary use). Before the
fix the manifest's `change_seq_to` was read apart from the records, so it could claim a change the
bundle did not hold, and the province then skipped that change for good.
"""

from __future__ import annotations

import threading

from desktop.sync import export
from tests.services.builders import officer
from tests.sync.engine_helpers import unit_records


def _checksums_agree(unit, province) -> None:
    device = unit.sync.keys().device_id
    assert unit_records(unit) == _at(province, device)
    from desktop.sync import state

    with unit.ctx.db.read() as u, province.ctx.db.read() as p:
        assert state.state_checksum(u, device) == state.state_checksum(p, device)


def _at(province, device):
    from tests.sync.engine_helpers import dump

    return dump(province, origin=device)


def test_a_save_landing_between_the_exports_reads_goes_into_the_next_bundle(unit, province, tmp_path, monkeypatch):
    officer(unit, "Nguyễn Văn Một", passport_number="C0000001")
    original = export.changed_items
    saved: list[str] = []

    def save_meanwhile(*args, **kwargs):
        items = original(*args, **kwargs)
        if not saved:  # another thread (the officer at the keyboard) saves while the export reads
            worker = threading.Thread(target=lambda: saved.append(
                officer(unit, "Trần Thị Hai", passport_number="C0000002")))
            worker.start()
            worker.join()
        return items

    monkeypatch.setattr(export, "changed_items", save_meanwhile)
    first = unit.sync.export_bundle(tmp_path / "a")
    assert first.counts == {"person": 1}
    assert first.change_seq_to == 1  # the manifest says what the bundle holds, not what was saved since
    second = unit.sync.export_bundle(tmp_path / "b")
    for path in (first.path, second.path):
        assert province.sync.import_paths([path])[0].outcome == "applied"
    _checksums_agree(unit, province)
    assert len(_at(province, unit.sync.keys().device_id)) == 2


def test_saving_in_one_thread_while_exporting_in_another_loses_nothing(unit, province, tmp_path):
    stop = threading.Event()
    errors: list[BaseException] = []

    def keep_saving() -> None:
        n = 0
        try:
            while not stop.is_set():
                n += 1
                officer(unit, f"Cán bộ số {n}", passport_number=f"C{n:07d}")
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=keep_saving)
    worker.start()
    paths = []
    try:
        for i in range(20):
            paths.append(unit.sync.export_bundle(tmp_path / f"usb{i}").path)
    finally:
        stop.set()
        worker.join()
    assert errors == []
    paths.append(unit.sync.export_bundle(tmp_path / "last").path)  # what was saved after the 20th
    for path in paths:
        report = province.sync.import_paths([path])[0]
        assert report.outcome in ("applied", "replayed"), report.message
    _checksums_agree(unit, province)

"""This installation: first-run set-up, the device identity, the officer's name."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.text import nfc
from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import _
from desktop.models import AppSetting, Device, Unit
from desktop.services.context import ServiceContext
from desktop.storage.tracking import Tracker


@dataclass(frozen=True)
class DeviceInfo:
    """What Settings shows about this installation."""

    id: str
    unit_code: str
    unit_name: str
    epoch: int
    fingerprint: str
    public_key: str
    officer: str
    key_file: str


class DeviceService:
    """Creates and describes this installation's device."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def is_set_up(self) -> bool:
        """Whether first-run set-up has been done on this database."""
        with self.ctx.db.read() as s:
            return s.scalar(select(Device.id).where(Device.is_local)) is not None

    def set_up(self, unit_code: str, officer: str, new_unit: dict | None = None) -> DeviceInfo:
        """First run: make the device (UUID, epoch 1, Ed25519 key) for `unit_code`.

        `new_unit` (the arguments of `UnitService.add`) adds a unit missing from the
        list (a commune formed in 2025) as the device's first change, and serves it.
        """
        officer = nfc(officer) or ""
        if not officer:
            raise ValidationError([FieldProblem("officer", _("Hãy nhập họ tên cán bộ sử dụng máy."))])
        if self.is_set_up():
            raise AppError(_("Máy này đã được thiết lập."))
        if new_unit is not None:
            return self._set_up_new_unit(new_unit, officer)
        with self.ctx.db.session() as s:
            if s.scalar(select(Unit.id).where(Unit.code == unit_code)) is None:
                raise ValidationError([FieldProblem("unit_code", _("Không có đơn vị mã {code}.").format(code=unit_code))])
            s.add(self._new_device(unit_code))
            _put(s, "unit_code", unit_code)
            _put(s, "officer_name", officer)
        self.activate()
        return self.info()

    def _set_up_new_unit(self, new_unit: dict, officer: str) -> DeviceInfo:
        from desktop.services.units import UnitService  # a sibling service, needed only here

        units = UnitService(self.ctx)
        units.check_new(new_unit["code"], new_unit["name"], new_unit["level"], new_unit.get("parent_code"))
        code = (nfc(new_unit["code"]) or "").upper()
        with self.ctx.db.session() as s:
            s.add(self._new_device(code))
            _put(s, "unit_code", code)
            _put(s, "officer_name", officer)
        self.activate()
        units.add(**{**new_unit, "code": code})
        return self.info()

    def _new_device(self, unit_code: str) -> Device:
        from desktop.sync import keys  # cryptography loads only at first run, not at every start

        device_id = str(uuid.uuid4())
        key = keys.generate()
        keys.save_private(key, self.key_path(device_id))
        return Device(
            id=device_id, unit_code=unit_code, epoch=1, public_key=keys.public_b64(key),
            fingerprint=keys.fingerprint(keys.public_raw(key)), is_local=True, trusted=True,
        )

    def key_path(self, device_id: str):
        """Where the device's private key lives (owner-readable only)."""
        return self.ctx.paths.keys / f"{device_id}.pem"

    def activate(self) -> None:
        """Record every later change in this database as this device and officer.

        At a unit, the records the province made (received in its acks) are the province's: they change
        only in their answer fields (SYNC.md step 3), so the tracker refuses any other edit of them
        instead of letting every later bundle be refused at the province."""
        from desktop.models.sync import ImportProgress, PeerDevice

        with self.ctx.db.read() as s:
            dev = s.scalar(select(Device).where(Device.is_local))
            officer = _get(s, "officer_name") or ""
            province = set(s.scalars(select(ImportProgress.device_id).where(ImportProgress.last_kind == "ack")))
            province |= set(s.scalars(select(PeerDevice.device_id).where(PeerDevice.role == "province")))
        province.discard(dev.id if dev else "")
        self.ctx.db.tracker = Tracker(dev.id, dev.epoch, officer, frozenset(province)) if dev else None

    def info(self) -> DeviceInfo:
        """Device identity, unit and officer, for Settings and `keys show`."""
        with self.ctx.db.read() as s:
            dev = s.scalar(select(Device).where(Device.is_local))
            if dev is None:
                raise AppError(_("Máy chưa được thiết lập: hãy chạy chương trình một lần để chọn đơn vị."))
            unit = s.scalar(select(Unit.name).where(Unit.code == dev.unit_code)) or dev.unit_code
            officer = _get(s, "officer_name") or ""
        return DeviceInfo(dev.id, dev.unit_code, unit, dev.epoch, dev.fingerprint,
                          dev.public_key, officer, str(self.key_path(dev.id)))

    def set_officer(self, officer: str) -> None:
        """Change the officer name recorded with each later change."""
        officer = nfc(officer) or ""
        if not officer:
            raise ValidationError([FieldProblem("officer", _("Hãy nhập họ tên cán bộ sử dụng máy."))])
        with self.ctx.db.session() as s:
            _put(s, "officer_name", officer)
        self.activate()

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A stored preference."""
        with self.ctx.db.read() as s:
            value = _get(s, key)
        return default if value is None else value

    def put_setting(self, key: str, value: str) -> None:
        """Store a preference."""
        with self.ctx.db.session() as s:
            _put(s, key, value)

    def put_settings(self, values: dict[str, str]) -> None:
        """Store several preferences in one transaction (all or none)."""
        with self.ctx.db.session() as s:
            for key, value in values.items():
                _put(s, key, value)

    def delete_setting(self, key: str) -> None:
        """Forget a preference, so its default applies again (nothing happens if it is unset)."""
        with self.ctx.db.session() as s:
            row = s.get(AppSetting, key)
            if row is not None:
                s.delete(row)

    def settings_with_prefix(self, prefix: str) -> dict[str, str]:
        """Every stored preference whose key starts with `prefix`, in one read."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(AppSetting.key, AppSetting.value)
                             .where(AppSetting.key.startswith(prefix, autoescape=True)))
            return {key: value for key, value in rows}


def _get(session, key: str) -> str | None:
    return session.scalar(select(AppSetting.value).where(AppSetting.key == key))


def _put(session, key: str, value: str) -> None:
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value

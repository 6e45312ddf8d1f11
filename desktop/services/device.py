"""This installation: first-run set-up, the device identity, the officer's name."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update

from desktop.domain import access
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

    def set_up(self, unit_code: str, officer: str) -> DeviceInfo:
        """First run: make the device (UUID, epoch 1, Ed25519 key) for `unit_code`, a unit of the
        province's list (a unit's machine never adds one of its own: SYNC.md step 3)."""
        officer = nfc(officer) or ""
        if not officer:
            raise ValidationError([FieldProblem("officer", _("Hãy nhập họ tên cán bộ sử dụng máy."))])
        if self.is_set_up():
            raise AppError(_("Máy này đã được thiết lập."))
        with self.ctx.db.session() as s:
            if s.scalar(select(Unit.id).where(Unit.code == unit_code)) is None:
                raise ValidationError([FieldProblem("unit_code", _("Không có đơn vị mã {code}.").format(code=unit_code))])
            s.add(self._new_device(unit_code))
            _put(s, "unit_code", unit_code)
            _put(s, "officer_name", officer)
        self.activate()
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
        who = self.ctx.identity
        if who is not None:  # an account is logged in: its changes carry its name
            officer = who.full_name
        self.ctx.db.tracker = Tracker(dev.id, dev.epoch, officer, frozenset(province),
                                      who.user_name if who else "") if dev else None

    def info(self) -> DeviceInfo:
        """Device identity, unit and officer, for Settings and `keys show`."""
        with self.ctx.db.read() as s:
            dev = s.scalar(select(Device).where(Device.is_local))
            if dev is None:
                raise AppError(_("Máy chưa được thiết lập: hãy chạy chương trình một lần để chọn đơn vị."))
            unit = s.scalar(select(Unit.name).where(Unit.code == dev.unit_code)) or dev.unit_code
            officer = _get(s, "officer_name") or ""
        if self.ctx.identity is not None:  # the account logged in, not the name typed before accounts
            officer = self.ctx.identity.full_name
        return DeviceInfo(dev.id, dev.unit_code, unit, dev.epoch, dev.fingerprint,
                          dev.public_key, officer, str(self.key_path(dev.id)))

    def database_location(self) -> str:
        """Where the register is: its file, or the server's address (without a password)."""
        db = self.ctx.db
        return str(db.path or db.url)  # `url` is the shown one: a PostgreSQL password is masked

    def bundles_exchanged(self) -> int:
        """How many bundles this installation has written or read: from the first, the province knows
        the device, its key and its records by the unit it serves."""
        from desktop.models.sync import ImportedBundle, SentBundle

        with self.ctx.db.read() as s:
            return sum(s.scalar(select(func.count()).select_from(model)) or 0 for model in (SentBundle, ImportedBundle))

    def change_unit(self, unit_code: str) -> DeviceInfo:
        """Serve another unit — which may make this the province's machine, or a unit's — while no
        bundle has been sent or received. The records written for the old unit move to the new one
        (they were typed under a wrong choice); afterwards the unit is fixed, since the province
        trusts a device for one unit and refuses records outside it (SYNC.md step 3)."""
        from desktop.sync.state import PROVINCE_MODE

        old = self.info()
        code = (nfc(unit_code) or "").upper()
        if code == old.unit_code:
            return old
        exchanged = self.bundles_exchanged()
        if exchanged:
            raise AppError(_("Không đổi được đơn vị: máy này đã gửi hoặc nhận {n} gói dữ liệu với đơn vị {unit}, "
                             "nên Sở Ngoại vụ đã biết máy, khóa và hồ sơ của máy theo đơn vị đó. Muốn dùng máy "
                             "cho đơn vị khác, hãy cài một sổ mới (doingoai init) và báo Sở tin khóa của máy "
                             "cho đơn vị mới.").format(n=exchanged, unit=old.unit_name))
        with self.ctx.db.session() as s:
            unit = s.scalar(select(Unit).where(Unit.code == code, Unit.deleted.is_(False)))
            if unit is None:
                raise ValidationError([FieldProblem("unit_code", _("Không có đơn vị mã {code}.").format(code=code))])
            s.scalar(select(Device).where(Device.is_local)).unit_code = code
            _put(s, "unit_code", code)
            if unit.level != "province":  # `doingoai init --province` set the mode; a unit's machine has none
                _put(s, PROVINCE_MODE, "0")
            for model in _registers():
                table = model.__table__
                s.execute(update(table).where(table.c.unit_code == old.unit_code).values(unit_code=code))
        self.activate()
        return self.info()

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

    def change_setting(self, key: str, value: str) -> None:
        """A machine setting only the administrator changes (the idle lock): checked and audited."""
        self.ctx.require(access.SETTINGS)
        with self.ctx.db.session() as s:
            old = _get(s, key)
            _put(s, key, value)
            self.ctx.audit_in(s, "setting", "app_setting", key, {"value": [old, value]})

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


def _registers() -> list[type]:
    """Every register's model whose rows belong to a unit (not the unit list itself)."""
    from desktop.models import Base, Synced

    return [m.class_ for m in Base.registry.mappers
            if issubclass(m.class_, Synced) and m.class_ is not Unit and "unit_code" in m.class_.__table__.c]


def _get(session, key: str) -> str | None:
    return session.scalar(select(AppSetting.value).where(AppSetting.key == key))


def _put(session, key: str, value: str) -> None:
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value

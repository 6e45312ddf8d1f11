"""The province's consolidated view: is this the province store, which units there are, how each unit stands.

The sync state itself (bundles received, held, conflicts) belongs to the sync service; this module only
reads it and puts it per unit, in words an officer reads ("3 ngày trước").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from desktop.errors import AppError
from desktop.i18n import _, ngettext
from desktop.models import Unit
from desktop.services.context import ServiceContext


@dataclass(frozen=True)
class UnitChoice:
    """One entry of the unit filter."""

    code: str
    name: str
    level: str


@dataclass(frozen=True)
class UnitStatus:
    """How one unit stands at the province."""

    unit_code: str
    unit_name: str
    devices: int
    last_received_at: datetime | None
    last_device_id: str | None
    last_bundle_seq: int | None
    held: int
    missing_seqs: tuple[tuple[int, int], ...]  # (first, last) of each gap
    checksum_mismatches: int
    open_conflicts: int
    app_version: str = ""  # what the unit's newest bundle was made with

    @property
    def missing_text(self) -> str:
        """"3, 5–9": the bundle numbers the unit still owes, by the first and last of each gap."""
        from desktop.sync import order

        return order.text(self.missing_seqs)

    @property
    def needs_attention(self) -> bool:
        """Something a person must act on: held bundles, a checksum mismatch or conflicts."""
        return bool(self.held or self.checksum_mismatches or self.open_conflicts)


@dataclass(frozen=True)
class DeviceRow:
    """A trusted installation, as the devices list shows it."""

    device_id: str
    unit_code: str
    unit_name: str
    fingerprint: str
    role: str
    trusted_by: str
    trusted_at: datetime


class ProvinceService:
    """Province mode, the unit list for filters, and per-unit sync status (read only)."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def is_province(self) -> bool:
        """Whether this store consolidates every unit's records (see `province_mode`)."""
        return province_mode(self.ctx)

    def unit_choices(self) -> list[UnitChoice]:
        """Every unit of the unit register, province first, then districts, then communes, by name."""
        from desktop.domain.collation import sort_key

        with self.ctx.db.read() as s:
            rows = s.execute(select(Unit.code, Unit.name, Unit.level).where(Unit.deleted.is_(False))).all()
        order = {"province": 0, "district": 1, "commune": 2}
        return [UnitChoice(c, n, lv) for c, n, lv in sorted(rows, key=lambda r: (order.get(r[2], 9), sort_key(r[1])))]

    def unit_status(self) -> list[UnitStatus]:
        """Per unit that has a trusted device or sent a bundle: the last bundle received (when, from which
        device), held bundles with the missing numbers, checksum mismatches, open conflicts; units needing
        attention first, then by name."""
        from desktop.models.sync import HeldBundle, ImportProgress, PeerDevice, SyncConflict

        with self.ctx.db.read() as s:
            names = dict(s.execute(select(Unit.code, Unit.name)).all())
            devices: dict[str, int] = {}
            for (unit,) in s.execute(select(PeerDevice.unit_code).where(PeerDevice.role == "unit")):
                devices[unit] = devices.get(unit, 0) + 1
            progress = s.scalars(select(ImportProgress)).all()
            held = s.execute(select(HeldBundle.unit_code, HeldBundle.missing)).all()
            conflicts = s.execute(select(SyncConflict.unit_code).where(SyncConflict.status == "open")).all()
        units = {code for code in devices if code} | {p.unit_code for p in progress if p.unit_code}
        units |= {u for u, _m in held if u} | {u for (u,) in conflicts if u}
        rows = [self._status(code, names.get(code, code), devices.get(code, 0),
                             [p for p in progress if p.unit_code == code],
                             [m for u, m in held if u == code], sum(1 for (u,) in conflicts if u == code))
                for code in units]
        from desktop.domain.collation import sort_key

        return sorted(rows, key=lambda r: (not r.needs_attention, sort_key(r.unit_name)))

    @staticmethod
    def _status(code: str, name: str, devices: int, progress: list, held: list, conflicts: int) -> UnitStatus:
        received = [p for p in progress if p.last_received_at is not None]
        last = max(received, key=lambda p: p.last_received_at) if received else None
        from desktop.sync import order

        missing = sorted({r for numbers in held for r in order.as_ranges(numbers)})
        return UnitStatus(
            unit_code=code, unit_name=name, devices=devices,
            last_received_at=last.last_received_at if last else None,
            last_device_id=last.device_id if last else None,
            last_bundle_seq=last.last_bundle_seq if last else None,
            held=len(held), missing_seqs=tuple(missing),
            checksum_mismatches=sum(1 for p in progress if p.checksum_ok is False),
            open_conflicts=conflicts, app_version=(last.last_app_version or "") if last else "")

    @staticmethod
    def fingerprint(public_key_b64: str) -> str:
        """The fingerprint of a pasted base64 Ed25519 public key, to read over the phone; AppError when the text
        is not such a key."""
        from desktop.sync import keys

        try:
            return keys.fingerprint(keys.public_key_bytes("".join(public_key_b64.split())))
        except ValueError as exc:  # binascii.Error is a ValueError
            raise AppError(_("Khóa công khai không hợp lệ: hãy dán đúng chuỗi base64 gồm 44 ký tự "
                             "mà đơn vị đọc từ màn hình “Đồng bộ” hoặc lệnh doingoai keys show.")) from exc

    def devices(self) -> list[DeviceRow]:
        """The other installations this store trusts (units' devices, or the province at a unit)."""
        from desktop.models.sync import PeerDevice

        with self.ctx.db.read() as s:
            names = dict(s.execute(select(Unit.code, Unit.name)).all())
            peers = s.scalars(select(PeerDevice).order_by(PeerDevice.unit_code, PeerDevice.trusted_at)).all()
            return [DeviceRow(p.device_id, p.unit_code, names.get(p.unit_code, p.unit_code), p.fingerprint,
                              p.role, p.trusted_by, p.trusted_at) for p in peers]


def province_mode(ctx: ServiceContext) -> bool:
    """The province store: set up by `doingoai init --province`, or a device serving the province-level unit.

    Tổng quan, `doingoai findings` and the register lists then cover every unit's (imported) records.
    """
    from desktop.models import AppSetting
    from desktop.sync.state import PROVINCE_MODE

    code = ctx.local_unit()
    with ctx.db.read() as s:
        if s.scalar(select(AppSetting.value).where(AppSetting.key == PROVINCE_MODE)) == "1":
            return True
        return bool(code) and s.scalar(select(Unit.level).where(Unit.code == code)) == "province"


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """"vừa xong", "5 phút trước", "3 giờ trước", "3 ngày trước", "2 tháng trước" — or "chưa nhận" when None."""
    if moment is None:
        return _("chưa nhận")
    now = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the database stores UTC without a zone
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return _("vừa xong")
    if seconds >= 86400 * 30:
        n = seconds // (86400 * 30)
        return ngettext("{n} tháng trước", "{n} tháng trước", n).format(n=n)
    if seconds >= 86400:
        n = seconds // 86400
        return ngettext("{n} ngày trước", "{n} ngày trước", n).format(n=n)
    if seconds >= 3600:
        n = seconds // 3600
        return ngettext("{n} giờ trước", "{n} giờ trước", n).format(n=n)
    n = seconds // 60
    return ngettext("{n} phút trước", "{n} phút trước", n).format(n=n)

"""The province's consolidated view: is this the province store, which units there are, how each unit stands.

The sync state itself (bundles received, held, conflicts) belongs to the sync service; this module only
reads it and puts it per unit, in words an officer reads ("3 ngày trước").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

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
    missing_seqs: tuple[int, ...]
    checksum_mismatches: int
    open_conflicts: int

    @property
    def needs_attention(self) -> bool:
        """Something a person must act on: held bundles, a checksum mismatch or conflicts."""
        return bool(self.held or self.checksum_mismatches or self.open_conflicts)


class ProvinceService:
    """Province mode, the unit list for filters, and per-unit sync status (read only)."""

    def __init__(self, ctx: ServiceContext, sync: Callable[[], object | None] = lambda: None):
        self.ctx = ctx
        self._sync = sync  # the sync service, asked lazily (it loads the bundle code)

    def is_province(self) -> bool:
        """Whether this store consolidates every unit's records (set by `doingoai init --province`).

        Without the sync service's setting, a device serving the province-level unit is the province.
        """
        sync = self._sync()
        if sync is not None and hasattr(sync, "is_province"):
            if sync.is_province():
                return True
        code = self.ctx.local_unit()
        if not code:
            return False
        with self.ctx.db.read() as s:
            return s.scalar(select(Unit.level).where(Unit.code == code)) == "province"

    def unit_choices(self) -> list[UnitChoice]:
        """Every unit of the unit register, province first, then districts, then communes, by name."""
        from desktop.domain.text import fold

        with self.ctx.db.read() as s:
            rows = s.execute(select(Unit.code, Unit.name, Unit.level).where(Unit.deleted.is_(False))).all()
        order = {"province": 0, "district": 1, "commune": 2}
        return [UnitChoice(c, n, lv) for c, n, lv in sorted(rows, key=lambda r: (order.get(r[2], 9), fold(r[1])))]


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

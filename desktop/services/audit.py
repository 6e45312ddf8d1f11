"""Nhật ký thay đổi: the audit trail read per record and for the whole register, checked, exported.

Values are shown as the officer reads them in the editors (labels of choices, names of the referenced
records, dates as dd/mm/yyyy, money with its separators), from the same column metadata the Excel
export uses. Reading the whole register's trail, verifying and exporting it need the audit permission
(administrator, province staff); a record's own history is shown to whoever may open the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.domain import access
from desktop.i18n import N_, _, format_date, format_money
from desktop.models import SYNCED_MODELS, AuditEntry, AuditHead
from desktop.services.context import ServiceContext
from desktop.storage import audit
from desktop.sync.labels import entity_label

KIND_LABELS = {
    "create": N_("Tạo mới"), "change": N_("Sửa"), "delete": N_("Xóa"), "restore": N_("Khôi phục bản ghi"),
    "login": N_("Đăng nhập"), "login_failed": N_("Đăng nhập sai"), "logout": N_("Đăng xuất"),
    "lock": N_("Khóa màn hình"), "unlock": N_("Mở khóa màn hình"), "denied": N_("Bị từ chối"),
    "export": N_("Xuất gói"), "import": N_("Nhập gói"), "ack": N_("Phản hồi"), "backup": N_("Sao lưu"),
    "restore_db": N_("Khôi phục sổ"), "setting": N_("Đổi cài đặt"), "override": N_("Vượt chặn R4"),
    "account": N_("Tài khoản"), "verify": N_("Kiểm tra nhật ký"),
}
RECORD_KINDS = ("create", "change", "delete", "restore", "override", "import")
BROKEN_REASONS = {
    "edited": N_("nội dung mục đã bị sửa"), "missing": N_("thiếu mục (đã bị xóa)"),
    "order": N_("các mục bị đảo thứ tự hoặc bị chèn"), "head": N_("mục cuối không khớp (mục cuối đã bị cắt bỏ)"),
}
PAGE = 200


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its label and the old and new values as the officer reads them."""

    name: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    """An entry of the trail, ready to show."""

    seq: int
    at: datetime
    user_name: str
    full_name: str
    kind: str
    kind_label: str
    entity: str
    entity_label: str
    record_id: str
    changes: list[FieldChange]
    summary: str
    author: str


@dataclass(frozen=True)
class AuditFilter:
    """What Nhật ký thay đổi narrows to: who, which register, which kind, which period (inclusive)."""

    user_name: str = ""
    entity: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None
    offset: int = 0
    limit: int = PAGE


@dataclass(frozen=True)
class Verified:
    """The chain checked: how many entries, and where it first breaks (None: intact)."""

    entries: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def message(self) -> str:
        """The result in a sentence."""
        if self.intact:
            return _("Nhật ký nguyên vẹn: {n} mục, chuỗi mã băm khớp từ đầu đến cuối.").format(n=self.entries)
        return _("Nhật ký đã bị can thiệp: hỏng từ mục số {seq} ({reason}). Các mục trước đó ({n}) còn "
                 "nguyên vẹn. Hãy báo Quản trị và giữ nguyên tệp dữ liệu để kiểm tra.").format(
            seq=self.broken_at, reason=self.reason, n=self.entries)


@dataclass
class _Shown:
    """Labels and names looked up once per read."""

    session: Any
    names: Any = None
    specs: dict[tuple[str, str], Any] = field(default_factory=dict)


class AuditService:
    """Reads, checks and exports the audit trail."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def history(self, entity: str, record_id: str) -> list[AuditRow]:
        """Every entry about one record and the records under it (a delegation's members, a person's
        discipline and training records …), newest first."""
        with self.ctx.db.read() as s:
            ids = [record_id]
            for column in _children_of(entity):
                ids += list(s.scalars(select(column.table.c.id).where(column == record_id)))
            rows = s.scalars(select(AuditEntry).where(AuditEntry.record_id.in_(ids))
                             .order_by(AuditEntry.seq.desc()).limit(1000)).all()
            shown = _Shown(s)
            return [_row(r, shown) for r in rows]

    def search(self, wanted: AuditFilter = AuditFilter()) -> tuple[list[AuditRow], int]:
        """One page of the whole trail, newest first, and how many entries match."""
        self.ctx.require(access.AUDIT)
        with self.ctx.db.read() as s:
            stmt = _filtered(select(AuditEntry), wanted)
            total = s.scalar(_filtered(select(func.count()).select_from(AuditEntry), wanted)) or 0
            rows = s.scalars(stmt.order_by(AuditEntry.seq.desc()).offset(wanted.offset).limit(wanted.limit)).all()
            shown = _Shown(s)
            return [_row(r, shown) for r in rows], total

    def users(self) -> list[str]:
        """The user names the trail names (the "who" filter's choices)."""
        self.ctx.require(access.AUDIT)
        with self.ctx.db.read() as s:
            return sorted(n for n in s.scalars(select(AuditEntry.user_name).distinct()) if n)

    def verify(self) -> Verified:
        """Recompute the whole chain (`doingoai audit verify`, the daily check), in one snapshot: entries
        other PCs add meanwhile are not taken for a cut-off end."""
        with self.ctx.db.snapshot() as s:
            count, broken = audit.verify(s)
        if broken is None:
            return Verified(count)
        return Verified(count, broken.seq, _(BROKEN_REASONS[broken.reason]))

    def daily_check(self) -> Verified | None:
        """At start, once a day, for an account that may read the trail: the chain verified (None when
        it was already checked today or this account is not the one to tell)."""
        if not self.ctx.may(access.AUDIT) or self.ctx.identity is None:
            return None
        today = self.ctx.today().isoformat()
        with self.ctx.db.read() as s:
            head = s.get(AuditHead, audit.HEAD_ID)
            if head is None or head.verified_on == today:
                return None
        result = self.verify()
        if result.intact:
            with self.ctx.db.session() as s:
                s.get(AuditHead, audit.HEAD_ID).verified_on = today
        return result

    def export(self, wanted: AuditFilter, out: Path) -> int:
        """The matching entries to an Excel file (one row per changed field); the count of entries."""
        self.ctx.require(access.AUDIT)
        from openpyxl import Workbook

        from desktop.services.spreadsheets import atomic_save

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Nhật ký thay đổi"))
        sheet.append([_("Số"), _("Thời điểm (UTC)"), _("Tài khoản"), _("Họ tên"), _("Việc"), _("Sổ"),
                      _("Mã bản ghi"), _("Trường"), _("Giá trị cũ"), _("Giá trị mới"), _("Ghi chú")])
        count, offset = 0, 0
        while True:
            rows, _total = self.search(AuditFilter(wanted.user_name, wanted.entity, wanted.kind, wanted.since,
                                                   wanted.until, offset, 2000))
            for r in rows:
                head = [r.seq, r.at.replace(tzinfo=None), r.user_name, r.full_name, r.kind_label, r.entity_label,
                        r.record_id]
                for c in r.changes or [FieldChange("", "", "", "")]:
                    sheet.append(head + [c.label, c.old, c.new, r.summary])
            count += len(rows)
            offset += len(rows)
            if len(rows) < 2000:
                break
        atomic_save(book, out)
        self.ctx.audit("export", details={"what": "audit", "entries": count, "file": Path(out).name})
        return count


def _children_of(entity: str) -> list:
    """The columns of other registers that point at `entity`'s records (`person_id`, `delegation_id` …)."""
    model = SYNCED_MODELS.get(entity)
    if model is None:
        return []
    table = model.__table__
    return [column for child in SYNCED_MODELS.values() for column in child.__table__.c
            if any(fk.column.table is table for fk in column.foreign_keys)]


def _filtered(stmt, wanted: AuditFilter):
    if wanted.user_name:
        stmt = stmt.where(AuditEntry.user_name == wanted.user_name)
    if wanted.entity:
        stmt = stmt.where(AuditEntry.entity == wanted.entity)
    if wanted.kind:
        stmt = stmt.where(AuditEntry.kind == wanted.kind)
    if wanted.since:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(wanted.since, time(), UTC))
    if wanted.until:
        stmt = stmt.where(AuditEntry.at < datetime.combine(wanted.until + timedelta(days=1), time(), UTC))
    return stmt


def _row(r: AuditEntry, shown: _Shown) -> AuditRow:
    details = r.details or {}
    changes = [_field(shown, r.entity, name, pair) for name, pair in (details.get("fields") or {}).items()]
    label = entity_label(r.entity) if r.entity in SYNCED_MODELS else (_("Tài khoản") if r.entity == "account" else "")
    return AuditRow(r.seq, r.at, r.user_name, r.full_name, r.kind, _(KIND_LABELS.get(r.kind, r.kind)), r.entity,
                    label, r.record_id, changes, _summary(r.kind, details), r.author)


def _field(shown: _Shown, entity: str, name: str, pair: list) -> FieldChange:
    from desktop.services.spreadsheets import ReferenceNames, column_spec

    model = SYNCED_MODELS.get(entity)
    if model is None or name not in model.__table__.c:
        return FieldChange(name, name, _text(pair[0]), _text(pair[1]))
    spec = shown.specs.get((entity, name))
    if spec is None:
        spec = shown.specs[(entity, name)] = column_spec(model.__table__.c[name])
    if shown.names is None:
        shown.names = ReferenceNames(shown.session)
    return FieldChange(name, spec.label, _value(spec, pair[0], shown.names), _value(spec, pair[1], shown.names))


def _value(spec, value: Any, names) -> str:
    from desktop.services.spreadsheets import shown_value

    if value is None or value == [] or value == "":
        return ""
    if spec.kind == "date" and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    if spec.kind == "money" and isinstance(value, int):
        return format_money(value)
    if spec.kind == "list" and value and isinstance(value[0], dict):  # attachments
        return ", ".join(str(v.get("name") or v.get("sha256", "")) for v in value)
    shown = _text(shown_value(spec, value, names))
    if spec.kind == "reference" and shown == value:  # a record without a name of its own (a plan): not its UUID
        return _("(bản ghi {id}…)").format(id=str(value)[:8])
    return shown


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _summary(kind: str, details: dict) -> str:
    """What an entry that is not a field change says, in a phrase."""
    if kind == "denied":
        return _(access.PERMISSION_LABELS.get(details.get("permission", ""), details.get("permission", "")))
    if kind == "override":
        return _("Lý do: {reason}").format(reason=details.get("reason", ""))
    if kind == "account":
        return ", ".join(f"{k}: {_text(v)}" for k, v in details.items())
    if kind == "login_failed":
        return details.get("user_name", "")
    return ", ".join(f"{k}: {_text(v)}" for k, v in details.items() if k != "fields")


"""Sync by bundles (SYNC.md): what the GUI and the CLI call, on both sides.

A unit exports `changes`/`full` bundles and imports the province's acks; the
province (province mode, set by `doingoai init --province`) trusts unit keys
after comparing fingerprints, imports bundles (dry run, held, forced),
resolves conflicts and writes acks. Settings: province mode, the province's
age recipient (at a unit) and "refuse plaintext bundles" (at the province) are
AppSettings; the province's age identity is a file in the keys folder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.domain import access
from desktop.errors import AppError
from desktop.i18n import _
from desktop.models import Device
from desktop.models.base import utcnow
from desktop.models.sync import HeldBundle, PeerDevice, SentBundle, SyncConflict
from desktop.services.context import ServiceContext
from desktop.services.device import DeviceService
from desktop.sync import state
from desktop.sync.export import ExportResult
from desktop.sync.importer import ImportOptions, ImportReport

Progress = Callable[[int, int], None]
PROVINCE_PEER = "province"  # the PeerDevice row of the province's key at a unit (its device id is not known)

log = logging.getLogger(__name__)


class PlaintextRefused(AppError):
    """A unit without the province's key file asked for a bundle without choosing plaintext explicitly."""


@dataclass(frozen=True)
class SentBundleRow:
    """A bundle this device wrote (history)."""

    id: int
    bundle_seq: int
    kind: str
    created_at: datetime
    change_seq_from: int
    change_seq_to: int
    counts: dict[str, int]
    file_name: str
    out_dir: str
    encrypted: bool
    acked: bool
    acked_at: datetime | None
    to_device_id: str | None

    @property
    def total(self) -> int:
        """Records in the bundle."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class HeldRow:
    """A bundle waiting for its predecessors."""

    id: int
    device_id: str
    unit_code: str
    epoch: int
    bundle_seq: int
    prev_bundle_seq: int
    missing: list[tuple[int, int]]  # (first, last) of each gap
    file_name: str
    stored_path: str
    received_at: datetime

    @property
    def missing_text(self) -> str:
        """"3, 5–9": each gap by its first and last missing bundle numbers."""
        from desktop.sync import order

        return order.text(self.missing)


@dataclass(frozen=True)
class ConflictRow:
    """A record changed on both sides, with both versions."""

    id: int
    entity: str
    record_id: str
    unit_code: str
    device_id: str
    status: str
    resolution: str | None
    local_version: int
    local_data: dict | None
    incoming_version: int
    incoming_base_version: int
    incoming_data: dict | None
    incoming_deleted: bool
    reason: str
    created_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class PeerRow:
    """A trusted key of another installation."""

    device_id: str
    unit_code: str
    public_key: str
    fingerprint: str
    role: str
    trusted_by: str
    trusted_at: datetime


@dataclass(frozen=True)
class KeyInfo:
    """This device's keys, and what it knows of the province's.

    `recipient`: in province mode the province's own age recipient (to give to the
    units); at a unit the province's recipient its bundles are encrypted to.
    """

    device_id: str
    unit_code: str
    epoch: int
    fingerprint: str
    public_key: str
    province_mode: bool
    recipient: str | None
    province_public_key: str | None
    province_fingerprint: str | None
    require_encrypted: bool
    key_file: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form for `doingoai keys show --json`."""
        out = {"device_id": self.device_id, "unit_code": self.unit_code, "epoch": self.epoch,
               "fingerprint": self.fingerprint, "public_key": self.public_key,
               "province_mode": self.province_mode}
        if self.province_mode:
            out["age_recipient"] = self.recipient
            out["require_encrypted"] = self.require_encrypted
        else:
            out["province_age_recipient"] = self.recipient
            out["province_public_key"] = self.province_public_key
        return out


class SyncService:
    """Export, import, acks, keys and conflicts of sync by bundles."""

    def __init__(self, ctx: ServiceContext, device: DeviceService):
        self.ctx = ctx
        self.device = device

    # --- mode and keys ------------------------------------------------------------------------

    def is_province(self) -> bool:
        """Whether this installation is the province store (province mode, or a machine of the province itself)."""
        from desktop.services.province import province_mode

        return province_mode(self.ctx)

    def set_province_mode(self, on: bool = True) -> None:
        """Make this installation the province store (its age identity is made now)."""
        self.ctx.require(access.SETTINGS)
        if on:
            self._province_identity()
        self.device.put_setting(state.PROVINCE_MODE, "1" if on else "0")
        self.ctx.audit("setting", "app_setting", state.PROVINCE_MODE, {"value": on})

    def set_require_encrypted(self, on: bool) -> None:
        """At the province: refuse bundles that are not age-encrypted."""
        self.ctx.require(access.SETTINGS)
        self.device.put_setting(state.REQUIRE_ENCRYPTED, "1" if on else "0")
        self.ctx.audit("setting", "app_setting", state.REQUIRE_ENCRYPTED, {"value": on})

    def _local(self) -> Device:
        info = self.device.info()  # raises a readable error before first-run set-up
        with self.ctx.db.read() as s:
            return s.get(Device, info.id)

    def keys(self) -> KeyInfo:
        """Device id, fingerprint, public key; the age recipient (province) or the province's keys (unit)."""
        info = self.device.info()
        province = self.is_province()
        recipient = self._own_recipient() if province else self.device.get_setting(state.PROVINCE_RECIPIENT)
        with self.ctx.db.read() as s:
            peer = s.get(PeerDevice, PROVINCE_PEER) or s.scalars(
                select(PeerDevice).where(PeerDevice.role == PROVINCE_PEER).order_by(PeerDevice.trusted_at.desc())).first()
        return KeyInfo(info.id, info.unit_code, info.epoch, info.fingerprint, info.public_key, province,
                       recipient or None, peer.public_key if peer else None, peer.fingerprint if peer else None,
                       self.requires_encryption(), info.key_file)

    def requires_encryption(self) -> bool:
        """At the province: whether plaintext bundles are refused — yes unless an administrator said no."""
        return self.device.get_setting(state.REQUIRE_ENCRYPTED) != "0"

    def _own_recipient(self) -> str:
        from desktop.sync import crypto

        return crypto.recipient_of(self._province_identity())

    def _province_identity(self):
        """The province's age identity, the one its store was set up with.

        Several provincial PCs may share one PostgreSQL store while each keeps its keys folder: a PC
        without the identity must not quietly make a second one (the units encrypt to the first, so
        their bundles could not be opened here). The store remembers the recipient it was set up with.
        """
        from desktop.sync import crypto

        path = crypto.identity_path(self.ctx.paths.keys)
        known = self.device.get_setting(state.PROVINCE_OWN_RECIPIENT)
        if not path.exists() and known:
            raise AppError(_("Máy này chưa có khóa giải mã age của tỉnh (khóa công khai {recipient}), "
                             "khóa mà các đơn vị đang dùng để mã hóa gói. Hãy chép tệp “{name}” từ máy tỉnh "
                             "đã thiết lập kho dữ liệu vào thư mục {folder} của máy này (hoặc dùng chung "
                             "thư mục dữ liệu), rồi thử lại.").format(
                recipient=known, name=path.name, folder=str(path.parent)))
        identity = crypto.load_or_create_identity(self.ctx.paths.keys, seal_key=self.ctx.db.key)
        recipient = crypto.recipient_of(identity)
        if known is None:
            self.device.put_setting(state.PROVINCE_OWN_RECIPIENT, recipient)
        elif recipient != known:
            raise AppError(_("Khóa giải mã age trong tệp {path} ({recipient}) không phải khóa của kho dữ liệu "
                             "tỉnh ({known}). Hãy chép đúng tệp khóa từ máy tỉnh đã thiết lập kho dữ liệu.").format(
                path=str(path), recipient=recipient, known=known))
        return identity

    def trust(self, device_id: str, public_key_b64: str, unit_code: str | None = None,
              role: str | None = None) -> PeerRow:
        """Trust another device's signing key (after a person compared the fingerprint)."""
        from desktop.sync import keys

        self.ctx.require(access.KEYS)
        device_id = (device_id or "").strip().lower()
        public_key_b64 = "".join((public_key_b64 or "").split())
        if device_id != PROVINCE_PEER and not state.UUID_RE.fullmatch(device_id):
            raise AppError(_("Mã máy “{id}” không hợp lệ: mã máy là một UUID như "
                             "8c1f0a2b-…, đọc từ lệnh doingoai keys show của máy kia.").format(id=device_id))
        try:
            raw = keys.public_key_bytes(public_key_b64)
        except ValueError as exc:
            raise AppError(_("Khóa công khai không hợp lệ: hãy dán đúng chuỗi base64 gồm 44 ký tự "
                             "mà máy kia in ra (doingoai keys show).")) from exc
        local = self._local()
        if device_id == local.id:
            raise AppError(_("Đây là mã của chính máy này; chỉ tin cậy khóa của máy khác."))
        unit_code = (unit_code or "").strip().upper()
        role = role or ("unit" if self.is_province() else PROVINCE_PEER)
        if role == "unit":
            self._check_trusted_unit(unit_code)
        officer = self.ctx.officer()
        with self.ctx.db.session() as s:
            row = s.get(PeerDevice, device_id)
            if row is None:
                row = PeerDevice(device_id=device_id)
                s.add(row)
            row.unit_code, row.public_key, row.role = unit_code, public_key_b64, role
            row.fingerprint = keys.fingerprint(raw)
            row.trusted_by, row.trusted_at = officer, utcnow()
            self.ctx.audit_in(s, "setting", "peer_device", device_id, {
                "action": "trust", "unit_code": unit_code, "role": role, "fingerprint": row.fingerprint})
        return _peer_row(row)

    def _check_trusted_unit(self, unit_code: str) -> None:
        """A unit device is trusted for one unit of the unit list (SYNC.md step 3): its bundles may then
        carry records of that unit and the units under it, and nothing else."""
        from desktop.models import Unit

        if not unit_code:
            raise AppError(_("Hãy chọn đơn vị của máy này (--unit MÃ_ĐƠN_VỊ): một máy chỉ được gửi dữ liệu "
                             "của một đơn vị và các đơn vị trực thuộc."))
        with self.ctx.db.read() as s:
            known = s.scalar(select(Unit.code).where(Unit.code == unit_code, Unit.deleted.is_(False)))
        if known is None:
            raise AppError(_("Không có đơn vị mã “{code}” trong danh sách đơn vị của tỉnh. Hãy kiểm tra lại mã "
                             "(doingoai list unit) hoặc thêm đơn vị trước.").format(code=unit_code))

    def untrust(self, device_id: str) -> None:
        """Stop trusting a device's key (its later bundles are refused)."""
        self.ctx.require(access.KEYS)
        with self.ctx.db.session() as s:
            row = s.get(PeerDevice, device_id)
            if row is not None:
                s.delete(row)
                self.ctx.audit_in(s, "setting", "peer_device", device_id, {"action": "untrust"})

    def peers(self) -> list[PeerRow]:
        """Every trusted key of another installation."""
        with self.ctx.db.read() as s:
            return [_peer_row(p) for p in s.scalars(select(PeerDevice).order_by(PeerDevice.unit_code))]

    def set_province_keys(self, recipient: str | None, public_key_b64: str | None) -> None:
        """At a unit: the province's age recipient (bundles are encrypted to it) and its signing key (acks)."""
        from desktop.sync import crypto

        self.ctx.require(access.KEYS)
        recipient = "".join((recipient or "").split()) or None
        if recipient is not None and not crypto.is_recipient(recipient):
            raise AppError(_("Khóa mã hóa của tỉnh không hợp lệ: khóa age bắt đầu bằng “age1”. "
                             "Hãy chép lại đúng khóa Sở Ngoại vụ gửi."))
        if public_key_b64:
            self.trust(PROVINCE_PEER, public_key_b64, role=PROVINCE_PEER)
        else:
            self.untrust(PROVINCE_PEER)
        self.set_province_recipient(recipient)

    def set_province_recipient(self, recipient: str | None) -> None:
        """At a unit: the province's age recipient (`age1…`); None sends bundles unencrypted."""
        from desktop.sync import crypto

        self.ctx.require(access.KEYS)
        recipient = "".join((recipient or "").split()) or None
        if recipient is None:
            self.device.delete_setting(state.PROVINCE_RECIPIENT)
            return
        if not crypto.is_recipient(recipient):
            raise AppError(_("Khóa mã hóa của tỉnh không hợp lệ: khóa age bắt đầu bằng “age1”. "
                             "Hãy chép lại đúng khóa Sở Ngoại vụ gửi."))
        self.device.put_setting(state.PROVINCE_RECIPIENT, recipient)

    def _trust_check(self, province: bool) -> Callable[[str, bytes], bool]:
        """Whether a signing key is trusted for the device it signs for: at the province a unit device's
        key, at a unit the province's key only (a unit imports nothing else)."""
        import base64

        def is_trusted(device_id: str, raw_key: bytes) -> bool:
            key = base64.b64encode(raw_key).decode("ascii")
            with self.ctx.db.read() as s:
                own = s.get(Device, device_id)
                if own is not None and own.is_local:  # our own bundle: known, and refused as such later
                    return own.public_key == key
                row = s.get(PeerDevice, device_id)
                wanted = "unit" if province else PROVINCE_PEER
                if row is not None:
                    return row.public_key == key and row.role == wanted
                if province:
                    return False
                by_key = s.get(PeerDevice, PROVINCE_PEER)  # the province's key, entered without its device id
            return by_key is not None and by_key.public_key == key

        return is_trusted

    # --- export -----------------------------------------------------------------------------

    def export_bundle(self, out_dir: Path, full: bool = False, progress: Progress | None = None,
                      allow_plaintext: bool = False) -> ExportResult:
        """Write the next `changes` (or `full`) bundle into `out_dir`: signed, and encrypted to the province.

        Without the province's key file a bundle is written only when the officer chose so explicitly
        (`allow_plaintext`): its names, birth dates, passport numbers and discipline decisions then
        travel in clear. It always carries this device's own age recipient, for the province's acks.
        """
        from desktop.sync import crypto, export, keys

        self.ctx.require(access.SEND)
        local = self._local()
        out_dir = Path(out_dir)
        _check_folder(out_dir)
        recipient = self.device.get_setting(state.PROVINCE_RECIPIENT) or None
        if recipient is None and not allow_plaintext:
            raise PlaintextRefused(_(
                "Chưa có khóa mã hóa của tỉnh nên gói sẽ KHÔNG được mã hóa: họ tên, ngày sinh, số hộ chiếu và quyết "
                "định kỷ luật của cán bộ sẽ đọc được với bất kỳ ai cầm tệp. Hãy nạp tệp khóa của tỉnh (.dnk) ở Đồng "
                "bộ › Khóa › Nạp tệp khóa của tỉnh…, hoặc doingoai keys load TỆP; nếu vẫn phải gửi không mã hóa, "
                "hãy chọn rõ điều đó (doingoai bundle export … --allow-plaintext)."))
        signing_key = keys.load_private(self.device.key_path(local.id), self.ctx.db.key)
        own = crypto.recipient_of(crypto.load_or_create_identity(self.ctx.paths.keys, crypto.DEVICE_IDENTITY_FILE, self.ctx.db.key))
        try:
            result = export.export_bundle(self.ctx.db, local.id, signing_key, out_dir, full=full,
                                          recipient=recipient, attachments_dir=self.ctx.paths.attachments,
                                          progress=progress, own_recipient=own, tmp_dir=self.ctx.paths.tmp,
                                          attachment_key=self.ctx.db.key)
            log.info("xuất gói %s (%s, %s)", result.path.name, "full" if full else "changes",
                     "mã hóa" if recipient else "không mã hóa")
            self.ctx.audit("export", details={"file": result.path.name, "kind": result.kind,
                                              "counts": dict(result.counts), "encrypted": recipient is not None})
            return result
        except OSError as exc:
            log.warning("không ghi được gói vào %s: %s", out_dir, exc)
            raise AppError(_("Không ghi được gói vào {folder}: {error}").format(
                folder=out_dir, error=exc.strerror or exc)) from exc

    # --- the province's key file ------------------------------------------------------------

    def export_key_file(self, out: Path) -> Path:
        """At the province: write the key file units load (signing key, age recipient, fingerprint).

        `out` is a folder (made when missing; the file gets its usual name) or a path ending in `.dnk`."""
        from desktop.sync import keyfile

        self.ctx.require(access.KEYS)
        if not self.is_province():
            raise AppError(_("Chỉ máy của tỉnh (chế độ tỉnh) mới xuất tệp khóa cho các đơn vị."))
        info = self.keys()
        out = Path(out)
        path = out if out.suffix.lower() == keyfile.SUFFIX else out / keyfile.file_name(info.unit_code)
        unit = self.device.info()
        try:
            return keyfile.write_key_file(path, keyfile.ProvinceKeys(
                info.unit_code, unit.unit_name, info.device_id, info.public_key, info.recipient or "",
                info.fingerprint))
        except OSError as exc:
            raise AppError(_("Không ghi được tệp khóa {path}: {error}").format(
                path=path, error=exc.strerror or exc)) from exc

    def read_key_file(self, path: Path):
        """The province's keys as a key file holds them (nothing stored yet): show the fingerprint first."""
        from desktop.sync import keyfile

        return keyfile.read_key_file(Path(path))

    def load_key_file(self, path: Path):
        """At a unit: take the province's keys from its key file; bundles are encrypted from now on."""
        self.ctx.require(access.KEYS)
        if self.is_province():
            raise AppError(_("Máy của tỉnh không nạp tệp khóa của tỉnh; tệp này dành cho các đơn vị."))
        keys = self.read_key_file(path)
        self.untrust(PROVINCE_PEER)  # a key typed in by hand earlier gives way to the file's
        self.trust(keys.device_id, keys.public_key, keys.unit_code, role=PROVINCE_PEER)
        self.set_province_recipient(keys.age_recipient)
        return keys

    def history(self) -> list[SentBundleRow]:
        """Bundles this device wrote, newest first, with what each held and whether it was acknowledged."""
        with self.ctx.db.read() as s:
            rows = s.scalars(select(SentBundle).order_by(SentBundle.created_at.desc(), SentBundle.id.desc()))
            return [SentBundleRow(r.id, r.bundle_seq, r.kind, r.created_at, r.change_seq_from, r.change_seq_to,
                                  dict(r.counts or {}), r.file_name, r.out_dir, r.encrypted, r.acked, r.acked_at,
                                  r.to_device_id) for r in rows]

    # --- import -----------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path], dry_run: bool = False, force: bool = False,
                     progress: Progress | None = None) -> list[ImportReport]:
        """Import bundle files and folders of bundles (in bundle order); one report per bundle.

        A bundle that is refused, held or already imported does not stop the others.
        Before the first bundle is written, the database is backed up once.
        """
        self.ctx.require(access.IMPORT if self.is_province() else access.SEND)
        files = bundle_files(paths)
        importer = self._importer()
        reports: list[ImportReport] = []
        for path in files:  # each bundle its own transaction and its own report: one failure stops no other
            report = importer.import_path(path, ImportOptions(dry_run=dry_run, force=force, progress=progress))
            log.info("nhập gói %s: %s%s", path.name, report.outcome, " (thử)" if dry_run else "")
            reports.append(report)
            if not dry_run:
                self._audit_import(report)
            reports.extend(report.released)
            report.released = []
        if not dry_run and not self.is_province():
            self.device.activate()  # the province's records just received stay the province's
        return reports

    def _importer(self):
        from desktop.services.rules import RuleService
        from desktop.sync import crypto
        from desktop.sync.importer import Importer

        local = self._local()
        province = self.is_province()
        if province:
            identities = [self._province_identity()]
        else:  # acks are encrypted to this device's own key
            identities = [crypto.load_or_create_identity(self.ctx.paths.keys, crypto.DEVICE_IDENTITY_FILE, self.ctx.db.key)]
        backed_up: list[bool] = []

        def backup() -> None:
            if not backed_up and self.ctx.db.is_sqlite:
                copy = self.ctx.db.backup(self.ctx.paths.backups, "before-bundle-import")
                self.ctx.audit("backup", details={"file": copy.name if copy else "", "why": "before-bundle-import"})
            backed_up.append(True)

        return Importer(self.ctx.db, local.id, self.ctx.paths.root, self.ctx.paths.attachments,
                        is_trusted=self._trust_check(province), identities=identities,
                        require_encrypted=province and self.requires_encryption(),
                        before_apply=backup, officer=self.ctx.officer(), actor=self.ctx.actor(),
                        province=province, work_dir=self.ctx.paths.tmp, today=self.ctx.today,
                        rules=RuleService(self.ctx).config())

    def _audit_import(self, report) -> None:
        """One entry per bundle read: what came in, from which unit and device, and how it ended."""
        self.ctx.audit("import", "device", report.device_id, {
            "file": report.path.name, "outcome": report.outcome, "unit_code": report.unit_code,
            "bundle_seq": report.bundle_seq, "kind": report.kind, "totals": report.totals()})

    def held(self) -> list[HeldRow]:
        """Bundles waiting for their predecessors, with the missing numbers as they stand now."""
        from desktop.models.sync import ImportProgress

        with self.ctx.db.read() as s:
            rows = s.scalars(select(HeldBundle).order_by(HeldBundle.unit_code, HeldBundle.bundle_seq)).all()
            applied = {(p.device_id, p.epoch): p.last_bundle_seq for p in s.scalars(select(ImportProgress))}
        from desktop.sync import order

        seqs: dict[tuple[str, int], set[int]] = {}
        for r in rows:
            seqs.setdefault((r.device_id, r.epoch), set()).add(r.bundle_seq)
        out = []
        for r in rows:
            key = (r.device_id, r.epoch)
            missing = order.gaps(applied.get(key, 0), r.bundle_seq, seqs[key])
            out.append(HeldRow(r.id, r.device_id, r.unit_code, r.epoch, r.bundle_seq, r.prev_bundle_seq, missing,
                               r.file_name, r.stored_path, r.received_at))
        return out

    def force_held(self, held_id: int, progress: Progress | None = None) -> list[ImportReport]:
        """Import a held bundle although its predecessors are missing."""
        self.ctx.require(access.IMPORT)
        with self.ctx.db.read() as s:
            row = s.get(HeldBundle, held_id)
        if row is None:
            raise AppError(_("Không có gói đang chờ số {id}.").format(id=held_id))
        return self.import_paths([Path(row.stored_path)], force=True, progress=progress)

    # --- conflicts and acks -----------------------------------------------------------------

    def conflicts(self, include_resolved: bool = False) -> list[ConflictRow]:
        """Conflicts waiting for a person (here, or reported by the province), oldest first."""
        statuses = ("open", "reported", "resolved") if include_resolved else ("open", "reported")
        with self.ctx.db.read() as s:
            rows = s.scalars(select(SyncConflict).where(SyncConflict.status.in_(statuses))
                             .order_by(SyncConflict.created_at, SyncConflict.id))
            return [_conflict_row(c) for c in rows]

    def resolve_conflict(self, conflict_id: int, choice: str, data: dict | None = None) -> None:
        """Keep the unit's version ("unit"), the province's ("province") or an edited one ("edit", with `data`).

        The decision is an edit here, so it travels back: in the next ack (province) or bundle (unit).
        At the province it is province staff's to make (access.CONFLICTS).
        """
        from desktop.sync import ack

        here = "province" if self.is_province() else "unit"
        self.ctx.require(access.CONFLICTS if here == "province" else access.EDIT)
        ack.resolve_conflict(self.ctx.db, conflict_id, choice, data, here=here,
                             officer=self.ctx.officer())

    def write_ack(self, device_id: str, out_dir: Path, progress: Progress | None = None) -> Path:
        """At the province: write the ack bundle for one unit device; returns its path."""
        from desktop.sync import ack, keys

        if not self.is_province():
            raise AppError(_("Chỉ máy của tỉnh (chế độ tỉnh) mới tạo gói phản hồi."))
        self.ctx.require(access.ACKS)
        local = self._local()
        out_dir = Path(out_dir)
        _check_folder(out_dir)
        signing_key = keys.load_private(self.device.key_path(local.id), self.ctx.db.key)
        result = ack.write_ack(self.ctx.db, local.id, signing_key, device_id.strip().lower(), out_dir,
                               attachments_dir=self.ctx.paths.attachments, progress=progress,
                               tmp_dir=self.ctx.paths.tmp, attachment_key=self.ctx.db.key)
        self.ctx.audit("ack", "device", device_id.strip().lower(), {"file": result.path.name})
        return result.path

    def unit_status(self) -> list:
        """Per unit at the province: last bundle, held bundles, checksum mismatches, conflicts."""
        from desktop.services.province import ProvinceService

        return ProvinceService(self.ctx).unit_status()

    def bundle_schema(self) -> dict:
        """The published JSON Schema of a change line (SYNC.md)."""
        from desktop.sync.schema import bundle_schema

        return bundle_schema()


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """The bundle files named, folders expanded to their `.dnb` files; in device and bundle order."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.suffix == ".dnb" and f.is_file()))
        elif p.exists():
            files.append(p)
        else:
            raise AppError(_("Không có tệp hoặc thư mục {path}.").format(path=p))
    return sorted(files, key=_bundle_order)


def _bundle_order(path: Path) -> tuple:
    # <unit>_<dev8>_<epoch>-<seq>.dnb: by device, epoch, then number; other names keep their place after
    stem = path.stem
    try:
        head, seq = stem.rsplit("-", 1)
        unit_dev, epoch = head.rsplit("_", 1)
        return (0, unit_dev, int(epoch), int(seq), path.name)
    except ValueError:
        return (1, "", 0, 0, path.name)


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise AppError(_("{path} không phải là thư mục.").format(path=folder))


def _peer_row(p: PeerDevice) -> PeerRow:
    return PeerRow(p.device_id, p.unit_code, p.public_key, p.fingerprint, p.role, p.trusted_by, p.trusted_at)


def _conflict_row(c: SyncConflict) -> ConflictRow:
    return ConflictRow(c.id, c.entity, c.record_id, c.unit_code, c.device_id, c.status, c.resolution,
                       c.local_version, c.local_data, c.incoming_version, c.incoming_base_version, c.incoming_data,
                       c.incoming_deleted, c.reason, c.created_at, c.resolved_at)

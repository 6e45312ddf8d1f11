"""Importing a bundle: SYNC.md steps 3–7, after `open_bundle` did steps 1–2.

3 **Records**: every change is validated (`schema.validate_change`) and every
  reference must point to a record in the bundle or in this store; one invalid
  change refuses the whole bundle with (line, id, field, problem); nothing is
  written.
4 **Order**: a `changes` bundle whose `prev_bundle_seq` is not applied yet for
  its device and epoch is **held** (a copy kept in the data folder, the missing
  numbers named) unless forced; it is applied by itself once its predecessor
  arrives. Changes at or below the applied `change_seq` are skipped. `full`
  and `ack` bundles carry whole records and are never held.
5 **Apply** in ONE transaction (after the caller's automatic backup), with the
  change tracker bypassed (`applying_bundle`): unknown records are inserted;
  known ones updated when the incoming version is newer and nobody edited the
  record here since the sender's `base_version`; otherwise a **conflict** is
  recorded (both versions kept, ours stays in the register). Tombstones delete.
  Streaming in chunks keeps memory flat; foreign keys are checked at commit.
6 **Check**: the sender's state checksum is recomputed from the store.
7 **Report**: new / updated / unchanged / deleted / conflicts / held per
  entity. A dry run is the same pass, rolled back.

Importing the same bundle twice writes nothing ("replayed"). A crash leaves
the database as before (one transaction) or fully imported.
"""

from __future__ import annotations

import errno
import logging
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from desktop.domain.messages import tr
from desktop.domain.rule_config import RuleConfig
from desktop.errors import Stopped
from desktop.models import ChangeLog
from desktop.models.base import utcnow
from desktop.models.sync import (
    HeldBundle,
    ImportedBundle,
    ImportProgress,
    ImportResult,
    SentBundle,
    SyncConflict,
    SyncState,
)
from desktop.storage import audit, sealed
from desktop.storage.engine import CACHE_KIB
from desktop.storage.files import private_copy, private_dir
from desktop.sync import order, state
from desktop.sync.authority import Authority, Sender, unit_subtree
from desktop.sync.bundle import OpenedBundle, open_bundle
from desktop.sync.checks import check_bundle
from desktop.sync.errors import BundleRefused, Problem

log = logging.getLogger(__name__)
KILL_ENV = "DOINGOAI_TEST_KILL_AT"  # tests: os._exit at the N-th checkpoint of an import
COUNT_KEYS = ("new", "updated", "unchanged", "deleted", "conflicts", "held")
IMPORT_CACHE_KIB = 64 * 1024
Progress = Callable[[int, int], None]
_checkpoints = [0]


def checkpoint() -> None:
    """Crash-test hook: with DOINGOAI_TEST_KILL_AT=N the process dies at the N-th checkpoint."""
    target = os.environ.get(KILL_ENV)
    if not target:
        return
    _checkpoints[0] += 1
    if _checkpoints[0] == int(target):
        os._exit(137)


@dataclass
class ImportReport:
    """What importing one bundle did (or would do, for a dry run)."""

    path: Path
    outcome: str  # applied | dry_run | refused | held | replayed
    message: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    missing_seqs: list[int] = field(default_factory=list)  # the first numbers only (order.LISTED_MAX)
    missing_ranges: list[tuple[int, int]] = field(default_factory=list)  # every gap: (first, last)
    checksum_ok: bool | None = None
    code: str | None = None
    kind: str = ""
    device_id: str = ""
    unit_code: str = ""
    epoch: int = 0
    bundle_seq: int = 0
    reported_conflicts: list[dict] = field(default_factory=list)
    released: list[ImportReport] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether nothing went wrong (applied, dry run, replay)."""
        return self.outcome in ("applied", "dry_run", "replayed")

    def totals(self) -> dict[str, int]:
        """The counts summed over every entity."""
        out = dict.fromkeys(COUNT_KEYS, 0)
        for per in self.counts.values():
            for key, n in per.items():
                out[key] = out.get(key, 0) + n
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON form for `doingoai bundle import --json`."""
        return {
            "path": str(self.path), "outcome": self.outcome, "message": self.message,
            "code": self.code, "kind": self.kind, "device_id": self.device_id, "unit_code": self.unit_code,
            "epoch": self.epoch, "bundle_seq": self.bundle_seq, "counts": self.counts,
            "totals": self.totals(), "missing_seqs": self.missing_seqs,
            "missing_ranges": [list(r) for r in self.missing_ranges], "checksum_ok": self.checksum_ok,
            "problems": [p.as_dict() for p in self.problems],
            "reported_conflicts": self.reported_conflicts,
            "released": [r.as_dict() for r in self.released], "details": self.details,
        }


class _Rollback(Exception):
    """Ends a transaction that must leave nothing behind (dry run, replay)."""


@dataclass
class _Current:
    """A stored record as the decisions need it."""

    version: int
    base_version: int
    deleted: bool
    data: dict[str, Any]
    unit_code: str
    origin_device: str


@dataclass(frozen=True)
class ImportOptions:
    """How one import call runs."""

    dry_run: bool = False
    force: bool = False
    progress: Progress | None = None


class Importer:
    """Runs steps 3–7 for bundles opened with this installation's trust and keys."""

    def __init__(self, db, local_device_id: str, data_dir: Path, attachments_dir: Path, *,
                 is_trusted: Callable[[str, bytes], bool], identities: list | tuple = (),
                 require_encrypted: bool = False, before_apply: Callable[[], None] | None = None,
                 officer: str = "", province: bool = False, work_dir: Path | None = None,
                 today: Callable[[], date] = date.today, rules: RuleConfig | None = None,
                 actor: audit.Actor | None = None):
        self.db = db
        self.local = local_device_id
        self.held_dir = data_dir / "held"
        self.attachments_dir = attachments_dir
        self.is_trusted = is_trusted
        self.identities = list(identities)
        self.require_encrypted = require_encrypted
        self.before_apply = before_apply
        self.officer = officer
        self.actor = actor or audit.Actor("", officer)  # whom the audit trail names as importing
        self.province = province  # the province store: takes units' bundles; else a unit: takes acks
        self.work_dir = work_dir  # where decrypted entries live while the import runs (private)
        self.today = today
        self.rules = rules or RuleConfig.defaults()

    # --- entry --------------------------------------------------------------------------------

    def import_path(self, path: Path, options: ImportOptions = ImportOptions()) -> ImportReport:
        """Import one bundle file; never raises for a bad bundle (the report says why)."""
        path = Path(path)
        try:
            with open_bundle(path, is_trusted=self.is_trusted, identities=self.identities,
                             require_encrypted=self.require_encrypted, tmp_dir=self.work_dir) as bundle:
                return self._import_opened(bundle, path, options)
        except BundleRefused as exc:
            return _refused(path, exc)
        except Stopped:
            raise  # "Dừng" stops the whole run, it is not this bundle's failure
        except Exception as exc:  # one bundle's failure is its own report: the others still import
            return self._failed(path, exc)

    def _failed(self, path: Path, exc: Exception) -> ImportReport:
        """A refusal that says what happened here (a full disk, a read-only folder), not "resend"."""
        from desktop.errors import AppError

        if _is_disk_full(exc):
            return ImportReport(path, "refused", tr(
                "Ổ đĩa đầy nên chưa nhập được gói “{name}”; chưa ghi gì vào cơ sở dữ liệu. Hãy giải phóng chỗ trống "
                "trên ổ chứa thư mục dữ liệu và thư mục sao lưu ({folder}) rồi nhập lại gói này; đơn vị không cần "
                "gửi lại.").format(name=path.name, folder=self.held_dir.parent), code="disk.full")
        if _is_read_only(exc):
            return ImportReport(path, "refused", tr(
                "Thư mục dữ liệu {folder} (hoặc cơ sở dữ liệu) chỉ cho phép đọc nên chưa nhập được gói “{name}”; "
                "chưa ghi gì. Hãy cấp quyền ghi cho thư mục rồi nhập lại.").format(
                    name=path.name, folder=self.held_dir.parent), code="disk.read_only")
        if isinstance(exc, OSError):
            return ImportReport(path, "refused", tr("Không đọc được tệp “{name}”: {error}").format(
                name=path.name, error=exc.strerror or exc), code="archive.unreadable")
        if isinstance(exc, AppError):
            return ImportReport(path, "refused", str(exc), code="import.failed")
        log.exception("importing %s failed", path)
        return ImportReport(path, "refused", tr(
            "Có lỗi ngoài dự kiến khi nhập gói “{name}” ({error}); chưa ghi gì vào cơ sở dữ liệu. Các gói khác "
            "vẫn được nhập. Hãy báo lỗi này cho người quản trị kèm tệp gói.").format(
                name=path.name, error=type(exc).__name__), code="import.failed")

    def _import_opened(self, b: OpenedBundle, path: Path, options: ImportOptions) -> ImportReport:
        m = b.manifest
        self._check_addressee(b)
        authority = self._authority(b)
        verdict = check_bundle(self.db, b, authority, self.today(), self.rules)
        if verdict.invalid:
            raise BundleRefused("records.invalid", tr(
                "Gói “{name}” có {n} bản ghi không hợp lệ nên bị từ chối cả gói; chưa ghi gì vào cơ sở dữ liệu. "
                "Đề nghị đơn vị sửa các bản ghi dưới đây rồi xuất lại gói.").format(
                    name=b.name, n=len({p.line for p in verdict.invalid})), verdict.invalid)
        if verdict.breaches:
            raise BundleRefused("authority.breach", tr(
                "Gói “{name}” của máy {device} (đơn vị {unit}) có {n} bản ghi ngoài quyền của đơn vị này "
                "(SYNC.md, bước 3), nên bị từ chối cả gói; chưa ghi gì vào cơ sở dữ liệu. Một đơn vị chỉ gửi "
                "được bản ghi của mình và của các đơn vị trực thuộc.").format(
                    name=b.name, device=m["device_id"][:8], unit=authority.sender.unit_code,
                    n=len({p.line for p in verdict.breaches})), verdict.breaches,
                device_id=m["device_id"], unit_code=authority.sender.unit_code)
        self.authority = authority
        with self.db.read() as s:
            prog = s.get(ImportProgress, (m["device_id"], m["epoch"]))
            applied_seq = prog.last_bundle_seq if prog else 0
            applied_change = prog.last_change_seq if prog else 0
        prev = m.get("prev_bundle_seq") or 0
        if m["kind"] == "changes" and prev > applied_seq and not options.force:
            return self._hold(b, path, applied_seq, options.dry_run)
        skip_upto = applied_change if m["kind"] == "changes" else 0
        report = self._apply(b, path, skip_upto, applied_seq, options)
        if report.outcome == "applied" and m["kind"] in ("changes", "full"):
            report.released = self._release_held(m["device_id"], m["epoch"], options)
        return report

    def _check_addressee(self, b: OpenedBundle) -> None:
        """Who may send what to whom: the province takes units' bundles and never an ack; a unit takes
        only acks, encrypted, from the province, addressed to this very machine."""
        m = b.manifest
        if m["device_id"] == self.local:
            raise BundleRefused("order.own_bundle", tr(
                "Gói “{name}” do chính máy này tạo ra; không nhập lại gói của mình.").format(name=b.name))
        if self.province and m["kind"] == "ack":
            raise BundleRefused("ack.at_province", tr(
                "Gói “{name}” là gói phản hồi; máy của tỉnh không nhập gói phản hồi (chỉ tỉnh gửi phản hồi "
                "cho đơn vị). Gói bị từ chối, chưa ghi gì.").format(name=b.name))
        if self.province:
            return
        if m["kind"] != "ack":
            raise BundleRefused("unit.not_ack", tr(
                "Gói “{name}” là gói dữ liệu của một máy đơn vị; máy đơn vị chỉ nhập gói phản hồi của tỉnh. "
                "Gói dữ liệu của đơn vị được nhập ở máy của tỉnh.").format(name=b.name))
        target = m.get("to_device_id")
        if target != self.local:
            raise BundleRefused("ack.other_device", tr(
                "Gói phản hồi “{name}” của tỉnh gửi cho máy khác ({device}), không phải máy này. "
                "Hãy chọn đúng gói phản hồi của máy mình.").format(name=b.name, device=str(target or "—")[:8]))
        if not b.encrypted:
            raise BundleRefused("ack.plaintext", tr(
                "Gói phản hồi “{name}” không được mã hóa, mà phản hồi của tỉnh mang dữ liệu cá nhân (Nghị định "
                "13/2023/NĐ-CP) nên phải được mã hóa cho máy này. Đề nghị tỉnh cập nhật phần mềm rồi ghi lại "
                "gói phản hồi.").format(name=b.name))

    def _authority(self, b: OpenedBundle) -> Authority:
        """The sender as this store trusts it: its unit, that unit's subtree, the devices around it."""
        from desktop.models import Device, Unit
        from desktop.models.sync import PeerDevice

        m = b.manifest
        with self.db.read() as s:
            own = set(s.scalars(select(Device.id).where(Device.is_local)))
            if not self.province:
                unit = s.scalar(select(Device.unit_code).where(Device.id == self.local)) or ""
                sender = Sender(m["device_id"], unit, unit_subtree(s, unit), from_province=True)
                return Authority(sender, m, own)
            peer = s.get(PeerDevice, m["device_id"])
            unit = peer.unit_code if peer is not None else ""
            subtree = unit_subtree(s, unit) if unit else frozenset()
            known = set(s.scalars(select(Unit.code)))
        if not subtree:
            raise BundleRefused("authority.no_unit", tr(
                "Khóa của máy {device} được tin cậy mà chưa gắn với một đơn vị có trong danh sách đơn vị, nên "
                "chưa biết máy này được gửi dữ liệu của đơn vị nào. Hãy tin cậy lại khóa này và chọn đơn vị "
                "(Tiếp nhận dữ liệu › Thiết bị và khóa, hoặc doingoai keys trust --unit).").format(
                    device=m["device_id"][:8]), device_id=m["device_id"], unit_code=m["unit_code"])
        if m["unit_code"] != unit:
            raise BundleRefused("authority.wrong_unit", tr(
                "Gói “{name}” ghi là của đơn vị {claimed}, nhưng khóa của máy {device} được tin cậy cho đơn vị "
                "{unit}. Gói bị từ chối cả gói; chưa ghi gì. Nếu máy đã chuyển sang phục vụ đơn vị khác, hãy "
                "tin cậy lại khóa với đúng đơn vị.").format(
                    name=b.name, claimed=m["unit_code"], device=m["device_id"][:8], unit=unit),
                device_id=m["device_id"], unit_code=unit, claimed=m["unit_code"])
        return Authority(Sender(m["device_id"], unit, subtree, from_province=False), m, own, known)

    # --- step 4: order ------------------------------------------------------------------------

    def _hold(self, b: OpenedBundle, path: Path, applied_seq: int, dry_run: bool) -> ImportReport:
        m = b.manifest
        with self.db.read() as s:
            held = set(s.scalars(select(HeldBundle.bundle_seq).where(
                HeldBundle.device_id == m["device_id"], HeldBundle.epoch == m["epoch"])))
        missing = order.gaps(applied_seq, m["bundle_seq"], held)
        if not dry_run:
            self._keep_copy(b, path, missing)
        counts = {entity: {**dict.fromkeys(COUNT_KEYS, 0), "held": n}
                  for entity, n in (m.get("counts") or {}).items()}
        missing_text = order.text(missing)
        message = tr(
            "Gói “{name}” (số {seq}) đang được giữ lại: còn thiếu gói số {missing} của máy này. Gói sẽ được "
            "nhập tự động khi các gói còn thiếu đến; nếu các gói ấy đã mất, có thể buộc nhập (--force) hoặc "
            "đề nghị đơn vị gửi gói đầy đủ.").format(name=b.name, seq=m["bundle_seq"], missing=missing_text)
        return _report(path, "held", message, b, counts=counts, missing_seqs=order.listed(missing),
                       missing_ranges=missing)

    def _keep_copy(self, b: OpenedBundle, path: Path, missing: list[order.Range]) -> None:
        m = b.manifest
        private_dir(self.held_dir)
        stored = self.held_dir / path.name
        if path.resolve() != stored.resolve():
            private_copy(path, stored)
        with self.db.session() as s:
            row = s.scalar(select(HeldBundle).where(
                HeldBundle.device_id == m["device_id"], HeldBundle.epoch == m["epoch"],
                HeldBundle.bundle_seq == m["bundle_seq"]))
            if row is None:
                row = HeldBundle(device_id=m["device_id"], epoch=m["epoch"], bundle_seq=m["bundle_seq"])
                s.add(row)
            row.prev_bundle_seq = m.get("prev_bundle_seq") or 0
            row.unit_code = m["unit_code"]
            row.file_name = path.name
            row.stored_path = str(stored)
            row.missing = [list(r) for r in missing]
            row.received_at = utcnow()

    def _release_held(self, device_id: str, epoch: int, options: ImportOptions) -> list[ImportReport]:
        released: list[ImportReport] = []
        if options.dry_run:
            return released
        while True:
            with self.db.read() as s:
                prog = s.get(ImportProgress, (device_id, epoch))
                applied = prog.last_bundle_seq if prog else 0
                ready = s.scalars(select(HeldBundle).where(
                    HeldBundle.device_id == device_id, HeldBundle.epoch == epoch,
                    HeldBundle.prev_bundle_seq <= applied).order_by(HeldBundle.bundle_seq)).first()
            if ready is None:
                return released
            report = self.import_path(Path(ready.stored_path), ImportOptions(progress=options.progress))
            released.append(report)
            released.extend(report.released)
            report.released = []
            with self.db.session() as s:  # replayed or refused (key withdrawn, file damaged): stop waiting on it
                row = s.get(HeldBundle, ready.id)
                if row is not None:
                    Path(row.stored_path).unlink(missing_ok=True)
                    s.delete(row)

    # --- step 5–7: apply, check, report --------------------------------------------------------

    def _apply(self, b: OpenedBundle, path: Path, skip_upto: int, applied_seq: int,
               options: ImportOptions) -> ImportReport:
        m = b.manifest
        if not options.dry_run and self.before_apply is not None:
            self.before_apply()
        box: dict[str, ImportReport] = {}
        raw = None
        try:
            with self.db.session() as s:
                s.info["applying_bundle"] = True
                raw = _tune_for_import(s)
                try:
                    applier = _Applier(s, self, b, options.dry_run)
                    applier.run(skip_upto, options.progress)
                    report = self._finish(s, b, path, applier, applied_seq, options)
                    box["report"] = report
                    checkpoint()
                    if report.outcome != "applied":
                        raise _Rollback
                finally:
                    _untune_cache(raw)
        except _Rollback:
            pass
        except (IntegrityError, DBAPIError, ValueError, TypeError, KeyError) as exc:
            if _is_disk_full(exc) or _is_read_only(exc):
                raise  # said as what it is by import_path, not as a bad bundle
            error = getattr(exc, "orig", None) or exc
            return ImportReport(path, "refused", tr(
                "Không ghi được gói “{name}” vào cơ sở dữ liệu ({error}); chưa ghi gì. Đề nghị đơn vị gửi gói "
                "đầy đủ (xuất gói đầy đủ).").format(name=b.name, error=str(error)[:200]),
                code="apply.failed", kind=m["kind"], device_id=m["device_id"], unit_code=m["unit_code"],
                epoch=m["epoch"], bundle_seq=m["bundle_seq"])
        checkpoint()
        return box["report"]

    def _finish(self, s: Session, b: OpenedBundle, path: Path, applier: _Applier, applied_seq: int,
                options: ImportOptions) -> ImportReport:
        m = b.manifest
        checksum_ok = None
        if m["kind"] in ("changes", "full") and m.get("state_checksum"):
            actual = applier.checksum()
            checksum_ok = actual == m["state_checksum"].lower()
        reported: list[dict] = []
        if m["kind"] == "ack":
            reported = self._apply_ack(s, b, applier, stale=m["bundle_seq"] <= applied_seq)
        changed = applier.changed
        replay = not changed and m["bundle_seq"] <= applied_seq
        if replay:
            return _report(path, "replayed", tr(
                "Gói “{name}” (số {seq}) đã được nhập trước đây; không có gì thay đổi.").format(
                    name=b.name, seq=m["bundle_seq"]), b, counts=applier.report_counts(), checksum_ok=checksum_ok)
        self._bookkeep(s, b, path, applier, checksum_ok, options.force)
        if not options.dry_run:  # last, so the trail's lock is held only until the commit
            audit.append(s, self.actor, applier.audited)
        outcome = "dry_run" if options.dry_run else "applied"
        report = _report(path, outcome, _summary(b, applier, checksum_ok, options.dry_run), b,
                         counts=applier.report_counts(), checksum_ok=checksum_ok)
        report.reported_conflicts = reported
        if checksum_ok is False:
            report.details["checksum_expected"] = m["state_checksum"]
            report.details["checksum_actual"] = applier.checksum()
        return report

    def _bookkeep(self, s: Session, b: OpenedBundle, path: Path, applier: _Applier,
                  checksum_ok: bool | None, forced: bool) -> None:
        m = b.manifest
        key = (m["device_id"], m["epoch"])
        prog = s.get(ImportProgress, key)
        if prog is None:
            prog = ImportProgress(device_id=key[0], epoch=key[1], last_bundle_seq=0, last_change_seq=0)
            s.add(prog)
        prog.unit_code = m["unit_code"]
        prog.last_bundle_seq = max(prog.last_bundle_seq or 0, m["bundle_seq"])  # acks too: a replay is seen
        if m["kind"] in ("changes", "full"):
            prog.last_change_seq = max(prog.last_change_seq or 0, m.get("change_seq_to") or 0)
        prog.last_received_at = utcnow()
        prog.last_file = path.name
        prog.last_kind = m["kind"]
        if isinstance(m.get("app_version"), str):
            prog.last_app_version = m["app_version"][:40]
        recipient = m.get("age_recipient")
        if self.province and isinstance(recipient, str) and m["bundle_seq"] >= (prog.last_bundle_seq or 0):
            from desktop.models.sync import PeerDevice

            peer = s.get(PeerDevice, m["device_id"])
            if peer is not None:  # the newest bundle's key: the device's acks are encrypted to it
                peer.age_recipient = recipient
        if checksum_ok is not None:
            prog.checksum_ok = checksum_ok
            prog.checksum_expected = m["state_checksum"]
            prog.checksum_actual = applier.checksum()
        s.add(ImportedBundle(
            device_id=m["device_id"], epoch=m["epoch"], bundle_seq=m["bundle_seq"], unit_code=m["unit_code"],
            kind=m["kind"], file_name=path.name, outcome="forced" if forced else "applied",
            counts=applier.report_counts(), checksum_ok=checksum_ok, imported_at=utcnow(),
            acked_bundle_seq=_int_or_zero(m.get("acked_bundle_seq"))))
        # held bundles at or below what is now applied are obsolete: bundles are cumulative
        for row in s.scalars(select(HeldBundle).where(
                HeldBundle.device_id == m["device_id"], HeldBundle.epoch == m["epoch"],
                HeldBundle.bundle_seq <= prog.last_bundle_seq)):
            Path(row.stored_path).unlink(missing_ok=True)
            s.delete(row)

    # --- ack bundles at the unit ---------------------------------------------------------------

    def _apply_ack(self, s: Session, b: OpenedBundle, applier: _Applier, stale: bool = False) -> list[dict]:
        """Mark our bundles acknowledged; take the province's rules and its word on our conflicts — unless
        the ack is an older one than the last applied (a replay must not roll rules or conflicts back)."""
        m = b.manifest
        through = m.get("applied_through_bundle_seq") or 0
        epoch = m.get("to_epoch")
        self._mark_acked(s, through, epoch)
        if stale:
            return []
        rules = self._mirror_rules(s, m.get("rule_settings"))
        if rules:
            applier.counts["rule_setting"]["updated"] += rules
            applier.changed += rules
        reported: list[dict] = []
        for _line, result in b.results():
            entity, rid = result["entity"], result["id"]
            existing = s.scalar(select(SyncConflict).where(
                SyncConflict.entity == entity, SyncConflict.record_id == rid,
                SyncConflict.device_id == m["device_id"], SyncConflict.status == "reported"))
            if result["status"] == "conflict":
                if existing is None:
                    existing = SyncConflict(entity=entity, record_id=rid, device_id=m["device_id"],
                                            unit_code=m.get("to_unit_code") or "", status="reported")
                    s.add(existing)
                existing.incoming_version = result.get("version") or 0
                existing.reason = result.get("reason") or ""
                existing.bundle_seq = m["bundle_seq"]
                reported.append({"entity": entity, "id": rid, "version": result.get("version"),
                                 "reason": result.get("reason") or ""})
            elif existing is not None:
                existing.status = "resolved"
                existing.resolution = "province"
                existing.reason = result.get("reason") or existing.reason
                existing.resolved_at = utcnow()
        return reported

    def _mirror_rules(self, s: Session, settings: list | None) -> int:
        """Take the province's rule settings (validated in step 3): edited rules as sent, the rest default.

        Returns how many rules changed here.
        """
        from desktop.models import RuleSetting

        changed = 0
        for item in settings or ():
            row = s.get(RuleSetting, item["code"])
            if item.get("default"):
                if row is not None:
                    s.delete(row)
                    changed += 1
                continue
            wanted = (bool(item["enabled"]), dict(item["params"]), item["source"])
            if row is not None and (row.enabled, dict(row.params or {}), row.source) == wanted:
                continue
            if row is None:
                row = RuleSetting(code=item["code"])
                s.add(row)
            row.enabled, row.params, row.source = wanted
            row.updated_at, row.updated_by = utcnow(), self.officer
            changed += 1
        return changed

    def _mark_acked(self, s: Session, through: int, epoch: int | None) -> None:
        if through <= 0:
            return
        query = select(SentBundle).where(SentBundle.device_id == self.local, SentBundle.bundle_seq <= through,
                                         SentBundle.kind.in_(("changes", "full")), SentBundle.acked.is_(False))
        if epoch is not None:
            query = query.where(SentBundle.epoch == epoch)
        now = utcnow()
        for row in s.scalars(query):
            row.acked, row.acked_at = True, now
        last = s.scalar(select(SentBundle).where(
            SentBundle.device_id == self.local, SentBundle.bundle_seq == through,
            *([SentBundle.epoch == epoch] if epoch is not None else [])))
        if last is None:
            return
        st = s.get(SyncState, (self.local, last.epoch))
        if st is not None and through > st.acked_bundle_seq:
            st.acked_bundle_seq = through
            st.acked_change_seq = max(st.acked_change_seq, last.change_seq_to)
            st.acked_at = now


class _Applier:
    """Step 5 for one bundle inside the import's transaction, a chunk at a time."""

    def __init__(self, s: Session, importer: Importer, b: OpenedBundle, dry_run: bool):
        self.s = s
        self.importer = importer
        self.b = b
        self.m = b.manifest
        self.sender = self.m["device_id"]
        self.dry_run = dry_run
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.changed = 0
        self.unique_seen: dict[tuple, str] = {}
        self._checksum: str | None = None
        self.audited: list[audit.Event] = []  # one entry per record applied, naming its author

    def run(self, skip_upto: int, progress: Progress | None) -> None:
        total = self.b.line_count()
        buf: list[tuple[int, dict]] = []
        done = 0
        for line, change in self.b.changes():
            done += 1
            if skip_upto and change["change_seq"] <= skip_upto:
                self.counts[change["entity"]]["unchanged"] += 1
                continue
            buf.append((line, change))
            if len(buf) >= state.CHUNK:
                self._chunk(buf)
                buf = []
                checkpoint()
                if progress is not None:
                    progress(done, total)
        self._chunk(buf)
        if progress is not None:
            progress(total, total)

    # one chunk: read what is stored, decide each change, write in bulk
    def _chunk(self, buf: list[tuple[int, dict]]) -> None:
        if not buf:
            return
        self.current = self._load_current(buf)
        self.edits = self._load_local_edits(buf)
        self.open_conflicts = self._load_conflicts(buf)
        self.inserts: dict[str, dict[str, dict]] = defaultdict(dict)
        self.updates: dict[str, dict[str, dict]] = defaultdict(dict)
        for line, change in buf:
            self._decide(line, change)
        self._write()

    def _load_current(self, buf: list[tuple[int, dict]]) -> dict[tuple[str, str], _Current]:
        by_entity: dict[str, set[str]] = defaultdict(set)
        for _line, ch in buf:
            by_entity[ch["entity"]].add(ch["id"])
        out: dict[tuple[str, str], _Current] = {}
        for entity, ids in by_entity.items():
            model = state.SYNCED_MODELS[entity]
            table = model.__table__
            for row in self.s.execute(select(table).where(table.c.id.in_(list(ids)))):
                out[(entity, row.id)] = _Current(row.version, row.base_version, bool(row.deleted),
                                                 state.row_data(model, row), row.unit_code, row.origin_device)
        return out

    def _load_local_edits(self, buf: list[tuple[int, dict]]) -> dict[str, list[tuple[int, int]]]:
        ids = list({ch["id"] for _line, ch in buf})
        rows = self.s.execute(select(ChangeLog.record_id, ChangeLog.version, ChangeLog.base_version).where(
            ChangeLog.device_id == self.importer.local, ChangeLog.record_id.in_(ids)))
        out: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for rid, version, base in rows:
            out[rid].append((version, base))
        return out

    def _load_conflicts(self, buf: list[tuple[int, dict]]) -> dict[tuple[str, str], list[SyncConflict]]:
        """The open conflicts of the chunk's records: one per device that met another version."""
        ids = list({ch["id"] for _line, ch in buf})
        rows = self.s.scalars(select(SyncConflict).where(
            SyncConflict.status == "open", SyncConflict.record_id.in_(ids)))
        out: dict[tuple[str, str], list[SyncConflict]] = defaultdict(list)
        for c in rows:
            out[(c.entity, c.record_id)].append(c)
        return out

    def _decide(self, line: int, ch: dict) -> None:
        entity, rid = ch["entity"], ch["id"]
        key = (entity, rid)
        incoming_deleted = ch["op"] == "delete"
        data = ch.get("data") or {}
        waiting = self.open_conflicts.get(key)
        if waiting:  # a person must decide first; each device keeps its own version in its own conflict
            mine = next((c for c in waiting if c.device_id == self.sender), None)
            if mine is not None:
                self._refresh_conflict(mine, ch)
            else:
                self._conflict(ch, self.current.get(key), tr(
                    "bản ghi đang chờ giải quyết xung đột với máy {device}").format(device=waiting[0].device_id[:8]))
            return
        cur = self.current.get(key)
        if cur is not None and incoming_deleted and not _complete(line, ch):
            ch = {**ch, "data": dict(cur.data)}  # a tombstone without (valid) data keeps what we hold
            data = ch["data"]
        if cur is None:
            if incoming_deleted and not _complete(line, ch):
                self.counts[entity]["unchanged"] += 1  # a tombstone of a record never seen, without its data
                return
            clash = self._unique_clash(entity, rid, data, ch)
            if clash is not None:
                self._conflict(ch, None, clash)
                return
            self._insert(ch)
            self.counts[entity]["deleted" if incoming_deleted else "new"] += 1
            return
        # the content, not the number, says whether anything changed (SYNC.md step 5): compared as the
        # store holds it, so NFD text or an instant's fraction of a second is not taken for an edit
        same = cur.deleted == incoming_deleted and cur.data == state.converter(entity).content(data)
        foreign = self._foreign(cur)
        if self.m["kind"] == "ack" and entity == "unit" and not same:
            # the unit list is the province's: its version of a unit counts, whatever was typed here
            self._update(ch, cur)
            self.counts[entity]["updated"] += 1
            return
        if same:
            if ch["version"] > cur.version and not foreign:  # the same content under a newer number
                self._update(ch, cur)
                self.counts[entity]["updated"] += 1
            else:
                self.counts[entity]["unchanged"] += 1
            return
        if foreign:
            self._conflict(ch, cur, tr("bản ghi do một máy khác của đơn vị (máy {device}) gửi lên trước; hai máy "
                                       "cùng sửa một bản ghi").format(device=cur.origin_device[:8]))
            return
        unseen = [(v, base) for v, base in self.edits.get(rid, ()) if v > ch["base_version"]]
        if unseen and ch["version"] > min(base for _v, base in unseen):
            self._conflict(ch, cur, tr("bản ghi đã được sửa ở cả hai nơi"))
            return
        if ch["version"] == cur.version:
            self._conflict(ch, cur, tr("cùng phiên bản {version} nhưng nội dung khác: bản ghi đã được sửa ở hai "
                                       "nơi (hai máy)").format(version=cur.version))
            return
        if ch["version"] < cur.version or unseen:
            self.counts[entity]["unchanged"] += 1  # stale: we already hold what the sender sends
            return
        clash = self._unique_clash(entity, rid, data, ch)
        if clash is not None:
            self._conflict(ch, cur, clash)
            return
        self._update(ch, cur)
        self.counts[entity]["deleted" if incoming_deleted and not cur.deleted else "updated"] += 1

    def _foreign(self, cur: _Current) -> bool:
        """At the province: a record first received from another device than the sender (another PC of the
        unit; authority let only those through). Its changes are conflicts, never silent overwrites."""
        if not self.importer.province or not cur.origin_device or cur.origin_device == self.sender:
            return False
        return cur.origin_device not in self.importer.authority.own_devices

    def _values(self, ch: dict, cur: _Current | None) -> dict[str, Any]:
        conv = state.converter(ch["entity"])
        values = conv.values(ch.get("data") or {})
        values.update(
            unit_code=self._unit_code(ch, cur), version=ch["version"], base_version=ch["base_version"],
            # the origin never changes once a record exists (the shipped units keep "seed")
            origin_device=cur.origin_device if cur is not None and cur.origin_device else ch["origin_device"],
            deleted=ch["op"] == "delete",
            updated_at=state.parse_instant(ch.get("updated_at")) or utcnow(),
        )
        return values

    def _unit_code(self, ch: dict, cur: _Current | None) -> str:
        """The owning unit: from the data when it has one, else as stored, else the bundle's unit.

        A change line has no unit_code of its own (the published envelope is closed); the
        records a unit sends are its own, and an ack's new records are for the unit it is sent to.
        """
        data = ch.get("data") or {}
        if isinstance(data.get("unit_code"), str) and data["unit_code"]:
            return data["unit_code"]
        if cur is not None and cur.unit_code:
            return cur.unit_code
        if ch["entity"] == "unit" and isinstance(data.get("code"), str):
            return data["code"]
        owner_unit = self.importer.authority.unit_of(ch["entity"], ch["id"])  # a child: its owner's
        if owner_unit:
            return owner_unit
        if self.m["kind"] == "ack" and isinstance(self.m.get("to_unit_code"), str):
            return self.m["to_unit_code"]
        return self.m["unit_code"]

    def _insert(self, ch: dict) -> None:
        values = self._values(ch, None)
        self._audit(ch, None)
        values["id"] = ch["id"]
        values["created_at"] = values["updated_at"]
        self.inserts[ch["entity"]][ch["id"]] = values
        self._note(ch, values)

    def _update(self, ch: dict, cur: _Current) -> None:
        values = self._values(ch, cur)
        self._audit(ch, cur)
        pending = self.inserts[ch["entity"]].get(ch["id"])
        if pending is not None:  # the same record twice in one chunk: the insert takes the later state
            pending.update(values)
        else:
            values["b_id"] = ch["id"]
            self.updates[ch["entity"]][ch["id"]] = values
        self._note(ch, values)

    def _audit(self, ch: dict, cur: _Current | None) -> None:
        """The trail's entry for a record applied: who made the change at the unit (the line's `author`),
        its version, and for a record already held each field that changed (old, new)."""
        details: dict[str, Any] = {"version": ch["version"], "bundle_seq": self.m["bundle_seq"]}
        if cur is not None:
            new = state.converter(ch["entity"]).content(ch.get("data") or {})
            details["fields"] = {k: [cur.data.get(k), v] for k, v in new.items() if cur.data.get(k) != v}
        if ch["op"] == "delete":
            details["deleted"] = True
        author = ch.get("author")
        self.audited.append(audit.Event("import", ch["entity"], ch["id"], details,
                                        author if isinstance(author, str) else ""))

    def _note(self, ch: dict, values: dict[str, Any]) -> None:
        self.changed += 1
        data = ch.get("data") or {}
        self.current[(ch["entity"], ch["id"])] = _Current(
            ch["version"], ch["base_version"], ch["op"] == "delete",
            state.converter(ch["entity"]).content_of(values), values["unit_code"], values["origin_device"])
        if not self.dry_run and state.has_lists(ch["entity"]):
            self._copy_attachments(data)

    def _copy_attachments(self, data: dict) -> None:
        for sha in state.attachment_hashes(data):
            src = self.b.attachment(sha)
            target = self.importer.attachments_dir / sha
            if src is not None and not target.exists():
                private_dir(target.parent)
                if self.importer.db.key is not None:  # an encrypted register's files are sealed at rest
                    sealed.write(target, Path(src).read_bytes(), self.importer.db.key, sealed.ATTACHMENTS)
                else:
                    private_copy(src, target)

    def _unique_clash(self, entity: str, rid: str, data: dict, ch: dict) -> str | None:
        """A value another record already holds under a UNIQUE constraint (a document number, a unit code)."""
        keys = _unique_keys(entity)
        if not keys:
            return None
        table = state.table_of(entity)
        values = self._values(ch, None)
        for columns in keys:
            key = tuple(values.get(c) for c in columns)
            if any(v is None for v in key):
                continue  # NULLs never collide
            seen = self.unique_seen.get((entity, columns, key))
            if seen is not None and seen != rid:
                return _clash_text(entity, columns, key)
            other = self.s.scalar(select(table.c.id).where(
                *[table.c[c] == v for c, v in zip(columns, key, strict=True)], table.c.id != rid).limit(1))
            if other is not None:
                return _clash_text(entity, columns, key)
            self.unique_seen[(entity, columns, key)] = rid
        return None

    def _conflict(self, ch: dict, cur: _Current | None, reason: str) -> None:
        entity = ch["entity"]
        conflict = SyncConflict(
            entity=entity, record_id=ch["id"], unit_code=self._unit_code(ch, cur), device_id=self.sender, bundle_seq=self.m["bundle_seq"],
            local_version=cur.version if cur else 0,
            local_data=({**cur.data, "deleted": cur.deleted} if cur else None),
            incoming_version=ch["version"], incoming_base_version=ch["base_version"],
            incoming_data=ch.get("data") or {}, incoming_deleted=ch["op"] == "delete", status="open",
            reason=reason, created_at=utcnow())
        self.s.add(conflict)
        self.open_conflicts[(entity, ch["id"])].append(conflict)
        self._result(ch, "conflict", reason)
        self.counts[entity]["conflicts"] += 1
        self.changed += 1

    def _refresh_conflict(self, conflict: SyncConflict, ch: dict) -> None:
        """The same device sent a newer version of a record in conflict: the conflict shows the newest."""
        if ch["version"] > conflict.incoming_version:
            conflict.incoming_version = ch["version"]
            conflict.incoming_base_version = ch["base_version"]
            conflict.incoming_data = ch.get("data") or {}
            conflict.incoming_deleted = ch["op"] == "delete"
            conflict.unit_code = self._unit_code(ch, self.current.get((ch["entity"], ch["id"])))
            conflict.bundle_seq = self.m["bundle_seq"]
            self.changed += 1
        self.counts[ch["entity"]]["conflicts"] += 1

    def _result(self, ch: dict, status: str, reason: str) -> None:
        self.s.add(ImportResult(
            device_id=self.sender, epoch=self.m["epoch"], bundle_seq=self.m["bundle_seq"], entity=ch["entity"],
            record_id=ch["id"], version=ch["version"], status=status, reason=reason, created_at=utcnow()))

    def _write(self) -> None:
        _defer_foreign_keys(self.s)
        for entity in state.sorted_entities():
            table = state.table_of(entity)
            rows = list(self.inserts.get(entity, {}).values())
            if rows:
                self.s.execute(insert(table), rows)
            rows = list(self.updates.get(entity, {}).values())
            if rows:
                self.s.execute(update(table).where(table.c.id == bindparam("b_id")), rows)
        self.s.flush()

    # step 6
    def checksum(self) -> str:
        """The sender's state checksum over what is stored, counting open conflicts at their incoming version."""
        if self._checksum is None:
            acc = state.state_checksum_value(self.s, self.sender)
            for c in self.s.scalars(select(SyncConflict).where(
                    SyncConflict.status == "open", SyncConflict.device_id == self.sender)):
                table = state.table_of(c.entity)
                row = self.s.execute(select(table.c.version, table.c.origin_device)
                                     .where(table.c.id == c.record_id)).first()
                if row is None:
                    acc ^= state.record_hash(c.record_id, c.incoming_version)
                elif row.origin_device == self.sender:
                    acc ^= state.record_hash(c.record_id, row.version)
                    acc ^= state.record_hash(c.record_id, c.incoming_version)
            self._checksum = state.checksum_hex(acc)
        return self._checksum

    def report_counts(self) -> dict[str, dict[str, int]]:
        """Counts per entity with every key present."""
        return {entity: {k: per.get(k, 0) for k in COUNT_KEYS} for entity, per in sorted(self.counts.items())}


# --- helpers -------------------------------------------------------------------------------------


_UNIQUE_CACHE: dict[str, list[tuple[str, ...]]] = {}


def _unique_keys(entity: str) -> list[tuple[str, ...]]:
    """Column tuples under a UNIQUE constraint other than the primary key."""
    keys = _UNIQUE_CACHE.get(entity)
    if keys is None:
        from sqlalchemy import UniqueConstraint

        table = state.table_of(entity)
        keys = [tuple(c.name for c in con.columns) for con in table.constraints
                if isinstance(con, UniqueConstraint)]
        keys += [(c.name,) for c in table.columns if c.unique and (c.name,) not in keys]
        _UNIQUE_CACHE[entity] = keys
    return keys


def _clash_text(entity: str, columns: tuple, key: tuple) -> str:
    if entity == "outgoing_document":
        values = dict(zip(columns, key, strict=True))
        return tr("số văn bản {number:02d}/{year} của đơn vị {unit} đã được dùng cho một văn bản khác").format(
            number=values.get("number", 0), year=values.get("year", ""), unit=values.get("unit_code", ""))
    pairs = ", ".join(f"{c} = {v}" for c, v in zip(columns, key, strict=True))
    return tr("giá trị {pairs} đã thuộc về một bản ghi khác").format(pairs=pairs)


def _is_disk_full(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    return getattr(orig, "errno", None) == errno.ENOSPC or "database or disk is full" in str(orig)


def _is_read_only(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "errno", None) in (errno.EROFS, errno.EACCES, errno.EPERM):
        return True
    text = str(orig)
    return "readonly database" in text or "read-only" in text


def _complete(line: int, ch: dict) -> bool:
    """Whether a delete line carries the whole record (so its tombstone can be stored)."""
    from desktop.sync.schema import validate_change

    return not validate_change(line, {**ch, "op": "upsert"})


def _text(value: Any) -> str | None:
    return value[:80] if isinstance(value, str) else None


def _tune_for_import(s: Session) -> Any:
    """SQLite: a bigger page cache while the indexes grow (every connection is synchronous=FULL already:
    storage/engine.py). Returns the driver connection, to give the cache back after."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        return None
    conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    return conn.connection.dbapi_connection


def _untune_cache(raw: Any) -> None:
    if raw is not None:  # straight on the driver: works whatever state the session's transaction is in
        raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # the connection's own size (storage/engine.py)


def _defer_foreign_keys(s: Session) -> None:
    """Foreign keys checked at commit: a record may come before the one it points to was last edited.

    Said again before each write: SQLite resets the flag at every commit, and the driver's
    reads before the first write run outside the transaction.
    """
    conn = s.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


def _refused(path: Path, exc: BundleRefused) -> ImportReport:
    return ImportReport(path, "refused", exc.message, problems=list(exc.problems), code=exc.code,
                        details=exc.as_dict()["details"])


def _report(path: Path, outcome: str, message: str, b: OpenedBundle, **kw: Any) -> ImportReport:
    m = b.manifest
    return ImportReport(path, outcome, message, kind=m["kind"], device_id=m["device_id"],
                        unit_code=m["unit_code"], epoch=m["epoch"], bundle_seq=m["bundle_seq"], **kw)


def _summary(b: OpenedBundle, applier: _Applier, checksum_ok: bool | None, dry_run: bool) -> str:
    t = {k: sum(per.get(k, 0) for per in applier.counts.values()) for k in COUNT_KEYS}
    head = (tr("Xem trước gói “{name}” (chưa ghi gì): ") if dry_run else tr("Đã nhập gói “{name}”: ")).format(
        name=b.name)
    text = head + tr("{new} mới, {updated} cập nhật, {unchanged} không đổi, {deleted} xóa, "
                     "{conflicts} xung đột.").format(**t)
    if t["conflicts"]:
        text += " " + tr("Các xung đột cần người xem và quyết định (doingoai conflicts).")
    if checksum_ok is False:
        text += " " + tr("Tổng kiểm tra dữ liệu của máy gửi không khớp: hãy đề nghị đơn vị gửi gói đầy đủ "
                         "(Gửi dữ liệu về tỉnh › Gói đầy đủ).")
    return text


def _int_or_zero(value: Any) -> int:
    """A manifest's optional counter (another program may leave it out)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0

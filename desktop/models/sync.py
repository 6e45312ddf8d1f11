"""The state of sync by bundles (SYNC.md), kept beside the registers.

None of these tables travels in bundles: they say what this installation sent,
whom it trusts, how far each peer device's bundles are applied, what waits for
a predecessor, what conflicts a person must resolve, and what the last import
of each bundle found (for the ack).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utcnow
from desktop.models.plan import PlannedActivity
from desktop.models.promotion import FollowUpAction

# Every foreign-key column of the registers is indexed: the import checks foreign keys at commit
# (PRAGMA defer_foreign_keys), and while a child waits for its parent SQLite looks up the children of
# every parent row inserted, so an unindexed child column would be scanned once per imported record.
# These two had no index of their own (migration 0005 adds them; a test keeps every such column indexed).
Index("ix_follow_up_action_owner_person_id", FollowUpAction.owner_person_id)
Index("ix_planned_activity_owner_person_id", PlannedActivity.owner_person_id)


class SyncState(Base):
    """This device's bundle counter and the last bundle the province acknowledged (per epoch)."""

    __tablename__ = "sync_state"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_bundle_seq: Mapped[int] = mapped_column(Integer, default=0)
    acked_bundle_seq: Mapped[int] = mapped_column(Integer, default=0)
    # change_seq_to of the acknowledged bundle: the next `changes` bundle starts after it
    acked_change_seq: Mapped[int] = mapped_column(Integer, default=0)
    acked_at: Mapped[datetime | None] = mapped_column(default=None)


class SentBundle(Base):
    """A bundle this device wrote: what it held and whether the receiver acknowledged it."""

    __tablename__ = "sync_sent_bundle"
    __table_args__ = (UniqueConstraint("device_id", "epoch", "bundle_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    epoch: Mapped[int] = mapped_column(Integer)
    bundle_seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))  # changes | full | ack
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    change_seq_from: Mapped[int] = mapped_column(Integer, default=0)
    change_seq_to: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    file_name: Mapped[str] = mapped_column(String(200))
    out_dir: Mapped[str] = mapped_column(Text, default="")
    to_device_id: Mapped[str | None] = mapped_column(String(36), default=None)  # ack bundles
    # an ack's `applied_through_bundle_seq`: a unit bundle that names it as acked proves the unit read
    # this ack (or a later one with the same number), so the province knows what reached the unit
    applied_through_bundle_seq: Mapped[int] = mapped_column(Integer, default=0)
    state_checksum: Mapped[str] = mapped_column(String(64), default="")
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    acked: Mapped[bool] = mapped_column(Boolean, default=False)
    acked_at: Mapped[datetime | None] = mapped_column(default=None)


class PeerDevice(Base):
    """Another installation whose signing key a person trusted after comparing fingerprints."""

    __tablename__ = "sync_peer_device"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), default="")
    public_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(12), default="unit")  # unit | province
    trusted_by: Mapped[str] = mapped_column(String(200), default="")
    trusted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # a unit device's own age recipient, from its newest bundle applied here: its acks are encrypted to it
    age_recipient: Mapped[str | None] = mapped_column(String(100), default=None)


class ImportProgress(Base):
    """How far the bundles of one device and epoch are applied here."""

    __tablename__ = "sync_import_progress"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit_code: Mapped[str] = mapped_column(String(32), default="")
    last_bundle_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_change_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_received_at: Mapped[datetime | None] = mapped_column(default=None)
    last_file: Mapped[str] = mapped_column(String(200), default="")
    last_kind: Mapped[str] = mapped_column(String(8), default="")
    checksum_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    checksum_expected: Mapped[str] = mapped_column(String(64), default="")
    checksum_actual: Mapped[str] = mapped_column(String(64), default="")
    # the manifest's app_version of the newest bundle applied: which version the unit runs (Theo dõi đơn vị)
    last_app_version: Mapped[str] = mapped_column(String(40), default="", server_default="")


class HeldBundle(Base):
    """A bundle waiting for its predecessors; a copy is kept inside the data folder."""

    __tablename__ = "sync_held_bundle"
    __table_args__ = (UniqueConstraint("device_id", "epoch", "bundle_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    epoch: Mapped[int] = mapped_column(Integer)
    bundle_seq: Mapped[int] = mapped_column(Integer)
    prev_bundle_seq: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32), default="")
    file_name: Mapped[str] = mapped_column(String(200))
    stored_path: Mapped[str] = mapped_column(Text)
    missing: Mapped[list] = mapped_column(JSON, default=list)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncConflict(Base):
    """A record changed on both sides: both versions are kept until a person decides."""

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    unit_code: Mapped[str] = mapped_column(String(32), default="")
    device_id: Mapped[str] = mapped_column(String(36))  # the device whose change met ours
    bundle_seq: Mapped[int] = mapped_column(Integer, default=0)
    local_version: Mapped[int] = mapped_column(Integer, default=0)
    local_data: Mapped[dict | None] = mapped_column(JSON, default=None)
    incoming_version: Mapped[int] = mapped_column(Integer, default=0)
    incoming_base_version: Mapped[int] = mapped_column(Integer, default=0)
    incoming_data: Mapped[dict | None] = mapped_column(JSON, default=None)
    incoming_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # open: waits for a person | resolved: decided here | reported: the province told us about it
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolution: Mapped[str | None] = mapped_column(String(10), default=None)  # unit | province | edit
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[str] = mapped_column(String(200), default="")


class ImportResult(Base):
    """An import's verdict on one record that was not simply applied (what the ack reports)."""

    __tablename__ = "sync_import_result"
    __table_args__ = (Index("ix_sync_import_result_device", "device_id", "epoch", "bundle_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    epoch: Mapped[int] = mapped_column(Integer)
    bundle_seq: Mapped[int] = mapped_column(Integer)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))  # applied | unchanged | conflict | rejected
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportedBundle(Base):
    """One bundle import here: counts per entity and the outcome (for status and the ack)."""

    __tablename__ = "sync_imported_bundle"
    __table_args__ = (Index("ix_sync_imported_bundle_device", "device_id", "epoch", "bundle_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    epoch: Mapped[int] = mapped_column(Integer)
    bundle_seq: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(8))
    file_name: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(10))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    checksum_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    acked_bundle_seq: Mapped[int] = mapped_column(Integer, default=0)  # the manifest's: which ack the unit read

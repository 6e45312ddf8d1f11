"""Accounts and the audit trail. Neither travels in bundles: at the province on PostgreSQL both live
in the shared store, so every staff PC sees the same accounts and writes into one chain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utcnow


class Account(Base):
    """A person who may open the register: a user name, a role and an Argon2id password hash."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_name: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))  # officer | head | admin | province
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # wrong passwords in a row, and when the last one was typed (the next try waits: access.wait_after)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(default=None)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)


class AuditEntry(Base):
    """One line of the audit trail, chained: `hash` is the SHA-256 of the previous entry's hash and this
    entry's content, so an edited, removed or reordered entry breaks the chain (storage/audit.py)."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column()
    user_name: Mapped[str] = mapped_column(String(40), default="", index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    # change | create | delete | restore | login | login_failed | logout | lock | unlock | denied |
    # export | import | ack | backup | restore_db | setting | override | account
    kind: Mapped[str] = mapped_column(String(16), index=True)
    entity: Mapped[str] = mapped_column(String(40), default="")
    record_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    # a change: {"fields": {name: [old, new]}}; otherwise what happened, in plain values
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # the unit officer who made an imported change (SYNC.md: a change line's `author`)
    author: Mapped[str] = mapped_column(String(200), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's end, one row: the last entry's number and hash. Writers lock it (UPDATE first), so
    entries from several PCs at the province are numbered in one order; an entry cut off the end no
    longer matches it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
    verified_on: Mapped[str] = mapped_column(Text, default="")  # the day of the last daily check

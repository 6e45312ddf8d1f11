"""What every service is built with: the database, the data folders, a clock, and who is logged in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from desktop.config import Paths
from desktop.domain.access import Identity, refusal
from desktop.errors import PermissionDenied
from desktop.storage.database import Database


@dataclass
class ServiceContext:
    """Injected into each service; tests pass a fixed `today`.

    `identity` is the account logged in (None before a login, and on a register that has no account
    yet: such a register is open to whoever opens it until its first account is made, which the GUI
    asks for at start)."""

    db: Database
    paths: Paths
    today: Callable[[], date] = field(default=date.today)
    identity: Identity | None = None
    _has_accounts: bool | None = None

    def local_unit(self) -> str:
        """The unit this installation serves ("" before first-run set-up)."""
        from desktop.models import Device  # models load lazily: the CLI's --version stays quick

        tracker = self.db.tracker
        if tracker is None:
            return ""
        with self.db.read() as s:
            dev = s.get(Device, tracker.device_id)
        return dev.unit_code if dev else ""

    def has_accounts(self) -> bool:
        """Whether the register has any account (then every guarded action needs a login)."""
        if self._has_accounts is None:
            from sqlalchemy import select

            from desktop.models import Account

            with self.db.read() as s:
                self._has_accounts = s.scalar(select(Account.id).limit(1)) is not None
        return self._has_accounts

    def accounts_made(self) -> None:
        """The first account exists now: from here on, guarded actions need a login."""
        self._has_accounts = True

    def may(self, permission: str) -> bool:
        """Whether the account at the keyboard may do what `permission` names (the GUI greys a button
        with it; the check that counts is `require`)."""
        if self.identity is None:
            return not self.has_accounts()
        return self.identity.allows(permission)

    def require(self, permission: str) -> None:
        """Refuse (PermissionDenied, saying who may) unless the account at the keyboard holds
        `permission`; the refusal is written to the audit trail. Call it before opening a session."""
        if self.may(permission):
            return
        message = refusal(self.identity.role if self.identity else None, permission)
        self.audit("denied", details={"permission": permission})
        raise PermissionDenied(message, permission)

    def audit(self, kind: str, entity: str = "", record_id: str = "", details: dict | None = None,
              author: str = "") -> None:
        """Write one audit entry (a login, an export, a refusal …) in a transaction of its own."""
        from desktop.storage import audit

        with self.db.session() as s:
            audit.append(s, self.actor(), [audit.Event(kind, entity, record_id, details, author)])

    def audit_in(self, session, kind: str, entity: str = "", record_id: str = "", details: dict | None = None) -> None:
        """Write one audit entry in the caller's transaction (it stands or falls with the change)."""
        from desktop.storage import audit

        audit.append(session, self.actor(), [audit.Event(kind, entity, record_id, details)])

    def officer(self) -> str:
        """The name changes are recorded under: the account's full name, or the one typed in Cài đặt."""
        tracker = self.db.tracker
        return tracker.officer if tracker else ""

    def actor(self):
        """The account as the audit trail names it (empty on a register without accounts)."""
        from desktop.storage import audit

        if self.identity is None:
            tracker = self.db.tracker
            return audit.Actor("", tracker.officer if tracker else "")
        return audit.Actor(self.identity.user_name, self.identity.full_name)

"""Exceptions that carry a message a user can read (Vietnamese by default).

Services raise these; the GUI shows `str(error)` in a dialog or beside a field,
the CLI prints it and exits non-zero. Nothing catches them into empty results.
"""

from __future__ import annotations

from dataclasses import dataclass


class AppError(Exception):
    """Base of every error whose message is meant for the user."""


class Stopped(Exception):  # noqa: N818 - what happened, not an error
    """The person pressed "Dừng": raised by a progress callback, let through by everything below it.

    Work that catches failures one item at a time (an import of a folder of bundles) must re-raise it:
    a stop is not the failure of the item being worked on."""


class DatabaseOpenError(AppError):
    """The database file cannot be used: locked, read-only, corrupt, too new."""


class RegisterLocked(DatabaseOpenError):  # noqa: N818 - the state a user reads
    """The register is encrypted and no password (or recovery key) was given to open it."""


class NewerDatabaseError(DatabaseOpenError):
    """The file was written by a newer version of the application."""


class NotFoundError(AppError):
    """A record that should exist does not (or was deleted)."""


@dataclass(frozen=True)
class FieldProblem:
    """One problem in one field of a form: what the editor shows beside it."""

    field: str
    message: str


class ValidationError(AppError):
    """Input that cannot be stored as typed; lists every problem by field."""

    def __init__(self, problems: list[FieldProblem], summary: str | None = None):
        self.problems = list(problems)
        text = summary or "\n".join(p.message for p in self.problems)
        super().__init__(text)

    def for_field(self, field: str) -> list[str]:
        """Messages about one field."""
        return [p.message for p in self.problems if p.field == field]


class RuleBlockedError(AppError):
    """A blocking rule finding stops the action unless an override reason is given."""

    def __init__(self, message: str, findings: list):
        self.findings = list(findings)
        super().__init__(message)


class PermissionDenied(AppError):  # noqa: N818 - the refusal a user reads
    """The account at the keyboard may not do this; the message says who may."""

    def __init__(self, message: str, permission: str):
        self.permission = permission
        super().__init__(message)


class LoginRefused(AppError):  # noqa: N818 - the refusal a user reads
    """A wrong user name or password, a disabled account, or a try too soon after many wrong ones.

    `wait`: seconds before the next try is taken (0 when it may come at once)."""

    def __init__(self, message: str, wait: int = 0):
        self.wait = wait
        super().__init__(message)

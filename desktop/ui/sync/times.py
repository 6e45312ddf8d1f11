"""Instants as the officer reads them: local time, dd/MM/yyyy HH:mm."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time(moment: datetime | None) -> str:
    """A UTC instant (naive ones are UTC, as stored) in this computer's time zone; "" when None."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")

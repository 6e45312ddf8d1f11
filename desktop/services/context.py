"""What every service is built with: the database, the data folders and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from desktop.config import Paths
from desktop.storage.database import Database


@dataclass
class ServiceContext:
    """Injected into each service; tests pass a fixed `today`."""

    db: Database
    paths: Paths
    today: Callable[[], date] = field(default=date.today)

    def local_unit(self) -> str:
        """The unit this installation serves ("" before first-run set-up)."""
        from desktop.models import Device  # models load lazily: the CLI's --version stays quick

        tracker = self.db.tracker
        if tracker is None:
            return ""
        with self.db.read() as s:
            dev = s.get(Device, tracker.device_id)
        return dev.unit_code if dev else ""

"""Alembic run from code at start-up, after a backup; refuses databases from a newer app."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from desktop.errors import NewerDatabaseError
from desktop.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config with no alembic.ini: the scripts ship inside the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration this version of the app knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, None for a new one."""
    return MigrationContext.configure(connection).get_current_revision()


def needs_upgrade(engine: Engine) -> tuple[str | None, bool]:
    """(current revision, whether an upgrade is due); raises on a newer database."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        current = current_revision(conn)
    if current is not None and not _known(script, current):
        raise NewerDatabaseError(
            _("Cơ sở dữ liệu này do phiên bản mới hơn của Sổ Đối ngoại tạo (phiên bản dữ liệu {rev}). "
              "Hãy cập nhật chương trình; tệp không bị thay đổi.").format(rev=current)
        )
    return current, current != script.get_current_head()


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several types for an unknown id
        return False


def upgrade(engine: Engine) -> None:
    """Bring the schema to head in one transaction."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")

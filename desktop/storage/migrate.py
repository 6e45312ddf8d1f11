"""Alembic run from code at start-up, after a backup; refuses databases from a newer app.

Alembic is imported only when the database is not at `HEAD_REVISION`: a start on
an up-to-date file reads one row and costs no import (start-up time matters on
office PCs). A test keeps `HEAD_REVISION` equal to the newest script.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from desktop.errors import NewerDatabaseError
from desktop.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0013"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config with no alembic.ini: the scripts ship inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest migration this version of the app knows (from the scripts)."""
    return _script().get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, None for a new one."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(engine: Engine) -> tuple[str | None, bool]:
    """(current revision, whether an upgrade is due); raises on a newer database."""
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == HEAD_REVISION:
        return current, False
    script = _script()
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
    from alembic import command

    with engine.begin() as conn:
        logging.getLogger(__name__).info("nâng cấp cấu trúc dữ liệu lên %s", head_revision())
        command.upgrade(alembic_config(conn), "head")

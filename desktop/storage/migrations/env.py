"""Alembic environment: always called from code with a live connection."""

from alembic import context

from desktop.models import Base
from desktop.storage import search_index

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run only through desktop.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    # Ctrl+K's trigram index (SQLite-only, outside the models): never proposed for removal
    include_name=lambda name, _type, _parents: not search_index.is_index_object(name),
)
with context.begin_transaction():
    context.run_migrations()

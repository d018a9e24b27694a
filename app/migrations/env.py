"""Alembic's environment. Run through app/migrate.py (on start-up, or `ivdd-pt migrate`), which
hands over an open connection; the plain `alembic` command is not needed."""

from __future__ import annotations

from alembic import context

from app.models import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

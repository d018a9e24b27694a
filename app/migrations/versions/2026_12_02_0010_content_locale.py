"""The language of the content each session log and care event was made with.

Revision ID: 0010
Revises: 0009
Created: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("session_log", "care_event")


def upgrade() -> None:
    for table in TABLES:  # every record stored so far was made with the English content
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("content_locale", sa.String(length=12), nullable=False, server_default="en"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("content_locale")

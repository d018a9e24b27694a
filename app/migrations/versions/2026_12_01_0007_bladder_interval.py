"""The clinic's bladder interval: how many hours the owner may leave between emptyings. None until
the clinic sets it (the app never invents one).

Revision ID: 0007
Revises: 0006
Created: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("patient") as batch:
        batch.add_column(sa.Column("bladder_interval_hours", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("patient") as batch:
        batch.drop_column("bladder_interval_hours")

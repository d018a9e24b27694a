"""Each staff member's language for the dashboard (none: English).

Revision ID: 0011
Revises: 0010
Created: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clinic_user") as batch:
        batch.add_column(sa.Column("language", sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clinic_user") as batch:
        batch.drop_column("language")

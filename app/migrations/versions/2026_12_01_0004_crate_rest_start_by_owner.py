"""A patient's crate-rest start may come from the owner's phone: remembered, so the clinic's own
date always wins and the phone is never told the owner's date was set by the clinic.

Revision ID: 0004
Revises: 0003
Created: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every date stored so far was the clinic's: false for the rows already there.
    with op.batch_alter_table("patient") as batch:
        batch.add_column(sa.Column("crate_rest_start_by_owner", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("patient") as batch:
        batch.drop_column("crate_rest_start_by_owner")

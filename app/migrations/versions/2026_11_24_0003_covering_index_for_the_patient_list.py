"""The patient list's index covers the columns it reads, so it never reads the session rows.

Revision ID: 0003
Revises: 0002
Created: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ["patient_id", "started_at", "outcome", "flag_red_flag", "flag_pain", "flag_excessive_kicking",
           "flag_not_urinated"]


def upgrade() -> None:
    op.create_index("ix_session_log_patient_started_flags", "session_log", COLUMNS, unique=False)
    op.drop_index("ix_session_log_patient_started", table_name="session_log")


def downgrade() -> None:
    op.create_index("ix_session_log_patient_started", "session_log", ["patient_id", "started_at"], unique=False)
    op.drop_index("ix_session_log_patient_started_flags", table_name="session_log")

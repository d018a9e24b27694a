"""Care events synced from phones (the bladder emptied, how, what came), and alerts made from them.

Revision ID: 0008
Revises: 0007
Created: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "care_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("content_version", sa.String(length=16), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("result", sa.String(length=12), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_care_event_patient_id_patient"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_care_event_device_id_device"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_event")),
    )
    op.create_index(op.f("ix_care_event_device_id"), "care_event", ["device_id"])
    op.create_index("ix_care_event_patient_at", "care_event", ["patient_id", "at"])
    with op.batch_alter_table("alert") as batch:
        batch.add_column(sa.Column("care_event_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f("fk_alert_care_event_id_care_event"), "care_event", ["care_event_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index(op.f("ix_alert_care_event_id"), ["care_event_id"])


def downgrade() -> None:
    with op.batch_alter_table("alert") as batch:
        batch.drop_index(op.f("ix_alert_care_event_id"))
        batch.drop_constraint(op.f("fk_alert_care_event_id_care_event"), type_="foreignkey")
        batch.drop_column("care_event_id")
    op.drop_index("ix_care_event_patient_at", table_name="care_event")
    op.drop_index(op.f("ix_care_event_device_id"), table_name="care_event")
    op.drop_table("care_event")

"""Web Push reminders: the server's VAPID key, phones' push subscriptions, reminders due, and the
owner's session times on the patient; and the clinic's margin before an overdue bladder is flagged.

Revision ID: 0009
Revises: 0008
Created: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_key",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("private_pem", sa.String(length=1000), nullable=False),
        sa.Column("public_key", sa.String(length=120), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_key")),
    )
    op.create_table(
        "push_subscription",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint", sa.String(length=2048), nullable=False),
        sa.Column("p256dh", sa.String(length=100), nullable=False),
        sa.Column("auth", sa.String(length=40), nullable=False),
        sa.Column("app_dog_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_push_subscription_device_id_device"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscription")),
        sa.UniqueConstraint("device_id", name=op.f("uq_push_subscription_device_id")),
    )
    op.create_table(
        "reminder",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("window_start", TIME, nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("snooze_hash", sa.String(length=64), nullable=True),
        sa.Column("snoozed_at", TIME, nullable=True),
        sa.Column("sent_at", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_reminder_patient_id_patient"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("patient_id", "kind", "due_at", name=op.f("uq_reminder_patient_id_kind_due_at")),
    )
    op.create_index("ix_reminder_state_due_at", "reminder", ["state", "due_at"])
    with op.batch_alter_table("patient") as batch:
        batch.add_column(sa.Column("session_times", JSON, nullable=True))
        batch.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("reminders_planned_until", TIME, nullable=True))
        batch.add_column(sa.Column("bladder_margin_hours", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("patient") as batch:
        batch.drop_column("bladder_margin_hours")
        batch.drop_column("reminders_planned_until")
        batch.drop_column("time_zone")
        batch.drop_column("session_times")
    op.drop_index("ix_reminder_state_due_at", table_name="reminder")
    op.drop_table("reminder")
    op.drop_table("push_subscription")
    op.drop_table("server_key")

"""Alerts that wait until staff handle them, the prescription's history, neurological grades,
the audit trail; the owner's contact, discharge, and cancelled invites.

Alerts are backfilled from the stored logs' flags (all open: nobody has handled them yet), and
each patient's current prescription becomes its first kept version.

Revision ID: 0005
Revises: 0004
Created: 2026-12-01
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen copies of app/models/alert.py's constants: a migration must not change when the app does.
SEVERITY = {"red_flag": 0, "pain": 1, "excessive_kicking": 2, "blocked": 3, "not_urinated": 4}
ALERT_NAMESPACE = uuid.UUID("6f4c8a52-2d3e-4b8e-9a51-0c2e7d1b9f10")
PRESCRIPTION = ["legs", "sessions_per_day", "crate_rest_start", "crate_rest_weeks", "passive_pt_approved_from",
                "owner_notes", "clinic_phone"]


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("clinic_id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=True),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinic.id"], name=op.f("fk_audit_event_clinic_id_clinic"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_audit_event_patient_id_patient"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_clinic_id"), "audit_event", ["clinic_id"])
    op.create_index(op.f("ix_audit_event_patient_id"), "audit_event", ["patient_id"])

    op.create_table(
        "neuro_grade",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("examined_on", sa.Date(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("deep_pain", sa.String(length=12), nullable=False),
        sa.Column("ten_steps", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.Column("recorded_by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_neuro_grade_patient_id_patient"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_neuro_grade")),
    )
    op.create_index(op.f("ix_neuro_grade_patient_id"), "neuro_grade", ["patient_id"])

    versions = op.create_table(
        "prescription_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sessions_per_day", sa.Integer(), nullable=True),
        sa.Column("snapshot", JSON, nullable=False),
        sa.Column("saved_at", TIME, nullable=False),
        sa.Column("saved_by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"],
                                name=op.f("fk_prescription_version_patient_id_patient"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescription_version")),
        sa.UniqueConstraint("patient_id", "version", name=op.f("uq_prescription_version_patient_id_version")),
    )
    op.create_index(op.f("ix_prescription_version_patient_id"), "prescription_version", ["patient_id"])

    alerts = op.create_table(
        "alert",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("log_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("happened_at", TIME, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("handled_at", TIME, nullable=True),
        sa.Column("handled_by", sa.String(length=254), nullable=True),
        sa.Column("handled_note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["log_id"], ["session_log.id"], name=op.f("fk_alert_log_id_session_log"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_alert_patient_id_patient"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
    )
    op.create_index(op.f("ix_alert_log_id"), "alert", ["log_id"])
    op.create_index("ix_alert_open", "alert", ["handled_at", "severity", "happened_at"])
    op.create_index("ix_alert_patient_handled", "alert", ["patient_id", "handled_at"])

    with op.batch_alter_table("invite") as batch:
        batch.add_column(sa.Column("cancelled_at", TIME, nullable=True))
    with op.batch_alter_table("patient") as batch:
        batch.add_column(sa.Column("owner_phone", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("owner_email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("discharged_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("discharge_note", sa.String(length=1000), nullable=False, server_default=""))

    _backfill_alerts(alerts)
    _backfill_versions(versions)


def _backfill_alerts(alerts: sa.Table) -> None:
    bind = op.get_bind()
    logs = sa.table("session_log", sa.column("id", sa.Uuid()), sa.column("patient_id", sa.Uuid()),
                    sa.column("started_at", TIME), sa.column("received_at", TIME), sa.column("outcome", sa.String()),
                    *(sa.column(name, sa.Boolean()) for name in ("flag_red_flag", "flag_pain",
                                                                  "flag_excessive_kicking", "flag_not_urinated")))
    flagged = sa.select(logs).where(sa.or_(logs.c.flag_red_flag, logs.c.flag_pain, logs.c.flag_excessive_kicking,
                                           logs.c.flag_not_urinated, logs.c.outcome == "blocked"))
    rows = []
    for log in bind.execute(flagged).mappings():
        kinds = [kind for kind, flag in (("red_flag", log.flag_red_flag), ("pain", log.flag_pain),
                                         ("excessive_kicking", log.flag_excessive_kicking),
                                         ("not_urinated", log.flag_not_urinated)) if flag]
        if log.outcome == "blocked" and not log.flag_red_flag:  # a red flag blocks too: one alert, the red flag
            kinds.append("blocked")
        rows += [{"id": uuid.uuid5(ALERT_NAMESPACE, f"{log.id}:{kind}:"), "patient_id": log.patient_id,
                  "log_id": log.id, "kind": kind, "severity": SEVERITY[kind], "happened_at": log.started_at,
                  "received_at": log.received_at} for kind in kinds]
        if len(rows) >= 1000:
            bind.execute(alerts.insert(), rows)
            rows = []
    if rows:
        bind.execute(alerts.insert(), rows)


def _backfill_versions(versions: sa.Table) -> None:
    bind = op.get_bind()
    patients = sa.table("patient", sa.column("id", sa.Uuid()), sa.column("created_at", TIME),
                        sa.column("legs", JSON), sa.column("crate_rest_start", sa.Date()),
                        sa.column("passive_pt_approved_from", sa.Date()),
                        *(sa.column(name) for name in ["prescription_version", "sessions_per_day",
                                                       "crate_rest_weeks", "owner_notes", "clinic_phone"]))
    rows = [{"id": uuid.uuid4(), "patient_id": p.id, "version": p.prescription_version,
             "sessions_per_day": p.sessions_per_day, "saved_at": p.created_at, "saved_by": "",
             "snapshot": {name: (p[name].isoformat() if hasattr(p[name], "isoformat") else p[name])
                          for name in PRESCRIPTION}}
            for p in bind.execute(sa.select(patients)).mappings()]
    if rows:
        bind.execute(versions.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table("patient") as batch:
        batch.drop_column("discharge_note")
        batch.drop_column("discharged_on")
        batch.drop_column("owner_email")
        batch.drop_column("owner_phone")
    with op.batch_alter_table("invite") as batch:
        batch.drop_column("cancelled_at")
    op.drop_table("alert")
    op.drop_table("prescription_version")
    op.drop_table("neuro_grade")
    op.drop_table("audit_event")

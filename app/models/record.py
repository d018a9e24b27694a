"""The patient's record beyond the sessions: every prescription as it was in force, the
neurological grades of rechecks, and who changed what (the audit trail)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import JsonType, created_at_field, id_field


class PrescriptionVersion(SQLModel, table=True):
    """One version of a patient's prescription, kept when it is replaced: adherence on a day is
    judged by the sessions a day in force on that day, not by today's."""

    __tablename__ = "prescription_version"
    __table_args__ = (UniqueConstraint("patient_id", "version"),)

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    version: int
    sessions_per_day: int | None = None
    snapshot: dict = Field(sa_type=JsonType)  # every prescription field as saved
    saved_at: datetime = created_at_field()  # in force from this moment
    saved_by: str = Field(default="", max_length=254)


class NeuroGrade(SQLModel, table=True):
    """A neurological examination at a recheck, on the modified Frankel scale (content/grades.toml)."""

    __tablename__ = "neuro_grade"

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    examined_on: date
    grade: int  # 0 (worst) to 5 (best)
    deep_pain: str = Field(max_length=12)  # present | absent | not_tested
    ten_steps: bool  # took 10 steps without help
    note: str = Field(default="", max_length=1000)
    recorded_at: datetime = created_at_field()
    recorded_by: str = Field(default="", max_length=254)


class AuditEvent(SQLModel, table=True):
    """Who changed what, and when: shown on the patient's page as its history of changes."""

    __tablename__ = "audit_event"

    id: uuid.UUID = id_field()
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    patient_id: uuid.UUID | None = Field(default=None, foreign_key="patient.id", index=True, ondelete="CASCADE")
    at: datetime = created_at_field()
    actor: str = Field(max_length=254)  # the staff member's email, or "command line"
    action: str = Field(max_length=40)
    detail: str = Field(default="", max_length=1000)

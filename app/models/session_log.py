"""A session log as synced from a phone: the phone's payload kept whole, plus the columns the
dashboard sorts and filters by, and flags derived at ingest (see services/session_flags.py)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import JsonType, UTCDateTime, utcnow


class StoredSessionLog(SQLModel, table=True):
    __tablename__ = "session_log"
    __table_args__ = (
        # The dashboard's list reads only these columns of a patient's recent sessions: with all of
        # them in the index it never touches the rows (and their large payloads). Its prefix also
        # serves each patient's timeline, newest first.
        Index("ix_session_log_patient_started_flags", "patient_id", "started_at", "outcome", "flag_red_flag",
              "flag_pain", "flag_excessive_kicking", "flag_not_urinated"),
        Index("ix_session_log_patient_received", "patient_id", "received_at"),
    )

    id: uuid.UUID = Field(primary_key=True)  # the phone's UUID: retries and duplicates meet here
    patient_id: uuid.UUID = Field(foreign_key="patient.id", ondelete="CASCADE")
    device_id: uuid.UUID | None = Field(default=None, foreign_key="device.id", index=True, ondelete="SET NULL")
    content_version: str = Field(max_length=16)
    content_locale: str = Field(default="en", max_length=12)  # the language of the content_version
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ended_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    outcome: str = Field(max_length=10)  # completed | stopped | blocked
    stop_reason: str | None = Field(default=None, max_length=20)
    flag_excessive_kicking: bool = False
    flag_pain: bool = False
    flag_red_flag: bool = False
    flag_not_urinated: bool = False
    payload: dict = Field(sa_type=JsonType)
    payload_hash: str = Field(max_length=64)  # SHA-256 of the canonical payload: duplicate or conflict
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

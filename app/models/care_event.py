"""A care event as synced from a phone (today: the bladder emptied). The payload is kept whole,
with the columns the dashboard reads; see app/schemas/care_event.py."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import JsonType, UTCDateTime, utcnow


class StoredCareEvent(SQLModel, table=True):
    __tablename__ = "care_event"
    __table_args__ = (Index("ix_care_event_patient_at", "patient_id", "at"),)

    id: uuid.UUID = Field(primary_key=True)  # the phone's UUID: retries and duplicates meet here
    patient_id: uuid.UUID = Field(foreign_key="patient.id", ondelete="CASCADE")
    device_id: uuid.UUID | None = Field(default=None, foreign_key="device.id", index=True, ondelete="SET NULL")
    kind: str = Field(max_length=20)  # "bladder"
    content_version: str = Field(max_length=16)
    content_locale: str = Field(default="en", max_length=12)  # the language of the content_version
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    method: str = Field(max_length=12)
    result: str = Field(max_length=12)
    payload: dict = Field(sa_type=JsonType)
    payload_hash: str = Field(max_length=64)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

"""Linking an owner's phone: a single-use invite code, then a device token. Both are stored only
as SHA-256 hashes: the code and the token are shown once and never kept in clear."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, id_field


class Invite(SQLModel, table=True):
    __tablename__ = "invite"

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Device(SQLModel, table=True):
    __tablename__ = "device"

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    label: str = Field(default="", max_length=80)
    created_at: datetime = created_at_field()
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

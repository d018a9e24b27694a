"""Web Push: the server's VAPID key pair, each linked phone's push subscription, and the reminders
the scheduler sends (services/reminders.py).

    server_key          the VAPID key pair, made once on first start and shared by every process
    push_subscription   where the push service delivers to one linked phone (one per device)
    reminder            one reminder due at one time: claimed by exactly one process, then sent,
                        skipped (the session was logged already) or missed (due too long ago)
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, id_field, utcnow


class ServerKey(SQLModel, table=True):
    __tablename__ = "server_key"

    name: str = Field(primary_key=True, max_length=40)  # "vapid"
    private_pem: str = Field(max_length=1000)
    public_key: str = Field(max_length=120)  # base64url of the uncompressed P-256 point: the phone's applicationServerKey
    created_at: datetime = created_at_field()


class PushSubscription(SQLModel, table=True):
    __tablename__ = "push_subscription"

    id: uuid.UUID = id_field()
    device_id: uuid.UUID = Field(foreign_key="device.id", unique=True, ondelete="CASCADE")
    endpoint: str = Field(max_length=2048)
    p256dh: str = Field(max_length=100)  # the phone's public key (base64url), for RFC 8291 encryption
    auth: str = Field(max_length=40)  # the phone's 16-byte auth secret (base64url)
    app_dog_id: uuid.UUID  # the dog's id on the phone: the notification opens that dog's session
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Reminder(SQLModel, table=True):
    __tablename__ = "reminder"
    # The same reminder is never planned twice, however many processes plan it.
    __table_args__ = (UniqueConstraint("patient_id", "kind", "due_at"),
                      Index("ix_reminder_state_due_at", "state", "due_at"))

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = Field(foreign_key="patient.id", ondelete="CASCADE")
    kind: str = Field(max_length=12)  # "session" | "bladder"
    label: str = Field(default="", max_length=20)  # "14:00" (the planned time, in the dog's zone)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # Skipped if, since this time, the session was logged (or the bladder emptied).
    window_start: datetime = Field(sa_type=UTCDateTime, nullable=False)
    state: str = Field(default="pending", max_length=12)  # pending | sending | sent | skipped | missed | failed
    snooze_hash: str | None = Field(default=None, max_length=64)  # the key in the message, for "In 30 minutes"
    snoozed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()

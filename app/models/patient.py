"""A dog under a clinic's care, with the prescription the clinic sets for the owner's phone.

Prescription fields left empty (None) mean "the owner's own setting stands". Every change to
the prescription bumps `prescription_version`; phones apply a prescription only when its version
is newer than the one they hold.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import false
from sqlmodel import Field, SQLModel

from app.models.base import JsonType, UTCDateTime, created_at_field, id_field, utcnow


class Patient(SQLModel, table=True):
    __tablename__ = "patient"

    id: uuid.UUID = id_field()
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    dog_name: str = Field(max_length=80)
    owner_name: str | None = Field(default=None, max_length=120)
    owner_phone: str | None = Field(default=None, max_length=32)
    owner_email: str | None = Field(default=None, max_length=254)
    # The prescription
    legs: list[str] | None = Field(default=None, sa_type=JsonType)
    sessions_per_day: int | None = None
    crate_rest_start: date | None = None
    # True while the date came from the owner's phone (the clinic had none): the clinic's own date
    # replaces it, and the phone is not sent it back as the clinic's.
    crate_rest_start_by_owner: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    crate_rest_weeks: int | None = None
    passive_pt_approved_from: date | None = None
    bladder_interval_hours: int | None = None  # the clinic's: none is ever invented
    # How late the bladder may be before the clinic's worklist flags it (None: alerts.BLADDER_MARGIN).
    bladder_margin_hours: int | None = None
    # The owner's session times ("08:00", in the dog's time zone, as the phone keeps them), sent
    # with sync: the server's reminders follow them (services/reminders.py).
    session_times: list[str] | None = Field(default=None, sa_type=JsonType)
    time_zone: str | None = Field(default=None, max_length=64)
    reminders_planned_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    owner_notes: str = Field(default="", max_length=2000)
    clinic_phone: str | None = Field(default=None, max_length=32)  # this dog's contact, if not the clinic's
    prescription_version: int = Field(default=1)
    # Discharged: the plan is closed. Logs of sessions up to this day are still taken (a phone
    # that was offline loses nothing); later ones are refused.
    discharged_on: date | None = None
    discharge_note: str = Field(default="", max_length=1000, sa_column_kwargs={"server_default": ""})
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

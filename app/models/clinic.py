"""A vet clinic, and the people who sign in to its dashboard."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from sqlmodel import Field, SQLModel

from app.models.base import created_at_field, id_field

Role = Literal["admin", "staff"]


class Clinic(SQLModel, table=True):
    __tablename__ = "clinic"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=120)
    phone: str | None = Field(default=None, max_length=32)
    # "Today" on the dashboard is the clinic's day (an IANA zone name, e.g. Europe/London).
    timezone: str = Field(default="UTC", max_length=64, sa_column_kwargs={"server_default": "UTC"})
    created_at: datetime = created_at_field()


class ClinicUser(SQLModel, table=True):
    __tablename__ = "clinic_user"

    id: uuid.UUID = id_field()
    clinic_id: uuid.UUID = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=254, unique=True)  # stored lower-case
    password_hash: str = Field(max_length=200)  # argon2id, with its own salt and parameters
    role: str = Field(default="staff", max_length=10)  # Role
    language: str | None = Field(default=None, max_length=12)  # the dashboard's language for them (app/i18n.py)
    created_at: datetime = created_at_field()

"""A signed-in clinic user's session. The cookie holds a random token; only its hash is stored,
so a stolen database cannot sign anyone in. Deleting the row (logout, staff removed) ends it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, id_field


class LoginSession(SQLModel, table=True):
    __tablename__ = "login_session"

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="clinic_user.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)

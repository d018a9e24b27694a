"""Counts of attempts (wrong sign-ins, wrong invite codes) per key per time window, shared by every
app process and every host on the database. See app/services/rate_limit.py."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class RateLimitCount(SQLModel, table=True):
    __tablename__ = "rate_limit"

    # What is counted, e.g. "login-address:" + a hash of the address: never an address or an email in clear.
    key: str = Field(max_length=100, primary_key=True)
    window_start: datetime = Field(sa_type=UTCDateTime, primary_key=True)
    count: int = Field(default=0, nullable=False)
    # Past this the row no longer counts for anything: deleted then, so the table stays small.
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)

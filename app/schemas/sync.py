"""POST /api/v1/sync: a batch of session logs and care events in, one result per item out.

Items are checked one by one against the session-log schema, so one bad log never fails the
batch; the request's own shape (`{"logs": [...]}`, at most MAX_LOGS) is checked as a whole.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.schemas.prescription import Prescription

MAX_LOGS = 100
MAX_BYTES = 256 * 1024


class OwnerProfile(BaseModel):
    """What the owner set on the phone that the clinic may not have: kept only where the clinic
    has set nothing itself, and only when it is a plausible day (services/prescriptions.py)."""

    crate_rest_start: date | None = Field(None, description="the day crate rest began, as the owner entered it")
    # Any here, checked by the service: a wrong time is a `profile_problem`, never a refused batch.
    session_times: Any = Field(None, description="when in the day the owner means to do each session: 1 to 4 "
                               "\"HH:MM\" times in `time_zone`; the server's reminders follow them",
                               examples=[["08:00", "14:00", "20:00"]])
    time_zone: Any = Field(None, description="the phone's IANA time zone", examples=["Pacific/Auckland"])


class SyncRequest(BaseModel):
    logs: list[Any] = Field(description=f"session logs (see /api/v1/schema/session-log) and care events, which "
                                        f"say their `kind` (see /api/v1/schema/care-event); at most {MAX_LOGS} in all")
    profile: OwnerProfile | None = Field(None, description="the owner's own settings of this dog")


class SyncResult(BaseModel):
    id: str | None = Field(description="the log's id as sent (null when it had none)")
    status: Literal["stored", "duplicate", "conflict", "invalid", "closed"]
    message: str | None = Field(None, description="why, for conflict, invalid and closed (a session after the "
                                                  "clinic discharged the patient: not stored, kept on the phone)")


class SyncResponse(BaseModel):
    results: list[SyncResult] = Field(description="one per log, in the order sent")
    prescription: Prescription
    profile_problem: str | None = Field(None, description="why the phone's profile was not taken (the logs still were)")
    plan_closed_on: date | None = Field(None, description="the day the clinic discharged the patient: sessions after "
                                                          "it are answered `closed`")

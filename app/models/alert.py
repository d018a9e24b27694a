"""What a clinic must act on: one alert per concern in a synced session (a red flag, pain,
excessive kicking, a safety-check block, no urination), and a recheck when crate rest has ended.

An alert stays open until staff handle it, whatever its age and however late its log arrived.
Its id is derived from what it is about (the log and the kind), so storing it again, from a
duplicate sync or two racing processes, meets the primary key and changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime

# Most severe first: the worklist's order and the patient list's tiers follow it.
# Stored with each alert: the numbers of kinds already stored never change. A bladder that will not
# empty, bleeds or is much harder to express needs the vet the same day, as pain does; one with no
# emptying recorded long after it was due may be only a record forgotten, so it comes after them.
SEVERITY = {"red_flag": 0, "pain": 1, "bladder_none": 1, "bladder_blood": 1, "bladder_harder": 1,
            "excessive_kicking": 2, "bladder_overdue": 2, "blocked": 3, "not_urinated": 4, "recheck_due": 5}
ALERT_NAMESPACE = uuid.UUID("6f4c8a52-2d3e-4b8e-9a51-0c2e7d1b9f10")


def alert_id(subject: uuid.UUID, kind: str, extra: str = "") -> uuid.UUID:
    return uuid.uuid5(ALERT_NAMESPACE, f"{subject}:{kind}:{extra}")


class Alert(SQLModel, table=True):
    __tablename__ = "alert"
    __table_args__ = (
        # The worklist: a clinic's open alerts, most severe and oldest first.
        Index("ix_alert_open", "handled_at", "severity", "happened_at"),
        Index("ix_alert_patient_handled", "patient_id", "handled_at"),
    )

    id: uuid.UUID = Field(primary_key=True)  # alert_id(log or patient, kind): see above
    patient_id: uuid.UUID = Field(foreign_key="patient.id", ondelete="CASCADE")
    log_id: uuid.UUID | None = Field(default=None, foreign_key="session_log.id", index=True, ondelete="CASCADE")
    care_event_id: uuid.UUID | None = Field(default=None, foreign_key="care_event.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)  # a key of SEVERITY
    severity: int
    happened_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    received_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    handled_by: str | None = Field(default=None, max_length=254)  # the staff member's email, kept if they leave
    handled_note: str | None = Field(default=None, max_length=500)

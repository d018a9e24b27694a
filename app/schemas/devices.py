"""Linking a phone to its clinic: the code in, a device token out."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.schemas.prescription import PatientPublic, Prescription
from app.schemas.text import Text


class LinkRequest(BaseModel):
    code: Text = Field(max_length=40, description="the invite code from the clinic; spaces, dashes and case do not matter",
                      examples=["K7MX3QPD"])
    label: Text = Field("", max_length=80, description="how the clinic will see this phone, e.g. \"Anna's phone\"")


class LinkResponse(BaseModel):
    token: str = Field(description="shown once: send it as `Authorization: Bearer <token>` to /api/v1/sync")
    patient: PatientPublic
    prescription: Prescription

"""The prescription a clinic sets for a dog, as the owner's phone receives it (on linking, and
with every sync answer). Empty fields leave the owner's own setting in place."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from app.models import Clinic, Patient
from app.schemas.session_log import Leg


class Prescription(BaseModel):
    version: int = Field(description="bumped on every change; the phone applies newer versions only")
    dog_name: str
    legs: list[Leg] | None
    sessions_per_day: int | None
    crate_rest_start: date | None = Field(description="set by the clinic (the owner's own date is not sent back)")
    crate_rest_weeks: int | None
    passive_pt_approved_from: date | None
    bladder_interval_hours: int | None = Field(None, description="hours the owner may leave between emptying the "
                                                                 "bladder; none until the clinic sets it")
    notes: str = Field(description="the clinic's words to the owner")
    clinic_name: str
    clinic_phone: str | None

    @classmethod
    def of(cls, patient: Patient, clinic: Clinic) -> Prescription:
        # The owner's own date is theirs already; sent back, the phone would show it as the clinic's.
        crate_rest_start = None if patient.crate_rest_start_by_owner else patient.crate_rest_start
        return cls(
            version=patient.prescription_version, dog_name=patient.dog_name, legs=patient.legs,
            sessions_per_day=patient.sessions_per_day, crate_rest_start=crate_rest_start,
            crate_rest_weeks=patient.crate_rest_weeks, passive_pt_approved_from=patient.passive_pt_approved_from,
            bladder_interval_hours=patient.bladder_interval_hours, notes=patient.owner_notes, clinic_name=clinic.name, clinic_phone=patient.clinic_phone or clinic.phone)


class ClinicPublic(BaseModel):
    name: str
    phone: str | None


class PatientPublic(BaseModel):
    id: uuid.UUID
    dog_name: str
    owner_name: str | None
    clinic: ClinicPublic

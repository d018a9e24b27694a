"""The clinic's side of a patient: finding it (only within the clinic), creating it, and setting
its prescription with checks that say what is wrong with which field."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from app.errors import AppError
from app.models import Patient
from app.models.base import utcnow
from app.schemas.session_log import Leg
from app.schemas.sync import OwnerProfile
from app.services.accounts import Staff

LEGS = list(Leg.__args__)
LEG_NAMES = {"left-hind": "Left back leg", "right-hind": "Right back leg",
             "left-front": "Left front leg", "right-front": "Right front leg"}
SESSIONS_PER_DAY = range(1, 5)
OWNER_EARLIEST_DAY = date(2000, 1, 1)
CRATE_REST_WEEKS = range(4, 13)  # content/routine.toml [crate_rest] min and max
PHONE = re.compile(r"^[0-9 +()\-]{6,32}$")


@dataclass
class PrescriptionForm:
    legs: list[str]
    sessions_per_day: str = ""
    crate_rest_start: str = ""
    crate_rest_weeks: str = ""
    passive_pt_approved_from: str = ""
    notes: str = ""
    clinic_phone: str = ""

    @classmethod
    def of(cls, patient: Patient) -> PrescriptionForm:
        def text(value):
            return "" if value is None else str(value)

        return cls(legs=list(patient.legs or []), sessions_per_day=text(patient.sessions_per_day),
                   crate_rest_start=text(patient.crate_rest_start), crate_rest_weeks=text(patient.crate_rest_weeks),
                   passive_pt_approved_from=text(patient.passive_pt_approved_from), notes=patient.owner_notes,
                   clinic_phone=text(patient.clinic_phone))


def patient_of_clinic(*, session: Session, staff: Staff, patient_id: uuid.UUID) -> Patient:
    """Another clinic's patient does not exist, as far as this staff member can tell."""
    patient = session.get(Patient, patient_id)
    if patient is None or patient.clinic_id != staff.clinic.id:
        raise AppError("There is no such patient in your clinic.", 404, "not_found")
    return patient


def create_patient(*, session: Session, staff: Staff, dog_name: str, owner_name: str) -> Patient:
    problems = {}
    dog_name, owner_name = dog_name.strip(), owner_name.strip()
    if not dog_name:
        problems["dog_name"] = "Enter the dog's name."
    elif len(dog_name) > 80:
        problems["dog_name"] = "Keep the dog's name to 80 characters or fewer."
    if len(owner_name) > 120:
        problems["owner_name"] = "Keep the owner's name to 120 characters or fewer."
    _raise_if(problems)
    patient = Patient(clinic_id=staff.clinic.id, dog_name=dog_name, owner_name=owner_name or None)
    session.add(patient)
    session.flush()
    return patient


def set_prescription(*, session: Session, patient: Patient, form: PrescriptionForm, today: date) -> bool:
    """Check every field, then apply; True when something changed (a new version for the phone)."""
    problems: dict[str, str] = {}
    values: dict = {}
    legs = [leg for leg in LEGS if leg in form.legs]
    if not legs or len(legs) != len(set(form.legs)):
        problems["legs"] = "Tick at least one paralysed leg."
    values["legs"] = legs
    values["sessions_per_day"] = _whole(form.sessions_per_day, SESSIONS_PER_DAY, "sessions_per_day", problems,
                                        "Choose 1 to 4 sessions a day.")
    values["crate_rest_start"] = _day(form.crate_rest_start, "crate_rest_start", problems, today)
    values["crate_rest_start_by_owner"] = False  # saved by staff, the date is the clinic's now
    values["crate_rest_weeks"] = _whole(form.crate_rest_weeks, CRATE_REST_WEEKS, "crate_rest_weeks", problems,
                                        "Enter a whole number of weeks from 4 to 12.")
    values["passive_pt_approved_from"] = _day(form.passive_pt_approved_from, "passive_pt_approved_from", problems,
                                              today, future_ok=True)
    notes = form.notes.strip().replace("\r\n", "\n")
    if len(notes) > 2000:
        problems["notes"] = f"Keep the notes to 2,000 characters or fewer (now {len(notes):,})."
    values["owner_notes"] = notes
    phone = form.clinic_phone.strip()
    if phone and not PHONE.match(phone):
        problems["clinic_phone"] = "Use only digits, spaces, +, - and brackets: 6 to 32 characters."
    values["clinic_phone"] = phone or None
    _raise_if(problems)
    changed = {key: value for key, value in values.items() if getattr(patient, key) != value}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(patient, key, value)
    patient.prescription_version += 1
    patient.updated_at = utcnow()
    session.add(patient)
    session.flush()
    return True


def take_owner_profile(*, session: Session, patient: Patient, profile: OwnerProfile | None) -> str | None:
    """The crate-rest start the owner entered on the phone, kept while the clinic has set none:
    the clinic's own date always wins. Not a new prescription version: the phone has it already.
    An implausible day (a phone whose clock is far off) is not taken, and the answer says why;
    the batch's logs are stored all the same. Returns that reason, or None."""
    day = profile.crate_rest_start if profile else None
    if day is None:
        return None
    latest = utcnow().date() + timedelta(days=1)  # a day of slack: the phone may be a time zone ahead
    if not OWNER_EARLIEST_DAY <= day <= latest:
        return (f"profile.crate_rest_start: {day.isoformat()} is not a day from {OWNER_EARLIEST_DAY.isoformat()} "
                f"to {latest.isoformat()}; not taken (the logs were)")
    clinic_set = patient.crate_rest_start is not None and not patient.crate_rest_start_by_owner
    if clinic_set or day == patient.crate_rest_start:
        return None
    patient.crate_rest_start, patient.crate_rest_start_by_owner = day, True
    patient.updated_at = utcnow()
    session.add(patient)
    return None


def _whole(text: str, allowed: range, field: str, problems: dict, message: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or int(text) not in allowed:
        problems[field] = message
        return None
    return int(text)


def _day(text: str, field: str, problems: dict, today: date, future_ok: bool = False) -> date | None:
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        problems[field] = "Enter a date as YYYY-MM-DD."
        return None
    if not future_ok and day > today:
        problems[field] = "This date cannot be in the future."
    elif day < today - timedelta(days=366):
        problems[field] = "That is more than a year ago: check the year."
    return day


def _raise_if(problems: dict[str, str]) -> None:
    if problems:
        raise AppError("Some fields need a look: " + "; ".join(problems.values()), 422, "invalid_form",
                       [{"field": field, "message": message} for field, message in problems.items()])

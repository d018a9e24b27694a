"""The clinic's side of a patient: finding it (only within the clinic), creating it, and setting
its prescription with checks that say what is wrong with which field."""

from __future__ import annotations

import functools
import re
import zoneinfo
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from app.errors import AppError
from app.i18n import _, format_number
from app.models import Patient
from app.models.base import utcnow
from app.schemas.session_log import Leg
from app.schemas.sync import OwnerProfile
from app.services import audit, reminders
from app.services.accounts import Staff
from app.services.form_errors import phone_problem, raise_problems, read_day
from app.services.targets import record_version

LEGS = list(Leg.__args__)
# The audit trail's words for the legs, in English as it is kept; pages show the content's (legs.label).
LEG_NAMES = {"left-hind": "Left back leg", "right-hind": "Right back leg",
             "left-front": "Left front leg", "right-front": "Right front leg"}
SESSIONS_PER_DAY = range(1, 5)
OWNER_EARLIEST_DAY = date(2000, 1, 1)
CRATE_REST_WEEKS = range(4, 13)  # content/routine.toml [crate_rest] min and max
BLADDER_INTERVAL_HOURS = range(1, 25)  # a typing check: the interval itself is the clinic's judgement
BLADDER_MARGIN_HOURS = range(1, 13)
PHONE = re.compile(r"^[0-9 +()\-]{6,32}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")
SESSION_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


@dataclass
class PrescriptionForm:
    legs: list[str]
    sessions_per_day: str = ""
    crate_rest_start: str = ""
    crate_rest_weeks: str = ""
    passive_pt_approved_from: str = ""
    bladder_interval_hours: str = ""
    bladder_margin_hours: str = ""
    notes: str = ""
    clinic_phone: str = ""

    @classmethod
    def of(cls, patient: Patient) -> PrescriptionForm:
        def text(value):
            return "" if value is None else str(value)

        return cls(legs=list(patient.legs or []), sessions_per_day=text(patient.sessions_per_day),
                   crate_rest_start=text(patient.crate_rest_start), crate_rest_weeks=text(patient.crate_rest_weeks),
                   passive_pt_approved_from=text(patient.passive_pt_approved_from),
                   bladder_interval_hours=text(patient.bladder_interval_hours),
                   bladder_margin_hours=text(patient.bladder_margin_hours), notes=patient.owner_notes,
                   clinic_phone=text(patient.clinic_phone))


def patient_of_clinic(*, session: Session, staff: Staff, patient_id: uuid.UUID) -> Patient:
    """Another clinic's patient does not exist, as far as this staff member can tell."""
    patient = session.get(Patient, patient_id)
    if patient is None or patient.clinic_id != staff.clinic.id:
        raise AppError(_("There is no such patient in your clinic."), 404, "not_found")
    return patient


PT_LATEST_AFTER_REST = timedelta(weeks=12)  # passive PT approved at most this long after crate rest began


def create_patient(*, session: Session, staff: Staff, dog_name: str, owner_name: str, owner_phone: str = "",
                   owner_email: str = "") -> Patient:
    values = check_patient_details(dog_name=dog_name, owner_name=owner_name, owner_phone=owner_phone,
                                   owner_email=owner_email)
    patient = Patient(clinic_id=staff.clinic.id, **values)
    session.add(patient)
    session.flush()
    record_version(session=session, patient=patient, actor=staff.user.email)
    audit.record(session=session, actor=staff.user.email, patient=patient, action="patient_added",
                 detail=patient.dog_name)
    return patient


def check_patient_details(*, dog_name: str, owner_name: str, owner_phone: str, owner_email: str) -> dict:
    """The dog's name and the owner's contact, as typed in a form: clean values, or every problem."""
    problems = {}
    dog_name, owner_name = dog_name.strip(), owner_name.strip()
    owner_phone, owner_email = owner_phone.strip(), owner_email.strip().lower()
    if not dog_name:
        problems["dog_name"] = _("Enter the dog's name.")
    elif len(dog_name) > 80:
        problems["dog_name"] = _("Keep the dog's name to 80 characters or fewer.")
    if len(owner_name) > 120:
        problems["owner_name"] = _("Keep the owner's name to 120 characters or fewer.")
    if owner_phone and not PHONE.match(owner_phone):
        problems["owner_phone"] = phone_problem()
    if owner_email and (len(owner_email) > 254 or not EMAIL.match(owner_email)):
        problems["owner_email"] = _("Enter an email address like name@example.com.")
    raise_problems(problems)
    return {"dog_name": dog_name, "owner_name": owner_name or None, "owner_phone": owner_phone or None,
            "owner_email": owner_email or None}


def update_patient_details(*, session: Session, staff: Staff, patient: Patient, **typed: str) -> bool:
    values = check_patient_details(**typed)
    changed = {key: value for key, value in values.items() if getattr(patient, key) != value}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(patient, key, value)
    patient.updated_at = utcnow()
    session.add(patient)
    audit.record(session=session, actor=staff.user.email, patient=patient, action="details_changed",
                 detail="; ".join(f"{DETAIL_NAMES[key]}: {value or '(none)'}" for key, value in changed.items()))
    return True


def check_prescription(form: PrescriptionForm, today: date) -> dict:
    """Every field of a prescription, and the rules across them: the clean values, or an AppError
    naming each field's problem. The dashboard and `ivdd-pt invite` both use it."""
    problems: dict[str, str] = {}
    values: dict = {}
    legs = [leg for leg in LEGS if leg in form.legs]
    if not legs or len(legs) != len(set(form.legs)):
        problems["legs"] = _("Tick at least one paralysed leg.")
    values["legs"] = legs
    values["sessions_per_day"] = _whole(form.sessions_per_day, SESSIONS_PER_DAY, "sessions_per_day", problems,
                                        _("Choose 1 to 4 sessions a day."))
    values["crate_rest_start"] = read_day(form.crate_rest_start, "crate_rest_start", problems, today=today)
    values["crate_rest_weeks"] = _whole(form.crate_rest_weeks, CRATE_REST_WEEKS, "crate_rest_weeks", problems,
                                        _("Enter a whole number of weeks from 4 to 12."))
    values["passive_pt_approved_from"] = read_day(form.passive_pt_approved_from, "passive_pt_approved_from",
                                                  problems, today=today, future_ok=True)
    values["bladder_interval_hours"] = _whole(form.bladder_interval_hours, BLADDER_INTERVAL_HOURS,
                                              "bladder_interval_hours", problems,
                                              _("Enter a whole number of hours from 1 to 24, or leave it empty."))
    values["bladder_margin_hours"] = _whole(form.bladder_margin_hours, BLADDER_MARGIN_HOURS, "bladder_margin_hours",
                                            problems, _("Enter a whole number of hours from 1 to 12, or leave it empty."))
    rest, pt = values["crate_rest_start"], values["passive_pt_approved_from"]
    if rest and pt and "passive_pt_approved_from" not in problems and "crate_rest_start" not in problems:
        if pt < rest:
            problems["passive_pt_approved_from"] = _("Passive PT cannot start before crate rest started "
                                                     "(%(day)s).") % {"day": rest.isoformat()}
        elif pt > rest + PT_LATEST_AFTER_REST:
            problems["passive_pt_approved_from"] = _("That is more than 12 weeks after crate rest started "
                                                     "(%(day)s): check the dates.") % {"day": rest.isoformat()}
    notes = form.notes.strip().replace("\r\n", "\n")
    if len(notes) > 2000:
        problems["notes"] = _("Keep the notes to %(most)s characters or fewer (now %(now)s).") % {
            "most": format_number(2000), "now": format_number(len(notes))}
    values["owner_notes"] = notes
    phone = form.clinic_phone.strip()
    if phone and not PHONE.match(phone):
        problems["clinic_phone"] = phone_problem()
    values["clinic_phone"] = phone or None
    raise_problems(problems)
    return values


def set_prescription(*, session: Session, patient: Patient, form: PrescriptionForm, today: date,
                     actor: str) -> bool:
    """Check every field, then apply; True when something changed (a new version for the phone,
    kept in the prescription's history and the audit trail)."""
    values = check_prescription(form, today)
    values["crate_rest_start_by_owner"] = False  # saved by staff, the date is the clinic's now
    # Two people saving at once: the second waits for the first, then makes the next version
    # (PostgreSQL; SQLite's one writer already takes turns).
    session.refresh(patient, with_for_update=True)
    changed = {key: value for key, value in values.items() if getattr(patient, key) != value}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(patient, key, value)
    patient.prescription_version += 1
    patient.updated_at = utcnow()
    session.add(patient)
    session.flush()
    if "bladder_interval_hours" in changed:  # the next bladder reminder moves with it
        reminders.plan_bladder(session, patient, utcnow())
    record_version(session=session, patient=patient, actor=actor)
    audit.record(session=session, actor=actor, patient=patient, action="prescription_changed",
                 detail=f"version {patient.prescription_version}: " + "; ".join(
                     f"{FIELD_NAMES[key]}: {_shown(value)}" for key, value in changed.items() if key in FIELD_NAMES))
    return True


FIELD_NAMES = {"legs": "legs", "sessions_per_day": "sessions a day", "crate_rest_start": "crate rest started",
               "crate_rest_weeks": "crate rest weeks", "passive_pt_approved_from": "passive PT from",
               "bladder_interval_hours": "bladder every (hours)", "bladder_margin_hours": "bladder flagged after (hours late)",
               "owner_notes": "notes", "clinic_phone": "phone for this owner"}
DETAIL_NAMES = {"dog_name": "dog", "owner_name": "owner", "owner_phone": "owner's phone", "owner_email": "owner's email"}


def _shown(value) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, list):
        return ", ".join(LEG_NAMES.get(leg, leg).lower() for leg in value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def take_owner_profile(*, session: Session, patient: Patient, profile: OwnerProfile | None) -> str | None:
    """What the owner set on the phone: the crate-rest start (kept while the clinic has set none:
    the clinic's own date always wins; not a new prescription version, the phone has it already)
    and the session times with the phone's time zone (the reminders follow them). A value that
    cannot be right (a phone whose clock is far off, a time zone no one has) is not taken, and the
    answer says why; the batch's logs are stored all the same. Returns those reasons, or None."""
    if profile is None:
        return None
    problems = [problem for problem in (_take_crate_rest_start(patient, profile.crate_rest_start),
                                        _take_session_times(session, patient, profile)) if problem]
    if patient in session.dirty:
        patient.updated_at = utcnow()
    return "; ".join(problems) or None


def _take_crate_rest_start(patient: Patient, day: date | None) -> str | None:
    if day is None:
        return None
    latest = utcnow().date() + timedelta(days=1)  # a day of slack: the phone may be a time zone ahead
    if not OWNER_EARLIEST_DAY <= day <= latest:
        return (f"profile.crate_rest_start: {day.isoformat()} is not a day from {OWNER_EARLIEST_DAY.isoformat()} "
                f"to {latest.isoformat()}; not taken (the logs were)")
    clinic_set = patient.crate_rest_start is not None and not patient.crate_rest_start_by_owner
    if not clinic_set and day != patient.crate_rest_start:
        patient.crate_rest_start, patient.crate_rest_start_by_owner = day, True
    return None


def _take_session_times(session: Session, patient: Patient, profile: OwnerProfile) -> str | None:
    times, zone = profile.session_times, profile.time_zone
    if times is None and zone is None:
        return None
    if not isinstance(zone, str) or zone not in known_time_zones():
        return "profile.time_zone: not a time zone (like Europe/London); the session times were not taken"
    if not isinstance(times, list) or not 1 <= len(times) <= SESSIONS_PER_DAY.stop - 1 \
            or not all(isinstance(time, str) and SESSION_TIME.fullmatch(time) for time in times) \
            or len(set(times)) != len(times):
        return (f"profile.session_times: not 1 to {SESSIONS_PER_DAY.stop - 1} different times like \"08:00\"; "
                "not taken (the logs were)")
    times = sorted(times)
    if times != patient.session_times or zone != patient.time_zone:
        patient.session_times, patient.time_zone = times, zone
        reminders.times_changed(session, patient, utcnow())
    return None


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _whole(text: str, allowed: range, field: str, problems: dict, message: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    # ASCII digits only: str.isdigit() also says yes to "²", which int() then refuses (a 500).
    if not WHOLE_NUMBER.fullmatch(text) or int(text) not in allowed:
        problems[field] = message
        return None
    return int(text)

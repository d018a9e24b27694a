"""Discharge: the clinic closes a patient's plan. Its record stays; sessions done up to the day of
discharge are still taken when a phone that was offline syncs them late; later ones are refused
(services/sync.py, `closed`), and the phone tells the owner its history stays there."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from app.i18n import _, format_number
from app.models import Clinic, Patient
from app.models.base import utcnow
from app.services import audit
from app.services.accounts import Staff
from app.services.form_errors import raise_problems, read_day

NOTE_MAX = 1000


def plan_closed_from(patient: Patient, clinic: Clinic) -> datetime | None:
    """The moment sessions stop being taken: the end of the day of discharge, in the clinic's zone."""
    if patient.discharged_on is None:
        return None
    return datetime.combine(patient.discharged_on + timedelta(days=1), datetime.min.time(), ZoneInfo(clinic.timezone))


def discharge(*, session: Session, staff: Staff, patient: Patient, day: str, note: str, today: date) -> None:
    problems: dict[str, str] = {}
    on = read_day(day, "discharged_on", problems, today=today, required=True)
    if on is not None and "discharged_on" not in problems and on < patient.created_at.date() - timedelta(days=1):
        problems["discharged_on"] = _("That is before the patient was added (%(day)s).") % {
            "day": patient.created_at.date().isoformat()}
    note = note.strip().replace("\r\n", "\n")
    if len(note) > NOTE_MAX:
        problems["discharge_note"] = _("Keep the note to %(most)s characters or fewer.") % {"most": format_number(NOTE_MAX)}
    if patient.discharged_on is not None:
        problems["discharged_on"] = _("Already discharged on %(day)s.") % {"day": patient.discharged_on.isoformat()}
    raise_problems(problems)
    patient.discharged_on, patient.discharge_note, patient.updated_at = on, note, utcnow()
    session.add(patient)
    audit.record(session=session, actor=staff.user.email, patient=patient, action="discharged",
                 detail=f"on {on.isoformat()}" + (f": {note}" if note else ""))


def reopen(*, session: Session, staff: Staff, patient: Patient) -> None:
    """Undo a discharge made by mistake: the phone's later sessions are taken again."""
    if patient.discharged_on is None:
        return
    was = patient.discharged_on
    patient.discharged_on, patient.discharge_note, patient.updated_at = None, "", utcnow()
    session.add(patient)
    audit.record(session=session, actor=staff.user.email, patient=patient, action="reopened",
                 detail=f"the discharge of {was.isoformat()} was undone")

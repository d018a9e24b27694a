"""Alerts: what staff must act on, kept until someone handles it.

Made at ingest, one per concern of a log (services/sync.py calls `alert_rows`), and when a
patient's crate rest has ended (`ensure_recheck_alerts`). Their ids derive from what they are
about, so storing one twice, from a duplicate sync or two racing processes, changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, func, select, update

from app.db import upsert
from app.errors import AppError
from app.i18n import N_, Words, _, format_number
from app.models import Alert, Clinic, Patient, StoredCareEvent, StoredSessionLog
from app.models.alert import SEVERITY, alert_id
from app.models.base import utcnow
from app.services import audit
from app.services.accounts import Staff
from app.services.clinic_time import aware, plausible

BLADDER_MARGIN_HOURS = 2  # late by more than this, an overdue bladder is flagged (a clinic may set its own per dog)
LATE = timedelta(hours=12)  # an alert received this long after it happened is "reported late"
WORKLIST_SHOWN = 100
NOTE_MAX = 500
KIND_LABELS = Words({"red_flag": N_("Red flag"), "pain": N_("Pain"), "excessive_kicking": N_("Excessive kicking"),
                     "blocked": N_("Blocked by the safety check"), "not_urinated": N_("Not urinated"),
                     "bladder_none": N_("Bladder: nothing came"), "bladder_blood": N_("Bladder: blood in the urine"),
                     "bladder_harder": N_("Bladder: much harder to express"),
                     "bladder_overdue": N_("Bladder overdue"), "recheck_due": N_("Recheck due")})
# The care events' results that the clinic hears about the same day, and the alert each makes (the
# phone's words for them: content/safety.toml [bladder], calls_clinic).
CARE_ALERTS = {"none": "bladder_none", "blood": "bladder_blood", "much-harder": "bladder_harder"}
_TABLE = Alert.__table__


def kinds_of(row: dict) -> list[str]:
    """The concerns of one stored log (its flag columns), most severe first. A red flag blocks the
    session too: that is one alert, the red flag."""
    kinds = [kind for kind, flag in (("red_flag", "flag_red_flag"), ("pain", "flag_pain"),
                                     ("excessive_kicking", "flag_excessive_kicking"),
                                     ("not_urinated", "flag_not_urinated")) if row[flag]]
    if row["outcome"] == "blocked" and not row["flag_red_flag"]:
        kinds.append("blocked")
    return sorted(kinds, key=SEVERITY.__getitem__)


FLAG_COLUMNS = ("outcome", "flag_red_flag", "flag_pain", "flag_excessive_kicking", "flag_not_urinated")


def kinds_of_log(log: StoredSessionLog) -> list[str]:
    return kinds_of({name: getattr(log, name) for name in FLAG_COLUMNS})


def alert_rows(log_rows: list[dict]) -> list[dict]:
    """The alerts of newly stored logs (rows as services/sync.py makes them)."""
    return [{"id": alert_id(row["id"], kind), "patient_id": row["patient_id"], "log_id": row["id"], "kind": kind,
             "severity": SEVERITY[kind], "happened_at": row["started_at"], "received_at": row["received_at"]}
            for row in log_rows for kind in kinds_of(row)]


def care_alert_rows(event_rows: list[dict]) -> list[dict]:
    """The alerts of newly stored care events (rows as services/sync.py makes them)."""
    return [{"id": alert_id(row["id"], kind), "patient_id": row["patient_id"], "care_event_id": row["id"],
             "kind": kind, "severity": SEVERITY[kind], "happened_at": row["at"], "received_at": row["received_at"]}
            for row in event_rows if (kind := CARE_ALERTS.get(row["result"]))]


def store_alerts(session: Session, rows: list[dict]) -> None:
    if rows:
        session.execute(upsert(session, _TABLE).on_conflict_do_nothing(index_elements=["id"]), rows)


# Recheck due: crate rest has ended ------------------------------------------------------------
# A recheck alert is worked out from the patient's dates while it is open (no write on a page
# view), and stored when staff handle it, under the id it had while open.

def crate_rest_last_day(patient: Patient) -> date | None:
    if not patient.crate_rest_start:
        return None
    return patient.crate_rest_start + timedelta(days=(patient.crate_rest_weeks or 8) * 7 - 1)


def _recheck(patient: Patient, today: date, zone: ZoneInfo) -> Alert | None:
    last_day = crate_rest_last_day(patient)
    if last_day is None or last_day >= today or patient.discharged_on:
        return None
    ended = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), zone)
    return Alert(id=alert_id(patient.id, "recheck_due", last_day.isoformat()), patient_id=patient.id, log_id=None,
                 kind="recheck_due", severity=SEVERITY["recheck_due"], happened_at=ended, received_at=ended)


def _bladder_overdue(patient: Patient, last_at: datetime | None, now: datetime) -> Alert | None:
    """No emptying recorded for longer than the clinic's interval and margin. Only for a dog whose
    owner records the bladder (one record at least): the app cannot tell the others' from silence."""
    hours = patient.bladder_interval_hours
    if not hours or last_at is None or patient.discharged_on:
        return None
    due = last_at + timedelta(hours=hours)
    flagged = due + timedelta(hours=patient.bladder_margin_hours or BLADDER_MARGIN_HOURS)
    if now <= flagged:
        return None
    # One per gap: handled, it stays handled until the next record starts a new count.
    return Alert(id=alert_id(patient.id, "bladder_overdue", last_at.isoformat()), patient_id=patient.id, log_id=None,
                 kind="bladder_overdue", severity=SEVERITY["bladder_overdue"], happened_at=due, received_at=flagged)


COMPUTED_KINDS = ("recheck_due", "bladder_overdue")  # worked out while open, stored once handled


def _computable(clinic: Clinic) -> list:
    """The patients that may have a computed alert: under care, with a crate rest or a bladder interval."""
    return [Patient.clinic_id == clinic.id, col(Patient.discharged_on).is_(None),
            or_(col(Patient.crate_rest_start).is_not(None), col(Patient.bladder_interval_hours).is_not(None))]


def open_computed(session: Session, patients: list[Patient], today: date, zone: ZoneInfo,
                  now: datetime | None = None) -> list[Alert]:
    """The alerts worked out from the patients' dates and records (a recheck due, a bladder
    overdue) and not handled yet: a few reads, whatever the number of patients."""
    now = now or utcnow()
    last_bladder = _last_bladder(session, [p.id for p in patients if p.bladder_interval_hours], now)
    due = [alert for patient in patients
           for alert in (_recheck(patient, today, zone), _bladder_overdue(patient, last_bladder.get(patient.id), now))
           if alert]
    if not due:
        return []
    handled = set(session.exec(select(Alert.id).where(col(Alert.id).in_([alert.id for alert in due]))))
    return [alert for alert in due if alert.id not in handled]


def _last_bladder(session: Session, patient_ids: list[uuid.UUID], now: datetime) -> dict[uuid.UUID, datetime]:
    if not patient_ids:
        return {}
    event = StoredCareEvent
    found = session.exec(select(event.patient_id, func.max(event.at))
                         .where(col(event.patient_id).in_(patient_ids), event.kind == "bladder",
                                plausible(col(event.at), now))
                         .group_by(event.patient_id))
    return {patient_id: aware(at) for patient_id, at in found}


# Reading and handling --------------------------------------------------------------------------

@dataclass
class AlertLine:
    alert: Alert
    patient: Patient
    payload: dict | None  # the log's, when the alert came from one
    words: str = ""  # what happened, for people (alert_words.alert_words, with the content's words)

    @property
    def late(self) -> bool:
        return self.alert.received_at - self.alert.happened_at > LATE

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.alert.kind, self.alert.kind)


def open_alerts(*, session: Session, clinic: Clinic, today: date, patient: Patient | None = None,
                limit: int = WORKLIST_SHOWN) -> tuple[list[AlertLine], int]:
    """A clinic's (or one patient's) open alerts, most severe and oldest first (at most `limit`),
    and how many in all."""
    where = [Patient.clinic_id == clinic.id, col(Alert.handled_at).is_(None)]
    under_care = _computable(clinic)
    if patient is not None:
        where.append(Alert.patient_id == patient.id)
        under_care.append(Patient.id == patient.id)
    total = session.exec(select(func.count()).select_from(Alert).join(Patient, col(Patient.id) == Alert.patient_id)
                         .where(*where)).one()
    found = session.exec(select(Alert, Patient, StoredSessionLog.payload)
                         .join(Patient, col(Patient.id) == Alert.patient_id)
                         .outerjoin(StoredSessionLog, col(StoredSessionLog.id) == Alert.log_id)
                         .where(*where).order_by(col(Alert.severity), col(Alert.happened_at)).limit(limit)).all()
    lines = [AlertLine(alert, patient, payload) for alert, patient, payload in found]
    patients = {p.id: p for p in session.exec(select(Patient).where(*under_care))}
    computed = open_computed(session, list(patients.values()), today, ZoneInfo(clinic.timezone))
    lines += [AlertLine(alert, patients[alert.patient_id], None) for alert in computed]
    lines.sort(key=lambda line: (line.alert.severity, line.alert.happened_at))
    return lines[:limit], total + len(computed)


def alerts_for_record(*, session: Session, patient: Patient, since: datetime) -> list[AlertLine]:
    """For the visit summary: a patient's alerts that happened since a moment, and any still open
    however old, oldest first."""
    return _lines(session, patient, or_(col(Alert.happened_at) >= since, col(Alert.handled_at).is_(None)),
                  col(Alert.happened_at))


def handled_alerts(*, session: Session, patient: Patient, limit: int = 50) -> list[AlertLine]:
    """A patient's handled alerts, the latest handled first."""
    return _lines(session, patient, col(Alert.handled_at).is_not(None), col(Alert.handled_at).desc(), limit)


def _lines(session: Session, patient: Patient, where, order, limit: int | None = None) -> list[AlertLine]:
    query = (select(Alert, StoredSessionLog.payload)
             .outerjoin(StoredSessionLog, col(StoredSessionLog.id) == Alert.log_id)
             .where(Alert.patient_id == patient.id, where).order_by(order).limit(limit))
    return [AlertLine(alert, patient, payload) for alert, payload in session.exec(query)]


def handle_alert(*, session: Session, staff: Staff, alert_id: uuid.UUID, note: str, today: date) -> Alert:
    """Mark an alert handled, with what was done: who and when are recorded, here and in the audit."""
    alert = session.get(Alert, alert_id) or _open_computed(session, staff.clinic, alert_id, today)
    patient = session.get(Patient, alert.patient_id) if alert else None
    if alert is None or patient is None or patient.clinic_id != staff.clinic.id:
        raise AppError(_("There is no such alert in your clinic."), 404, "not_found")
    note = " ".join(note.split())
    problem = None
    if not note:
        problem = _("Say what was done, e.g. “called, advised to come in”.")
    elif len(note) > NOTE_MAX:
        problem = _("Keep the note to %(most)s characters or fewer.") % {"most": format_number(NOTE_MAX)}
    if problem:
        raise AppError(problem, 422, "invalid_form", [{"field": "note", "message": problem}])
    if alert.kind in COMPUTED_KINDS:  # worked out while open: stored now, as it is handled
        store_alerts(session, [alert.model_dump()])
    now = utcnow()
    # Only if still open: of two people handling it at once, the second is told, not overwritten.
    claimed = session.exec(update(Alert).where(col(Alert.id) == alert.id, col(Alert.handled_at).is_(None))
                           .values(handled_at=now, handled_by=staff.user.email, handled_note=note))
    alert = session.get(Alert, alert.id, populate_existing=True)
    if claimed.rowcount != 1:
        raise AppError(_("%(who)s already handled this alert.") % {"who": alert.handled_by or _("Someone")}, 409,
                       "already_handled")
    # The audit trail is kept in one language, as written (app/i18n.py, Words.english).
    audit.record(session=session, actor=staff.user.email, patient=patient, action="alert_handled",
                 detail=f"{KIND_LABELS.english(alert.kind, alert.kind)} of {alert.happened_at.isoformat(timespec='minutes')}: {note}")
    session.flush()
    return alert


def _open_computed(session: Session, clinic: Clinic, wanted: uuid.UUID, today: date) -> Alert | None:
    patients = list(session.exec(select(Patient).where(*_computable(clinic))))
    return next((alert for alert in open_computed(session, patients, today, ZoneInfo(clinic.timezone))
                 if alert.id == wanted), None)

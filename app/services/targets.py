"""The prescription's history (every version, kept as it was saved) and the sessions a day it
prescribed for each day.

A day is judged by the prescriptions in force on it: the one in force when the day began and any
saved during it, taking the lowest (sessions a day are a ceiling: raising the target at noon does
not fail the morning, lowering it does not leave the owner behind). Raising the target never
re-scores the days before the change.
"""

from __future__ import annotations

import bisect
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from app.models import Patient, PrescriptionVersion

DEFAULT_SESSIONS_PER_DAY = 2  # content/routine.toml [sessions_per_day] default: the owner's choice


PRESCRIPTION_FIELDS = ["legs", "sessions_per_day", "crate_rest_start", "crate_rest_weeks", "passive_pt_approved_from",
                      "bladder_interval_hours", "bladder_margin_hours", "owner_notes", "clinic_phone"]


def record_version(*, session: Session, patient: Patient, actor: str) -> None:
    """Keep the prescription as it is now, in force from now on."""
    snapshot = {name: _json(getattr(patient, name)) for name in PRESCRIPTION_FIELDS}
    session.add(PrescriptionVersion(patient_id=patient.id, version=patient.prescription_version,
                                    sessions_per_day=patient.sessions_per_day, snapshot=snapshot, saved_by=actor))


def _json(value):
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class TargetHistory:
    """(first local day, sessions a day) of each version, oldest first."""

    current: int
    changes: list[tuple[date, int]] = field(default_factory=list)

    def __post_init__(self):
        self._days = [changed for changed, _ in self.changes]
        targets = {per_day for _, per_day in self.changes} or {self.current}
        self._only = targets.pop() if len(targets) == 1 else None  # never changed: the same every day

    def on(self, day: date) -> int:
        if self._only is not None:
            return self._only
        started = bisect.bisect_left(self._days, day)  # versions saved before this day began
        in_force = [self.changes[max(started - 1, 0)][1]]  # the first version also covers the days before it
        in_force += [per_day for changed, per_day in self.changes[started:] if changed == day]
        return min(in_force)


def _per_day(value: int | None, default: int) -> int:
    return value or default


def target_histories(*, session: Session, patients: list[Patient], zone: ZoneInfo,
                     default: int = DEFAULT_SESSIONS_PER_DAY) -> dict[uuid.UUID, TargetHistory]:
    """The histories of some patients of one clinic, in one query (by clinic: a list of a thousand
    ids would cost more than the rows it leaves out)."""
    versions: dict[uuid.UUID, list[tuple[datetime, int | None]]] = defaultdict(list)
    clinics = {patient.clinic_id for patient in patients}
    if clinics:
        query = (select(PrescriptionVersion.patient_id, PrescriptionVersion.saved_at,
                        PrescriptionVersion.sessions_per_day)
                 .order_by(col(PrescriptionVersion.version)))
        if len(patients) == 1:
            query = query.where(PrescriptionVersion.patient_id == patients[0].id)
        else:
            query = query.join(Patient, col(Patient.id) == PrescriptionVersion.patient_id).where(
                col(Patient.clinic_id).in_(clinics))
        for patient_id, saved_at, per_day in session.exec(query):
            versions[patient_id].append((saved_at, per_day))
    return {patient.id: TargetHistory(
        current=_per_day(patient.sessions_per_day, default),
        changes=[(saved_at.astimezone(zone).date(), _per_day(per_day, default)) for saved_at, per_day in
                 versions.get(patient.id, [])]) for patient in patients}


def target_history(*, session: Session, patient: Patient, zone: ZoneInfo,
                   default: int = DEFAULT_SESSIONS_PER_DAY) -> TargetHistory:
    return target_histories(session=session, patients=[patient], zone=zone, default=default)[patient.id]

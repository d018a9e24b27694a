"""The sessions a day prescribed for each day, from the prescription's history.

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


@dataclass
class TargetHistory:
    """(first local day, sessions a day) of each version, oldest first."""

    current: int
    changes: list[tuple[date, int]] = field(default_factory=list)

    def on(self, day: date) -> int:
        if not self.changes:
            return self.current
        days = [changed for changed, _ in self.changes]
        started = bisect.bisect_left(days, day)  # versions saved before this day began
        in_force = [self.changes[max(started - 1, 0)][1]]  # the first version also covers the days before it
        in_force += [per_day for changed, per_day in self.changes[started:] if changed == day]
        return min(in_force)


def _per_day(value: int | None, default: int) -> int:
    return value or default


def target_histories(*, session: Session, patients: list[Patient], zone: ZoneInfo,
                     default: int = DEFAULT_SESSIONS_PER_DAY) -> dict[uuid.UUID, TargetHistory]:
    """Every patient's history in one query."""
    ids = [patient.id for patient in patients]
    versions: dict[uuid.UUID, list[tuple[datetime, int | None]]] = defaultdict(list)
    if ids:
        for patient_id, saved_at, per_day in session.exec(
                select(PrescriptionVersion.patient_id, PrescriptionVersion.saved_at,
                       PrescriptionVersion.sessions_per_day)
                .where(col(PrescriptionVersion.patient_id).in_(ids)).order_by(col(PrescriptionVersion.version))):
            versions[patient_id].append((saved_at, per_day))
    return {patient.id: TargetHistory(
        current=_per_day(patient.sessions_per_day, default),
        changes=[(saved_at.astimezone(zone).date(), _per_day(per_day, default)) for saved_at, per_day in
                 versions.get(patient.id, [])]) for patient in patients}


def target_history(*, session: Session, patient: Patient, zone: ZoneInfo,
                   default: int = DEFAULT_SESSIONS_PER_DAY) -> TargetHistory:
    return target_histories(session=session, patients=[patient], zone=zone, default=default)[patient.id]

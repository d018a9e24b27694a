"""The audit trail: who changed a patient's record, and when (shown as its history of changes).

Written in the same transaction as the change itself, so a change is never without its entry.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from app.models import AuditEvent, Patient

COMMAND_LINE = "command line"  # the actor of changes made with `ivdd-pt`
HISTORY_SHOWN = 50


def record(*, session: Session, actor: str, patient: Patient, action: str, detail: str = "") -> None:
    session.add(AuditEvent(clinic_id=patient.clinic_id, patient_id=patient.id, actor=actor, action=action,
                           detail=detail[:1000]))


def history(*, session: Session, patient_id: uuid.UUID, limit: int = HISTORY_SHOWN) -> list[AuditEvent]:
    """Newest first."""
    return list(session.exec(select(AuditEvent).where(AuditEvent.patient_id == patient_id)
                             .order_by(col(AuditEvent.at).desc()).limit(limit)))

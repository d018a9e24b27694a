"""A patient's sessions as CSV, and a printable summary of the last 14 days for a visit."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.db import SessionDep
from app.models.base import utcnow
from app.routes.clinic.deps import StaffDep
from app.routes.clinic.pages import alert_items, content_words, render
from app.services import exports
from app.services.prescriptions import patient_of_clinic

router = APIRouter()


@router.get("/patients/{patient_id}/sessions.csv")
def sessions_csv(session: SessionDep, staff: StaffDep, patient_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    body = exports.sessions_csv(session=session, clinic=staff.clinic, patient=patient)
    name = exports.file_name(patient, utcnow())
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@router.get("/patients/{patient_id}/summary")
def visit_summary(request: Request, session: SessionDep, staff: StaffDep, patient_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    summary = exports.visit_summary(session=session, clinic=staff.clinic, patient=patient, now=utcnow())
    content = content_words(request)
    return render(request, "summary.html", staff, patient=patient, summary=summary, leg_names=content.leg_names,
                  questions=content.questions,
                  alert_items=alert_items(request, summary.alerts, summary.today, content))

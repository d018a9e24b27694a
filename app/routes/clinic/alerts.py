"""Marking an alert handled, from the worklist or the patient's page."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.db import SessionDep
from app.errors import AppError
from app.i18n import _
from app.models.base import utcnow
from app.routes.clinic.deps import StaffPosting
from app.routes.clinic.pages import see_other
from app.routes.clinic.patients import patient_page_response, worklist_page
from app.services.alerts import handle_alert
from app.services.patient_list import clinic_today
from app.services.prescriptions import patient_of_clinic

router = APIRouter()


@router.post("/alerts/{alert_id}/handle")
def handle(request: Request, session: SessionDep, staff: StaffPosting, alert_id: uuid.UUID,
           note: Annotated[str, Form()] = "", back: Annotated[str, Form()] = "worklist"):
    try:
        alert = handle_alert(session=session, staff=staff, alert_id=alert_id, note=note,
                             today=clinic_today(staff.clinic, utcnow())[0])
    except AppError as exc:
        if exc.code != "invalid_form":
            raise
        errors = {f"note-{alert_id}": exc.message}
        if back.startswith("patient:"):
            patient = patient_of_clinic(session=session, staff=staff, patient_id=_uuid(back.removeprefix("patient:")))
            return patient_page_response(request, session, staff, patient, errors=errors, status_code=422)
        return worklist_page(request, session, staff, errors=errors, status_code=422)
    if back.startswith("patient:"):
        return see_other(f"/clinic/patients/{alert.patient_id}?done=handled#alerts")
    return see_other("/clinic?done=handled#worklist")


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise AppError(_("There is no such patient in your clinic."), 404, "not_found") from None

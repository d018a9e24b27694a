"""Neurological grades recorded at rechecks, shown on the patient's page beside the kicking trend."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.db import SessionDep
from app.errors import AppError
from app.models.base import utcnow
from app.routes.clinic.deps import StaffPosting
from app.routes.clinic.pages import see_other
from app.routes.clinic.patients import patient_page_response
from app.services.form_errors import field_errors
from app.services.neuro_grades import record_grade
from app.services.patient_list import clinic_today
from app.services.prescriptions import patient_of_clinic

router = APIRouter()


@router.post("/patients/{patient_id}/grades")
def save_grade(request: Request, session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID,
               examined_on: Annotated[str, Form()] = "", grade: Annotated[str, Form()] = "",
               deep_pain: Annotated[str, Form()] = "", ten_steps: Annotated[str, Form()] = "",
               note: Annotated[str, Form()] = ""):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    typed = {"examined_on": examined_on, "grade": grade, "deep_pain": deep_pain, "ten_steps": ten_steps, "note": note}
    try:
        record_grade(session=session, staff=staff, patient=patient, today=clinic_today(staff.clinic, utcnow())[0],
                     **typed)
    except AppError as exc:
        return patient_page_response(request, session, staff, patient, errors=field_errors(exc), status_code=422,
                                     values=typed)
    return see_other(f"/clinic/patients/{patient.id}?done=grade#grades")

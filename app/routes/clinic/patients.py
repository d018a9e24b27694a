"""The clinic's patients: the list by risk, a new patient, one patient's page and its forms."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request

from app.db import SessionDep
from app.errors import AppError
from app.models.base import utcnow
from app.routes.clinic.deps import StaffDep, StaffPosting
from app.routes.clinic.pages import action_titles, gate_questions, legs_not_covered, render, see_other
from app.services import patient_page
from app.services.form_errors import field_errors
from app.services.linking import create_invite
from app.services.patient_list import TIERS, clinic_today, patient_rows
from app.services.prescriptions import (
    LEG_NAMES, PrescriptionForm, create_patient, patient_of_clinic, set_prescription,
)

router = APIRouter()

DONE_MESSAGES = {"saved": "Prescription saved. The owner's phone gets it at its next sync.",
                 "unchanged": "Nothing changed.", "created": "Patient added. Make an invite code for the owner's phone.",
                 "revoked": "Phone disconnected. It keeps its sessions but can no longer send them.",
                 "setup": "Your clinic is ready. Sign in."}


@router.get("")
def patient_list(request: Request, session: SessionDep, staff: StaffDep, q: str = ""):
    rows = patient_rows(session=session, clinic=staff.clinic, now=utcnow(), search=q[:80])
    return render(request, "patients.html", staff, rows=rows, search=q[:80], tiers=TIERS,
                  today=clinic_today(staff.clinic, utcnow())[0])


@router.get("/patients/new")
def new_patient_page(request: Request, staff: StaffDep):
    return render(request, "patient_new.html", staff)


@router.post("/patients/new")
def new_patient(request: Request, session: SessionDep, staff: StaffPosting,
                dog_name: Annotated[str, Form()] = "", owner_name: Annotated[str, Form()] = ""):
    try:
        patient = create_patient(session=session, staff=staff, dog_name=dog_name, owner_name=owner_name)
    except AppError as exc:
        return render(request, "patient_new.html", staff, status_code=422, errors=field_errors(exc),
                      values={"dog_name": dog_name, "owner_name": owner_name})
    return see_other(f"/clinic/patients/{patient.id}?done=created")


@router.get("/patients/{patient_id}")
def patient_view(request: Request, session: SessionDep, staff: StaffDep, patient_id: uuid.UUID, done: str = "",
                 page: Annotated[int, Query(ge=1, le=100_000)] = 1):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    return _patient_page(request, session, staff, patient, form=PrescriptionForm.of(patient),
                         notice=DONE_MESSAGES.get(done), page=page)


@router.post("/patients/{patient_id}/prescription")
def save_prescription(request: Request, session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID,
                      legs: Annotated[list[str] | None, Form()] = None,
                      sessions_per_day: Annotated[str, Form()] = "", crate_rest_start: Annotated[str, Form()] = "",
                      crate_rest_weeks: Annotated[str, Form()] = "",
                      passive_pt_approved_from: Annotated[str, Form()] = "", notes: Annotated[str, Form()] = "",
                      clinic_phone: Annotated[str, Form()] = ""):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    form = PrescriptionForm(legs=legs or [], sessions_per_day=sessions_per_day, crate_rest_start=crate_rest_start,
                            crate_rest_weeks=crate_rest_weeks, passive_pt_approved_from=passive_pt_approved_from,
                            notes=notes, clinic_phone=clinic_phone)
    try:
        changed = set_prescription(session=session, patient=patient, form=form,
                                   today=clinic_today(staff.clinic, utcnow())[0])
    except AppError as exc:
        return _patient_page(request, session, staff, patient, form=form, errors=field_errors(exc), status_code=422)
    return see_other(f"/clinic/patients/{patient.id}?done={'saved' if changed else 'unchanged'}#prescription")


@router.post("/patients/{patient_id}/invites")
def new_invite(request: Request, session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    made = create_invite(session=session, patient=patient)
    # Shown once, on this answer only: the code is stored as a hash and cannot be shown again.
    return _patient_page(request, session, staff, patient, form=PrescriptionForm.of(patient), invite=made)


@router.post("/patients/{patient_id}/devices/{device_id}/revoke")
def revoke_device(session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID, device_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    patient_page.revoke_device(session=session, patient=patient, device_id=device_id)
    return see_other(f"/clinic/patients/{patient.id}?done=revoked#phones")


def _patient_page(request, session, staff, patient, *, form, errors=None, status_code=200, invite=None, notice=None,
                  page=1):
    details = patient_page.details(session=session, clinic=staff.clinic, patient=patient, now=utcnow(), page=page,
                                   action_titles=action_titles(request))
    join_link = None
    if invite is not None:
        base = request.app.state.settings.public_url or str(request.base_url)
        join_link = base.rstrip("/") + f"/join/{invite.code}"
    return render(request, "patient.html", staff, status_code=status_code, patient=patient, page=details, form=form,
                  questions=gate_questions(request), not_covered=legs_not_covered(request),
                  errors=errors or {}, leg_names=LEG_NAMES, invite=invite, join_link=join_link,
                  qr_svg=patient_page.qr_svg(join_link) if join_link else None, notice=notice)

"""The clinic's patients: the worklist and the list by risk, a new patient, one patient's page
and its forms."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request

from app.db import SessionDep
from app.errors import AppError
from app.models.base import utcnow
from app.routes.clinic.deps import StaffDep, StaffPosting
from app.i18n import N_, Words
from app.routes.clinic.pages import alert_items, content_words, legs_not_covered, render, scale_citation, see_other
from app.services import audit, discharge, patient_page
from app.services.alerts import BLADDER_MARGIN_HOURS, handled_alerts, open_alerts
from app.services.form_errors import field_errors
from app.services.linking import (
    INVITE_LIFETIME, NewInvite, cancel_invite, create_invite, live_invite_with_code, live_invites,
)
from app.services.neuro_grades import grades_of
from app.services.patient_list import clinic_today, patient_rows
from app.services.prescriptions import (
    PrescriptionForm, create_patient, patient_of_clinic, set_prescription, update_patient_details,
)
from app.services.secrets import normalize_code

router = APIRouter()

# The code just made, for the page the browser is sent to: shown once, then the cookie is deleted.
# Only its hash is in the database; the cookie lives minutes, on this patient's pages only.
INVITE_COOKIE = "ivdd_new_invite"
INVITE_COOKIE_SECONDS = 600

DONE_MESSAGES = Words({
    "invite": N_("Invite code made. It is shown once, below: if you cannot see it, cancel it and make a new one."),
    "invite_cancelled": N_("Invite code cancelled. No phone can use it now."),
    "invite_used": N_("That code had already connected a phone, so it was not cancelled. Disconnect the phone below "
                      "if it should not send sessions."),
    "saved": N_("Prescription saved. The owner's phone gets it at its next sync."),
    "unchanged": N_("Nothing changed."), "created": N_("Patient added. Make an invite code for the owner's phone."),
    "revoked": N_("Phone disconnected. It keeps its sessions but can no longer send them."),
    "setup": N_("Your clinic is ready. Sign in."), "details": N_("Details saved."),
    "discharged": N_("Discharged. The patient is now in the Discharged list."),
    "reopened": N_("The plan is open again."), "handled": N_("Marked handled."), "grade": N_("Grade recorded.")})
AUDIT_LABELS = Words({"patient_added": N_("Patient added"), "details_changed": N_("Details changed"),
                      "prescription_changed": N_("Prescription changed"), "invite_created": N_("Invite code made"),
                      "invite_cancelled": N_("Invite code cancelled"), "device_revoked": N_("Phone disconnected"),
                      "alert_handled": N_("Alert handled"), "grade_recorded": N_("Grade recorded"),
                      "discharged": N_("Discharged"), "reopened": N_("Plan reopened")})


@router.get("")
def patient_list(request: Request, session: SessionDep, staff: StaffDep, q: str = "", show: str = "",
                 done: str = ""):
    return worklist_page(request, session, staff, search=q[:80], discharged=show == "discharged",
                         notice=DONE_MESSAGES.get(done))


def worklist_page(request, session, staff, *, search="", discharged=False, errors=None, status_code=200, notice=None):
    now = utcnow()
    today = clinic_today(staff.clinic, now)[0]
    rows = patient_rows(session=session, clinic=staff.clinic, now=now, search=search, discharged=discharged)
    lines, total = ([], 0) if discharged else open_alerts(session=session, clinic=staff.clinic, today=today)
    # A search finds patients in the other list too: say so, rather than "no patient matches".
    elsewhere = len(patient_rows(session=session, clinic=staff.clinic, now=now, search=search,
                                 discharged=not discharged)) if search.strip() else 0
    return render(request, "patients.html", staff, status_code=status_code, rows=rows, search=search,
                  today=today, discharged=discharged, items=alert_items(request, lines, today), alert_total=total,
                  errors=errors or {}, back="worklist", notice=notice, elsewhere=elsewhere)


@router.get("/patients/new")
def new_patient_page(request: Request, staff: StaffDep):
    return render(request, "patient_new.html", staff)


@router.post("/patients/new")
def new_patient(request: Request, session: SessionDep, staff: StaffPosting,
                dog_name: Annotated[str, Form()] = "", owner_name: Annotated[str, Form()] = "",
                owner_phone: Annotated[str, Form()] = "", owner_email: Annotated[str, Form()] = ""):
    typed = {"dog_name": dog_name, "owner_name": owner_name, "owner_phone": owner_phone, "owner_email": owner_email}
    try:
        patient = create_patient(session=session, staff=staff, **typed)
    except AppError as exc:
        return render(request, "patient_new.html", staff, status_code=422, errors=field_errors(exc), values=typed)
    return see_other(f"/clinic/patients/{patient.id}?done=created")


@router.get("/patients/{patient_id}")
def patient_view(request: Request, session: SessionDep, staff: StaffDep, patient_id: uuid.UUID, done: str = "",
                 page: Annotated[int, Query(ge=1, le=100_000)] = 1):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    return patient_page_response(request, session, staff, patient, notice=DONE_MESSAGES.get(done), page=page)


@router.post("/patients/{patient_id}/details")
def save_details(request: Request, session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID,
                 dog_name: Annotated[str, Form()] = "", owner_name: Annotated[str, Form()] = "",
                 owner_phone: Annotated[str, Form()] = "", owner_email: Annotated[str, Form()] = ""):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    typed = {"dog_name": dog_name, "owner_name": owner_name, "owner_phone": owner_phone, "owner_email": owner_email}
    try:
        changed = update_patient_details(session=session, staff=staff, patient=patient, **typed)
    except AppError as exc:
        return patient_page_response(request, session, staff, patient, details_form=typed,
                                     errors=field_errors(exc), status_code=422)
    return see_other(f"/clinic/patients/{patient.id}?done={'details' if changed else 'unchanged'}")


@router.post("/patients/{patient_id}/prescription")
def save_prescription(request: Request, session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID,
                      legs: Annotated[list[str] | None, Form()] = None,
                      sessions_per_day: Annotated[str, Form()] = "", crate_rest_start: Annotated[str, Form()] = "",
                      crate_rest_weeks: Annotated[str, Form()] = "",
                      passive_pt_approved_from: Annotated[str, Form()] = "",
                      bladder_interval_hours: Annotated[str, Form()] = "",
                      bladder_margin_hours: Annotated[str, Form()] = "", notes: Annotated[str, Form()] = "",
                      clinic_phone: Annotated[str, Form()] = ""):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    form = PrescriptionForm(legs=legs or [], sessions_per_day=sessions_per_day, crate_rest_start=crate_rest_start,
                            crate_rest_weeks=crate_rest_weeks, passive_pt_approved_from=passive_pt_approved_from,
                            bladder_interval_hours=bladder_interval_hours, bladder_margin_hours=bladder_margin_hours,
                            notes=notes, clinic_phone=clinic_phone)
    try:
        changed = set_prescription(session=session, patient=patient, form=form, actor=staff.user.email,
                                   today=clinic_today(staff.clinic, utcnow())[0])
    except AppError as exc:
        return patient_page_response(request, session, staff, patient, form=form, errors=field_errors(exc),
                                     status_code=422)
    return see_other(f"/clinic/patients/{patient.id}?done={'saved' if changed else 'unchanged'}#prescription")


@router.post("/patients/{patient_id}/discharge")
def discharge_patient(request: Request, session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID,
                      discharged_on: Annotated[str, Form()] = "", discharge_note: Annotated[str, Form()] = ""):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    try:
        discharge.discharge(session=session, staff=staff, patient=patient, day=discharged_on, note=discharge_note,
                            today=clinic_today(staff.clinic, utcnow())[0])
    except AppError as exc:
        return patient_page_response(request, session, staff, patient, errors=field_errors(exc), status_code=422,
                                     values={"discharged_on": discharged_on, "discharge_note": discharge_note})
    return see_other(f"/clinic/patients/{patient.id}?done=discharged")


@router.post("/patients/{patient_id}/reopen")
def reopen_patient(session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    discharge.reopen(session=session, staff=staff, patient=patient)
    return see_other(f"/clinic/patients/{patient.id}?done=reopened")


@router.post("/patients/{patient_id}/invites")
def new_invite(request: Request, session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    made = create_invite(session=session, patient=patient, actor=staff.user.email)  # and in the history
    # A redirect, so a reload never makes another code; the page it leads to shows the code once.
    response = see_other(f"/clinic/patients/{patient.id}?done=invite#phones")
    response.set_cookie(INVITE_COOKIE, made.code, max_age=INVITE_COOKIE_SECONDS, path=f"/clinic/patients/{patient.id}",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/patients/{patient_id}/invites/{invite_id}/cancel")
def cancel_invite_code(session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID, invite_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    invite, _cancelled_now = cancel_invite(session=session, patient=patient, invite_id=invite_id, actor=staff.user.email)
    done = "invite_cancelled" if invite.cancelled_at is not None else "invite_used"  # used: from a page shown earlier
    return see_other(f"/clinic/patients/{patient.id}?done={done}#phones")


@router.post("/patients/{patient_id}/devices/{device_id}/revoke")
def revoke_device(session: SessionDep, staff: StaffPosting, patient_id: uuid.UUID, device_id: uuid.UUID):
    patient = patient_of_clinic(session=session, staff=staff, patient_id=patient_id)
    patient_page.revoke_device(session=session, patient=patient, device_id=device_id, actor=staff.user.email)
    return see_other(f"/clinic/patients/{patient.id}?done=revoked#phones")


def patient_page_response(request, session, staff, patient, *, form=None, details_form=None, errors=None,
                          status_code=200, notice=None, page=1, values=None):
    """The patient's page, on a GET and after any of its forms is refused (with what was typed)."""
    now = utcnow()
    today = clinic_today(staff.clinic, now)[0]
    content = content_words(request)
    details = patient_page.details(session=session, clinic=staff.clinic, patient=patient, now=now, page=page,
                                   content=content)
    lines, _ = open_alerts(session=session, clinic=staff.clinic, today=today, patient=patient)
    invite = _invite_just_made(request, session, patient, now)
    public_url = request.app.state.settings.public_url
    join_link = (public_url or str(request.base_url)).rstrip("/") + f"/join/{invite.code}" if invite else None
    response = render(
        request, "patient.html", staff, status_code=status_code, patient=patient, page=details, notice=notice,
        form=form or PrescriptionForm.of(patient), details_form=details_form or _details_of(patient),
        errors=errors or {}, values=values or {}, questions=content.questions, not_covered=legs_not_covered(request),
        leg_names=content.leg_names, back=f"patient:{patient.id}",
        items=alert_items(request, lines, today, content),
        handled=alert_items(request, handled_alerts(session=session, patient=patient), today, content),
        history=audit.history(session=session, patient_id=patient.id), audit_labels=AUDIT_LABELS,
        grades=grades_of(session=session, patient_id=patient.id), scale_citation=scale_citation(request),
        invite=invite, join_link=join_link, qr_svg=patient_page.qr_svg(join_link) if join_link else None,
        live_invites=live_invites(session, patient, now), invite_days=INVITE_LIFETIME.days,
        public_url=public_url, base_url=str(request.base_url).rstrip("/"),
        bladder_results=content.bladder_results,
        bladder_margin=BLADDER_MARGIN_HOURS)
    if INVITE_COOKIE in request.cookies:  # shown once: the next page has no code to show
        response.delete_cookie(INVITE_COOKIE, path=f"/clinic/patients/{patient.id}", httponly=True,
                               samesite="strict", secure=request.url.scheme == "https")
    return response


def _invite_just_made(request, session, patient, now) -> NewInvite | None:
    """The code in the cookie new_invite set, while it is still this patient's and usable."""
    code = request.cookies.get(INVITE_COOKIE)
    made = live_invite_with_code(session=session, patient=patient, code=code, now=now) if code else None
    return NewInvite(code=normalize_code(code), invite=made) if made is not None else None


def _details_of(patient) -> dict[str, str]:
    return {"dog_name": patient.dog_name, "owner_name": patient.owner_name or "",
            "owner_phone": patient.owner_phone or "", "owner_email": patient.owner_email or ""}

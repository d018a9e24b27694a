"""The clinic's staff: everyone sees the list; admins add and remove people."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.db import SessionDep, read_scope, write_scope
from app.errors import AppError
from app.i18n import N_, Words
from app.routes.clinic.deps import StaffDep, StaffPosting
from app.routes.clinic.pages import render, see_other
from app.services.accounts import add_staff, choose_language, new_member, remove_staff, staff_of_clinic
from app.services.form_errors import field_errors

router = APIRouter()
NOTICES = Words({"added": N_("Account created. Give the password to your colleague in person."),
                 "removed": N_("Account removed."), "language": N_("Your language is saved.")})


@router.get("/staff")
def staff_page(request: Request, session: SessionDep, staff: StaffDep, done: str = ""):
    return _page(request, session, staff, notice=NOTICES.get(done))


@router.post("/staff")
def add(request: Request, staff: StaffPosting, email: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "staff"):
    try:
        member = new_member(admin=staff, email=email, password=password, role=role)  # hashed under no lock
        with write_scope(request) as session:
            add_staff(session=session, admin=staff, member=member)
    except AppError as exc:
        if exc.status_code == 403:
            raise
        with read_scope(request) as session:
            return _page(request, session, staff, status_code=exc.status_code, errors=field_errors(exc),
                         values={"email": email, "role": role})
    return see_other("/clinic/staff?done=added")


@router.post("/staff/{user_id}/remove")
def remove(session: SessionDep, staff: StaffPosting, user_id: uuid.UUID):
    remove_staff(session=session, admin=staff, user_id=user_id)
    return see_other("/clinic/staff?done=removed")


@router.post("/staff/language")
def language(request: Request, staff: StaffPosting, language: Annotated[str, Form()] = ""):
    """The signed-in member's own language; nobody chooses another's."""
    try:
        with write_scope(request) as session:
            choose_language(session=session, staff=staff, language=language)
    except AppError as exc:
        with read_scope(request) as session:
            return _page(request, session, staff, status_code=exc.status_code, errors=field_errors(exc))
    return see_other("/clinic/staff?done=language")


def _page(request, session, staff, status_code=200, **context):
    return render(request, "staff.html", staff, status_code=status_code,
                  members=staff_of_clinic(session=session, clinic_id=staff.clinic.id), **context)

"""Who is signed in to the dashboard, and the form token every POST must carry."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request

from app import i18n
from app.db import read_scope
from app.routes.clinic.pages import LoginRequired
from app.services.accounts import Staff, staff_for_token

COOKIE = "ivdd_staff"


def optional_staff(request: Request) -> Staff | None:
    # A unit of its own, over at once: the route's own session (a write on a POST) begins only when
    # it needs to, so a route can do slow work (hash a password) before taking the write lock.
    with read_scope(request) as session:
        staff = staff_for_token(session=session, token=request.cookies.get(COOKIE))
    request.state.staff = staff  # for the error page's header
    if staff is not None:  # their own setting, in place of the browser's (app/http/language.py)
        i18n.speak(staff.user.language)
    return staff


def current_staff(staff: Annotated[Staff | None, Depends(optional_staff)]) -> Staff:
    if staff is None:
        raise LoginRequired()
    return staff


def staff_posting(staff: Annotated[Staff, Depends(current_staff)], csrf: Annotated[str, Form()] = "") -> Staff:
    """The signed-in staff member, for a form post that carries their form token."""
    staff.check_csrf(csrf)
    return staff


OptionalStaff = Annotated[Staff | None, Depends(optional_staff)]
StaffDep = Annotated[Staff, Depends(current_staff)]
StaffPosting = Annotated[Staff, Depends(staff_posting)]

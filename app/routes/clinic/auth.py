"""Signing in and out, and the first-run setup page (only while the server has no clinic). Both
forms carry a token of their own, as no session exists yet to derive one from (forgery.py)."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import available_timezones

from fastapi import APIRouter, Form, Request

from app.db import SessionDep, read_scope, write_scope
from app.deps import ClientAddress
from app.errors import AppError
from app.routes.clinic.deps import COOKIE, OptionalStaff, StaffPosting
from app.routes.clinic.forgery import PageFormToken, PostedFormToken
from app.routes.clinic.pages import render, see_other
from app.services.accounts import (SESSION_LIFETIME, SetupDone, check_setup_form, first_run_setup, setup_needed,
                                   sign_out)
from app.services.form_errors import field_errors
from app.services.passwords import hash_password
from app.services.sign_in import sign_in

router = APIRouter()
TIMEZONES = sorted(zone for zone in available_timezones() if "/" in zone and not zone.startswith(("Etc/", "SystemV/")))


@router.get("/login")
def login_page(request: Request, session: SessionDep, staff: OptionalStaff, _: PageFormToken, next: str = "/clinic"):
    if setup_needed(session=session):
        return see_other("/clinic/setup")
    if staff is not None:
        return see_other(_safe_next(next))
    return render(request, "login.html", values={"next": _safe_next(next)})


@router.post("/login", dependencies=[PostedFormToken])
def login(request: Request, address: ClientAddress, email: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/clinic"):
    values = {"email": email, "next": _safe_next(next)}
    try:  # its own short transactions: none is open while the password is checked (services/sign_in.py)
        token = sign_in(writing=lambda: write_scope(request), limits=request.app.state.sign_in_limits,
                        email=email, password=password, address=address)
    except AppError as exc:
        return render(request, "login.html", status_code=exc.status_code, values=values, problem=exc.message)
    response = see_other(values["next"])
    response.set_cookie(COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()), path="/clinic",
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout(staff: StaffPosting, session: SessionDep):
    sign_out(session=session, token=staff.session_token)
    response = see_other("/clinic/login")
    response.delete_cookie(COOKIE, path="/clinic")
    return response


@router.get("/setup")
def setup_page(request: Request, session: SessionDep, _: PageFormToken):
    if not setup_needed(session=session):
        return see_other("/clinic/login")
    return render(request, "setup.html", values={"timezone": "Europe/London"}, timezones=TIMEZONES)


@router.post("/setup", dependencies=[PostedFormToken])
def setup(request: Request, clinic_name: Annotated[str, Form()] = "",
          phone: Annotated[str, Form()] = "", email: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", password_again: Annotated[str, Form()] = "",
          timezone: Annotated[str, Form()] = "UTC"):
    values = {"clinic_name": clinic_name, "phone": phone, "email": email, "timezone": timezone}
    with read_scope(request) as session:
        if not setup_needed(session=session):  # closed: no password hashed for nothing
            return see_other("/clinic/login")
    try:
        check_setup_form(clinic_name=clinic_name, email=email, password=password, password_again=password_again,
                         phone=phone, timezone=timezone)
        password_hash = hash_password(password)  # before the write: no lock held while argon2 works
        with write_scope(request) as writing:
            first_run_setup(session=writing, clinic_name=clinic_name, email=email, password_hash=password_hash,
                            phone=phone, timezone=timezone)
    except SetupDone:  # another setup, sent at the same moment, made the clinic
        return see_other("/clinic/login")
    except AppError as exc:
        return render(request, "setup.html", status_code=exc.status_code, values=values, errors=field_errors(exc),
                      timezones=TIMEZONES)
    return see_other("/clinic/login?done=setup")


def _safe_next(next_url: str) -> str:
    """Only our own pages: never an open redirect to another site."""
    return next_url if next_url.startswith("/clinic") and not next_url.startswith("//") else "/clinic"

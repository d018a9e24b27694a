"""Clinic staff accounts: first-run setup, signing in and out, adding and removing staff."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import available_timezones

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select

from app import i18n
from app.db import hold_lock
from app.errors import AppError
from app.i18n import _
from app.models import Clinic, ClinicUser, LoginSession
from app.models.base import utcnow
from app.services.clinics import add_clinic, normalize_email
from app.services.form_errors import phone_problem, raise_problems
from app.services.passwords import check_password_rules, hash_password, verify_password
from app.services.secrets import hash_secret

SESSION_LIFETIME = timedelta(hours=12)
SETUP_LOCK = 0x1FDD_0002  # see app/migrate.py for the other lock's number
@functools.cache  # made at the first sign-in, not at import: every process and CLI run would pay ~0.1 s
def _dummy_hash() -> str:
    """Verifying against a real hash when the email is unknown takes as long as a wrong password,
    so the answer's timing does not tell which emails exist."""
    return hash_password("not a real password at all")


@dataclass(frozen=True)
class Staff:
    """The signed-in user, as every clinic page sees them."""

    user: ClinicUser
    clinic: Clinic
    session_token: str

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"

    @property
    def csrf_token(self) -> str:
        """Derived from the session's secret token: nothing more to store, and useless elsewhere."""
        return hmac.new(self.session_token.encode(), b"csrf", hashlib.sha256).hexdigest()

    def check_csrf(self, sent: str | None) -> None:
        if not sent or not hmac.compare_digest(sent, self.csrf_token):
            raise AppError(_("This form has expired. Go back, reload the page and send it again."), 403, "csrf_failed")


def setup_needed(*, session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Clinic)).one() == 0


class SetupDone(AppError):
    def __init__(self):
        super().__init__(_("This server already has a clinic. Sign in instead."), 409, "setup_done")


def check_setup_form(*, clinic_name: str, email: str, password: str, password_again: str, phone: str | None,
                     timezone: str) -> None:
    """Every field's problem at once (422), before anything is hashed or written."""
    problems = {}
    if not clinic_name.strip():
        problems["clinic_name"] = _("Enter the clinic's name.")
    elif len(clinic_name.strip()) > 120:
        problems["clinic_name"] = _("Keep the clinic's name to 120 characters or fewer.")
    if phone and not re.fullmatch(r"[0-9 +()\-]{6,32}", phone.strip()):
        problems["phone"] = phone_problem()
    try:
        normalize_email(email)
    except AppError as exc:
        problems["email"] = exc.message[0].upper() + exc.message[1:] + "."
    try:
        check_password_rules(password)
    except AppError as exc:
        problems["password"] = exc.message[0].upper() + exc.message[1:] + "."
    if password != password_again:
        problems["password_again"] = _("The two passwords differ.")
    if timezone not in available_timezones():
        problems["timezone"] = _("Choose a time zone from the list, like Europe/London.")
    raise_problems(problems)


def first_run_setup(*, session: Session, clinic_name: str, email: str, password_hash: str, phone: str | None,
                    timezone: str = "UTC") -> ClinicUser:
    """The server's first clinic and its admin (fields checked by check_setup_form, the password
    hashed, before the write transaction). Check and insert under one lock, so that of many setups
    sent at once one makes the clinic and the others raise SetupDone."""
    hold_lock(session.connection(), SETUP_LOCK)
    if not setup_needed(session=session):
        raise SetupDone()
    return add_clinic(session=session, name=clinic_name, email=email, password_hash=password_hash, phone=phone,
                      timezone=timezone)


def find_user(*, session: Session, email: str) -> ClinicUser | None:
    try:
        email = normalize_email(email)
    except AppError:
        return None
    return session.exec(select(ClinicUser).where(ClinicUser.email == email)).first()


def check_password(*, user: ClinicUser | None, password: str) -> ClinicUser:
    """The user, when the password is theirs; one vague error otherwise (`user` None: no such
    email). Slow on purpose (argon2): call it with no transaction open (see services/sign_in.py)."""
    if not verify_password(user.password_hash if user else _dummy_hash(), password) or user is None:
        raise wrong_email_or_password()
    return user


def wrong_email_or_password() -> AppError:
    """One answer for an unknown email and a wrong password: it tells no one which emails exist."""
    return AppError(_("That email and password do not match an account."), 401, "sign_in_failed")


def start_session(*, session: Session, user: ClinicUser) -> str:
    """A new session token for the user (the cookie's value; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, token_hash=hash_secret(token), expires_at=utcnow() + SESSION_LIFETIME))
    session.flush()
    return token


def staff_for_token(*, session: Session, token: str | None, now: datetime | None = None) -> Staff | None:
    if not token:
        return None
    found = session.exec(select(LoginSession, ClinicUser, Clinic)
                         .join(ClinicUser, col(ClinicUser.id) == LoginSession.user_id)
                         .join(Clinic, col(Clinic.id) == ClinicUser.clinic_id)
                         .where(LoginSession.token_hash == hash_secret(token))).first()
    if found is None or found[0].expires_at <= (now or utcnow()):
        return None
    _, user, clinic = found
    # Detached copies: they stay readable for the error page even after the request rolls back.
    session.expunge(user)
    session.expunge(clinic)
    return Staff(user=user, clinic=clinic, session_token=token)


def sign_out(*, session: Session, token: str) -> None:
    session.exec(delete(LoginSession).where(col(LoginSession.token_hash) == hash_secret(token)))


def staff_of_clinic(*, session: Session, clinic_id: uuid.UUID) -> list[ClinicUser]:
    return list(session.exec(select(ClinicUser).where(ClinicUser.clinic_id == clinic_id).order_by(ClinicUser.email)))


# One answer for an email that already has an account, on this clinic's staff or another's: it
# names no one, and (the password hashed first, whatever the email) takes as long as a free one.
def email_unavailable() -> AppError:
    return AppError(_("This email cannot have a new account. Choose another address."), 409, "email_taken")


@dataclass(frozen=True)
class NewMember:
    email: str
    password_hash: str
    role: str


def new_member(*, admin: Staff, email: str, password: str, role: str) -> NewMember:
    """A colleague's account as the admin typed it: checked, and its password hashed, before the
    write transaction (argon2 is slow; nothing waits on a lock meanwhile)."""
    _require_admin(admin)
    if role not in ("admin", "staff"):
        message = _("Choose a role: staff or admin.")
        raise AppError(message, 422, "invalid_role", [{"field": "role", "message": message}])
    return NewMember(email=normalize_email(email), password_hash=hash_password(password), role=role)


def add_staff(*, session: Session, admin: Staff, member: NewMember) -> ClinicUser:
    _require_admin(admin)
    if session.exec(select(ClinicUser).where(ClinicUser.email == member.email)).first():
        raise email_unavailable()
    user = ClinicUser(clinic_id=admin.clinic.id, email=member.email, password_hash=member.password_hash,
                      role=member.role)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # the same email added at the same moment elsewhere: the request rolls back
        raise email_unavailable() from None
    return user


def remove_staff(*, session: Session, admin: Staff, user_id: uuid.UUID) -> ClinicUser:
    _require_admin(admin)
    user = session.get(ClinicUser, user_id)
    if user is None or user.clinic_id != admin.clinic.id:  # another clinic's user does not exist for us
        raise AppError(_("No such member of staff."), 404, "not_found")
    if user.id == admin.user.id:
        raise AppError(_("You cannot remove yourself. Ask another admin."), 409, "cannot_remove_self")
    session.exec(delete(LoginSession).where(col(LoginSession.user_id) == user.id))  # signed out at once
    session.delete(user)
    session.flush()
    return user


def choose_language(*, session: Session, staff: Staff, language: str) -> None:
    """The dashboard's language for this staff member (theirs alone; app/i18n.py)."""
    if language not in i18n.OFFERED:
        message = _("Choose one of: %(languages)s.") % {"languages": ", ".join(i18n.OFFERED.values())}
        raise AppError(message, 422, "invalid_language", [{"field": "language", "message": message}])
    user = session.get(ClinicUser, staff.user.id)
    user.language = None if language == i18n.BASE_LANGUAGE else language
    session.add(user)
    session.flush()


def _require_admin(staff: Staff) -> None:
    if not staff.is_admin:
        raise AppError(_("Only an admin of the clinic can do this."), 403, "admin_only")

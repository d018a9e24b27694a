"""Clinics, their users and their patients, as operators create them (the CLI for now)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from app.errors import AppError
from app.i18n import _
from app.models import Clinic, ClinicUser, Patient
from app.services import audit
from app.services.passwords import hash_password
from app.services.targets import record_version


def create_clinic(*, session: Session, name: str, email: str, password: str, phone: str | None = None) -> ClinicUser:
    """A clinic and its first user, an admin."""
    return add_clinic(session=session, name=name, email=email, password_hash=hash_password(password), phone=phone)


def add_clinic(*, session: Session, name: str, email: str, password_hash: str, phone: str | None = None,
               timezone: str = "UTC") -> ClinicUser:
    """The same with the password hashed already: argon2 is slow, and must not run inside a write
    transaction that other requests wait for."""
    name, email = name.strip(), normalize_email(email)
    if not name:
        raise AppError("the clinic needs a name", 422, "invalid_name")
    if session.exec(select(ClinicUser).where(ClinicUser.email == email)).first():
        raise AppError(f"a clinic user with the email {email} already exists", 409, "email_taken")
    clinic = Clinic(name=name, phone=(phone or "").strip() or None, timezone=timezone)
    user = ClinicUser(clinic_id=clinic.id, email=email, password_hash=password_hash, role="admin")
    session.add(clinic)
    session.flush()  # the clinic first: the user's foreign key points at it
    session.add(user)
    session.flush()
    return user


def clinic_of_user(*, session: Session, email: str) -> Clinic:
    user = session.exec(select(ClinicUser).where(ClinicUser.email == normalize_email(email))).first()
    if user is None:
        raise AppError(f"no clinic user has the email {normalize_email(email)}", 404, "clinic_user_not_found")
    return session.get(Clinic, user.clinic_id)


def find_or_create_patient(*, session: Session, clinic: Clinic, dog_name: str,
                           owner_name: str | None = None) -> Patient:
    """The clinic's patient with this dog name (and owner name, when given), created when needed
    (by the command line: its prescription history starts at version 1). The prescription is set
    apart, with prescriptions.set_prescription, the one validator the dashboard uses too."""
    dog_name, owner_name = dog_name.strip(), (owner_name or "").strip() or None
    if not dog_name:
        raise AppError("the dog needs a name", 422, "invalid_name")
    query = select(Patient).where(Patient.clinic_id == clinic.id, func.lower(Patient.dog_name) == dog_name.lower())
    if owner_name:
        query = query.where(func.lower(Patient.owner_name) == owner_name.lower())
    matches = session.exec(query).all()
    if len(matches) > 1:
        raise AppError(f"{clinic.name} has {len(matches)} dogs called {dog_name}: give the owner's name too",
                       409, "ambiguous_patient")
    if matches:
        return matches[0]
    patient = Patient(clinic_id=clinic.id, dog_name=dog_name, owner_name=owner_name)
    session.add(patient)
    session.flush()
    record_version(session=session, patient=patient, actor=audit.COMMAND_LINE)
    audit.record(session=session, actor=audit.COMMAND_LINE, patient=patient, action="patient_added", detail=dog_name)
    return patient


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 254:
        raise AppError(_("'%(email)s' is not an email address") % {"email": email}, 422, "invalid_email")
    return email



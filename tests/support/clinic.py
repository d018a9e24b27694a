"""The clinic's side of a test, straight in the server's database (the dashboard comes later):
make invites, expire them, revoke phones, read what sync stored."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from app.db import make_engine, session_scope, writer
from app.migrate import migrate
from app.models import Clinic, ClinicUser, Device, Invite, Patient, PrescriptionVersion, StoredSessionLog
from app.models.base import utcnow
from app.schemas.session_log import EXAMPLE
from app.services.clinics import add_clinic, find_or_create_patient
from app.services.passwords import hash_password
from app.services.linking import create_invite
from app.services.targets import record_version
from app.services.secrets import hash_secret, normalize_code

CLINIC_EMAIL = "vet@riverside.example"


def calm_log() -> dict:
    """The schema's EXAMPLE without its one concern (the foot rub stopped for excessive kicking):
    a session nothing flags, for tests to change as they need."""
    log = copy.deepcopy(EXAMPLE)
    for action in log["actions"]:
        if action["status"] == "stopped":
            action.update(status="completed", stop_reason=None)
    log["observations"]["kicking"] = {leg: "a_little" for leg in log["observations"]["kicking"]}
    return log


def sqlite_url(data_dir: Path) -> str:
    """The database a `running_server(data_dir)` uses (see app/config.py)."""
    return f"sqlite:///{(Path(data_dir) / 'ivdd-pt.sqlite3').resolve()}"


@contextmanager
def _session(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    try:
        migrate(engine)  # harmless when the server already did
        with session_scope(writer(engine)) as session:
            yield session
    finally:
        engine.dispose()


@contextmanager
def database(database_url: str) -> Iterator[Session]:
    """A session on the server's database, for a test to look at what is stored."""
    with _session(database_url) as session:
        yield session


@functools.cache
def _hash_of(password: str) -> str:
    return hash_password(password)


def make_clinic(session: Session, name: str, email: str, password: str, phone: str | None = None) -> ClinicUser:
    """A clinic and its admin, as create_clinic makes them, with the password hashed once a test
    process: argon2 is slow on purpose, and hundreds of tests make the same clinic."""
    return add_clinic(session=session, name=name, email=email, password_hash=_hash_of(password), phone=phone)


def invite(database_url: str, *, dog: str = "Biscuit", owner: str | None = None, legs: list[str] | None = None,
           sessions_per_day: int | None = None, expires_in_days: float = 7, **prescription) -> str:
    """Riverside Vets (made when missing) invites the owner of `dog`; returns the code."""
    with _session(database_url) as session:
        user = session.exec(select(ClinicUser).where(ClinicUser.email == CLINIC_EMAIL)).first()
        if user is None:
            user = make_clinic(session, "Riverside Vets", CLINIC_EMAIL, "correct horse battery", phone="+44 20 7946 0000")
        clinic = session.get(Clinic, user.clinic_id)
        known = set(session.exec(select(Patient.id).where(Patient.clinic_id == clinic.id)).all())
        patient = find_or_create_patient(session=session, clinic=clinic, dog_name=dog, owner_name=owner)
        _prescribe(session, patient, new=patient.id not in known, legs=legs, sessions_per_day=sessions_per_day,
                   **prescription)
        return create_invite(session=session, patient=patient, lifetime=timedelta(days=expires_in_days)).code


def _prescribe(session: Session, patient: Patient, *, new: bool, **values) -> None:
    """Prescription values set straight, unchecked (tests need odd ones): a new patient's version 1,
    or a new version of a patient found."""
    given = {key: value for key, value in values.items() if value is not None}
    if not given:
        return
    if "crate_rest_start" in given:
        given["crate_rest_start_by_owner"] = False  # the clinic's date
    for key, value in given.items():
        setattr(patient, key, value)
    if new:  # made with this prescription: its version 1 says so
        session.delete(session.exec(select(PrescriptionVersion).where(PrescriptionVersion.patient_id == patient.id,
                                                                      PrescriptionVersion.version == 1)).one())
    else:
        patient.prescription_version += 1
        patient.updated_at = utcnow()
    session.add(patient)
    session.flush()
    record_version(session=session, patient=patient, actor="test")


def expire_invite(database_url: str, code: str) -> None:
    with _session(database_url) as session:
        found = session.exec(select(Invite).where(Invite.code_hash == hash_secret(normalize_code(code)))).one()
        found.expires_at = utcnow() - timedelta(seconds=1)
        session.add(found)


def revoke_devices(database_url: str, dog: str = "Biscuit") -> int:
    with _session(database_url) as session:
        devices = session.exec(select(Device).join(Patient).where(Patient.dog_name == dog,
                                                                  Device.revoked_at.is_(None))).all()
        for device in devices:
            device.revoked_at = utcnow()
            session.add(device)
        return len(devices)


def discharge(database_url: str, on: date, dog: str = "Biscuit") -> None:
    """The clinic closes the dog's plan on a day (straight in the database, as the dashboard does)."""
    with _session(database_url) as session:
        patient = session.exec(select(Patient).where(Patient.dog_name == dog)).one()
        patient.discharged_on = on
        session.add(patient)


def device_last_seen(database_url: str, dog: str = "Biscuit") -> datetime:
    """When the dog's (one) phone was last seen by the server."""
    with _session(database_url) as session:
        return session.exec(select(Device.last_seen_at).join(Patient).where(Patient.dog_name == dog)).one()


def set_prescription(database_url: str, dog: str = "Biscuit", *, saved_at: datetime | None = None,
                     **changes) -> int:
    """Change the dog's prescription as the clinic would; returns the new version. Kept in its
    history as in force since `saved_at` (default: since the patient was added)."""
    with _session(database_url) as session:
        patient = session.exec(select(Patient).where(Patient.dog_name == dog)).one()
        for key, value in changes.items():
            setattr(patient, key, value)
        patient.prescription_version += 1
        session.add(patient)
        record_version(session=session, patient=patient, actor="test")
        session.flush()
        version = session.exec(select(PrescriptionVersion).where(
            PrescriptionVersion.patient_id == patient.id,
            PrescriptionVersion.version == patient.prescription_version)).one()
        version.saved_at = saved_at or patient.created_at
        session.add(version)
        return patient.prescription_version


def stored_logs(database_url: str) -> list[dict]:
    """Every stored log, oldest first: its columns, flags, dog name and payload."""
    with _session(database_url) as session:
        rows = session.exec(select(StoredSessionLog, Patient.dog_name).join(Patient)
                            .order_by(StoredSessionLog.received_at, StoredSessionLog.started_at)).all()
        return [{**log.model_dump(mode="json"), "dog_name": dog_name} for log, dog_name in rows]


def wipe(database_url: str) -> None:
    """Every row gone but the server's own key, the schema kept: a server shared by many tests starts each one empty. Refuses
    a database with a table no model knows, which this could not empty."""
    with _session(database_url) as session:
        tables = SQLModel.metadata.sorted_tables
        unknown = set(inspect(session.connection()).get_table_names()) - {table.name for table in tables} - {"alembic_version"}
        assert not unknown, f"wipe() does not know the tables {sorted(unknown)}"
        for table in reversed(tables):  # children first: foreign keys hold throughout
            if table.name != "server_key":  # the server's VAPID key, made at its start, stays
                session.execute(table.delete())

"""Fixtures for the clinic dashboard: an app on a fresh database, clinics, signed-in staff."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.main import create_app
from tests.support.clinic import database, make_clinic
from tests.support.sign_in import sign_in

PASSWORD = "correct horse battery"


@dataclass
class Desk:
    """One staff member at their desk: a client with their cookie, and their form token."""

    client: TestClient
    csrf: str
    email: str

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf": self.csrf, **(data or {})}, **kwargs)


@pytest.fixture
def clinic_settings(tmp_path: Path) -> Settings:
    return Settings(database_url=None, data_dir=tmp_path / "data", content_dir=PROJECT_ROOT / "content",
                    login_attempts=1000, public_url="https://pt.example")


@pytest.fixture
def clinic_app(clinic_settings):
    return create_app(clinic_settings)


@pytest.fixture
def make_desk(clinic_app, clinic_settings) -> Iterator:
    clients = []

    def make(email: str = "vet@riverside.example", clinic: str | None = "Riverside Vets", role: str = "admin") -> Desk:
        if clinic is not None:
            with database(clinic_settings.sqlalchemy_url) as session:
                make_clinic(session, clinic, email, PASSWORD)
        client = TestClient(clinic_app, follow_redirects=False)
        client.__enter__()
        clients.append(client)
        answer = sign_in(client, email, PASSWORD)
        assert answer.status_code == 303, answer.text
        page = client.get("/clinic")
        return Desk(client, re.search(r'name="csrf" value="([^"]+)"', page.text).group(1), email)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def desk(make_desk) -> Desk:
    return make_desk()


def new_patient(desk: Desk, dog: str = "Biscuit", owner: str = "Anna Clarke") -> str:
    answer = desk.post("/clinic/patients/new", {"dog_name": dog, "owner_name": owner})
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].split("/")[3].split("?")[0]


def invite_code(desk: Desk, patient_id: str) -> str:
    """A new code, as staff see it: the POST redirects, and the page it leads to shows the code once."""
    made = desk.post(f"/clinic/patients/{patient_id}/invites")
    assert made.status_code == 303, made.text
    page = desk.get(made.headers["location"])  # the same client: the cookie with the new code goes along
    assert page.status_code == 200 and page.context["invite"] is not None, page.text
    return page.context["invite"].code


def link_phone(desk: Desk, patient_id: str) -> str:
    """The owner's phone, linked with a fresh code; returns its device token."""
    answer = desk.client.post("/api/v1/devices", json={"code": invite_code(desk, patient_id), "label": "Anna's phone"})
    assert answer.status_code == 201, answer.text
    return answer.json()["token"]


def make_log(hours_ago: float, **changes) -> dict:
    """A valid log that started `hours_ago`, changed as asked (see tests/support/clinic.calm_log)."""
    import uuid
    from datetime import UTC, datetime, timedelta

    from tests.support.clinic import calm_log

    log = calm_log()
    start = datetime.now(UTC) - timedelta(hours=hours_ago)
    log.update(id=str(uuid.uuid4()), started_at=start.isoformat(), ended_at=(start + timedelta(minutes=20)).isoformat())
    for key, value in changes.items():
        if key in ("note", "pain_signs", "urinated", "kicking"):
            log["observations"][key] = value
        else:
            log[key] = value
    return log


def blocked_log(hours_ago: float, question: str = "off-medication", kind: str = "eligibility") -> dict:
    answer = "no" if kind == "eligibility" else "yes"
    return make_log(hours_ago, outcome="blocked", actions=[], observations=None,
                    gate={"answers": [{"question_id": question, "kind": kind, "answer": answer}],
                          "passed": False, "blocked_by": question})


def sync(desk: Desk, token: str, logs: list[dict]) -> None:
    answer = desk.client.post("/api/v1/sync", json={"logs": logs}, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and {r["status"] for r in answer.json()["results"]} == {"stored"}, answer.text


def backdate_patients(desk: Desk) -> None:
    """Patients created a week ago, so a week's target applies to them."""
    from datetime import timedelta

    from sqlmodel import select

    from app.models import Patient, PrescriptionVersion

    with database(desk.client.app.state.settings.sqlalchemy_url) as session:
        for patient in session.exec(select(Patient)).all():
            patient.created_at -= timedelta(days=8)
            session.add(patient)
        for version in session.exec(select(PrescriptionVersion)).all():  # made with the patient
            version.saved_at -= timedelta(days=8)
            session.add(version)

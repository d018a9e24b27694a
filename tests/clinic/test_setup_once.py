"""First-run setup makes one clinic, however many people send the form at the same moment: on a
real server, on SQLite and on PostgreSQL (where nothing but a lock makes check-then-insert safe)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlmodel import select

from app.models import Clinic, ClinicUser
from tests.clinic.conftest import PASSWORD
from tests.support.clinic import database
from tests.support.server import running_server
from tests.support.sign_in import form_token

RACERS = 16


def test_sixteen_setups_at_once_make_one_clinic(database_url, tmp_path):
    ready = threading.Barrier(RACERS)

    with running_server(tmp_path / "data", env={"DATABASE_URL": database_url}, args=["--workers", "2"]) as server:
        def set_up(racer: int) -> httpx.Response:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                token = form_token(client)  # the setup page, as each person opened it
                ready.wait()
                return client.post("/clinic/setup", data={
                    "csrf": token, "clinic_name": f"Clinic {racer}", "email": f"vet{racer}@clinic.example",
                    "password": PASSWORD, "password_again": PASSWORD, "timezone": "Europe/London"})

        with ThreadPoolExecutor(RACERS) as pool:
            answers = list(pool.map(set_up, range(RACERS)))
        log = server.log()

    assert sorted(answer.status_code for answer in answers) == [303] * RACERS, log
    places = sorted(answer.headers["location"] for answer in answers)
    assert places == ["/clinic/login"] * (RACERS - 1) + ["/clinic/login?done=setup"]  # the others: "already set up"
    with database(database_url) as session:
        clinics = session.exec(select(Clinic)).all()
        users = session.exec(select(ClinicUser)).all()
    assert len(clinics) == 1 and len(users) == 1
    winner = next(racer for racer, answer in enumerate(answers) if answer.headers["location"].endswith("done=setup"))
    assert (clinics[0].name, users[0].email) == (f"Clinic {winner}", f"vet{winner}@clinic.example")
    assert "Traceback" not in log, log

"""Signing in never holds SQLite's write lock while argon2 verifies the password: phones' syncs
(which need that lock) go on while wrong sign-ins are being checked.

No timing here: a sign-in is held inside the password check (a threading.Event in the real
verify call), and at that moment it holds no database connection, another connection can take
the write lock at once, and a phone's sync is stored."""

from __future__ import annotations

import sqlite3
import threading

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url
from sqlmodel import select

from app.models import ClinicUser, LoginSession
from app.routes.clinic.deps import COOKIE

from app.services import accounts
from tests.clinic.conftest import PASSWORD, link_phone, make_log, new_patient
from tests.support.clinic import database, make_clinic
from tests.support.sign_in import sign_in


def test_the_write_lock_is_free_while_a_password_is_verified(desk, clinic_app, clinic_settings, monkeypatch):
    token = link_phone(desk, new_patient(desk))
    inside, release = threading.Event(), threading.Event()
    verify = accounts.verify_password

    def held_inside(password_hash: str, password: str) -> bool:
        inside.set()
        release.wait(60)
        return verify(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", held_inside)
    signing_in = TestClient(clinic_app, follow_redirects=False)
    database = make_url(clinic_settings.sqlalchemy_url).database
    for password, expected in (("not her password", 401), (PASSWORD, 303)):
        inside.clear()
        release.clear()
        answers = []
        thread = threading.Thread(target=lambda: answers.append(sign_in(signing_in, desk.email, password).status_code))
        thread.start()
        try:
            assert inside.wait(60), "the sign-in never reached the password check"
            # Nor a pooled connection: sixteen sign-ins waiting for argon2 took the pool's fifteen.
            assert clinic_app.state.engine.pool.checkedout() == 0
            probe = sqlite3.connect(database, timeout=0, isolation_level=None)  # no waiting for the lock
            try:
                probe.execute("BEGIN IMMEDIATE")  # what every write (a phone's sync) takes first
                probe.execute("ROLLBACK")
            finally:
                probe.close()
            synced = desk.client.post("/api/v1/sync", json={"logs": [make_log(1)]},
                                      headers={"Authorization": f"Bearer {token}"})
            assert synced.status_code == 200 and synced.json()["results"][0]["status"] == "stored"
        finally:
            release.set()
            thread.join(60)
        assert answers == [expected]


def test_an_account_removed_while_its_password_is_checked_gets_no_session(clinic_app, clinic_settings, monkeypatch):
    """argon2 runs with no transaction open: what it checked may be gone when the session is written."""
    with database(clinic_settings.sqlalchemy_url) as session:
        make_clinic(session, "Other Vets", "leaving@other.example", PASSWORD)
    verify = accounts.verify_password

    def removed_meanwhile(password_hash: str, password: str) -> bool:
        with database(clinic_settings.sqlalchemy_url) as session:  # an admin removes her, meanwhile
            session.delete(session.exec(select(ClinicUser).where(ClinicUser.email == "leaving@other.example")).one())
        return verify(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", removed_meanwhile)
    with TestClient(clinic_app, follow_redirects=False) as client:
        answer = sign_in(client, "leaving@other.example", PASSWORD)
    assert answer.status_code == 401 and COOKIE not in answer.cookies
    with database(clinic_settings.sqlalchemy_url) as session:
        assert session.exec(select(LoginSession)).all() == []

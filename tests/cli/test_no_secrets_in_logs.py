"""The server's output never holds a password, a device token or an invite code."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import text

from app.schemas.session_log import EXAMPLE
from tests.support.clinic import database, invite, sqlite_url
from tests.support.server import running_server
from tests.support.sign_in import sign_in

PASSWORD = "correct horse battery"  # the clinic made by tests/support/clinic.invite


def test_secrets_stay_out_of_the_log(tmp_path):
    data = tmp_path / "data"
    with running_server(data, env={"IVDD_LOG_LEVEL": "info"}) as server:
        code = invite(sqlite_url(data))
        assert httpx.get(f"{server.url}/join/{code}").status_code == 200  # the owner opens the link
        token = httpx.post(f"{server.url}/api/v1/devices", json={"code": code}).json()["token"]
        httpx.post(f"{server.url}/api/v1/sync", json={"logs": [EXAMPLE]}, headers={"Authorization": f"Bearer {token}"})
        with httpx.Client() as desk:
            assert sign_in(desk, "vet@riverside.example", PASSWORD, server.url).status_code == 303
        httpx.get(f"{server.url}/api/v1/sync")  # an error answer, logged too
    log = server.log()
    assert re.search(r'"GET /join/\[code\] HTTP/1.1" 200', log), log  # the request is logged, its code is not
    for secret in (code, token, PASSWORD):
        assert secret not in log


def test_a_failed_write_does_not_print_its_patient_data(tmp_path):
    """A database error's message carries the statement's parameters (the log itself, the owner's
    note) unless the engine hides them: the server's log keeps the statement, never the values."""
    data = tmp_path / "data"
    with running_server(data, env={"IVDD_LOG_LEVEL": "info"}) as server:
        code = invite(sqlite_url(data))
        token = httpx.post(f"{server.url}/api/v1/devices", json={"code": code}).json()["token"]
        with database(sqlite_url(data)) as session:  # the database refuses the write, as a full disk would
            session.exec(text("CREATE TRIGGER refuse BEFORE INSERT ON session_log "
                              "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"))
        log = {**EXAMPLE, "observations": {**EXAMPLE["observations"], "note": "Biscuit yelped near Mrs Clarke's gate"}}
        answer = httpx.post(f"{server.url}/api/v1/sync", json={"logs": [log]},
                            headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 500
    output = server.log()
    assert "refused by the test" in output and "INSERT INTO session_log" in output, output  # the error is logged
    assert "Mrs Clarke" not in output and "[SQL parameters hidden" in output, output


def test_the_access_log_keeps_no_query_string_of_the_dashboard(tmp_path):
    """Searches and notices travel in the dashboard's query strings (a dog's or an owner's name)."""
    data = tmp_path / "data"
    with running_server(data, env={"IVDD_LOG_LEVEL": "info"}) as server:
        httpx.get(f"{server.url}/clinic?q=Biscuit+Clarke")
        httpx.get(f"{server.url}/clinic/login?next=/clinic/patients/00000000-0000-0000-0000-000000000000%3Fq%3DRosie")
        httpx.get(f"{server.url}/api/v1/health?probe=kept")  # elsewhere the query string is nobody's data
    output = server.log()
    assert re.search(r'"GET /clinic HTTP/1.1" 303', output) and re.search(r'"GET /clinic/login HTTP/1.1"', output), output
    assert "Biscuit" not in output and "Rosie" not in output and "?q=" not in output, output
    assert "/api/v1/health?probe=kept" in output

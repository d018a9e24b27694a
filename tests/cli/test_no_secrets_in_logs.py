"""The server's output never holds a password, a device token or an invite code."""

from __future__ import annotations

import re

import httpx

from app.schemas.session_log import EXAMPLE
from tests.support.clinic import invite, sqlite_url
from tests.support.server import running_server

PASSWORD = "correct horse battery"  # the clinic made by tests/support/clinic.invite


def test_secrets_stay_out_of_the_log(tmp_path):
    data = tmp_path / "data"
    with running_server(data, env={"IVDD_LOG_LEVEL": "info"}) as server:
        code = invite(sqlite_url(data))
        assert httpx.get(f"{server.url}/join/{code}").status_code == 200  # the owner opens the link
        token = httpx.post(f"{server.url}/api/v1/devices", json={"code": code}).json()["token"]
        httpx.post(f"{server.url}/api/v1/sync", json={"logs": [EXAMPLE]}, headers={"Authorization": f"Bearer {token}"})
        httpx.post(f"{server.url}/clinic/login", data={"email": "vet@riverside.example", "password": PASSWORD})
        httpx.get(f"{server.url}/api/v1/sync")  # an error answer, logged too
    log = server.log()
    assert re.search(r'"GET /join/\[code\] HTTP/1.1" 200', log), log  # the request is logged, its code is not
    for secret in (code, token, PASSWORD):
        assert secret not in log

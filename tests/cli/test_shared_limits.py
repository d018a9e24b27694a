"""Two real servers on one database share the sign-in and linking limits: what one process
counted, the other sees (they used to count apart, so N processes allowed N times the tries).
On one SQLite file and on PostgreSQL."""

from __future__ import annotations

from contextlib import ExitStack

import httpx

from tests.support.clinic import CLINIC_EMAIL, invite
from tests.support.server import running_server
from tests.support.sign_in import post_sign_in

LIMITS = {"IVDD_LOGIN_ATTEMPTS": "4", "IVDD_LINK_ATTEMPTS": "4"}


def test_two_processes_share_the_sign_in_and_link_limits(database_url, tmp_path):
    code = invite(database_url)  # the clinic, its admin, and a real code (migrates the database first)
    env = {**LIMITS, **({} if database_url.startswith("sqlite") else {"DATABASE_URL": database_url})}
    with ExitStack() as stack:
        one, two = (stack.enter_context(running_server(tmp_path / "data", env=env)) for _ in range(2))

        def sign_in(server, password: str) -> int:
            return post_sign_in(server.url, CLINIC_EMAIL, password).status_code

        def link(server, typed: str) -> int:
            return httpx.post(f"{server.url}/api/v1/devices", json={"code": typed}).status_code

        # Four wrong tries, two through each process; the fifth is refused by either.
        assert [sign_in(server, "a wrong password") for server in (one, two, one, two)] == [401] * 4
        assert [sign_in(one, "correct horse battery"), sign_in(two, "correct horse battery")] == [429, 429]

        assert [link(server, "K7MX3QPD") for server in (one, two, one, two)] == [404] * 4
        assert [link(one, code), link(two, code)] == [429, 429]

"""Two `ivdd-pt serve` processes (two workers each) on one empty PostgreSQL, started at the same
moment, as deploy/compose.yaml runs them: the migrations are applied once, and a phone syncs
through either."""

from __future__ import annotations

from contextlib import ExitStack

from sqlalchemy import text

from app.db import make_engine
from app.migrate import is_up_to_date
from app.models import metadata
from tests.support.clinic import invite, stored_logs
from tests.support.postgres import fresh_database
from tests.support.phone import link_phone, link_status, new_log, sync
from tests.support.server import running_server, wait_until_healthy


def test_two_servers_on_one_empty_postgresql(postgres, tmp_path):
    with fresh_database(postgres) as url, ExitStack() as servers:
        first, second = (servers.enter_context(running_server(tmp_path / name / "data", env={"DATABASE_URL": url, "IVDD_LINK_ATTEMPTS": "3"},
                                                              args=["--workers", "2"], wait=False))
                         for name in ("first", "second"))
        for server in (first, second):  # four processes importing the app at once: slow on a busy machine
            wait_until_healthy(server, timeout=180)

        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
                tables = connection.execute(text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).scalars().all()
            assert len(versions) == 1 and is_up_to_date(engine)  # the head, once
        finally:
            engine.dispose()
        assert sorted(tables) == sorted({*metadata.tables, "alembic_version"})  # every table, once

        token = link_phone(first.url, invite(url))  # linked through one server...
        logs = [new_log(), new_log()]
        assert sync(first.url, token, logs[:1]) == ["stored"]
        assert sync(second.url, token, logs) == ["duplicate", "stored"]  # ...known to the other
        assert sorted(log["id"] for log in stored_logs(url)) == sorted(log["id"] for log in logs)

        # One limit for both: three wrong codes spent on `first` leave none to try on `second`.
        wrong = [link_status(first.url, "K7MX3QPD") for _ in range(3)]
        assert wrong == [404] * 3 and link_status(second.url, "K7MX3QPD") == 429

    for server in (first, second):
        log = server.log()
        assert "Traceback" not in log and "ERROR" not in log, log

"""The README's PostgreSQL backup, as an operator runs it: pg_dump of a database with a synced log,
pg_restore into an empty database, and the app finds the log there."""

from __future__ import annotations

import subprocess

from sqlalchemy.engine import make_url

from tests.support.clinic import invite, stored_logs
from tests.support.phone import link_phone, new_log, sync
from tests.support.postgres import PG_BIN, fresh_database
from tests.support.server import running_server


def _libpq(url: str) -> str:
    """The URL as pg_dump takes it (no +psycopg)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_pg_dump_and_pg_restore_keep_every_log(postgres, tmp_path):
    dump = tmp_path / "ivdd-pt.dump"
    log = new_log()
    with fresh_database(postgres) as url:
        with running_server(tmp_path / "data", env={"DATABASE_URL": url}) as server:
            assert sync(server.url, link_phone(server.url, invite(url)), [log]) == ["stored"]
            subprocess.run([PG_BIN / "pg_dump", "--format=custom", f"--file={dump}", _libpq(url)], check=True)
    with fresh_database(postgres) as url:
        subprocess.run([PG_BIN / "pg_restore", "--no-owner", f"--dbname={_libpq(url)}", dump], check=True)
        assert [stored["id"] for stored in stored_logs(url)] == [log["id"]]

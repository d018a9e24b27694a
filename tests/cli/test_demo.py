"""`ivdd-pt serve --demo` keeps its made-up clinic in a database file of its own, and says which:
the real database is never touched, and the real server can still be set up afterwards."""

from __future__ import annotations

import hashlib

import httpx
from sqlmodel import select

from app.models import Alert, ClinicUser, Patient
from app.services.demo import DEMO_EMAIL
from tests.support.clinic import database, sqlite_url
from tests.support.server import running_server

UNREACHABLE_POSTGRES = "postgresql://nobody@127.0.0.1:9/real"  # the real database, were it used


def _fingerprint(data_dir) -> dict[str, tuple[int, str]]:
    """Every file of the real database (the SQLite file and its -wal/-shm): when written, and what."""
    return {path.name: (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in sorted(data_dir.glob("ivdd-pt.sqlite3*"))}


def test_the_demo_keeps_to_its_own_database_file(tmp_path):
    data = tmp_path / "data"
    with running_server(data) as real:
        assert 'name="password"' in httpx.get(real.url + "/clinic/setup").text
    before = _fingerprint(data)
    assert "ivdd-pt.sqlite3" in before

    with running_server(data, args=["--demo"]) as demo:
        assert httpx.get(demo.url + "/clinic/setup").status_code == 303  # the demo clinic is set up
    demo_file = data / "ivdd-pt-demo.sqlite3"
    assert str(demo_file) in demo.log(), demo.log()  # it says where the demo lives
    with database(sqlite_url(data).replace("ivdd-pt.sqlite3", demo_file.name)) as session:
        assert session.exec(select(ClinicUser.email)).all() == [DEMO_EMAIL]
        # Pepper's owner found the bladder much harder to express a day ago, whatever the hour now.
        assert session.exec(select(Patient.dog_name).join(Alert, Alert.patient_id == Patient.id)
                            .where(Alert.kind == "bladder_harder")).all() == ["Pepper"]

    assert _fingerprint(data) == before  # the real database: not a byte, not a touch
    with running_server(data) as real:
        setup = httpx.get(real.url + "/clinic/setup")
        assert setup.status_code == 200 and 'name="clinic_name"' in setup.text


def test_the_demo_never_uses_the_real_database_url(tmp_path):
    """With DATABASE_URL naming the real (here: unreachable) PostgreSQL, the demo still runs on its file."""
    data = tmp_path / "data"
    with running_server(data, args=["--demo"], env={"DATABASE_URL": UNREACHABLE_POSTGRES}) as demo:
        assert httpx.get(demo.url + "/api/v1/health").json()["database"] == "sqlite"
    assert (data / "ivdd-pt-demo.sqlite3").exists() and not (data / "ivdd-pt.sqlite3").exists()

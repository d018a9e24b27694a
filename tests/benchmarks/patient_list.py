"""Benchmark: the dashboard's patient list on a big clinic, on SQLite.

    .venv/bin/python -m tests.benchmarks.patient_list [--patients 1000] [--logs 200000] [--runs 20]
        [--db PATH]   reuse a seeded SQLite file (seeding 200,000 sessions takes a minute or two)

Seeds a clinic (`ivdd-pt seed`'s service), signs in, then times GET /clinic in-process (the
server's time: routing, two queries, risk ordering, the template) and counts the SQL statements
one request issues, for 1,000 patients and again for 100, to show the count does not grow with
the patients. Target: 150 ms or less. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import PROJECT_ROOT, Settings
from app.content import load_routine
from app.db import make_engine, session_scope, writer
from app.main import create_app
from app.migrate import migrate
from app.models import ClinicUser
from app.services.demo import seed_load
from app.services.passwords import hash_password
from tests.support.sign_in import sign_in

PASSWORD = "benchmark password"


def seed(url: str, patients: int, logs: int, name: str) -> str:
    engine = make_engine(url)
    migrate(engine)
    routine = json.loads(load_routine(PROJECT_ROOT / "content").json_bytes)
    started = time.perf_counter()
    with session_scope(writer(engine)) as session:
        clinic = seed_load(session=session, routine=routine, patients=patients, logs=logs, clinic_name=name)
        email = f"{name.lower().replace(' ', '-')}@bench.example"
        session.add(ClinicUser(clinic_id=clinic.id, email=email, password_hash=hash_password(PASSWORD), role="admin"))
    engine.dispose()
    print(f"seeded {name}: {patients:,} patients, {logs:,} sessions in {time.perf_counter() - started:.1f} s")
    return email


def measure(app, email: str, runs: int) -> tuple[list[float], int, int]:
    with TestClient(app) as client:
        sign_in(client, email, PASSWORD)
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        event.listen(app.state.engine, "before_cursor_execute", listener)
        first = client.get("/clinic")
        event.remove(app.state.engine, "before_cursor_execute", listener)
        rows = first.text.count("data-patient=")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            answer = client.get("/clinic")
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200
    return times, len(statements), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--logs", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", type=Path, help="a SQLite file to reuse (seeded when missing)")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="ivdd-bench-")) / "ivdd-pt.sqlite3"
    url = f"sqlite:///{db.resolve()}"
    big_email, small_email = "big-clinic@bench.example", "small-clinic@bench.example"
    if not db.exists():
        big_email = seed(url, args.patients, args.logs, "Big clinic")
        small_email = seed(url, max(1, args.patients // 10), args.logs // 10, "Small clinic")
    app = create_app(Settings(database_url=url, data_dir=db.parent, login_attempts=1000))
    for label, email in (("big", big_email), ("small", small_email)):
        times, statements, rows = measure(app, email, args.runs)
        print(f"GET /clinic, {label} clinic ({rows:,} patients listed): median {statistics.median(times):.1f} ms, "
              f"best {min(times):.1f} ms, worst {max(times):.1f} ms over {args.runs} runs; "
              f"{statements} SQL statements per request")
    print(f"target: 150 ms or less for {args.patients:,} patients and {args.logs:,} sessions; "
          f"statements constant in the number of patients. Database: {db} ({db.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()

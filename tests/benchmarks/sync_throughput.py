"""Benchmark: session logs stored per second through POST /api/v1/sync, beside a raw insert.

    .venv/bin/python tests/benchmarks/sync_throughput.py [--logs 20000] [--clients 20] [--batch 50]
        [--db sqlite|postgresql|both] [--workers 1,2] [--raw-threads 1,20] [--rounds 1]

For each database, a real server (`ivdd-pt serve`, tests/support/server.py) on a fresh database,
once per `--workers` value: `--clients` phones, each linked with its own invite (one patient and
device each), send pre-built batches of `--batch` unique logs (the schema's example, with a
realistic 20 actions: every action of the routine on both hind legs) in parallel, one thread and
one keep-alive connection per phone. Wall time from the first request to the last answer gives
logs/s; afterwards the database must hold exactly the logs sent (printed). Failed requests are
counted, not retried, and the server's exceptions are printed from its log.

The raw floor inserts the very same rows (app/services/sync.py `log_row`, computed before the clock
starts) with SQLAlchemy Core straight into a fresh database: batches of `--batch`, one transaction
per batch, from 1 and from `--clients` threads: as an executemany, as one multi-row INSERT, as the
service's own INSERT ... VALUES (50 rows) ON CONFLICT DO NOTHING RETURNING id, and as that
statement sent as an executemany. The fastest of these is the floor; the ratio is server / floor.

`--rounds N` repeats every run (servers and raw inserts alternate, so drift hits all alike) and the
summary takes each setting's median. Issue target: 2,000 logs/s or more on SQLite on this 2-core
machine, and at least half the raw floor.
PostgreSQL is the throwaway cluster of tests/support/postgres.py (fsync and synchronous_commit
off); SQLite is the app's own settings (WAL, synchronous FULL, BEGIN IMMEDIATE for writes, busy_timeout 15 s).
Prints figures; asserts nothing (these machines are noisy).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # runnable as a script from anywhere

import httpx  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from app.config import PROJECT_ROOT  # noqa: E402
from app.content import load_routine  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models import Device, StoredSessionLog  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.schemas.session_log import EXAMPLE, SessionLog  # noqa: E402
from app.services.linking import link_device  # noqa: E402
from app.services.sync import _INSERT, _TABLE, log_row  # noqa: E402
from tests.support.clinic import database, invite, sqlite_url  # noqa: E402
from tests.support.postgres import fresh_database, postgres_cluster  # noqa: E402
from tests.support.server import running_server  # noqa: E402

LEGS = ["left-hind", "right-hind"]


# --- the logs ---------------------------------------------------------------------------------

def action_records() -> list[dict]:
    """Every action of the routine on both hind legs, as a phone records a completed session."""
    loaded = load_routine(PROJECT_ROOT / "content")
    routine = loaded.routine
    records = []
    for leg in LEGS:
        for block in routine.flow:
            for step_id in block.steps:
                step = routine.step(step_id)
                actions = step.actions or routine.step(step.repeat_of).actions
                for action in actions:
                    dose = action.dose
                    done = {"reps": dose.target} if dose.type == "reps" else {"seconds": dose.target}
                    records.append({"leg": leg, "step_id": step.id, "action_id": action.id, "status": "completed",
                                    "target": {"type": dose.type, "min": dose.min, "max": dose.max,
                                               "up_to": dose.up_to, "per": getattr(dose, "per", None)}, **done})
    return records


def make_logs(count: int) -> list[dict]:
    """`count` unique, valid logs of realistic size (a new id and start time each)."""
    template = copy.deepcopy(EXAMPLE)
    template["content_version"] = load_routine(PROJECT_ROOT / "content").version
    template["legs"] = LEGS
    template["actions"] = action_records()
    start = datetime(2026, 11, 23, 8, 5, tzinfo=UTC)
    logs = []
    for index in range(count):
        log = copy.deepcopy(template)
        log["id"] = str(uuid.uuid4())
        began = start + timedelta(minutes=10 * index)
        log["started_at"], log["ended_at"] = began.isoformat(), (began + timedelta(minutes=26)).isoformat()
        logs.append(log)
    return logs


def batches(logs: list[dict], size: int) -> list[list[dict]]:
    return [logs[at:at + size] for at in range(0, len(logs), size)]


def count_stored(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(StoredSessionLog)).scalar_one()
    finally:
        engine.dispose()


# --- through the server -----------------------------------------------------------------------

@dataclass
class Run:
    label: str
    logs: int
    seconds: float
    stored_in_db: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    client_cpu: float | None = None  # CPU seconds this process (the load) used while timed
    server_cpu: float | None = None  # CPU seconds the server's processes used while timed
    notes: list[str] = field(default_factory=list)
    requests: int = 0
    failed: int = 0  # requests that got no 200
    expected_in_db: int = 0  # the timed logs, plus the warm-up's through the server

    @property
    def rate(self) -> float:
        return self.logs / self.seconds


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants so far (Linux /proc)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def through_server(label: str, url: str, database_url: str, work: list[list[bytes]], warm_up: list[bytes],
                   sent: int, warmed: int, server_pid: int) -> Run:
    """One thread and one connection per phone; `work[i]` is phone i's pre-encoded request bodies
    (`sent` logs in all), `warm_up[i]` its first request (`warmed` logs in all), before the clock."""
    tokens = []
    for index in range(len(work)):
        code = invite(database_url, dog=f"Dog {index + 1}")
        answer = httpx.post(f"{url}/api/v1/devices", json={"code": code, "label": f"bench {index + 1}"})
        answer.raise_for_status()
        tokens.append(answer.json()["token"])
    clients = [httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}",
                                                                 "Content-Type": "application/json"})
               for token in tokens]
    latencies: list[float] = []
    errors: list[str] = []
    stored = [0] * len(work)
    start = threading.Barrier(len(work) + 1)

    def post(client: httpx.Client, body: bytes, timed: bool = True) -> int:
        began = time.perf_counter()
        try:
            answer = client.post("/api/v1/sync", content=body)
        except httpx.TransportError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            return 0
        if timed:
            latencies.append(time.perf_counter() - began)
        if answer.status_code != 200:
            errors.append(f"{answer.status_code} {answer.text[:200]}")
            return 0
        return answer.content.count(b'"status":"stored"')

    def phone(index: int) -> None:
        post(clients[index], warm_up[index], timed=False)  # a first request per connection, before the clock
        start.wait()
        stored[index] = sum(post(clients[index], body) for body in work[index])

    threads = [threading.Thread(target=phone, args=(index,)) for index in range(len(work))]
    for thread in threads:
        thread.start()
    start.wait()
    began, cpu, server_cpu = time.perf_counter(), time.process_time(), cpu_seconds(server_pid)
    for thread in threads:
        thread.join()
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    server_cpu = cpu_seconds(server_pid) - server_cpu
    for client in clients:
        client.close()
    expected = sent + warmed
    in_db = first_count = count_stored(database_url)
    deadline = time.monotonic() + 5
    while in_db != expected and time.monotonic() < deadline:  # answers may leave before their commit
        time.sleep(0.1)
        in_db = count_stored(database_url)
    notes = []
    if first_count != in_db:
        notes.append(f"right after the last answer the database held {first_count}, {in_db} a moment later: "
                     "answers are sent before their transaction commits")
    if sum(stored) != sent:
        errors.append(f"answers said stored {sum(stored)} of {sent}")
    if in_db != expected:
        errors.append(f"database holds {in_db}, expected {expected} ({sent} timed + {warmed} warm-up)")
    failed = sum(1 for error in errors if not error.startswith(("answers said", "database holds")))
    return Run(label, sent, seconds, in_db, latencies, errors, client_cpu=cpu, server_cpu=server_cpu, notes=notes,
               requests=sum(len(bodies) for bodies in work), failed=failed, expected_in_db=expected)


def encode(batch: list[dict]) -> bytes:
    return json.dumps({"logs": batch}, separators=(",", ":")).encode()


# --- the raw floor ----------------------------------------------------------------------------

def raw_insert(label: str, database_url: str, row_batches: list[list[dict]], threads: int,
               statement: Callable[[list[dict]], tuple]) -> Run:
    """Insert the prepared rows, one transaction per batch, from `threads` threads."""
    engine = make_engine(database_url)
    try:
        with engine.connect():  # open (and set up) a first connection before the clock
            pass
        queue = list(reversed(row_batches))
        lock = threading.Lock()
        latencies: list[float] = []
        start = threading.Barrier(threads + 1)

        def worker() -> None:
            start.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    rows = queue.pop()
                began = time.perf_counter()
                with engine.begin() as connection:
                    connection.execute(*statement(rows))
                latencies.append(time.perf_counter() - began)

        workers = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in workers:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in workers:
            thread.join()
        seconds = time.perf_counter() - began
    finally:
        engine.dispose()
    sent = sum(len(rows) for rows in row_batches)
    in_db = count_stored(database_url)
    errors = [] if in_db == sent else [f"database holds {in_db}, expected {sent}"]
    return Run(label, sent, seconds, in_db, latencies, errors, expected_in_db=sent)


def raw_statements(dialect: str) -> dict[str, Callable[[list[dict]], tuple]]:
    return {
        "executemany": lambda rows: (insert(_TABLE), rows),
        "multi-row INSERT": lambda rows: (insert(_TABLE).values(rows),),
        "service's INSERT": lambda rows: (_INSERT[dialect](_TABLE).values(rows)
                                          .on_conflict_do_nothing(index_elements=["id"]).returning(_TABLE.c.id),),
        # The service's statement sent as an executemany (SQLAlchemy's "insertmanyvalues"): a
        # cached compiled statement instead of compiling a new 50-row VALUES for every batch.
        "service's INSERT as executemany": lambda rows: (
            _INSERT[dialect](_TABLE).on_conflict_do_nothing(index_elements=["id"]).returning(_TABLE.c.id), rows),
    }


def log_rows(logs_per_phone: list[list[dict]]) -> list[list[dict]]:
    """Per phone, the rows `log_row` makes of its logs (device and patient filled in per database)."""
    received_at = utcnow()
    nobody = Device(id=None, patient_id=None)
    return [[log_row(SessionLog.model_validate(log), nobody, received_at) for log in logs] for logs in logs_per_phone]


def prepared_rows(database_url: str, rows_per_phone: list[list[dict]], batch: int) -> list[list[dict]]:
    """Link one device per phone straight in the database; its rows in batches, the phones' batches
    interleaved as the server sees them."""
    per_phone = []
    for index, rows in enumerate(rows_per_phone):
        code = invite(database_url, dog=f"Dog {index + 1}")
        with database(database_url) as session:
            device = link_device(session=session, code=code, label=f"raw {index + 1}").device
        mine = [{**row, "device_id": device.id, "patient_id": device.patient_id} for row in rows]
        per_phone.append(batches(mine, batch))
    return [phone[at] for at in range(len(per_phone[0])) for phone in per_phone]


# --- running it -------------------------------------------------------------------------------

@contextmanager
def databases(kind: str, folder: Path) -> Iterator[Callable[[], contextmanager]]:
    """Yields a factory of fresh databases: each call a context manager yielding (url, server env)."""
    if kind == "sqlite":
        counter = iter(range(1_000_000))

        @contextmanager
        def fresh():
            data_dir = folder / f"sqlite-{next(counter)}" / "data"
            data_dir.mkdir(parents=True)
            yield sqlite_url(data_dir), {}, data_dir

        yield fresh
    else:
        with postgres_cluster() as base_url:
            @contextmanager
            def fresh():
                with fresh_database(base_url) as url:
                    data_dir = folder / f"pg-{uuid.uuid4().hex[:8]}" / "data"
                    data_dir.mkdir(parents=True)
                    yield url, {"DATABASE_URL": url}, data_dir

            yield fresh


def server_errors(log: str, most: int = 8) -> str:
    """The server's exceptions, each once with how often: the last line of each traceback."""
    counts: dict[str, int] = {}
    lines = log.splitlines()
    for at, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = next((i for i in range(at + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), None)
            if end is not None:
                counts[lines[end][:220]] = counts.get(lines[end][:220], 0) + 1
    shown = sorted(counts.items(), key=lambda item: -item[1])[:most]
    return "\n".join(f"    server log: {count} x {line}" for line, count in shown) or "    server log: no traceback"


def report(run: Run) -> None:
    latency = ""
    if run.latencies:
        ordered = sorted(run.latencies)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        latency = f"  batch latency p50 {statistics.median(ordered) * 1000:6.0f} ms, p95 {p95 * 1000:6.0f} ms"
    print(f"  {run.label:<48}{run.rate:>10,.0f} logs/s  {run.logs:>6} logs in {run.seconds:6.2f} s  "
          f"db holds {run.stored_in_db} of {run.expected_in_db}{latency}", flush=True)
    if run.client_cpu is not None and run.server_cpu is not None:
        print(f"    CPU while timed: server {run.server_cpu:.1f} s ({run.server_cpu / run.seconds:.2f} cores busy), "
              f"load generator {run.client_cpu:.1f} s ({run.client_cpu / run.seconds:.2f} cores), "
              f"{os.cpu_count()} cores in all", flush=True)
    for note in run.notes:
        print(f"    note: {note}", flush=True)
    for error in run.errors[:5]:
        print(f"    ! {error}", flush=True)
    if len(run.errors) > 5:
        print(f"    ! ... and {len(run.errors) - 5} more errors", flush=True)


def bench(kind: str, args: argparse.Namespace, folder: Path) -> None:
    per_phone = max(1, args.logs // (args.clients * args.batch)) * args.batch
    total = per_phone * args.clients
    logs = make_logs(total + args.clients * args.batch)  # + one warm-up batch per phone
    timed, warm = logs[:total], logs[total:]
    logs_per_phone = [timed[index * per_phone:(index + 1) * per_phone] for index in range(args.clients)]
    work = [[encode(batch) for batch in batches(phone_logs, args.batch)] for phone_logs in logs_per_phone]
    warm_up = [encode(batch) for batch in batches(warm, args.batch)]
    size = statistics.mean(len(body) for bodies in work for body in bodies)
    print(f"\n{kind}: {total} logs = {args.clients} phones x {per_phone // args.batch} batches x {args.batch} logs "
          f"({len(logs[0]['actions'])} actions a log, {size / 1024:.0f} KB a request)", flush=True)

    runs: dict[tuple[str, str], list[Run]] = {}
    rows_per_phone: list[list[dict]] = []
    with databases(kind, folder) as fresh:
        for round_ in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f" round {round_} of {args.rounds}", flush=True)
            for workers in args.workers:
                with fresh() as (url, env, data_dir):
                    with running_server(data_dir, env={**env, "IVDD_LINK_ATTEMPTS": "1000"},
                                        args=["--workers", str(workers)], timeout=60) as server:
                        run = through_server(f"server, --workers {workers}", server.url, url, work, warm_up,
                                             sent=len(timed), warmed=len(warm), server_pid=server.process.pid)
                        log = server.log()
                    report(run)
                    if run.errors:
                        print(server_errors(log), flush=True)
                    runs.setdefault(("server", run.label), []).append(run)
            rows_per_phone = rows_per_phone if round_ > 1 else log_rows(logs_per_phone)
            statements = raw_statements("sqlite" if kind == "sqlite" else "postgresql")
            for name, statement in statements.items():
                for threads in args.raw_threads:
                    with fresh() as (url, _env, _data_dir):
                        row_batches = prepared_rows(url, rows_per_phone, args.batch)
                        run = raw_insert(f"raw {name}, {threads} thread{'s' * (threads > 1)}", url, row_batches,
                                         threads, statement)
                    report(run)
                    runs.setdefault(("raw", run.label), []).append(run)
    summarize(kind, runs)


def summarize(kind: str, runs: dict[tuple[str, str], list[Run]]) -> None:
    """Per setting, the median over rounds; then the best server setting against the raw floor."""
    medians = {key: statistics.median(run.rate for run in found) for key, found in runs.items()}
    unclean = {key: any(run.errors for run in found) for key, found in runs.items()}
    failed = {key: sum(run.failed for run in found) for key, found in runs.items()}
    requests = {key: sum(run.requests for run in found) for key, found in runs.items()}
    rounds = max(len(found) for found in runs.values())
    print(f"  {kind} summary ({'median of ' + str(rounds) + ' rounds' if rounds > 1 else 'one round'}):", flush=True)
    for (side, label), rate in medians.items():
        if side == "server":
            flag = (f"  ({failed[side, label]} of {requests[side, label]} requests failed: not a clean run)"
                    if unclean[side, label] else "")
            print(f"    {label:<46}{rate:>10,.0f} logs/s{flag}", flush=True)
    server = max((key for key in medians if key[0] == "server"), key=lambda key: (not unclean[key], medians[key]))
    floor = max((key for key in medians if key[0] == "raw"), key=lambda key: medians[key])
    print(f"  => {kind}: best server {medians[server]:,.0f} logs/s ({server[1]}"
          f"{', not clean' if unclean[server] else ''}); raw floor {medians[floor]:,.0f} logs/s ({floor[1]}); "
          f"ratio {medians[server] / medians[floor]:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=20_000, help="logs to time per run (rounded to whole batches)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent phones")
    parser.add_argument("--batch", type=int, default=50, help="logs per request (the server takes at most 100)")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--workers", type=lambda text: [int(n) for n in text.split(",")], default=[1, 2],
                        help="server processes to try, comma-separated (default 1,2)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat every run; the summary takes medians")
    parser.add_argument("--raw-threads", type=lambda text: [int(n) for n in text.split(",")], default=None,
                        help="threads for the raw insert, comma-separated (default 1,<clients>)")
    args = parser.parse_args()
    args.raw_threads = args.raw_threads or sorted({1, args.clients})
    print(f"sync throughput: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; server: ivdd-pt serve "
          f"(uvicorn, log level warning), workers {args.workers}; client: httpx, {args.clients} threads, "
          f"keep-alive, bodies encoded before the clock", flush=True)
    with tempfile.TemporaryDirectory(prefix="ivdd-sync-bench-") as folder:
        for kind in (["sqlite", "postgresql"] if args.db == "both" else [args.db]):
            bench(kind, args, Path(folder))
    print("\ntarget: SQLite >= 2,000 logs/s through the server, and server/raw >= 0.5")


if __name__ == "__main__":
    main()

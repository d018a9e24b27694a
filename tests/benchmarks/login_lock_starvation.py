"""Benchmark: do wrong sign-ins starve phones' syncs on SQLite?

    .venv/bin/python tests/benchmarks/login_lock_starvation.py [--phones 4] [--seconds 20]
        [--logins 0,8,16] [--batch 5] [--pause 0.05] [--workers 1]

A real server (`ivdd-pt serve`, tests/support/server.py) on a fresh SQLite file. `--phones` phones,
each linked with its own invite, sync in a loop (one thread and one keep-alive connection each,
`--batch` new logs a request, `--pause` seconds between requests) while 0, 8 and 16 threads post
wrong passwords for a real account to /clinic/login as fast as they are answered. Each phase runs
`--seconds`; the figures are the syncs' latency (p50, p95), how many syncs were answered, and the
count of 5xx answers (syncs and sign-ins apart). The server's sign-in limit is raised
(IVDD_LOGIN_ATTEMPTS) so that the wrong sign-ins are all verified with argon2 rather than refused
by the limiter: the figure is about the database's write lock, not the limiter.

Measured on the shared 2-core box (4 phones, 20 s phases, one worker), sync p50 / p95 with 0, 8
and 16 wrong sign-ins: before the fix 18/51 ms, 11.6/21.1 s, 20.6/20.7 s, with 500s ("database is
locked") and dropped connections; after it 14/33 ms, 44/162 ms, 64/212 ms, no 5xx.

Prints figures; asserts nothing (these machines are noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # runnable as a script from anywhere

import httpx  # noqa: E402

from tests.benchmarks.sync_throughput import make_logs  # noqa: E402
from tests.support.clinic import CLINIC_EMAIL, invite, sqlite_url  # noqa: E402
from tests.support.server import running_server  # noqa: E402


def sync_bodies(batch: int):
    """An endless supply of request bodies of `batch` new logs: one encoded template, new ids."""
    logs = make_logs(batch)
    template = json.dumps({"logs": logs}, separators=(",", ":"))
    ids = [log["id"] for log in logs]

    def next_body() -> bytes:
        body = template
        for old in ids:
            body = body.replace(old, str(uuid.uuid4()))
        return body.encode()

    return next_body


def phase(url: str, tokens: list[str], logins: int, seconds: float, batch: int, pause: float) -> dict:
    stop = threading.Event()
    latencies: list[float] = []
    sync_status: Counter = Counter()
    login_status: Counter = Counter()
    lock = threading.Lock()
    next_body = sync_bodies(batch)

    def phone(token: str) -> None:
        with httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}",
                                                               "Content-Type": "application/json"}) as client:
            while not stop.is_set():
                body = next_body()
                began = time.perf_counter()
                try:
                    status = client.post("/api/v1/sync", content=body).status_code
                except httpx.TransportError as exc:
                    status = type(exc).__name__
                with lock:
                    latencies.append(time.perf_counter() - began)
                    sync_status[status] += 1
                time.sleep(pause)

    def stranger() -> None:
        with httpx.Client(base_url=url, timeout=120, headers={"Origin": url}) as client:
            while not stop.is_set():
                try:
                    status = client.post("/clinic/login", data={"email": CLINIC_EMAIL,
                                                                "password": "not the password at all"}).status_code
                except httpx.TransportError as exc:
                    status = type(exc).__name__
                with lock:
                    login_status[status] += 1

    threads = [threading.Thread(target=phone, args=(token,)) for token in tokens]
    threads += [threading.Thread(target=stranger) for _ in range(logins)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "sync": sync_status, "login": login_status}


def report(logins: int, seconds: float, found: dict) -> None:
    ordered = sorted(found["latencies"])
    p50 = statistics.median(ordered) * 1000 if ordered else float("nan")
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000 if ordered else float("nan")
    fives = {kind: sum(n for status, n in found[kind].items() if not isinstance(status, int) or status >= 500)
             for kind in ("sync", "login")}
    print(f"  {logins:>2} concurrent wrong sign-ins: sync p50 {p50:7.0f} ms, p95 {p95:7.0f} ms, "
          f"{len(ordered)} syncs in {seconds:.0f} s; 5xx or no answer: syncs {fives['sync']}, sign-ins {fives['login']}; "
          f"sign-in answers {dict(sorted(found['login'].items(), key=str))}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--logins", type=lambda text: [int(n) for n in text.split(",")], default=[0, 8, 16],
                        help="concurrent wrong sign-ins per phase, comma-separated")
    parser.add_argument("--batch", type=int, default=5, help="logs a sync request carries")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds a phone waits between syncs")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    print(f"login lock starvation: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; SQLite; server "
          f"--workers {args.workers}; {args.phones} phones syncing {args.batch} logs a request, "
          f"{args.pause * 1000:.0f} ms apart; phases of {args.seconds:.0f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="ivdd-login-bench-") as folder:
        data_dir = Path(folder) / "data"
        database_url = sqlite_url(data_dir)
        env = {"IVDD_LINK_ATTEMPTS": "1000", "IVDD_LOGIN_ATTEMPTS": "1000000000"}
        with running_server(data_dir, env=env, args=["--workers", str(args.workers)], timeout=60) as server:
            tokens = []
            for index in range(args.phones):
                code = invite(database_url, dog=f"Dog {index + 1}")
                answer = httpx.post(f"{server.url}/api/v1/devices", json={"code": code, "label": f"bench {index}"})
                answer.raise_for_status()
                tokens.append(answer.json()["token"])
            for logins in args.logins:
                report(logins, args.seconds, phase(server.url, tokens, logins, args.seconds, args.batch, args.pause))
            errors = server.log().count("database is locked")
            print(f"  server log: {errors} mentions of 'database is locked'", flush=True)


if __name__ == "__main__":
    main()

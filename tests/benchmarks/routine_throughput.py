"""Benchmark: requests/s of GET /api/v1/routine (200 and 304) beside a bare Starlette route.

    .venv/bin/python -m tests.benchmarks.routine_throughput [--seconds 5] [--rounds 3]

Both servers run in the same run under the same uvicorn settings (one worker, no access log);
wrk (Debian package `wrk`) loads each in turn, alternating so that drift in the machine's speed
hits both alike. The figure that matters is the ratio: target at least 0.7 of the bare floor.
Prints figures; asserts nothing (these machines are noisy).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager

import httpx

from tests.support.server import free_port

UVICORN_FLAGS = ["--host", "127.0.0.1", "--workers", "1", "--no-access-log", "--log-level", "warning"]


@contextmanager
def uvicorn(target: list[str]):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", *target, *UVICORN_FLAGS, "--port", str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(url + "/", timeout=0.5)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def wrk(url: str, seconds: int, headers: dict[str, str], connections: int) -> float:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")

    with ExitStack() as stack:
        ours = stack.enter_context(uvicorn(["app.main:create_app", "--factory"]))
        bare = stack.enter_context(uvicorn(["tests.benchmarks.bare_app:app"]))
        etag = httpx.get(f"{ours}/api/v1/routine", headers={"Accept-Encoding": "gzip"}).headers["etag"]
        cases = {
            "200": ((f"{ours}/api/v1/routine", {"Accept-Encoding": "gzip"}), (f"{bare}/bare/200", {"Accept-Encoding": "gzip"})),
            "304": ((f"{ours}/api/v1/routine", {"Accept-Encoding": "gzip", "If-None-Match": etag}),
                    (f"{bare}/bare/304", {"Accept-Encoding": "gzip"})),
        }
        print(f"uvicorn {' '.join(UVICORN_FLAGS)}; wrk -t1 -c{args.connections}, {args.seconds:g}s x {args.rounds} rounds")
        print(f"{'case':<6}{'routine req/s':>15}{'bare req/s':>13}{'ratio':>8}")
        for case, ((our_url, our_headers), (bare_url, bare_headers)) in cases.items():
            wrk(our_url, 1, our_headers, args.connections)  # warm-up
            wrk(bare_url, 1, bare_headers, args.connections)
            ours_rps, bare_rps = [], []
            for _ in range(args.rounds):
                ours_rps.append(wrk(our_url, args.seconds, our_headers, args.connections))
                bare_rps.append(wrk(bare_url, args.seconds, bare_headers, args.connections))
            mine, floor = statistics.median(ours_rps), statistics.median(bare_rps)
            print(f"{case:<6}{mine:>15,.0f}{floor:>13,.0f}{mine / floor:>8.2f}")
        print("target: ratio >= 0.70 (median of rounds)")


if __name__ == "__main__":
    main()

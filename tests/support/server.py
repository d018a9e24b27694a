"""A real server for tests: `ivdd-pt serve` in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

IVDD_PT = str(Path(sys.executable).parent / "ivdd-pt")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def running_server(data_dir: Path, env: dict[str, str | None] | None = None, args: list[str] | None = None,
                   port: int | None = None, timeout: float = 30.0, wait: bool = True,
                   ivdd_pt: str | Path = IVDD_PT, cwd: Path | None = None) -> Iterator[RunningServer]:
    """Start the server, wait until /api/v1/health answers, stop it (SIGTERM) afterwards.
    Pass the same `port` again to restart "the same site" (service workers are per origin).
    `env` adds to this process's environment (None unsets); `wait=False` returns at once, for
    servers that must start together (then call wait_until_healthy)."""
    port = port or free_port()
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    full_env.update({"IVDD_DATA_DIR": str(data_dir), "IVDD_LOG_LEVEL": "warning", **(env or {})})
    full_env = {k: v for k, v in full_env.items() if v is not None}
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"server-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(ivdd_pt), "serve", "--host", "127.0.0.1", "--port", str(port), *(args or [])],
                                   stdout=log, stderr=subprocess.STDOUT, env=full_env, cwd=cwd)
    server = RunningServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        if wait:
            wait_until_healthy(server, timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(server: RunningServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.url}/api/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server not healthy after {timeout}s:\n{server.log()}")


def worker_config(base_url: str) -> dict:
    """What the server injected into /sw.js: {build, precache, languages, routines...}."""
    import json

    first_line = httpx.get(base_url + "/sw.js").text.split("\n", 1)[0]
    return json.loads(first_line.removeprefix("self.IVDD = ").removesuffix(";"))

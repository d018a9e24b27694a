"""A throwaway PostgreSQL cluster from the machine's server binaries (apt package `postgresql`;
.ci/run installs it when missing), for tests and benchmarks.

initdb and postgres refuse to run as root: as root, every server command runs through
`runuser -u postgres --`, in a mkdtemp() folder under /tmp owned by postgres (pytest's tmp_path
is not enterable by that user). fsync is off: these clusters hold nothing worth keeping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.server import free_port

def _newest_server_binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ["PG_BIN"]) if os.environ.get("PG_BIN") else _newest_server_binaries()
PG_OS_USER = os.environ.get("PG_OS_USER", "postgres")


class PostgresMissing(RuntimeError):
    pass


def _as_pg(command: list) -> list[str]:
    command = [str(part) for part in command]
    return ["runuser", "-u", PG_OS_USER, "--", *command] if os.geteuid() == 0 else command


def _run(command: list) -> None:
    result = subprocess.run(_as_pg(command), capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{command[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a cluster; yields its base URL (postgresql+psycopg://postgres@127.0.0.1:PORT)."""
    if not (PG_BIN / "initdb").exists():
        raise PostgresMissing(f"no PostgreSQL server binaries in {PG_BIN}: install the `postgresql` package "
                              "(bash .ci/run does), or set PG_BIN")
    base = Path(tempfile.mkdtemp(prefix="ivdd-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(base, PG_OS_USER, PG_OS_USER)
    data, port = base / "data", free_port()
    try:
        _run([PG_BIN / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
              "--no-sync"])
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={base} -c max_connections=200 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        _run([PG_BIN / "pg_ctl", "-D", data, "-l", base / "postgres.log", "-w", "-t", "30", "-o", options, "start"])
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_pg([PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def fresh_database(base_url: str) -> Iterator[str]:
    """An empty database in the cluster, dropped afterwards; yields its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    dsn = f"host={url.host} port={url.port} user={url.username} dbname=postgres"
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base_url}/{name}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

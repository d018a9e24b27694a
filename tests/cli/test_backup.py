"""`ivdd-pt backup FILE`: a copy of the SQLite database taken while the server runs (SQLite's
online backup API), which works as the database; PostgreSQL is refused with how to use pg_dump."""

from __future__ import annotations

import os
import subprocess

from tests.support.clinic import invite, sqlite_url, stored_logs
from tests.support.phone import link_phone, new_log, sync
from tests.support.server import IVDD_PT, running_server


def backup(data_dir, file, **env) -> subprocess.CompletedProcess:
    full_env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "IVDD_DATA_DIR": str(data_dir), **env}
    return subprocess.run([IVDD_PT, "backup", str(file)], env=full_env, capture_output=True, text=True, timeout=60)


def test_a_backup_of_a_live_database_restores_with_its_data(tmp_path):
    data, file = tmp_path / "data", tmp_path / "backups" / "monday.sqlite3"
    file.parent.mkdir()
    logs = [new_log(), new_log()]
    with running_server(data) as server:
        token = link_phone(server.url, invite(sqlite_url(data)))
        assert sync(server.url, token, logs[:1]) == ["stored"]
        done = backup(data, file)  # the server keeps running, its last write still in the WAL file
        assert done.returncode == 0, done.stderr
        assert str(file) in done.stdout
        assert sync(server.url, token, logs[1:]) == ["stored"]  # after the backup: not in it

        again = backup(data, file)
        assert again.returncode == 1 and "already exists" in again.stderr  # a backup never overwrites

    restored = f"sqlite:///{file}"
    assert [log["id"] for log in stored_logs(restored)] == [logs[0]["id"]]
    with running_server(tmp_path / "restored", env={"DATABASE_URL": restored}) as server:  # the backup as the database
        assert sync(server.url, token, logs) == ["duplicate", "stored"]  # the phone, its token and its log are there


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    done = backup(tmp_path / "data", tmp_path / "copy.sqlite3", DATABASE_URL="postgresql://vet:secret@db.example/ivdd")
    assert done.returncode == 1 and "pg_dump" in done.stderr and "secret" not in done.stderr
    assert not (tmp_path / "copy.sqlite3").exists()


def test_backup_refuses_a_missing_database(tmp_path):
    done = backup(tmp_path / "empty", tmp_path / "copy.sqlite3")
    assert done.returncode == 1 and "no database" in done.stderr
    assert not (tmp_path / "copy.sqlite3").exists()

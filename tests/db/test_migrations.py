"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app.db import make_engine
from app.migrate import alembic_config, is_up_to_date, migrate
from app.models import metadata
from tests.support.server import IVDD_PT

TABLES = {"clinic", "clinic_user", "login_session", "patient", "device", "invite", "session_log", "alembic_version"}


def differences(engine) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata)


def test_migrations_on_an_empty_database_match_the_models(database_url):
    engine = make_engine(database_url)
    assert not is_up_to_date(engine)
    migrate(engine)
    assert is_up_to_date(engine)
    assert set(inspect(engine).get_table_names()) == TABLES
    assert differences(engine) == []
    indexes = {index["name"] for index in inspect(engine).get_indexes("session_log")}
    assert {"ix_session_log_patient_started_flags", "ix_session_log_patient_received"} <= indexes
    engine.dispose()


def test_migrating_again_changes_nothing_and_downgrade_goes_back_to_empty(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)
    assert differences(engine) == []
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert differences(engine) == []
    engine.dispose()


def test_app_processes_starting_together_migrate_once(database_url, tmp_path):
    """Several processes start at once: the advisory lock (PostgreSQL) or SQLite's write lock
    lets one migrate; the others wait and find nothing left to do."""
    env = {**os.environ, "DATABASE_URL": database_url, "IVDD_DATA_DIR": str(tmp_path)}
    processes = [subprocess.Popen([IVDD_PT, "migrate"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True) for _ in range(4)]
    outputs = [process.communicate(timeout=60)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 4, outputs
    engine = make_engine(database_url)
    assert is_up_to_date(engine) and differences(engine) == []
    engine.dispose()

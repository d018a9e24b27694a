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

TABLES = {"clinic", "clinic_user", "login_session", "patient", "device", "invite", "session_log", "care_event", "alert",
          "prescription_version", "neuro_grade", "audit_event", "rate_limit", "server_key",
          "push_subscription", "reminder", "alembic_version"}


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


def test_migration_0005_backfills_alerts_and_the_first_prescription_version(database_url):
    """Logs stored before alerts existed get their alerts (open: nobody has handled them), and each
    patient's prescription becomes the first version of its history."""
    import uuid
    from datetime import UTC, datetime

    from sqlalchemy import text

    engine = make_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0004")
    clinic, patient = uuid.uuid4(), uuid.uuid4()
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    logs = {"red": (True, False, False, False, "blocked"), "kick": (False, True, True, False, "stopped"),
            "calm": (False, False, False, False, "completed"), "gate": (False, False, False, False, "blocked")}
    with engine.begin() as connection:
        uid = (lambda u: u.hex) if connection.dialect.name == "sqlite" else str
        connection.execute(text("INSERT INTO clinic (id, name, created_at, timezone) VALUES (:id, 'C', :t, 'UTC')"),
                           {"id": uid(clinic), "t": now})
        connection.execute(text(
            "INSERT INTO patient (id, clinic_id, dog_name, sessions_per_day, owner_notes, prescription_version, "
            "created_at, updated_at, crate_rest_start_by_owner) VALUES (:id, :c, 'Rex', 3, '', 4, :t, :t, false)"),
            {"id": uid(patient), "c": uid(clinic), "t": now})
        for name, (red, pain, kicking, urine, outcome) in logs.items():
            connection.execute(text(
                "INSERT INTO session_log (id, patient_id, content_version, started_at, ended_at, outcome, "
                "flag_excessive_kicking, flag_pain, flag_red_flag, flag_not_urinated, payload, payload_hash, "
                "received_at) VALUES (:id, :p, '1', :t, :t, :o, :k, :pain, :red, :u, '{}', 'h', :t)"),
                {"id": uid(uuid.uuid5(clinic, name)), "p": uid(patient), "t": now, "o": outcome, "k": kicking,
                 "pain": pain, "red": red, "u": urine})
    migrate(engine)
    with engine.connect() as connection:
        alerts = connection.execute(text("SELECT kind, handled_at FROM alert ORDER BY severity")).all()
        versions = connection.execute(text("SELECT version, sessions_per_day FROM prescription_version")).all()
    assert [kind for kind, _ in alerts] == ["red_flag", "pain", "excessive_kicking", "blocked"]
    assert all(handled is None for _, handled in alerts)
    assert [tuple(v) for v in versions] == [(4, 3)]
    assert differences(engine) == []
    engine.dispose()

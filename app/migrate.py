"""Bring the database to the newest schema with Alembic (app/migrations/).

Runs on start-up (every app process) and from `ivdd-pt migrate`. Several processes may start at
once against one database: one migrates while the others wait, then find nothing to do. The wait
is a transaction-level advisory lock on PostgreSQL and the write lock (BEGIN IMMEDIATE) on SQLite;
within one process a plain lock, as Alembic's `context` and `op` are module-wide.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from app.db import hold_lock, writer

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_ID = 0x1FDD_0001  # any constant unique to this app (first-run setup has 0x1FDD_0002)
_in_process = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    with _in_process, writer(engine).begin() as connection:  # SQLite: BEGIN IMMEDIATE, DDL included
        hold_lock(connection, _LOCK_ID)
        command.upgrade(alembic_config(connection), "head")


def is_up_to_date(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head

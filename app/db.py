"""The database engine, built once per app, and the one place that commits.

Routes get a session through `SessionDep`, the CLI through `session_scope`; services only add
and flush. The dependency commits
when the request succeeds and rolls back when anything raises, so a failed request leaves
nothing half-written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import orjson
from fastapi import Depends, Request
from sqlalchemy import Connection, Engine, Table, event, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine


def _json_text(value) -> str:
    return orjson.dumps(value).decode()


# Stored logs sit in JSON columns: encoding them with the stdlib took a tenth of a sync's time.
JSON_OPTIONS = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
# A database error's message would otherwise carry the statement's values (an owner's note, an
# email, a password hash) into the server's log; the statement itself is kept.
ENGINE_OPTIONS = {**JSON_OPTIONS, "hide_parameters": True}


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True, **ENGINE_OPTIONS)
        event.listen(engine, "handle_error", _drop_postgresql_detail)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **ENGINE_OPTIONS)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The engine for a unit of work that will write: on SQLite it takes the write lock when it
    begins (BEGIN IMMEDIATE), so it waits its turn instead of failing with "database is locked"
    when a concurrent writer commits between its first read and its first write."""
    return engine.execution_options(sqlite_write=True)


def upsert(session: Session, table: Table):
    """An INSERT that can say ON CONFLICT (DO NOTHING, DO UPDATE): both dialects spell it alike."""
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)


def hold_lock(connection: Connection, lock_id: int) -> None:
    """Serialise a unit of work with every other that names `lock_id`, until its transaction ends:
    on PostgreSQL a transaction-level advisory lock (waited for); on SQLite the write transaction
    (BEGIN IMMEDIATE, see `writer`) already lets one writer in at a time. Take it first, then check
    and write: a check made before it could be stale by the time of the write."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def _drop_postgresql_detail(context) -> None:
    """PostgreSQL's DETAIL quotes the row ("Key (email)=(...) already exists", "Failing row
    contains (...)"): keep the problem, drop the values, before the error reaches any log."""
    original = context.original_exception
    diag = getattr(original, "diag", None)
    if diag is not None and diag.message_detail:
        problem = f"{diag.message_primary} (its DETAIL, which quotes the row's values, is not shown)"
        original.args = (problem,)
        kind = type(original)
        context.sqlalchemy_exception.args = (f"({kind.__module__}.{kind.__name__}) {problem}",)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # We begin transactions ourselves (_sqlite_begin); pysqlite's own handling would begin them
    # late, only at the first write, and never for DDL.
    dbapi_connection.isolation_level = None
    # WAL lets the dashboard read while a sync writes; SQLite leaves foreign keys off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:  # pass writer(engine) to write on SQLite
    """The one place that commits: on success; on any exception, roll back and re-raise.
    Objects stay readable after the commit (the CLI prints what it made)."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


def write_scope(request: Request):
    """A writing unit of work that a route commits itself, before it builds its answer (the sync
    route: its write lock is then held for the writing alone, not for a threadpool round trip)."""
    return session_scope(writer(request.app.state.engine))


def read_scope(request: Request):
    """A short reading unit of work that does not take SQLite's write lock, over before the route
    goes on: its connection is back in the pool before a `write_scope` asks for one. (A session
    dependency keeps its connection to the end of the request: with a write_scope inside, each
    request would hold two, and a burst of them would wait on each other for the pool.)"""
    return session_scope(request.app.state.engine)


def get_session(request: Request) -> Iterator[Session]:
    engine = request.app.state.engine
    with session_scope(engine if request.method in ("GET", "HEAD") else writer(engine)) as session:
        yield session


# scope="function": commit before the answer is sent. Otherwise the phone could hear "stored" (and
# drop the log from its outbox) before the commit, or get a device token not yet in the database.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

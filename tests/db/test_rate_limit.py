"""The rate-limit store on SQLite and PostgreSQL: concurrent attempts are counted exactly (an atomic
upsert, never read-then-write), never more than the limit get through, and old windows are deleted."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from app.db import make_engine, session_scope, writer
from app.errors import AppError
from app.migrate import migrate
from app.models import RateLimitCount
from app.services.rate_limit import Counter, Limit, begin_attempt

LIMIT = Limit("link-address", attempts=5, window_seconds=600)
NOW = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)


def test_concurrent_attempts_let_exactly_the_limit_through(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    outcomes: list[str] = []
    start = threading.Barrier(12)

    def attempt() -> None:
        start.wait()
        try:
            begin_attempt(writing=lambda: session_scope(writer(engine)), counters=[Counter(LIMIT, "203.0.113.9")], now=NOW)
            outcomes.append("allowed")
        except AppError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with session_scope(engine) as session:
        [row] = session.exec(select(RateLimitCount)).all()
    engine.dispose()
    assert sorted(outcomes) == ["allowed"] * 5 + ["too_many_attempts"] * 7
    assert row.count == 5  # the refused were taken back


def test_old_windows_are_deleted_as_attempts_arrive(database_url):
    engine = make_engine(database_url)
    migrate(engine)

    def attempt(address: str, at: datetime) -> None:
        begin_attempt(writing=lambda: session_scope(writer(engine)), counters=[Counter(LIMIT, address)], now=at)

    for n in range(50):  # fifty addresses seen an hour ago
        attempt(f"198.51.100.{n}", NOW - timedelta(hours=1))
    attempt("203.0.113.9", NOW - timedelta(seconds=300))  # the previous window: it still weighs on this one
    attempt("203.0.113.9", NOW)
    with session_scope(engine) as session:
        rows = session.exec(select(RateLimitCount)).all()
    engine.dispose()
    assert len(rows) == 2 and {row.count for row in rows} == {1}
    assert all(row.key.startswith("link-address:") and "203.0.113.9" not in row.key for row in rows)

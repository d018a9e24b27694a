"""Rate limits kept in the database, so that every app process, and every host behind a load
balancer, counts the same attempts (in each process's memory, N processes allowed N times the
limit).

A counter is a row per key and time window (table `rate_limit`). An attempt is counted *before*
the slow check it guards, by an atomic upsert that adds one and returns the new count
(INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count, on SQLite and
PostgreSQL alike): concurrent attempts in several processes can neither lose a count nor all
slip in under the limit together. An attempt that succeeds is taken back, so only failures
count; one that is refused is taken back too (nothing was tried).

The limit is a sliding window, estimated from two fixed windows (the previous one weighted by how
much of it still overlaps): no burst of twice the limit across a window's edge, and two rows a
key at most. Rows expire two windows after their window began and are deleted as attempts
arrive, so the table holds only the keys seen lately.

Keys are hashed: the table never holds an address or an email in clear.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from app.db import upsert
from app.errors import AppError
from app.i18n import ngettext
from app.models import RateLimitCount
from app.models.base import utcnow
from app.services.secrets import hash_secret

_TABLE = RateLimitCount.__table__
Writing = Callable[[], AbstractContextManager[Session]]  # a short write transaction: `lambda: write_scope(request)`


@dataclass(frozen=True)
class Limit:
    name: str  # what is counted, e.g. "login-address"
    attempts: int  # allowed per window
    window_seconds: int

    def key(self, value: str) -> str:
        return f"{self.name}:{hash_secret(value)[:40]}"

    def window_of(self, now: datetime) -> tuple[datetime, float]:
        """The start of the fixed window `now` falls in, and how far into it (0 to 1)."""
        epoch = now.timestamp()
        start = epoch // self.window_seconds * self.window_seconds
        return datetime.fromtimestamp(start, UTC), (epoch - start) / self.window_seconds


@dataclass(frozen=True)
class Mark:
    """One attempt counted: where to take it back from."""

    key: str
    window_start: datetime


@dataclass
class Attempt:
    marks: list[Mark] = field(default_factory=list)


@dataclass(frozen=True)
class Counter:
    limit: Limit
    value: str  # an address, an email...
    enforced: bool = True  # False: counted (others see it) but never refuses this attempt


def begin_attempt(*, writing: Writing, counters: Sequence[Counter], now: datetime | None = None) -> Attempt:
    """`count_attempt` in a short write transaction of its own, committed before the check it
    guards; raises AppError 429 when refused."""
    with writing() as session:
        attempt, wait = count_attempt(session=session, counters=counters, now=now)
    if wait:
        raise too_many_attempts(wait)
    return attempt


def count_attempt(*, session: Session, counters: Sequence[Counter],
                  now: datetime | None = None) -> tuple[Attempt, float]:
    """Count one attempt on every counter; (the attempt, 0) when allowed, else (nothing counted,
    the seconds to wait) when an enforced counter is over its limit."""
    now = now or utcnow()
    attempt, wait = Attempt(), 0.0
    for counter in counters:
        mark, count = add_one(session=session, limit=counter.limit, value=counter.value, now=now)
        attempt.marks.append(mark)
        if counter.enforced:
            wait = max(wait, _wait(session, counter.limit, mark, count, now))
    if wait:
        take_back(session=session, marks=attempt.marks)
        attempt = Attempt()
    prune(session=session, now=now)
    return attempt, wait


def too_many_attempts(wait_seconds: float) -> AppError:
    minutes = math.ceil(wait_seconds / 60)
    return AppError(ngettext("Too many tries. Wait a minute, then try again.",
                             "Too many tries. Wait %(num)d minutes, then try again.", minutes) % {"num": minutes},
                    429, "too_many_attempts", {"retry_after_seconds": math.ceil(wait_seconds)})


def add_one(*, session: Session, limit: Limit, value: str, now: datetime) -> tuple[Mark, int]:
    """Add one to the key's count in the current window, atomically; the mark and the new count."""
    start, _ = limit.window_of(now)
    key = limit.key(value)
    statement = (upsert(session, _TABLE).values(key=key, window_start=start, count=1,
                                       expires_at=start + timedelta(seconds=2 * limit.window_seconds))
                 .on_conflict_do_update(index_elements=["key", "window_start"], set_={"count": _TABLE.c.count + 1})
                 .returning(_TABLE.c.count))
    return Mark(key, start), session.execute(statement).scalar_one()


def take_back(*, session: Session, marks: Sequence[Mark]) -> None:
    for mark in marks:
        session.execute(update(_TABLE).where(_TABLE.c.key == mark.key, _TABLE.c.window_start == mark.window_start,
                                             _TABLE.c.count > 0).values(count=_TABLE.c.count - 1))


def forget(*, session: Session, limit: Limit, value: str) -> None:
    session.execute(delete(_TABLE).where(_TABLE.c.key == limit.key(value)))


def is_counted(*, session: Session, limit: Limit, value: str, now: datetime | None = None) -> bool:
    """Whether the key has a count that has not expired (e.g. an address an account signed in from)."""
    return session.execute(select(_TABLE.c.key).where(_TABLE.c.key == limit.key(value), _TABLE.c.count > 0,
                                                      _TABLE.c.expires_at > (now or utcnow())).limit(1)).first() is not None


def prune(*, session: Session, now: datetime) -> None:
    """Delete expired rows: an index range on expires_at, so nearly free when there are none."""
    session.execute(delete(_TABLE).where(col(RateLimitCount.expires_at) <= now))


def _wait(session: Session, limit: Limit, mark: Mark, count: int, now: datetime) -> float:
    previous_start = mark.window_start - timedelta(seconds=limit.window_seconds)
    previous = session.execute(select(_TABLE.c.count).where(_TABLE.c.key == mark.key,
                                                            _TABLE.c.window_start == previous_start)).scalar() or 0
    return seconds_to_wait(limit, previous=previous, others=count - 1, into_window=limit.window_of(now)[1])


def seconds_to_wait(limit: Limit, *, previous: int, others: int, into_window: float) -> float:
    """0 when one more attempt keeps the sliding estimate within the limit; else the seconds until
    one would. The estimate at a point t (0 to 1) into the current window is
    previous * (1 - t) + this window's count, this attempt included."""
    allowed, window = limit.attempts, limit.window_seconds
    if previous * (1 - into_window) + others + 1 <= allowed:
        return 0.0
    if others + 1 <= allowed:  # later in this window, once enough of the previous one has slid out
        return max(1.0, (1 - (allowed - others - 1) / previous - into_window) * window)
    # Not before the next window, where this window becomes the previous one.
    later = 0.0 if others <= allowed - 1 else 1 - (allowed - 1) / others
    return max(1.0, (1 - into_window + later) * window)

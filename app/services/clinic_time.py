"""Stored times as the clinic reads them, never failing on a value already in a database.

Logs stored before their times were checked (app/schemas/session_log.py, time_problem) may hold
year 1, 9999 or 2099: such a time is judged by the same check against when the log arrived, and
shown as "unknown", counted on no day and never the latest of anything. A time with no local
date in the clinic's zone (year 1 in UTC-11, 9999 in UTC+14) is "unknown" too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_

from app.schemas.session_log import AHEAD, EARLIEST, time_problem

UNKNOWN = "unknown"


def local_time(moment: datetime, zone: ZoneInfo, received_at: datetime | None = None) -> datetime | None:
    """`moment` in `zone`; None when it has no local time there or, given when the server received
    it, when it is not a plausible time for that."""
    if received_at is not None and time_problem(moment, received_at=received_at) is not None:
        return None
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return None


def log_start(log, zone: ZoneInfo) -> datetime | None:
    """When a stored log began, in the clinic's zone; None when unknown."""
    return local_time(log.started_at, zone, log.received_at)


def aware(value) -> datetime:
    """A time read back from an aggregate (SQLite's max() hands back text, without its zone)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def plausible(column, now: datetime):
    """The same bounds in SQL, for a newest-of query, relative to now (a database cannot add a day
    to each row's own receipt alike on SQLite and PostgreSQL): newer ones are unknown, not latest."""
    return and_(column >= EARLIEST, column <= now + AHEAD)

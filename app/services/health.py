"""Readiness: can we reach the database?"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.errors import AppError


def database_status(*, session: Session) -> str:
    """The database's dialect name when it answers; 503 when it does not."""
    try:
        session.exec(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise AppError("the database is not reachable", 503, "database_unavailable") from exc
    return session.get_bind().dialect.name

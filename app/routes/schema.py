"""GET /api/v1/schema/session-log: the session log's JSON Schema, with one valid example."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.schemas.session_log import session_log_json_schema

router = APIRouter(tags=["schema"])


@cache
def _schema() -> dict:
    return session_log_json_schema()


@router.get("/schema/session-log", summary="JSON Schema of a session log")
def get_session_log_schema() -> JSONResponse:
    return JSONResponse(_schema(), media_type="application/schema+json", headers={"Cache-Control": "no-cache"})

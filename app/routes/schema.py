"""GET /api/v1/schema/session-log and /care-event: the JSON Schemas of what a phone syncs, each
with one valid example."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.schemas.care_event import care_event_json_schema
from app.schemas.session_log import session_log_json_schema

router = APIRouter(tags=["schema"])


@cache
def _schema(name: str) -> dict:
    return {"session-log": session_log_json_schema, "care-event": care_event_json_schema}[name]()


def _answer(name: str) -> JSONResponse:
    return JSONResponse(_schema(name), media_type="application/schema+json", headers={"Cache-Control": "no-cache"})


@router.get("/schema/session-log", summary="JSON Schema of a session log")
def get_session_log_schema() -> JSONResponse:
    return _answer("session-log")


@router.get("/schema/care-event", summary="JSON Schema of a care event (the bladder emptied)")
def get_care_event_schema() -> JSONResponse:
    return _answer("care-event")

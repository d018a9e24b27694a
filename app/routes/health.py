"""GET /api/v1/health: is the server up, is its database reachable, which content is it serving."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.db import SessionDep
from app.services.health import database_status

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    content_version: str


@router.get("/health", summary="Liveness and readiness")
def get_health(request: Request, session: SessionDep) -> Health:
    return Health(status="ok", database=database_status(session=session), content_version=request.app.state.routine.version)

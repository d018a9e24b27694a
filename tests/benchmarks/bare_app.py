"""The floor for the routine benchmark: a bare Starlette app sending the very same bytes and
headers as GET /api/v1/routine, with no FastAPI, no middleware and no negotiation."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.config import Settings
from app.content import load_routine
from app.routes.routine import routine_resource

_resource = routine_resource(load_routine(Settings().content_dir))
_gzip = _resource.answers["gzip"]
_headers = {k.decode(): v.decode() for k, v in _gzip.full if k not in (b"content-length", b"content-type")}
_not_modified = {k.decode(): v.decode() for k, v in _gzip.not_modified}


async def bare_200(_request: Request) -> Response:
    return Response(_gzip.body, media_type="application/json", headers=_headers)


async def bare_304(_request: Request) -> Response:
    return Response(status_code=304, headers=_not_modified)


app = Starlette(routes=[Route("/bare/200", bare_200), Route("/bare/304", bare_304)])

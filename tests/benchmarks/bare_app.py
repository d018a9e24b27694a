"""The floor for the routine benchmark: a bare Starlette app sending the very same bytes and
headers as GET /api/v1/routine, with no FastAPI, no middleware and no negotiation."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.config import Settings
from app.content import load_routine

_routine = load_routine(Settings().content_dir)
_headers = {"ETag": f'"{_routine.version}-gzip"', "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}


async def bare_200(_request: Request) -> Response:
    return Response(_routine.gzip_bytes, media_type="application/json", headers={**_headers, "Content-Encoding": "gzip"})


async def bare_304(_request: Request) -> Response:
    return Response(status_code=304, headers=_headers)


app = Starlette(routes=[Route("/bare/200", bare_200), Route("/bare/304", bare_304)])

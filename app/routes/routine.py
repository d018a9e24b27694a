"""GET /api/v1/routine: the routine as JSON, revalidated cheaply by ETag.

Phones fetch this on every start and the service worker keeps a copy, so the common answer is a
304. The body and its gzip form are made once at start-up (content/loader.py); a request only
picks which bytes to send.

This is a raw ASGI endpoint on a plain Starlette route, not a FastAPI route: FastAPI's
per-request machinery (dependency solving, Request and Response objects) cut this route's
throughput to under half of a bare Starlette route in the benchmark
(tests/benchmarks/routine_throughput.py), and there is nothing here to validate.
`document_routine` puts it into the OpenAPI schema by hand, and app/middleware.py's
AnswerPrecomputed answers its GETs before the middleware stack (they carry their own gzip).
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from app.content import LoadedRoutine
from app.content.models import Routine

ROUTINE_PATH = "/api/v1/routine"
CACHE_CONTROL = "no-cache"  # always revalidate: a 304 is cheap and content fixes reach phones at once
GZIP_SUFFIX = "-gzip"  # a strong ETag names one exact byte sequence, so each coding has its own


class RoutineEndpoint:
    """A raw ASGI endpoint: the four possible answers (200 or 304, gzip or not) are built once,
    and a request only reads two headers to choose one."""

    def __init__(self, loaded: LoadedRoutine):
        self.version = loaded.version
        self.answers = {use_gzip: _answers(loaded, use_gzip) for use_gzip in (False, True)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        accept_encoding = if_none_match = ""
        for name, value in scope["headers"]:
            if name == b"accept-encoding":
                accept_encoding = value.decode("latin-1")
            elif name == b"if-none-match":
                if_none_match = value.decode("latin-1")
        full, not_modified, body = self.answers[accepts_gzip(accept_encoding)]
        if if_none_match and etag_matches(if_none_match, self.version):
            await send({"type": "http.response.start", "status": 304, "headers": not_modified})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": full})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def _answers(loaded: LoadedRoutine, use_gzip: bool) -> tuple[list[tuple[bytes, bytes]], list[tuple[bytes, bytes]], bytes]:
    etag = f'"{loaded.version}{GZIP_SUFFIX if use_gzip else ""}"'.encode()
    common = [(b"etag", etag), (b"cache-control", CACHE_CONTROL.encode()), (b"vary", b"Accept-Encoding")]
    body = loaded.gzip_bytes if use_gzip else loaded.json_bytes
    full = [*common, (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if use_gzip:
        full.append((b"content-encoding", b"gzip"))
    return full, common, body


def routine_route(loaded: LoadedRoutine) -> Route:
    return Route(ROUTINE_PATH, RoutineEndpoint(loaded), methods=["GET", "HEAD"], name="get_routine")


def etag_matches(if_none_match: str, version: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ and the coding do not matter."""
    for tag in if_none_match.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag == "*" or tag.removesuffix(GZIP_SUFFIX) == version:
            return True
    return False


def accepts_gzip(accept_encoding: str) -> bool:
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def document_routine(openapi: dict[str, Any]) -> None:
    """Add the routine's path and its schema to an OpenAPI document (idempotent)."""
    schema = Routine.model_json_schema(mode="serialization", ref_template="#/components/schemas/{model}")
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    components.update(schema.pop("$defs", {}))
    schema["properties"] = {"version": {"type": "string", "description": "hash of the content"}, **schema["properties"]}
    schema["required"] = ["version", *schema.get("required", [])]
    components["Routine"] = schema
    openapi.setdefault("paths", {})[ROUTINE_PATH] = {"get": {
        "tags": ["routine"],
        "summary": "The routine, with its content version",
        "operationId": "get_routine",
        "parameters": [{"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"}}],
        "responses": {
            "200": {"description": "The routine; `version` is a hash of its content. Strong ETag; gzip when accepted.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Routine"}}}},
            "304": {"description": "Unchanged since the ETag given in If-None-Match."},
        },
    }}

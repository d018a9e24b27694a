"""GET /api/v1/routine: the routine as JSON, revalidated cheaply by ETag.

Phones fetch this on every start and the service worker keeps a copy, so the common answer is a
304. Its body and gzip form are made once at start-up (content/loader.py) and served as a
precomputed resource (app/http/precomputed.py), before FastAPI's per-request machinery: in the
benchmark (tests/benchmarks/routine_throughput.py) that machinery alone cut throughput to under
half of a bare Starlette route, and there is nothing here to validate. The route below exists
for 405s on other methods and for `url_path_for`; `document_routine` adds it to /docs.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from app.content import LoadedRoutine
from app.content.models import Routine
from app.http.precomputed import PrecomputedResource
from app.http.security_headers import security_headers

ROUTINE_PATH = "/api/v1/routine"


def routine_resource(loaded: LoadedRoutine) -> PrecomputedResource:
    # no-cache: always revalidate; a 304 is cheap, and a content fix reaches phones at once.
    return PrecomputedResource(loaded.json_bytes, content_type="application/json", cache_control="no-cache",
                               version=loaded.version, extra_headers=security_headers(document=False))


def routine_route(resource: PrecomputedResource) -> Route:
    return Route(ROUTINE_PATH, resource, methods=["GET", "HEAD"], name="get_routine")


def document_routine(openapi: dict[str, Any]) -> None:
    """Add the routine's path and its schema to an OpenAPI document."""
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

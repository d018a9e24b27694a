"""GET /api/v1/routine: the routine as JSON, revalidated cheaply by ETag.

Phones fetch this on every start and the service worker keeps a copy, so the common answer is a
304. Its body and gzip form are made once at start-up (content/loader.py) and served as a
precomputed resource (app/http/precomputed.py), before FastAPI's per-request machinery: in the
benchmark (tests/benchmarks/routine_throughput.py) that machinery alone cut throughput to under
half of a bare Starlette route, and there is nothing here to validate. The route below exists
for 405s on other methods and for `url_path_for`; `document_routine` adds it to /docs.

Each language of the content (content/locales/) has its own precomputed answer and version. The
language is `?lang=es`, else the best of Accept-Language; English when neither names one. A
language we do not have gets the English routine with `"locale_fallback": true`: the phone can say
so rather than pretend.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from app.content import LoadedRoutine
from app.content.locales import BASE_LOCALE
from app.content.models import Routine
from app.http.language import accepted_languages
from app.http.precomputed import PrecomputedResource
from app.http.security_headers import security_headers

ROUTINE_PATH = "/api/v1/routine"
FALLBACK = "fallback"


def routine_resource(loaded: LoadedRoutine, body: bytes | None = None, etag_version: str | None = None) -> PrecomputedResource:
    # no-cache: always revalidate; a 304 is cheap, and a content fix reaches phones at once.
    headers = [(b"content-language", loaded.locale.encode()), (b"vary", b"Accept-Language"), *security_headers(document=False)]
    return PrecomputedResource(body or loaded.json_bytes, content_type="application/json", cache_control="no-cache",
                               version=etag_version or loaded.version, extra_headers=headers)


class LocalizedRoutine:
    """GET /api/v1/routine in the language asked for: a raw ASGI app choosing among precomputed
    answers (one per locale, and English saying it is a fallback)."""

    def __init__(self, loaded: LoadedRoutine):
        self.english = loaded
        self.answers = {item.locale: routine_resource(item) for item in [loaded, *loaded.translations.values()]}
        fallback = {**json.loads(loaded.json_bytes), "locale_fallback": True}
        self.answers[FALLBACK] = routine_resource(loaded, json.dumps(fallback, separators=(",", ":"), ensure_ascii=False)
                                                  .encode(), f"{loaded.version}.{FALLBACK}")

    @property
    def locales(self) -> list[str]:
        return [name for name in self.answers if name != FALLBACK]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.answers[self.choose(scope)](scope, receive, send)

    def choose(self, scope: Scope) -> str:
        asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang")
        if asked:
            return self.match(asked[0]) or FALLBACK
        header = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"accept-language"), "")
        tags = accepted_languages(header)
        for tag in tags:
            if tag == "*":
                return BASE_LOCALE
            if found := self.match(tag):
                return found
        return FALLBACK if tags else BASE_LOCALE

    def match(self, tag: str) -> str | None:
        """'es-MX' -> 'es'; 'pt-br' -> 'pt-BR' when we have it, else 'pt'."""
        tag = tag.strip()
        language, _, region = tag.partition("-")
        exact = f"{language.lower()}-{region.upper()}" if region else language.lower()
        for candidate in (exact, language.lower()):
            if candidate in self.answers and candidate != FALLBACK:
                return candidate
        return None


def routine_route(resource: LocalizedRoutine) -> Route:
    return Route(ROUTINE_PATH, resource, methods=["GET", "HEAD"], name="get_routine")


def document_routine(openapi: dict[str, Any]) -> None:
    """Add the routine's path and its schema to an OpenAPI document."""
    schema = Routine.model_json_schema(mode="serialization", ref_template="#/components/schemas/{model}")
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    components.update(schema.pop("$defs", {}))
    schema["properties"] = {
        "version": {"type": "string", "description": "hash of the content in this language"},
        "locale": {"type": "string", "description": "the language of its words, e.g. 'en' or 'es'"},
        "locale_fallback": {"type": "boolean", "description": "present and true when the language asked for is not "
                                                              "available: this is the English routine"},
        **schema["properties"]}
    schema["required"] = ["version", "locale", *schema.get("required", [])]
    components["Routine"] = schema
    openapi.setdefault("paths", {})[ROUTINE_PATH] = {"get": {
        "tags": ["routine"],
        "summary": "The routine, with its content version",
        "operationId": "get_routine",
        "parameters": [
            {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "examples": ["es"]},
             "description": "the language wanted; without it, the best of Accept-Language; English when neither names one"},
            {"name": "Accept-Language", "in": "header", "required": False, "schema": {"type": "string"}},
            {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"}},
        ],
        "responses": {
            "200": {"description": "The routine; `version` is a hash of its content in its language. Strong ETag; "
                                   "Brotli or gzip when accepted; Content-Language names the language.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Routine"}}}},
            "304": {"description": "Unchanged since the ETag given in If-None-Match."},
        },
    }}

"""Resources whose every possible answer is built at start-up: the routine JSON, the app's shell,
its service worker and its static files.

A request for one of them only reads two headers (Accept-Encoding, If-None-Match) and sends
bytes that already exist: identity, gzip, and Brotli (about 15% smaller than gzip on our files,
which matters for the first visit's budget; every current browser asks for it). `AnswerPrecomputed` does this as the outermost ASGI layer, before
FastAPI's error, telemetry, body-limit and routing layers, which cost more than the answer
itself (see tests/benchmarks/routine_throughput.py). These answers cannot raise.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Callable

import brotli
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from app.http import compressed_cache

Headers = list[tuple[bytes, bytes]]
# A strong ETag names one exact byte sequence, so each coding has its own suffix.
CODINGS = ("br", "gzip")  # in order of preference
MIN_COMPRESS_SIZE = 1024


@dataclass(frozen=True)
class Answer:
    full: Headers
    not_modified: Headers
    body: bytes


class PrecomputedResource:
    """One resource, as a raw ASGI app: 200 or 304, gzip or identity, GET or HEAD."""

    def __init__(self, body: bytes, *, content_type: str, cache_control: str, version: str,
                 extra_headers: Headers = (), compress: bool = True, etag: bool = True):
        self.body = body
        self.version = version
        self.content_type = content_type
        self.etag = etag  # versioned, immutable URLs are never revalidated: no ETag to send
        self.coded: dict[str, bytes] = {}
        if compress and len(body) >= MIN_COMPRESS_SIZE:
            for coding in CODINGS:
                squeezed = compressed(coding, body)
                if len(squeezed) < len(body):
                    self.coded[coding] = squeezed
        common: Headers = [(b"cache-control", cache_control.encode()), *extra_headers]
        self.answers = {"": self._answer(body, common, "")}
        for coding, squeezed in self.coded.items():
            self.answers[coding] = self._answer(squeezed, common, coding)

    @property
    def gzip_body(self) -> bytes | None:
        return self.coded.get("gzip")

    def _answer(self, body: bytes, common: Headers, coding: str) -> Answer:
        suffix = f"-{coding}" if coding else ""
        not_modified = [(b"etag", f'"{self.version}{suffix}"'.encode())] if self.etag else []
        not_modified += common
        if self.coded:
            not_modified.append((b"vary", b"Accept-Encoding"))
        full = [*not_modified, (b"content-type", self.content_type.encode()), (b"content-length", str(len(body)).encode())]
        if coding:
            full.append((b"content-encoding", coding.encode()))
        return Answer(full, not_modified, body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        accept_encoding = if_none_match = ""
        for name, value in scope["headers"]:
            if name == b"accept-encoding":
                accept_encoding = value.decode("latin-1")
            elif name == b"if-none-match":
                if_none_match = value.decode("latin-1")
        answer = self.answers[best_coding(accept_encoding, self.coded)]
        if if_none_match and self.etag and etag_matches(if_none_match, self.version):
            await send({"type": "http.response.start", "status": 304, "headers": answer.not_modified})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": answer.full})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else answer.body})


@functools.lru_cache(maxsize=512)
def compressed(coding: str, body: bytes) -> bytes:
    """The same bytes always squeeze the same way: an app made again in the same process (tests
    make hundreds) reuses them, and another process finds them on disk (compressed_cache.py).
    Brotli at quality 11 is 90% of create_app's time otherwise."""
    if (cached := compressed_cache.read(coding, body)) is not None:
        return cached
    squeezed = brotli.compress(body, quality=11) if coding == "br" else gzip.compress(body, compresslevel=9, mtime=0)
    compressed_cache.write(coding, body, squeezed)
    return squeezed


def etag_matches(if_none_match: str, version: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ and the coding do not matter."""
    for tag in if_none_match.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag == "*" or tag.split("-", 1)[0] == version:
            return True
    return False


def best_coding(accept_encoding: str, available) -> str:
    """The preferred coding (CODINGS order) that the client accepts and we have; "" for identity."""
    accepted, refused = set(), set()
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        zero = params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        (refused if zero else accepted).add(name.strip())
    for coding in CODINGS:
        if coding in available and (coding in accepted or ("*" in accepted and coding not in refused)):
            return coding
    return ""


class AnswerPrecomputed:
    """The outermost layer: GET and HEAD of a precomputed resource are answered here; so are the
    app's own page routes (/about, /join/CODE...), with the shell. Everything else, and other
    methods on the same paths, goes through the full stack."""

    def __init__(self, app: ASGIApp, resources: dict[str, PrecomputedResource | ASGIApp],
                 shell: PrecomputedResource | None = None, is_app_route: Callable[[str], bool] = lambda _: False):
        self.app = app
        self.resources = resources
        self.shell = shell
        self.is_app_route = is_app_route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            resource = self.resources.get(scope["path"])
            if resource is None and self.shell is not None and self.is_app_route(scope["path"]):
                resource = self.shell
            if resource is not None:
                await resource(scope, receive, send)
                return
        await self.app(scope, receive, send)

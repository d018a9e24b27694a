"""Starlette's GZipMiddleware, except that it lets the `http.response.debug` message through.

That message carries a rendered template's name and context to the TestClient (tests assert
`response.template` and `response.context`); the stock middleware drops it. Servers never send
the extension, so in production this is exactly GZipMiddleware plus one context lookup.
"""

from __future__ import annotations

from contextvars import ContextVar

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEBUG = "http.response.debug"
_outer_send: ContextVar[Send | None] = ContextVar("outer_send", default=None)


class GZip(GZipMiddleware):
    def __init__(self, app: ASGIApp, **options) -> None:
        super().__init__(self._debug_around, **options)
        self.inner = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        wants_debug = scope["type"] == "http" and DEBUG in scope.get("extensions", {})
        token = _outer_send.set(send if wants_debug else None)
        try:
            await super().__call__(scope, receive, send)
        finally:
            _outer_send.reset(token)

    async def _debug_around(self, scope: Scope, receive: Receive, send: Send) -> None:
        outer = _outer_send.get()
        if outer is None:
            return await self.inner(scope, receive, send)

        async def route(message: Message) -> None:
            await (outer if message["type"] == DEBUG else send)(message)

        await self.inner(scope, receive, route)

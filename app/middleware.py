"""Pure-ASGI layers (no BaseHTTPMiddleware: it costs a task per request on hot routes)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class AnswerPrecomputed:
    """The outermost layer: GET and HEAD of a precomputed resource (the routine) are answered here,
    before FastAPI's error, telemetry, body-limit and routing layers, which cost more than the
    answer itself. Those endpoints only choose among bytes built at start-up and cannot raise;
    every other request, and other methods on the same path, go through the full stack."""

    def __init__(self, app: ASGIApp, endpoints: dict[str, ASGIApp]) -> None:
        self.app = app
        self.endpoints = endpoints

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            endpoint = self.endpoints.get(scope["path"])
            if endpoint is not None:
                await endpoint(scope, receive, send)
                return
        await self.app(scope, receive, send)

"""Refuse request bodies over a size, before anything reads them whole.

Checks Content-Length when it is sent, and counts the bytes of a streamed body as they arrive;
either way an oversized body gets 413 with the usual JSON error.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.errors import error_response


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body reading lets it through to the error handlers."""

    def __init__(self, limit: int, advice: str = ""):
        size = f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"
        super().__init__(413, f"The request body is larger than {size}.{' ' + advice if advice else ''}")


class LimitRequestBody:
    def __init__(self, app: ASGIApp, limits: dict[str, tuple[int, str]]):
        """limits: path -> (most bytes, advice for the message)."""
        self.app, self.limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self.limits.get(scope["path"]) if scope["type"] == "http" else None
        if found is None:
            return await self.app(scope, receive, send)
        limit, advice = found
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return await self._refuse(scope, receive, send, limit, advice)
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, advice)
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, limit, advice)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int, advice: str) -> None:
        await error_response(413, "payload_too_large", BodyTooLarge(limit, advice).detail)(scope, receive, send)

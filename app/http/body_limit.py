"""Refuse request bodies over a size, before anything reads them whole.

Every path has a limit: its own, or the default (the dashboard's forms are a few hundred bytes).
Checks Content-Length when it is sent, and counts the bytes of a streamed body as they arrive;
either way an oversized body gets 413 as any other error is answered there (JSON for the API, the
dashboard's error page under /clinic).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import AppError
from app.http.errors import error_answer
from app.i18n import _


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body reading lets it through to the error handlers."""

    def __init__(self, limit: int, advice: str = ""):
        size = f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"
        said = _("The request body is larger than %(size)s.") % {"size": size}  # the dashboard's: in its language
        super().__init__(413, f"{said} {advice}" if advice else said)


class LimitRequestBody:
    def __init__(self, app: ASGIApp, limits: dict[str, tuple[int, str]], default: int):
        """limits: path -> (most bytes, advice for the message); `default`: most bytes elsewhere."""
        self.app, self.limits, self.default = app, limits, (default, "")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit, advice = self.limits.get(scope["path"], self.default)
        length = next((value for name, value in scope["headers"] if name == b"content-length"), None)
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
        refusal = AppError(BodyTooLarge(limit, advice).detail, 413, "payload_too_large")
        await error_answer(Request(scope, receive), refusal)(scope, receive, send)

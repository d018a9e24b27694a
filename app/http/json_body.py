"""Request bodies parsed by orjson, for the routes phones post batches of logs to.

FastAPI parses JSON bodies with the standard library, which took a fifth of a sync's server time
(a batch is up to 256 KB). orjson is ~5x faster. What orjson refuses and the standard library
takes (a lone surrogate such as "\\ud800", which a phone can send in a note cut mid-emoji;
integers over 64 bits; NaN) goes to the standard library, so the answer is exactly what it was:
the item with it is `invalid`, the rest of the batch is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.routing import APIRoute


def parse_json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(body)
    except RecursionError:  # [[[[... thousands deep: a bad body, not a server error
        raise json.JSONDecodeError("nested too deeply", body.decode("utf-8", "replace"), 0) from None


class FastJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class FastJSONRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def with_fast_json(request: Request) -> Response:
            return await handler(FastJSONRequest(request.scope, request.receive))

        return with_fast_json

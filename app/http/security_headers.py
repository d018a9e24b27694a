"""Security headers, one definition for both kinds of answer: those of the FastAPI stack (through
SecurityHeaders) and the precomputed ones, which carry the same list in their bytes.

The CSP forbids inline script and style, so the app's HTML must never rely on them; /docs too
(app/routes/docs.py serves Swagger UI's files itself and starts it from a file).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http import is_dashboard
from app.http.precomputed import Headers

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Wake Lock keeps the screen on during a session; nothing else of the sort is wanted.
PERMISSIONS_POLICY = "screen-wake-lock=(self), camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# The dashboard's answers hold patient data and live secrets (an invite code): never stored by the
# browser (Back after signing out asks the server again) or a cache on the way. Its stylesheet is
# answered before the stack (app/http/precomputed.py), so it stays cacheable.
NO_STORE = [(b"cache-control", b"no-store")]


def security_headers(*, document: bool = True, asset: bool = False) -> Headers:
    """Every answer gets nosniff; all but the app's versioned files a referrer policy too (theirs
    is the page's, the same). Documents (pages, the worker script, the stack's answers) also get
    the policies that only mean something there; sending them with every script and image would
    add ~0.5 KB to each of a first visit's requests for nothing."""
    headers = [(b"x-content-type-options", b"nosniff")]
    if not asset:
        headers.append((b"referrer-policy", b"strict-origin-when-cross-origin"))
    if document:
        headers += [
            (b"permissions-policy", PERMISSIONS_POLICY.encode()),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        ]
    return headers


class SecurityHeaders:
    """Adds the security headers to every response of the FastAPI stack (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers
        private = is_dashboard(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if private:
                    headers = [(name, value) for name, value in headers if name.lower() != b"cache-control"] + NO_STORE
                message["headers"] = [*headers, *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

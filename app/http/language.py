"""The dashboard's language, one per request: chosen as the request comes in, for every word made
while answering it (a form error made in a service as much as the page).

Each dashboard request starts in the best offered language of the browser's Accept-Language, so
the sign-in page of a Spanish browser is in Spanish; once the staff member is known, their own
setting replaces it (routes/clinic/deps.py, `i18n.speak`).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app import i18n
from app.http import is_dashboard


def accepted_languages(header: str) -> list[str]:
    """Accept-Language's tags, most wanted first (RFC 9110 12.5.4); q=0 means "not this one"."""
    weighted = []
    for position, item in enumerate(header.split(",")[:32]):  # a hostile header of 10,000 tags costs nothing
        tag, _, params = item.strip().partition(";")
        try:
            quality = float(params.strip().removeprefix("q=")) if params.strip().startswith("q=") else 1.0
        except ValueError:
            quality = 0.0
        if tag.strip() and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


class RequestLanguage:
    """Pure ASGI: the request runs inside `i18n.speaking`, so every thread working on it shares one
    language (app/i18n.py)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_dashboard(scope["path"]):
            await self.app(scope, receive, send)
            return
        browser = i18n.preferred(accepted_languages(Headers(scope=scope).get("accept-language", "")))
        with i18n.speaking(browser):
            await self.app(scope, receive, send)


class ByLanguage:
    """One answer per language, for the browser's Accept-Language: the app's page on a first visit
    is in the phone's language before any script has run (app/web/build.py). English when none fits."""

    def __init__(self, answers: dict[str, ASGIApp]) -> None:
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tags = accepted_languages(Headers(scope=scope).get("accept-language", ""))
        await self.answers[i18n.preferred(tags, among=self.answers)](scope, receive, send)

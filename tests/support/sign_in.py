"""Signing in to the dashboard as a browser does: open the page (its form carries a token, and
the client keeps the cookie half), then post the form with that token."""

from __future__ import annotations

import re

import httpx


def form_token(client, base_url: str = "") -> str:
    """The token of the sign-in page (or of the setup page, where a new server sends it first).
    `client`: a TestClient or an httpx.Client; it keeps the token's cookie."""
    page = client.get(f"{base_url}/clinic/login", follow_redirects=True)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def sign_in(client, email: str, password: str, base_url: str = "", **fields):
    """The sign-in form posted with its token; the answer as it came (303 when signed in)."""
    data = {"email": email, "password": password, "csrf": form_token(client, base_url), **fields}
    return client.post(f"{base_url}/clinic/login", data=data, follow_redirects=False)


def post_sign_in(base_url: str, email: str, password: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """One sign-in against a real server by a fresh browser: the page (for its token), then the
    form, sent with `headers` (e.g. what a proxy adds) and the page's own Origin (https when a
    proxy says it ended TLS: the browser's address bar shows https)."""
    headers = headers or {}
    origin = base_url.replace("http://", "https://") if headers.get("X-Forwarded-Proto") == "https" else base_url
    with httpx.Client(base_url=base_url) as client:
        data = {"email": email, "password": password, "csrf": form_token(client)}
        return client.post("/clinic/login", data=data, headers={**headers, "Origin": origin})

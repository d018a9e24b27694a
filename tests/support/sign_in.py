"""Signing in to the dashboard as a browser does: open the page (its form carries a token, and
the client keeps the cookie half), then post the form with that token."""

from __future__ import annotations

import re


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

"""Cross-site request forgery, refused twice over.

Every dashboard POST must come from a page of this site: its Origin header (or its Referer, when a
browser sends no Origin) must be this server's own address, or IVDD_PUBLIC_URL's when a proxy in
front changes the Host. Browsers send Origin on every cross-site POST; a request with neither
header comes from no browser (curl, a script), which no other site can make a vet's browser send,
so it passes this check and meets the next: the form's token.

Signed in, that token is derived from the session (Staff.csrf_token). Before signing in there is no
session (the sign-in and first-run setup forms): those pages give the browser a random token twice,
in a cookie that other sites' posts do not carry (SameSite=Lax, path /clinic) and in the form; a
post must bring both, equal (a double-submit token).
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Form, Request, Response

from app.errors import AppError
from app.i18n import _

FORM_COOKIE = "ivdd_form"
FORM_COOKIE_SECONDS = 2 * 3600  # a sign-in page left open longer asks to be reloaded
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def same_origin_posts(request: Request) -> None:
    """For the dashboard's router: a POST sent by another site's page is refused."""
    if request.method in _SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return
        origin = _origin_of(referer)
    if origin.lower() not in _own_origins(request):
        raise AppError(_("This form was sent from another site, so it was not accepted. To sign in or make a change, "
                         "open the dashboard's own page and send the form from there."), 403, "cross_site_post")


def _origin_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"
    except ValueError:
        return "null"  # never equal to an origin of ours


def _own_origins(request: Request) -> set[str]:
    host = request.headers.get("host", "").lower()
    own = {f"{request.url.scheme}://{host}", f"https://{host}"}  # https: a proxy in front ended TLS
    public_url = request.app.state.settings.public_url
    if public_url:
        own.add(_origin_of(public_url.strip()).lower())
    return own


def page_form_token(request: Request) -> str:
    """For the sign-in and setup pages: the browser's token, or a new one. render() puts it in the
    form and (again) in the cookie, so several open tabs share one."""
    token = request.cookies.get(FORM_COOKIE, "")
    if not _TOKEN.fullmatch(token):
        token = secrets.token_urlsafe(32)
    request.state.form_token = token
    return token


def posted_form_token(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """For the sign-in and setup posts: the form's token must be the cookie's."""
    cookie = request.cookies.get(FORM_COOKIE, "")
    if not (_TOKEN.fullmatch(cookie) and hmac.compare_digest(csrf.encode(), cookie.encode())):
        raise AppError(_("This form has expired. Open the page again (reload it) and send the form again."),
                       403, "csrf_failed")
    request.state.form_token = cookie  # the same page again, after a wrong password, still works


def keep_form_token(request: Request, response: Response) -> None:
    """Anonymous pages with a form: the cookie half of their token (render() calls this). Only
    pages opened (GET) hand it out; a post's answer shows the form with the token it came with."""
    token = getattr(request.state, "form_token", None)
    if token and request.method == "GET":
        response.set_cookie(FORM_COOKIE, token, max_age=FORM_COOKIE_SECONDS, path="/clinic", httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")


PageFormToken = Annotated[str, Depends(page_form_token)]
PostedFormToken = Depends(posted_form_token)

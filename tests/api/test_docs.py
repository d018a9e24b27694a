"""/docs works offline: Swagger UI's files come from this server, the page names no other host,
and it carries the same CSP as every other page (its one script is a file: no inline script)."""

from __future__ import annotations

import re

from app.http.security_headers import CONTENT_SECURITY_POLICY

OTHER_HOST = re.compile(r"""https?://(?!testserver[/"'])""")


def test_docs_page_names_no_other_host_and_has_the_csp(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert not OTHER_HOST.search(page.text), page.text
    assert "<script>" not in page.text and " style=" not in page.text  # nothing the CSP would refuse
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(asset.startswith("/docs/") for asset in assets), assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert response.headers["content-type"].split(";")[0] in ("text/css", "text/javascript", "application/javascript")
    assert not OTHER_HOST.search(client.get("/docs/docs.js").text)  # the page's own script: no CDN, no validator


def test_docs_files_are_only_those_named(client):
    assert client.get("/docs/redoc.standalone.js").status_code == 404
    assert client.get("/docs/..%2Fconfig.py").status_code == 404
    assert client.get("/redoc").status_code == 404  # ReDoc came from a CDN: gone

"""/docs in a real Chromium: every request it makes goes to this server, the CSP refuses nothing,
and Swagger UI shows the API's operations."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect


def test_docs_load_from_this_server_alone_under_the_csp(page: Page, base_url):
    requested, refused = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    response = page.goto(base_url + "/docs")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/sync")).to_be_visible()
    page.locator(".opblock-summary", has_text="/api/v1/health").click()  # an operation opens, as it does with scripts
    expect(page.locator(".try-out__btn")).to_be_visible()
    origin = urlsplit(base_url).netloc
    assert {urlsplit(url).netloc for url in requested if not url.startswith("data:")} == {origin}, requested
    assert refused == []

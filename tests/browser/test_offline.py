"""After one visit with a connection, the app works with none."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import call_module, wait_until_offline_ready
from tests.support.server import worker_config


def test_offline_reload_shows_home_with_the_routine_from_the_worker(page: Page, base_url):
    page.goto(base_url + "/")
    wait_until_offline_ready(page)
    call_module(page, "dogs.js", "saveDog", {"name": "Biscuit", "legs": ["left-hind", "right-hind"],
                                             "crateRestStart": "2026-11-01", "crateRestWeeks": 8, "sessionsPerDay": 2})

    page.context.set_offline(True)
    routine_responses = []
    page.on("response", lambda r: r.url.endswith("/api/v1/routine?lang=en") and routine_responses.append(r))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today with Biscuit")
    expect(page.locator("#today-count")).to_have_text("0 of 2")
    assert routine_responses and all(r.from_service_worker for r in routine_responses)

    # Other pages too, including a deep link opened offline for the first time.
    page.goto(base_url + "/routine")
    expect(page.get_by_role("heading", name="Gentle leg exercises during crate rest")).to_be_visible()
    expect(page.get_by_text("3-5 minutes")).to_be_visible()
    page.goto(base_url + "/about")
    expect(page.locator("#content-version")).to_have_text(httpx.get(base_url + "/api/v1/health").json()["content_version"])


def test_api_calls_other_than_the_routine_go_to_the_network(page: Page, base_url):
    page.goto(base_url + "/")
    wait_until_offline_ready(page)
    page.context.set_offline(True)
    failed = page.evaluate("fetch('/api/v1/health').then(() => 'answered', () => 'failed')")
    assert failed == "failed"  # not served from any cache
    page.context.set_offline(False)
    health = page.evaluate("fetch('/api/v1/health').then(r => r.json())")
    assert health["status"] == "ok"


def test_every_precached_url_exists(live_server):
    config = worker_config(live_server.url)
    precache = config["precache"]
    assert config["shell"] in precache and "/manifest.webmanifest" in precache
    assert any(url.endswith("/app.css") for url in precache) and any(url.endswith("/app.js") for url in precache)
    # The routine is its language's: named, never the browser's Accept-Language, and a phone
    # caches only its own language's (with the language's catalogue, manifest and page).
    assert config["routines"] == {"en": "/api/v1/routine?lang=en", "es": "/api/v1/routine?lang=es"}
    assert config["languages"]["en"] == [config["routines"]["en"]] and config["routines"]["es"] in config["languages"]["es"]
    assert not any("lang=" in url for url in precache)
    for url in [*precache, *(url for files in config["languages"].values() for url in files)]:
        response = httpx.get(live_server.url + url)
        assert response.status_code == 200, url
    for language, url in config["routines"].items():  # the worker checks its build by this
        assert config["routineVersions"][language] in httpx.get(live_server.url + url).headers["etag"]


def test_navigation_to_server_pages_is_not_answered_with_the_shell(page: Page, base_url):
    page.goto(base_url + "/")
    wait_until_offline_ready(page)
    response = page.goto(base_url + "/docs")
    assert not response.from_service_worker
    expect(page.locator("body")).not_to_contain_text("Sessions today")

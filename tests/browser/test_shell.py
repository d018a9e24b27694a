"""The shell: its pages, headers, manifest, caching rules and installation paths."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, wait_until_offline_ready
from tests.support.server import worker_config


@pytest.mark.parametrize(("path", "heading"), [
    ("/", "Welcome"), ("/about", "About this app"), ("/settings", "Settings"),
    ("/routine", "Gentle leg exercises during crate rest"), ("/no-such-page", "This page does not exist"),
])
def test_each_page_opens_directly_and_by_the_tab_bar(page: Page, base_url, path, heading):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(base_url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert errors == []  # includes CSP violations, which Chromium reports as console errors


def test_tab_bar_navigates_without_reloading(page: Page, base_url):
    page.goto(base_url + "/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="About").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About this app")
    expect(page).to_have_url(base_url + "/about")
    expect(page.get_by_role("link", name="About")).to_have_attribute("aria-current", "page")
    assert page.evaluate("window.__sameDocument") is True
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")


def test_settings_are_saved_on_the_phone(page: Page, base_url):
    page.goto(base_url + "/settings")
    page.get_by_label("Spoken cues").uncheck()
    page.get_by_label("Seconds per repetition").fill("20")
    page.get_by_label("Seconds per repetition").press("Tab")
    expect(page.locator("#settings-saved")).to_have_text("Saved.")
    page.reload()
    expect(page.get_by_label("Spoken cues")).not_to_be_checked()
    expect(page.get_by_label("Seconds per repetition")).to_have_value("8")  # clamped to the slow-enough range


def test_headers_of_shell_assets_worker_and_api(live_server):
    shell = httpx.get(live_server.url + "/about")
    assert shell.status_code == 200 and shell.headers["cache-control"] == "no-cache"
    assert "text/html" in shell.headers["content-type"]
    csp = shell.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert shell.headers["x-content-type-options"] == "nosniff"
    assert shell.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "screen-wake-lock=(self)" in shell.headers["permissions-policy"]

    asset = next(url for url in worker_config(live_server.url)["precache"] if url.endswith("/app.css"))
    css = httpx.get(live_server.url + asset, headers={"Accept-Encoding": "gzip"})
    assert css.headers["cache-control"] == "max-age=31536000, immutable"
    assert css.headers["content-encoding"] == "gzip"
    assert css.headers["x-content-type-options"] == "nosniff" and "content-security-policy" not in css.headers
    assert "etag" not in css.headers  # a versioned URL is never revalidated: every byte of a first visit counts

    worker = httpx.get(live_server.url + "/sw.js")
    assert worker.headers["cache-control"] == "no-cache" and "javascript" in worker.headers["content-type"]
    assert worker.headers["content-security-policy"] == csp  # a worker's CSP comes with its script

    health = httpx.get(live_server.url + "/api/v1/health")
    assert health.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in health.headers
    docs = httpx.get(live_server.url + "/docs")
    assert docs.status_code == 200 and docs.headers["content-security-policy"] == csp  # Swagger UI served by us


def test_a_first_visit_to_home_shows_its_heading_before_the_script_runs(browser, live_server):
    """On a slow connection app.js takes seconds: the first visit's / already holds the welcome's
    heading and summary. Other pages, and the copy the worker answers navigations with, hold a
    placeholder: a phone with a dog must never see the welcome flash by."""
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    summary = httpx.get(live_server.url + "/api/v1/routine").json()["summary"]
    expect(page.locator("main .lead")).to_have_text(summary)
    page.goto(live_server.url + "/about")
    expect(page.locator("main")).to_have_text("Loading…")
    context.close()

    config = worker_config(live_server.url)
    shell = httpx.get(live_server.url + config["shell"])
    assert shell.headers["cache-control"] == "max-age=31536000, immutable"
    assert shell.headers["content-security-policy"] == httpx.get(live_server.url + "/").headers["content-security-policy"]
    assert '<main id="main" tabindex="-1"><p class="loading" data-t>Loading…</p></main>' in shell.text
    assert "Welcome" not in shell.text and f"/v/{config['build']}/app.js" in shell.text


def test_the_worker_answers_navigations_with_its_shell(page: Page, base_url):
    page.goto(base_url + "/")
    wait_until_offline_ready(page)
    response = page.goto(base_url + "/")
    assert response.from_service_worker and 'class="loading"' in response.text()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")


def test_assets_of_another_build_and_server_paths_are_not_the_shell(live_server):
    assert httpx.get(live_server.url + "/v/000000000000/app.css").status_code == 404
    assert httpx.get(live_server.url + "/api/v1/nothing").json()["error"]["code"] == "not_found"
    assert httpx.get(live_server.url + "/missing.png").status_code == 404
    assert "Sessions today" not in httpx.get(live_server.url + "/clinic").text


def test_manifest_describes_an_installable_app(live_server):
    manifest = httpx.get(live_server.url + "/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    data = manifest.json()
    assert {data["id"], data["start_url"], data["scope"]} == {"/"} and data["display"] == "standalone"
    assert data["name"] and data["short_name"] and data["description"]
    assert data["background_color"] and data["theme_color"]
    icons = {(icon["sizes"], icon["purpose"], icon["type"]) for icon in data["icons"]}
    assert {("192x192", "any", "image/png"), ("512x512", "any", "image/png"),
            ("512x512", "maskable", "image/png"), ("any", "any", "image/svg+xml")} <= icons
    for icon in data["icons"]:
        assert httpx.get(live_server.url + icon["src"]).status_code == 200


def test_installable_and_the_install_button_appears(playwright, live_server, tmp_path):
    """Chromium's own verdict (no errors), and its real beforeinstallprompt drives our button."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, **PHONE,
        args=[*CHROMIUM_ARGS, "--bypass-app-banner-engagement-checks"])
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(live_server.url + "/")
        wait_until_offline_ready(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        expect(page.get_by_role("button", name="Install app")).to_be_visible(timeout=15_000)
    finally:
        context.close()


def test_iphone_safari_gets_add_to_home_screen_steps(browser, live_server):
    iphone_ua = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1")
    context = browser.new_context(**PHONE, user_agent=iphone_ua)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Add to your Home Screen")).to_be_visible()
    expect(page.get_by_text('tap "Add to Home Screen"')).to_be_visible()
    context.close()


def test_persistent_storage_is_asked_once_and_shown_in_about(page: Page, base_url):
    page.goto(base_url + "/about")
    expect(page.locator("#storage-state")).not_to_be_empty()
    asked = page.evaluate("localStorage.getItem('ivdd.persistAsked')")
    assert asked  # asked on the first visit
    page.reload()
    assert page.evaluate("localStorage.getItem('ivdd.persistAsked')") == asked  # and not again

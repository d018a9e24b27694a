"""Signing in and out of the dashboard in a real Chromium: the form signs in, another site's form
does not, and Back after signing out does not bring the patient list back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.clinic import CLINIC_EMAIL, invite, sqlite_url
from tests.support.server import RunningServer, running_server

PASSWORD = "correct horse battery"  # the clinic made by tests/support/clinic.invite
ATTACKER = "http://attacker.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[RunningServer]:
    data = tmp_path_factory.mktemp("sign-in") / "data"
    with running_server(data, env={"IVDD_LOGIN_ATTEMPTS": "1000"}) as running:
        invite(sqlite_url(data), dog="Biscuit", owner="Anna Clarke")
        yield running


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page: Page, url: str) -> None:
    page.goto(url + "/clinic/login")
    page.get_by_label("Email").fill(CLINIC_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#patient-list")).to_contain_text("Biscuit")


def test_back_after_signing_out_does_not_show_the_patients(desk: Page, server):
    sign_in(desk, server.url)
    desk.get_by_role("button", name="Sign out").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Sign in")
    desk.go_back()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(desk.locator("body")).not_to_contain_text("Biscuit")


def test_another_sites_form_does_not_sign_the_browser_in(desk: Page, server):
    """Login CSRF: a page elsewhere posts the attacker's own email and password to our sign-in
    form; had it worked, the vet would go on working, unaware, in the attacker's account."""
    attack = f"""<!doctype html><title>Win a prize</title>
    <form method="post" action="{server.url}/clinic/login">
      <input name="email" value="{CLINIC_EMAIL}"><input name="password" value="{PASSWORD}">
      <input name="csrf" value="guessed"><button>Claim</button>
    </form>"""
    desk.route(f"{ATTACKER}/**", lambda route: route.fulfill(content_type="text/html", body=attack))
    desk.goto(f"{ATTACKER}/prize")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Claim").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(desk.locator("main")).to_contain_text("another site")
    assert not [c for c in desk.context.cookies() if c["name"] == "ivdd_staff"]
    desk.goto(server.url + "/clinic")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Sign in")  # not signed in

    sign_in(desk, server.url)  # while the real form, on our own page, still signs in

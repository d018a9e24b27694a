"""axe-core finds no violations on the clinic dashboard's pages, light and dark, on a desk-sized
screen and on a tablet, filled with the demo clinic's data (`ivdd-pt serve --demo`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app.services.demo import DEMO_EMAIL, DEMO_PASSWORD
from tests.support.axe import violations
from tests.support.server import RunningServer, running_server

SCREENS = {"desk": {"width": 1280, "height": 900}, "tablet": {"width": 768, "height": 1024}}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[RunningServer]:
    # Every scene signs in afresh: more tries than the sign-in limit allows a person.
    with running_server(tmp_path_factory.mktemp("demo") / "data", args=["--demo"],
                        env={"IVDD_LOGIN_ATTEMPTS": "1000"}) as server:
        yield server


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("fresh") / "data") as server:
        yield server


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args, browser, demo_server) -> dict:
    """Every page's context starts signed in (the demo's admin, signed in once through the form):
    a sign-in per scene cost more than the scan."""
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        page.goto(demo_server.url + "/clinic/login")
        page.get_by_label("Email").fill(DEMO_EMAIL)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("To handle")
        return {**browser_context_args, "storage_state": context.storage_state()}
    finally:
        context.close()


def sign_in(page: Page, url: str) -> None:
    """Signed in already (browser_context_args): the worklist and the patient list."""
    page.goto(url + "/clinic")
    expect(page.get_by_role("heading", level=1)).to_contain_text("To handle")


def signed_out(page: Page, url: str) -> Page:
    page.context.clear_cookies()
    page.goto(url + "/clinic/login")
    return page


def open_patient(page: Page, url: str, dog: str = "Biscuit") -> None:
    sign_in(page, url)
    page.locator("#patient-list").get_by_role("link", name=dog, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(dog)


SCENES = {
    "sign in": signed_out,
    "sign in, wrong password": lambda page, url: (
        signed_out(page, url), page.get_by_label("Email").fill("x@y.example"),
        page.get_by_label("Password").fill("wrong"), page.get_by_role("button", name="Sign in").click(),
        expect(page.get_by_role("alert")).to_be_visible()),
    "patients": sign_in,
    "patient": open_patient,
    "patient with a new invite": lambda page, url: (
        open_patient(page, url, "Rosie"), page.get_by_role("button", name="New invite code").click(),
        expect(page.locator("#invite-code")).to_be_visible()),
    "prescription with errors": lambda page, url: (
        open_patient(page, url), page.get_by_label("Crate rest, in weeks").fill("30"),
        page.get_by_role("button", name="Save prescription").click(), expect(page.get_by_role("alert")).to_be_visible()),
    "new patient": lambda page, url: (sign_in(page, url), page.get_by_role("link", name="New patient").first.click()),
    "staff": lambda page, url: (sign_in(page, url), page.get_by_role("link", name="Staff").click()),
    "worklist, a note missing": lambda page, url: (
        sign_in(page, url), page.locator("#worklist form.handle input[name=note]").first.evaluate(
            "input => input.removeAttribute('required')"),
        page.locator("#worklist form.handle button").first.click(), expect(page.locator(".alert .error")).to_be_visible()),
    "discharged patients": lambda page, url: (sign_in(page, url), page.get_by_role("link", name="Discharged").click()),
    "patient with a recheck due and grades": lambda page, url: open_patient(page, url, "Frank"),
    "grade with errors": lambda page, url: (
        open_patient(page, url, "Pepper"), page.get_by_role("button", name="Record the grade").click(),
        expect(page.get_by_role("alert")).to_be_visible()),
    "visit summary": lambda page, url: (
        open_patient(page, url, "Pepper"), page.get_by_role("link", name="Visit summary").click()),
}


@pytest.mark.parametrize(("scheme", "screen"), [("light", "desk"), ("dark", "desk"), ("light", "tablet")])
@pytest.mark.parametrize("scene", list(SCENES))
def test_dashboard_pages_have_no_violations(page: Page, demo_server, scene, scheme, screen):
    page.set_viewport_size(SCREENS[screen])
    page.emulate_media(color_scheme=scheme)
    SCENES[scene](page, demo_server.url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    found, results = violations(page)
    assert found == [], results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_first_run_setup_page_has_no_violations(page: Page, fresh_server, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(fresh_server.url + "/clinic/setup")
    page.get_by_role("button", name="Create the clinic").click()  # every field wrong: the error states too
    expect(page.get_by_role("alert")).to_be_visible()
    found, results = violations(page)
    assert found == [], results.generate_report()


def test_the_dashboard_in_spanish_has_no_violations_and_says_its_language(page: Page, demo_server):
    """One member's Spanish (restored after: the demo's admin is every scene's member)."""
    url = demo_server.url
    sign_in(page, url)
    page.goto(url + "/clinic/staff")
    page.locator("#language").select_option("es")
    page.locator("#language").evaluate("select => select.form.requestSubmit()")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    try:
        page.goto(url + "/clinic")
        patient = page.locator("#patient-list a[href^='/clinic/patients/']").first.get_attribute("href")
        for path in ["/clinic", "/clinic?show=discharged", "/clinic/patients/new", "/clinic/staff", patient,
                     f"{patient}/summary"]:
            page.goto(url + path)
            expect(page.locator("html")).to_have_attribute("lang", "es")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            found, results = violations(page)
            assert found == [], f"{path}: {results.generate_report()}"
    finally:
        page.goto(url + "/clinic/staff")
        page.locator("#language").select_option("en")
        page.locator("#language").evaluate("select => select.form.requestSubmit()")
        expect(page.locator("html")).to_have_attribute("lang", "en")

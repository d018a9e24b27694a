"""Bladder care on the phone (issue 14, part 4): the interval is the clinic's (never invented),
"Emptied now" records how and what came, home says when the next is due and when it is overdue
(page.clock), and every result that needs the vet shows the clinic's number. Offline throughout."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.models import Alert, StoredCareEvent

from tests.browser.conftest import Clinic, call_module
from tests.browser.test_dogs import errors  # noqa: F401 (a fixture: no page or console errors)
from tests.browser.test_history import new_dog, seed
from tests.browser.test_reminders import ZONE, at_ten
from tests.browser.test_sync import connect, the_dog
from tests.support.axe import violations
from tests.support.clinic import database, set_prescription

pytestmark = pytest.mark.browser_context_args(timezone_id=ZONE)


def home(page: Page, base_url: str):
    page.goto(base_url + "/")
    return page.locator("#bladder-card")


def empty_now(page: Page, base_url: str, how: str, what: str) -> None:
    home(page, base_url).get_by_role("link", name="Emptied now").click()
    page.get_by_role("group", name="How?").get_by_label(how).check()
    page.get_by_role("group", name="What came?").get_by_label(what).check()
    page.get_by_role("button", name="Save").click()
    # Saved once the form is gone (home, or the call screen): a page left sooner aborts the write,
    # as a real owner's would if the app were closed within that instant.
    expect(page.locator("#bladder-save")).to_have_count(0)


def hour_from_now(page: Page, hours: int) -> str:
    """"21:" for 6 hours from now, on the phone's own clock."""
    return page.evaluate("h => String(new Date(Date.now() + h * 3600e3).getHours()).padStart(2, '0') + ':'", hours)


def next_by(page: Page, hours: int) -> re.Pattern:
    """"next by 21:", or "next by tomorrow 01:" when the hours cross midnight (real time)."""
    return re.compile(rf"next by (tomorrow )?{hour_from_now(page, hours)}")


def care_events(page: Page, dog_id: str) -> list[dict]:
    return call_module(page, "bladder.js", "careFor", dog_id)


def test_without_the_clinics_interval_the_app_asks_for_it_and_invents_none(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    dog = new_dog(clock, bladderMethod="expressed")
    seed(page, dog, [])
    page.context.set_offline(True)
    card = home(page, base_url)
    expect(card.locator("#bladder-status")).to_have_text("No emptying recorded yet.")
    expect(card.locator("#bladder-interval-missing")).to_contain_text("Ask your clinic how many hours")
    empty_now(page, base_url, "I expressed it", "A normal amount")
    expect(card.locator("#bladder-status")).to_have_text("Emptied at 10:00")  # and no "next by": no interval
    page.clock.run_for(48 * 3600 * 1000)
    page.reload()
    expect(page.locator("#bladder-overdue")).to_have_count(0)
    [event] = care_events(page, dog["id"])
    assert (event["method"], event["result"]) == ("expressed", "normal")
    assert event["at"].startswith("2026-12-01T10:00:") and event["at"].endswith("+13:00")  # the tap's time, local


def test_next_by_then_overdue_as_the_clock_runs(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    seed(page, new_dog(clock, bladderMethod="expressed", bladderIntervalHours=6), [])
    page.context.set_offline(True)
    empty_now(page, base_url, "I expressed it", "Only a little")
    card = page.locator("#bladder-card")
    expect(card.locator("#bladder-status")).to_have_text("Emptied at 10:00 · next by 16:00")
    expect(page.locator("#bladder-overdue")).to_have_count(0)

    page.clock.run_for((6 * 60 + 1) * 60 * 1000)  # 16:01, the home page left open
    expect(page.locator("#bladder-overdue")).to_contain_text("Overdue since 16:00.")
    expect(page.locator("#bladder-overdue")).to_contain_text("if you cannot, or nothing comes, call your clinic")
    expect(page.locator("#bladder-overdue #call-clinic")).to_have_attribute("href", "tel:+442079460000")

    empty_now(page, base_url, "I expressed it", "A normal amount")
    expect(card.locator("#bladder-status")).to_have_text("Emptied at 16:01 · next by 22:01")
    expect(page.locator("#bladder-overdue")).to_have_count(0)


@pytest.mark.parametrize(("how", "what"), [
    ("On its own", "Nothing came"), ("I expressed it", "Blood in the urine"),
    ("I expressed it", "Much harder to express than usual")])
def test_each_result_that_needs_the_vet_shows_the_call_card(page: Page, base_url, errors, how, what):  # noqa: F811
    clock = at_ten(page, base_url)
    seed(page, new_dog(clock, bladderIntervalHours=4), [])
    page.context.set_offline(True)
    empty_now(page, base_url, how, what)
    expect(page.get_by_role("heading", level=1)).to_have_text("Call your clinic today")
    expect(page.locator("#bladder-call")).to_contain_text(what)
    expect(page.locator("#bladder-call #call-clinic")).to_have_attribute("href", "tel:+442079460000")
    page.get_by_role("link", name="Back to today").click()
    expect(page.locator("#bladder-last-call")).to_contain_text(f"Last time: {what.lower()}.")


def test_harder_to_express_is_offered_only_for_an_expressed_bladder(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    seed(page, new_dog(clock, bladderMethod="own"), [])
    home(page, base_url).get_by_role("link", name="Emptied now").click()
    results = page.get_by_role("group", name="What came?")
    expect(results.get_by_label("Much harder to express than usual")).to_have_count(0)
    results.get_by_label("Only a little").check()
    page.get_by_role("group", name="How?").get_by_label("I expressed it").check()  # the answer is kept
    expect(results.get_by_label("Much harder to express than usual")).to_be_visible()
    expect(results.get_by_label("Only a little")).to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today with")


def test_saving_without_a_choice_says_what_is_missing(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    dog = new_dog(clock)
    seed(page, dog, [])
    home(page, base_url).get_by_role("link", name="Emptied now").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#bladder-problem")).to_have_text("Choose how the bladder was emptied.")
    page.get_by_role("group", name="How?").get_by_label("On its own").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#bladder-problem")).to_have_text("Choose what came.")
    assert care_events(page, dog["id"]) == []


def test_the_profile_keeps_the_way_and_the_clinics_interval(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    dog = new_dog(clock)
    seed(page, dog, [])
    page.goto(f"{base_url}/dogs/{dog['id']}")
    page.get_by_label("How does your dog empty its bladder?").select_option(label="I express it by hand")
    interval = page.get_by_label("Hours between emptyings, as your clinic told you")
    interval.fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#bladder-interval-error")).to_contain_text("a whole number from 1 to 24, or leave it empty")
    interval.fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today with")
    saved = call_module(page, "dogs.js", "getDog", dog["id"])
    assert (saved["bladderMethod"], saved["bladderIntervalHours"]) == ("expressed", 8)
    home(page, base_url).get_by_role("link", name="Emptied now").click()
    expect(page.get_by_role("group", name="How?").get_by_label("I expressed it")).to_be_checked()


def test_the_clinics_interval_comes_with_its_prescription_and_is_not_the_owners_to_change(page: Page, clinic: Clinic):
    connect(page, clinic, bladder_interval_hours=6)
    dog = the_dog(page)
    assert dog["bladderIntervalHours"] == 6 and "bladderIntervalHours" in dog["clinicSet"]
    expect(page.locator("#bladder-interval-missing")).to_have_count(0)
    empty_now(page, clinic.url, "On its own", "A normal amount")
    status = page.locator("#bladder-status")
    expect(status).to_contain_text(next_by(page, 6))

    set_prescription(clinic.database, bladder_interval_hours=4)  # the vet shortens it
    page.goto(clinic.url + "/")  # the start-up sync brings it
    expect(status).to_contain_text(next_by(page, 4))
    page.goto(f"{clinic.url}/dogs/{dog['id']}")
    interval = page.get_by_label("Hours between emptyings, as your clinic told you")
    expect(interval).to_have_value("4")
    expect(interval).to_have_attribute("readonly", "")


def test_bladder_records_made_offline_reach_the_clinic_once_and_blood_is_on_its_worklist(page: Page, clinic: Clinic):
    connect(page, clinic, bladder_interval_hours=6)
    page.context.set_offline(True)
    empty_now(page, clinic.url, "On its own", "A normal amount")
    empty_now(page, clinic.url, "I expressed it", "Blood in the urine")
    expect(page.get_by_role("heading", level=1)).to_have_text("Call your clinic today")
    page.get_by_role("link", name="Back to today").click()
    expect(page.locator("#sync-status")).to_contain_text("2 bladder records waiting")

    page.context.set_offline(False)  # back online: the outbox flushes
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    page.reload()  # and again: nothing doubled
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    with database(clinic.database) as session:
        events = session.exec(select(StoredCareEvent).order_by(StoredCareEvent.at)).all()
        # Sorted: two records made within one second share their time (the phone keeps seconds).
        assert sorted((e.method, e.result) for e in events) == [("expressed", "blood"), ("own", "normal")]
        assert [a.kind for a in session.exec(select(Alert)).all()] == ["bladder_blood"]
    phone = {event["id"] for event in care_events(page, the_dog(page)["id"])}
    assert phone == {str(event.id) for event in events}


def test_the_content_cites_its_sources_and_sets_no_interval(base_url):
    routine = httpx.get(base_url + "/api/v1/routine").json()
    care = routine["bladder"]
    assert set(care["references"]) == {"carwardine-2016", "acvim-2022"}
    assert {r["id"] for r in care["results"] if r["calls_clinic"]} == {"none", "blood", "much-harder"}
    assert not any(key.startswith("interval") and key != "interval_missing" for key in care)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bladder_screens_have_no_accessibility_violations(page: Page, base_url, errors, scheme):  # noqa: F811
    clock = at_ten(page, base_url)
    page.emulate_media(color_scheme=scheme)
    seed(page, new_dog(clock, bladderMethod="expressed", bladderIntervalHours=2), [])
    home(page, base_url).get_by_role("link", name="Emptied now").click()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("group", name="How?").get_by_label("I expressed it").check()
    page.get_by_role("button", name="Save").click()  # with its problem showing
    expect(page.locator("#bladder-problem")).to_be_visible()
    for name in ("form", "call card", "home, overdue"):
        if name == "call card":
            page.get_by_role("group", name="What came?").get_by_label("Blood in the urine").check()
            page.get_by_role("button", name="Save").click()
            expect(page.locator("#bladder-call")).to_be_visible()
        if name == "home, overdue":
            page.clock.run_for(3 * 3600 * 1000)
            page.goto(base_url + "/")
            expect(page.locator("#bladder-overdue")).to_be_visible()
        found, results = violations(page)
        assert found == [], f"{name}: {results.generate_report()}"


"""axe finds no violations on any screen of the guided session, light or dark."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import call_module
from tests.browser.session_driver import add_dog, answer_gate, routine_of, tap
from tests.support.axe import violations


def clean(page: Page, screen: str) -> None:
    found, results = violations(page)
    assert found == [], f"{screen}:\n{results.generate_report()}"


def phone_with_a_dog(page: Page, base_url: str, scheme: str, **dog) -> dict:
    """A phone in the colour scheme, its clock held at a morning, with a dog added."""
    page.emulate_media(color_scheme=scheme)
    page.clock.install(time=dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc))
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return add_dog(page, **dog)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_player_screen_is_accessible(page: Page, base_url, scheme):
    phone_with_a_dog(page, base_url, scheme)
    routine = routine_of(base_url)

    page.goto(base_url + "/")
    expect(page.locator("#start-session")).to_be_visible()
    clean(page, "home with a dog")
    page.locator("#start-session").click()
    expect(page.locator("#gate-question")).to_be_visible()
    clean(page, "safety question")
    answer_gate(page, routine)
    expect(page.locator("#begin")).to_be_visible()
    clean(page, "set-up")
    page.locator("#begin").click()
    expect(page.locator("#tap-zone")).to_be_visible()
    page.locator("#tap-zone").click()
    expect(page.locator("#rep-count")).to_have_text("1 of 10")
    clean(page, "counter")
    tap(page, 9)
    expect(page.locator("#next")).to_be_visible()
    clean(page, "counter, done")
    page.locator("#next").click()
    page.locator("#timer-start").click()
    page.clock.run_for(5000)
    clean(page, "running timer")
    page.get_by_role("button", name="Stop", exact=True).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    clean(page, "stop reasons")
    page.get_by_role("button", name="Signs of pain").click()
    expect(page.locator("#save-session")).to_be_visible()
    clean(page, "stopped, with observations")
    page.locator("#save-session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved")
    clean(page, "saved")


@pytest.mark.parametrize("block_at", ["front-legs-weakening", "vet-agreed"])
def test_blocked_screens_are_accessible(page: Page, base_url, block_at):
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    add_dog(page)
    page.goto(base_url + "/session")
    answer_gate(page, routine_of(base_url), block_at=block_at)
    expect(page.locator("#blocked-done")).to_be_visible()
    clean(page, f"blocked by {block_at}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_leg_change_the_extra_session_and_front_legs_screens_are_accessible(page: Page, base_url, scheme):
    dog = phone_with_a_dog(page, base_url, scheme, legs=["right-front"])
    routine = routine_of(base_url)
    page.goto(base_url + "/session")
    expect(page.locator("#no-covered-legs")).to_be_visible()
    clean(page, "front legs only")

    call_module(page, "dogs.js", "saveDog", {**dog, "legs": ["left-hind", "right-hind"], "sessionsPerDay": 1})
    page.goto(base_url + "/session")
    expect(page.locator("#gate-question")).to_be_visible()
    answer_gate(page, routine, stop_before="urinates-alone")  # a fact: two labelled answers, stacked
    expect(page.locator('[data-answer="no"]')).to_have_text("I express it by hand")
    clean(page, "a question with labelled answers")
    answer_gate(page, routine, facts={"urinates-alone": "no"})
    page.locator("#begin").click()
    page.locator("#how-toggle").click()
    expect(page.locator("#how-to")).to_be_visible()
    expect(page.locator("#spoken-cue")).to_have_text(" ".join(routine["steps"][0]["actions"][0]["instructions"]))
    clean(page, "instructions open")
    page.locator("#skip").click()
    page.locator("#skip").click()
    page.locator("#stop-action-excessive_kicking").click()  # the foot rub, on the left leg
    for _ in range(4):
        page.locator("#skip").click()
    expect(page.locator("#leg-ready")).to_be_visible()
    clean(page, "leg change")
    page.locator("#leg-ready").click()
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_role("button", name="Interrupted").click()
    expect(page.locator("#action-stops")).to_be_visible()
    clean(page, "stopped, with an action stopped for kicking")
    page.locator("#save-session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved")

    log = call_module(page, "logs.js", "logsFor", dog["id"])[0]
    call_module(page, "logs.js", "saveLog", {**log, "id": "1b0c1f5e-0000-4000-8000-000000000001", "outcome": "completed",
                                             "stop_reason": None, "stop_note": None})
    page.goto(base_url + "/session")
    expect(page.locator("#extra-yes")).to_be_visible()
    clean(page, "the day's target met: an extra session?")

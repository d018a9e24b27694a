"""axe finds no violations on any screen of the guided session, light or dark."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.session_driver import add_dog, answer_gate, routine_of
from tests.browser.test_accessibility import violations


def clean(page: Page, screen: str) -> None:
    found, results = violations(page)
    assert found == [], f"{screen}:\n{results.generate_report()}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_player_screen_is_accessible(page: Page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.clock.install(time=dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc))
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    add_dog(page)
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
    for _ in range(9):
        page.locator("#tap-zone").click()
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

"""Drives the guided session the way an owner does, in real Chromium, and reads what it saved."""

from __future__ import annotations

import httpx
import jsonschema
from playwright.sync_api import Page, expect

from app.content.flow import session_plan
from app.schemas.session_log import SessionLog
from tests.browser.conftest import call_module

TWO_HIND_LEGS = ["left-hind", "right-hind"]


def routine_of(base_url: str) -> dict:
    return httpx.get(base_url + "/api/v1/routine").json()


def expected_sequence(routine: dict, legs: list[str]) -> list[tuple[str | None, str, str]]:
    """(leg, step id, action id) for a whole session, from the content's flow (app/content/flow.py):
    the player in the browser must run exactly this."""
    return [(leg, step_id, action["id"]) for leg, step_id, action in session_plan(routine, legs)]


def add_dog(page: Page, *, legs=TWO_HIND_LEGS, phone: str | None = "+44 20 7946 0000", name: str = "Biscuit") -> dict:
    return call_module(page, "dogs.js", "saveDog", {
        "name": name, "legs": legs, "crateRestStart": "2026-11-10", "crateRestWeeks": 8, "sessionsPerDay": 2,
        "clinicName": "Riverside Vets", "clinicPhone": phone})


def answer_gate(page: Page, routine: dict, block_at: str | None = None, answer: str | None = None) -> None:
    """Answer every question as a dog fit for the session would, or block at one question."""
    questions = routine["eligibility"] + routine["red_flags"]
    for question in questions:
        expect(page.locator("#gate-question")).to_have_text(question["question"])
        blocking = question["blocks_on"]
        fine = "yes" if blocking == "no" else "no"
        if question["id"] == block_at:
            page.get_by_role("button", name=(answer or blocking).capitalize(), exact=True).click()
            return
        page.get_by_role("button", name=fine.capitalize(), exact=True).click()


def current_action(page: Page) -> tuple[str | None, str]:
    section = page.locator("section.action")
    expect(section).to_be_visible()
    return section.get_attribute("data-leg") or None, section.get_attribute("data-action")


def do_current_action(page: Page, routine: dict, skip_optional: bool = True) -> str:
    """Do the action on screen as the content asks; returns how it was done."""
    _, action_id = current_action(page)
    action = next(a for s in routine["steps"] for a in s["actions"] if a["id"] == action_id)
    dose = action["dose"]
    if action["optional"] and skip_optional:
        press_and_wait_for_redraw(page, "#skip")
        return "skipped"
    if dose["type"] == "duration":
        page.locator("#timer-start").click()
        page.clock.run_for(((dose["min"] or dose["max"]) + 4) * 1000)  # 3-2-1, the dose, a margin
        expect(page.locator("#timer-clock")).to_have_text("0:00")
    elif dose.get("per"):
        for toe in range(4):
            if toe:
                page.locator("#next-per").click()
            for _ in range(dose["max"]):
                page.locator("#tap-zone").click()
        page.locator("#reps-finish").click()
    else:
        for _ in range(dose["max"]):
            page.locator("#tap-zone").click()
    press_and_wait_for_redraw(page, "#next")
    return "completed"


def press_and_wait_for_redraw(page: Page, selector: str) -> None:
    """Press a button that moves to the next action, and wait until the screen has moved on
    (the player saves to IndexedDB before it redraws)."""
    button = page.locator(selector)
    expect(button).to_be_visible()
    shown = page.locator("section.action").element_handle()
    button.click()
    shown.wait_for_element_state("hidden")


def saved_logs(page: Page, dog_id: str) -> list[dict]:
    return call_module(page, "logs.js", "logsFor", dog_id)


def assert_valid_log(base_url: str, log: dict) -> SessionLog:
    """Valid against the schema the server publishes, and against the server's own model."""
    schema = httpx.get(base_url + "/api/v1/schema/session-log").json()
    jsonschema.validate(log, schema)
    return SessionLog.model_validate(log)

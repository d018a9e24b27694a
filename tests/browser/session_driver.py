"""Drives the guided session the way an owner does, in real Chromium, and reads what it saved."""

from __future__ import annotations

import httpx
import jsonschema
from playwright.sync_api import Page, expect

from app.content.flow import session_plan
from app.schemas.session_log import SessionLog
from tests.browser.conftest import call_module

TWO_HIND_LEGS = ["left-hind", "right-hind"]


def routine_of(base_url: str, language: str = "en") -> dict:
    return httpx.get(base_url + "/api/v1/routine", params={"lang": language}).json()


def expected_sequence(routine: dict, legs: list[str]) -> list[tuple[str | None, str, str]]:
    """(leg, step id, action id) for a whole session, from the content's flow (app/content/flow.py):
    the player in the browser must run exactly this."""
    return [(leg, step_id, action["id"]) for leg, step_id, action in session_plan(routine, legs)]


def add_dog(page: Page, *, legs=TWO_HIND_LEGS, phone: str | None = "+44 20 7946 0000", name: str = "Biscuit") -> dict:
    return call_module(page, "dogs.js", "saveDog", {
        "name": name, "legs": legs, "crateRestStart": "2026-11-10", "crateRestWeeks": 8, "sessionsPerDay": 2,
        "clinicName": "Riverside Vets", "clinicPhone": phone})


def gate_questions(routine: dict) -> dict[str, dict]:
    """Every question of the safety check by its words, with its kind (as the phone asks them)."""
    kinds = [("eligibility", routine["eligibility"]), ("fact", routine.get("facts", [])), ("red_flag", routine["red_flags"])]
    found = {q["question"]: {**q, "kind": kind} for kind, questions in kinds for q in questions}
    found[routine["graduation"]["question"]] = {"id": "graduation", "kind": "graduation"}
    return found


def answer_gate(page: Page, routine: dict, block_at: str | None = None, answer: str | None = None,
                facts: dict[str, str] | None = None, stop_before: str | None = None) -> list[str]:
    """Answer every question asked as for a dog fit for the session, or block at one question
    (or stop, unanswered, at `stop_before`). Facts (how the bladder is emptied) are answered from
    `facts` (default: pees on its own). Returns the ids of the questions answered, in order."""
    facts = {"urinates-alone": "yes", **(facts or {})}
    questions = gate_questions(routine)
    asked = []
    question_text = page.locator("#gate-question")
    while True:
        page.locator("#gate-question, section.setup, section.blocked").first.wait_for()
        if not question_text.count():
            return asked
        text = question_text.inner_text()
        question = questions[text]
        if question["id"] == stop_before:
            return asked
        asked.append(question["id"])
        if question["kind"] == "fact":
            value = facts[question["id"]]
        else:
            blocking = question.get("blocks_on", "yes")
            value = (answer or blocking) if question["id"] == block_at else ("yes" if blocking == "no" else "no")
        page.locator(f'[data-answer="{value}"]').click()
        if question["id"] == block_at:
            return asked
        page.wait_for_function("text => document.getElementById('gate-question')?.textContent !== text", arg=text)


def current_action(page: Page) -> tuple[str | None, str]:
    """The action on screen; a card between legs is passed with its Ready button."""
    page.locator("section.action, section.leg-change").first.wait_for()
    if page.locator("section.leg-change").count():
        page.locator("#leg-ready").click()
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
        let_timer_run(page, dose["min"] or dose["max"])
        expect(page.locator("#timer-clock")).to_have_text("0:00")
    elif dose.get("per"):
        for toe in range(4):
            if toe:  # the toe is full: the next tap on the zone starts the next toe
                tap(page, 1)
                expect(page.locator("#rep-count")).to_contain_text(f"{toe + 1}: 0 ")  # "Toe 2: 0 of 10", in any language
            tap(page, dose["max"])
        page.locator("#reps-finish").click()
    else:
        tap(page, dose["max"])
    press_and_wait_for_redraw(page, "#next")
    return "completed"


def tap(page: Page, times: int) -> None:
    """Tap the counting zone as a thumb does, on the same spot each time: the zone never moves
    (test_session_one_hand.py), so where it is is asked once, not before every tap."""
    zone = page.locator("#tap-zone")
    expect(zone).to_be_visible()
    box = zone.bounding_box()
    for _ in range(times):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#rep-count")).to_be_visible()


def let_timer_run(page: Page, seconds: int) -> None:
    """A started timer's 3-2-1, its dose and a margin of time: the start and the end tick by tick
    (what the owner sees and hears then), the minutes between jumped over, as a locked screen
    does; each of their ticks would only redraw the clock, and cost the suite a second a minute."""
    page.clock.run_for(4000)
    page.clock.fast_forward((seconds - 1) * 1000)
    page.clock.run_for(1000)


def press_and_wait_for_redraw(page: Page, selector: str) -> None:
    """Press a button that moves to the next screen (action, leg change, end), and wait until the
    screen that holds it is gone (the player saves to IndexedDB before it redraws)."""
    button = page.locator(selector)
    expect(button).to_be_visible()
    shown = page.locator(f"#player-body > section:has({selector})").element_handle()
    button.click()
    shown.wait_for_element_state("hidden")


def saved_logs(page: Page, dog_id: str) -> list[dict]:
    return call_module(page, "logs.js", "logsFor", dog_id)


def assert_valid_log(base_url: str, log: dict) -> SessionLog:
    """Valid against the schema the server publishes, and against the server's own model."""
    schema = httpx.get(base_url + "/api/v1/schema/session-log").json()
    jsonschema.validate(log, schema)
    return SessionLog.model_validate(log)

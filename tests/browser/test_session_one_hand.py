"""One hand on the dog: every exercise screen fits the phone without scrolling, the main control
sits under the thumb, a tap never moves the page, the leg change cannot be missed, and a timer
that ended while the screen was off speaks up when it is back."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.session_driver import (
    add_dog, answer_gate, current_action, let_timer_run, press_and_wait_for_redraw, routine_of, tap,
)

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
# Every spoken cue, as the page asked the phone to say it.
CAPTURE_SPEECH = """
window.__spoken = [];
const speak = speechSynthesis.speak.bind(speechSynthesis);
speechSynthesis.speak = (utterance) => { if (utterance.text.trim()) window.__spoken.push(utterance.text); speak(utterance); };
"""
LAYOUT = """() => {
  const box = (node) => { if (!node) return null; const r = node.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  const primary = [...document.querySelectorAll('.primary-control')].find((node) => node.offsetParent !== null);
  return {height: innerHeight, scrollHeight: document.documentElement.scrollHeight, scrollY,
          title: box(document.querySelector('#player-body h1')), dose: box(document.querySelector('.dose-line')),
          primary: box(primary), primaryId: primary && primary.id, stop: box(document.getElementById('stop-button'))};
}"""


def check_fits(page: Page, where: str) -> dict:
    """Title, dose, the primary control and Stop inside the viewport; the primary one in its lower
    half; nothing to scroll."""
    layout = page.evaluate(LAYOUT)
    height = layout["height"]
    assert layout["scrollHeight"] <= height, f"{where}: the page scrolls ({layout['scrollHeight']} > {height})"
    for name in ("title", "primary", "stop") + (("dose",) if layout["dose"] else ()):
        assert layout[name] and 0 <= layout[name]["top"] and layout[name]["bottom"] <= height, f"{where}: {name} {layout}"
    primary = layout["primary"]
    assert (primary["top"] + primary["bottom"]) / 2 > height / 2, f"{where}: {layout['primaryId']} above the thumb zone"
    return layout


def tap_keeps_its_place(page: Page, where: str) -> None:
    zone = page.locator("#tap-zone")
    before = zone.bounding_box()
    zone.click()
    after = zone.bounding_box()
    assert page.evaluate("() => scrollY") == 0, where
    assert (before["x"], before["y"], before["width"], before["height"]) == (after["x"], after["y"], after["width"], after["height"]), where


# Per language: what the first toe's last tap leaves, and the keyboard's key in the tap hint.
WORDS = {"en": ("Toe 2: 0 of 10", "Space"), "es": ("Dedo 2: 0 de 10", "Espacio")}


# Spanish is longer than English: its every screen must fit the smallest phone too.
@pytest.mark.parametrize(("width", "height", "language"), [
    (360, 640, "en"), (390, 844, "en"), (412, 915, "en"), (430, 932, "en"), (360, 640, "es")])
def test_every_exercise_screen_fits_one_hand(browser, base_url, width, height, language):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    page.add_init_script(CAPTURE_SPEECH)
    page.clock.install(time=START)
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    add_dog(page)
    routine = routine_of(base_url, language)
    next_toe, space = WORDS[language]
    page.goto(base_url + "/session")
    answer_gate(page, routine)
    page.locator("#begin").click()

    lowest = 0.0
    seen_leg_change = []
    while True:
        page.locator("section.action, section.leg-change, section.ended").first.wait_for()
        if page.locator("section.ended").count():
            break
        if page.locator("section.leg-change").count():
            seen_leg_change.append(page.locator("#leg-change-title").inner_text())
            lowest = max(lowest, check_fits(page, "leg change")["primary"]["bottom"])
            press_and_wait_for_redraw(page, "#leg-ready")
            continue
        section = page.locator("section.action")
        leg, action_id = section.get_attribute("data-leg"), section.get_attribute("data-action")
        where = f"{width}x{height} {leg} {action_id}"
        lowest = max(lowest, check_fits(page, where)["primary"]["bottom"])
        action = next(a for s in routine["steps"] for a in s["actions"] if a["id"] == action_id)
        drawing = section.get_by_role("img", name=action["drawing"]["description"], exact=True)  # how, shown
        expect(drawing).to_be_visible()
        assert drawing.get_attribute("data-mirrored") == str(leg == "right-hind").lower(), where
        dose = action["dose"]
        if dose["type"] == "duration":
            page.locator("#timer-start").click()
            let_timer_run(page, dose["min"] or dose["max"])
            expect(page.locator("#next")).to_be_visible()
        else:
            for _ in range(3):
                tap_keeps_its_place(page, where)
            expect(page.locator("#tap-hint")).not_to_contain_text(space)  # no keyboard on this phone
            if dose.get("per"):  # the full toe's next tap starts the next toe, on the same spot
                tap(page, dose["max"] - 3)
                expect(page.locator("#next-per")).to_have_class("button secondary is-hidden")
                tap_keeps_its_place(page, where)
                expect(page.locator("#rep-count")).to_have_text(next_toe)
                page.locator("#reps-finish").click()
            else:
                page.locator("#reps-finish").click()
        expect(page.locator("#next")).to_be_visible()
        lowest = max(lowest, check_fits(page, f"{where}, done")["primary"]["bottom"])
        press_and_wait_for_redraw(page, "#next")

    print(f"\n{width}x{height} {language}: the primary control's lowest bottom edge {lowest:.0f} px of {height}")
    spoken = page.evaluate("() => window.__spoken")
    context.close()
    if language != "en":  # the Spanish words and cues: tests/browser/test_spanish.py
        return
    assert seen_leg_change == ["Now the right back leg", "Now the hip exercise: right back leg", "Now the left back leg"]
    assert "Now the right back leg. Tap Ready when you are." in spoken
    step_cues = [text for text in spoken if "Step " in text]
    assert step_cues and all(text.startswith(("Left back leg. Step", "Right back leg. Step")) for text in step_cues), step_cues


def hide(page: Page, hidden: bool) -> None:
    state = "hidden" if hidden else "visible"
    page.evaluate("state => { Object.defineProperty(document, 'visibilityState', {value: state, configurable: true});"
                  " document.dispatchEvent(new Event('visibilitychange')); }", state)


def test_a_timer_that_ended_while_the_screen_was_off_speaks_up_when_it_is_back(page: Page, base_url):
    page.add_init_script(CAPTURE_SPEECH)
    page.clock.install(time=START)
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    add_dog(page, legs=["left-hind"])
    routine = routine_of(base_url)
    page.goto(base_url + "/session")
    answer_gate(page, routine)
    page.locator("#begin").click()
    tap(page, 10)
    page.locator("#next").click()
    expect(page.locator("section.action")).to_have_attribute("data-action", "knead-thigh")  # redrawn, not the old one
    assert current_action(page) == ("left-hind", "knead-thigh")
    page.locator("#timer-start").click()
    page.clock.run_for(5000)
    chimes = int(page.evaluate("() => document.documentElement.dataset.chimes || '0'"))

    hide(page, True)  # the phone is locked; the timer ends meanwhile
    page.clock.run_for(200_000)
    assert int(page.evaluate("() => document.documentElement.dataset.chimes || '0'")) == chimes
    assert not any("Time is up" in text for text in page.evaluate("() => window.__spoken"))

    hide(page, False)
    expect(page.locator("#next")).to_be_visible()
    assert int(page.evaluate("() => document.documentElement.dataset.chimes || '0'")) == chimes + 1
    assert page.evaluate("() => window.__spoken").count("Time is up: Knead the thigh. Tap Next when you are ready.") == 1


def test_the_space_hint_is_only_for_a_keyboard(browser, base_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768})  # a laptop: keyboard and mouse
    page = context.new_page()
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    add_dog(page, legs=["left-hind"])
    page.goto(base_url + "/session")
    answer_gate(page, routine_of(base_url))
    page.locator("#begin").click()
    expect(page.locator("#tap-hint")).to_have_text("Tap here for each one (or press Space)")
    context.close()

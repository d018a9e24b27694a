"""The action drawings: one per action, named by its description, moving its joint no further
than the content's small swing, mirrored for the right leg, still (with arrows) for reduced
motion and on paper. Each drawing is also saved as a screenshot at the Pixel 7's size in
test-results/drawings/ (not committed), to be looked at."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import app_bundle, wait_until_offline_ready
from tests.browser.test_dogs import errors  # noqa: F401 (a fixture: no page or console errors)
from tests.support.axe import violations

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results" / "drawings"
PIXEL_7 = {"viewport": {"width": 412, "height": 915}, "device_scale_factor": 2.625, "is_mobile": True, "has_touch": True}
ROTATE = re.compile(r"rotate\((-?[\d.]+) ")


def actions(base_url: str) -> list[dict]:
    routine = httpx.get(base_url + "/api/v1/routine").json()
    return [action for step in routine["steps"] for action in step["actions"]]


def angle(page: Page, drawing: str, joint: str) -> float:
    transform = page.locator(drawing).locator(f"[data-joint='{joint}']").get_attribute("transform")
    return float(ROTATE.match(transform).group(1))


def test_the_routine_page_draws_every_action_by_its_description(page: Page, base_url, errors):  # noqa: F811
    page.goto(base_url + "/routine")
    for action in actions(base_url):
        drawing = page.get_by_role("img", name=action["drawing"]["description"], exact=True)
        expect(drawing.first).to_be_visible()
        assert drawing.first.get_attribute("data-motion") == action["drawing"]["motion"]
    found, results = violations(page)
    assert found == [], results.generate_report()


def test_each_moving_joint_swings_as_far_as_the_content_says_and_no_further(page: Page, base_url, errors):  # noqa: F811
    page.clock.install(time=datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc))
    page.goto(base_url + "/routine")
    moving = [action for action in actions(base_url) if action["drawing"]["joint"]]
    assert {action["drawing"]["motion"] for action in moving} == {"pump", "hip", "toe"}
    for action in moving:
        drawing = f"svg.drawing[aria-label=\"{action['drawing']['description']}\"] >> nth=0"
        page.locator(drawing).wait_for()
        joint, amplitude = action["drawing"]["joint"], action["drawing"]["amplitude_deg"]
        seen = []
        for _ in range(40):  # more than one repetition, in steps of 100 ms
            page.clock.run_for(100)
            seen.append(angle(page, drawing, joint))
        assert max(abs(a) for a in seen) <= amplitude + 0.01, (action["id"], seen)
        assert max(seen) > amplitude * 0.9 and min(seen) < -amplitude * 0.9, (action["id"], seen)  # it does move


def test_reduced_motion_shows_a_still_frame_with_arrows(page: Page, base_url, errors):  # noqa: F811
    page.emulate_media(reduced_motion="reduce")
    page.clock.install(time=datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc))
    page.goto(base_url + "/routine")
    pump = "svg.drawing[data-motion='pump'] >> nth=0"
    page.locator(pump).wait_for()
    assert page.locator("svg.drawing:not([data-still='true'])").count() == 0
    before = angle(page, pump, "hock")
    page.clock.run_for(1500)
    assert angle(page, pump, "hock") == before != 0  # held at the bend, not moving
    assert page.locator(pump).locator(".arrow").count() >= 1


def test_every_drawing_at_the_pixel_7_size_for_a_person_to_look_at(browser, base_url):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**PIXEL_7)
    page = context.new_page()
    page.goto(base_url + "/routine")
    wait_until_offline_ready(page)
    seen = set()
    for action in actions(base_url):
        if action["id"] in seen:
            continue
        seen.add(action["id"])
        drawing = page.get_by_role("img", name=action["drawing"]["description"], exact=True).first
        drawing.scroll_into_view_if_needed()
        drawing.screenshot(path=ARTIFACTS / f"{action['id']}.png", animations="allow")
        for leg in ("left-hind", "right-hind"):  # and as a still, each side
            still = page.evaluate("""async ([url, id, leg]) => {
                const { actionDrawing } = (await import(url)).moduleOf('js/drawings.js');
                const routine = await (await fetch('/api/v1/routine')).json();
                const action = routine.steps.flatMap((s) => s.actions).find((a) => a.id === id);
                const svg = actionDrawing(action, leg, { still: true });
                svg.id = `still-${id}-${leg}`;
                document.querySelector('main').prepend(svg);
                return svg.dataset.mirrored;
            }""", [app_bundle(page),
                   action["id"], leg])
            assert still == ("true" if leg == "right-hind" else "false")
            page.locator(f"#still-{action['id']}-{leg}").screenshot(path=ARTIFACTS / f"{action['id']}-{leg}-still.png")
    assert len(list(ARTIFACTS.glob("*.png"))) >= 3 * len(seen)
    context.close()


@pytest.fixture
def one_action_page(page: Page, base_url):
    """The exercise screen of the first action, for the left and then the right leg."""
    from tests.browser.session_driver import add_dog, answer_gate, routine_of
    page.goto(base_url + "/")
    add_dog(page)
    page.goto(base_url + "/session")
    answer_gate(page, routine_of(base_url))
    page.locator("#begin").click()
    page.locator("section.action").wait_for()
    return page


def test_the_exercise_screen_shows_the_drawing_and_the_right_leg_mirrors_the_left(one_action_page: Page, base_url):
    page = one_action_page
    first = actions(base_url)[0]
    drawing = page.locator("section.action svg.drawing")
    expect(drawing).to_have_attribute("aria-label", first["drawing"]["description"])
    assert drawing.get_attribute("data-mirrored") == "false"
    assert page.locator("section.action").get_attribute("data-leg") == "left-hind"
    left = drawing.locator("g").nth(0).get_attribute("transform")
    assert left in ("", None)
    # The same action for the right leg: the scene flipped about the drawing's middle.
    page.evaluate("""async (url) => {
        const { actionDrawing } = (await import(url)).moduleOf('js/drawings.js');
        const routine = await (await fetch('/api/v1/routine')).json();
        const svg = actionDrawing(routine.steps[0].actions[0], 'right-hind');
        svg.id = 'right';
        document.querySelector('main').append(svg);
    }""", app_bundle(page))
    right = page.locator("#right")
    assert right.get_attribute("data-mirrored") == "true"
    assert right.locator("g").nth(0).get_attribute("transform") == "translate(320 0) scale(-1 1)"
    found, results = violations(page)
    assert found == [], results.generate_report()


def test_with_the_paced_count_on_the_drawing_moves_at_its_tempo(one_action_page: Page):
    page = one_action_page
    page.evaluate("localStorage.setItem('ivdd.settings', JSON.stringify({ pacedSecondsPerRep: 5 }))")
    drawing = page.locator("section.action svg.drawing")
    expect(drawing).to_have_attribute("data-period", "3000")  # the stroke's own pace
    page.locator("#paced-toggle").click()  # the screen is drawn again: the drawing takes the count's tempo
    expect(drawing).to_have_attribute("data-period", "5000")

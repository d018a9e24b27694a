"""The session tells the truth and is right for every dog it lets in: legs the routine covers,
kicking that stops one action on one leg, the day's target as a ceiling, a safety check that fits
the dog and remembers the day's answers, and logs that survive a wall clock set back."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from tests.browser.conftest import call_module
from tests.browser.session_driver import (
    add_dog, answer_gate, assert_valid_log, current_action, do_current_action, expected_sequence,
    press_and_wait_for_redraw, routine_of, saved_logs,
)
from tests.browser.test_history import make_log
from tests.browser.test_session import START, begin_exercises, owner, start_session  # noqa: F401 (fixture)

DAILY = ["off-medication", "vet-agreed", "cannot-walk", "strict-rest", "urinates-alone"]


def test_front_legs_get_no_actions_and_a_front_legs_only_dog_cannot_start(owner: Page, base_url):
    routine = routine_of(base_url)
    add_dog(owner, legs=["left-front", "right-front"])
    owner.goto(base_url + "/session")
    expect(owner.locator("#no-covered-legs")).to_have_text(routine["legs_not_covered"]["title"])
    expect(owner.get_by_text(routine["legs_not_covered"]["text"])).to_be_visible()
    expect(owner.locator("#call-clinic")).to_have_attribute("href", "tel:+442079460000")
    expect(owner.locator("#gate-question")).to_have_count(0)  # no session, not even its questions
    assert owner.evaluate("async () => (await import(document.querySelector('link[rel=stylesheet]').href"
                          ".replace('/app.css', '/app.js'))).moduleOf('js/db.js').get('state', 'activeSession')") is None

    # A front and a back leg: the session works the back leg only, and says why.
    dog = add_dog(owner, legs=["left-front", "left-hind"], name="Pip")
    call_module(owner, "dogs.js", "chooseDog", dog["id"])
    owner.goto(base_url + "/session")
    answer_gate(owner, routine)
    expect(owner.locator("#legs-left-out")).to_contain_text("Left front leg: no exercises here.")
    owner.locator("#begin").click()
    plan = expected_sequence(routine, ["left-hind"])
    assert {leg for leg, _, _ in plan} == {"left-hind"}
    for leg, _, action_id in plan:
        assert current_action(owner) == (leg, action_id)
        do_current_action(owner, routine)
    owner.locator("#save-session").click()
    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert model.legs == ["left-hind"] and {a.leg for a in model.actions} == {"left-hind"}


def test_kicking_stops_that_action_on_that_leg_only_and_the_session_goes_on(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    begin_exercises(owner, routine)
    plan = expected_sequence(routine, dog["legs"])
    stopped = {}
    for leg, _, action_id in plan:
        assert current_action(owner) == (leg, action_id)
        if (leg, action_id) == ("right-hind", "foot-rub"):  # one tap on the warning's own button
            press_and_wait_for_redraw(owner, "#stop-action-excessive_kicking")
            stopped[(leg, action_id)] = "excessive_kicking"
            expect(owner.locator("#spoken-cue")).to_contain_text("Rub the foot stopped on the right back leg. Moving on. Light touches")
        elif (leg, action_id) == ("right-hind", "toe-pad-touch"):  # or from the Stop sheet
            shown = owner.locator("section.action").element_handle()
            owner.get_by_role("button", name="Stop", exact=True).click()
            owner.locator("#stop-action-kicking").click()
            shown.wait_for_element_state("hidden")
            stopped[(leg, action_id)] = "excessive_kicking"
        else:
            do_current_action(owner, routine)

    expect(owner.get_by_role("heading", level=1)).to_have_text("All done")
    expect(owner.locator("#action-stops")).to_contain_text("Rub the foot, right back leg: stopped (excessive kicking).")
    rest = next(w["text"] for w in routine["general_warnings"] if w["id"] == "strict-rest-continues")
    expect(owner.locator("#rest-reminder")).to_contain_text(rest)
    right, left = (owner.get_by_role("group", name=f"Kicking, {side} back leg") for side in ("right", "left"))
    expect(right.get_by_label("Excessive")).to_be_checked()
    for level in ("None", "A little", "Excessive"):  # nothing recorded on the left leg: not pre-filled
        expect(left.get_by_label(level)).not_to_be_checked()
    left.get_by_label("None").check()
    owner.locator("#save-session").click()

    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert model.outcome == "completed" and model.stop_reason is None
    for action in model.actions:
        reason = stopped.get((action.leg, action.action_id))
        assert (action.status == "stopped", action.stop_reason) == (reason is not None, reason), action
    assert model.observations.kicking == {"left-hind": "none", "right-hind": "excessive"}


def test_the_days_target_is_a_ceiling_and_an_extra_session_is_confirmed_and_logged(owner: Page, base_url):
    routine = routine_of(base_url)
    dog = add_dog(owner)
    today = START.replace(hour=7)
    seeded = [make_log(dog, today, 20, legs=dog["legs"]), make_log(dog, today.replace(hour=8), 20, legs=dog["legs"]),
              make_log(dog, today.replace(hour=6), 5, "stopped", stop_reason="interrupted", legs=dog["legs"])]
    # One completed and one stopped today: the stopped one does not count, so no question yet.
    call_module(owner, "logs.js", "saveLog", seeded[0])
    call_module(owner, "logs.js", "saveLog", seeded[2])
    owner.goto(base_url + "/session")
    expect(owner.locator("#gate-question")).to_be_visible()
    owner.get_by_role("button", name="Cancel").click()

    call_module(owner, "logs.js", "saveLog", seeded[1])  # now 2 of 2 completed
    owner.goto(base_url + "/session")
    expect(owner.get_by_role("heading", level=1)).to_have_text("Today's 2 sessions are done")
    expect(owner.get_by_text(routine["sessions_per_day"]["ceiling_note"])).to_be_visible()
    owner.locator("#extra-no").click()
    expect(owner).to_have_url(base_url + "/")
    owner.goto(base_url + "/session")
    owner.locator("#extra-yes").click()
    answer_gate(owner, routine)
    expect(owner.locator("#extra-note")).to_be_visible()
    owner.locator("#begin").click()
    do_current_action(owner, routine)
    owner.get_by_role("button", name="Stop", exact=True).click()
    owner.get_by_role("button", name="Interrupted").click()
    owner.locator("#save-session").click()
    extra = next(log for log in saved_logs(owner, dog["id"]) if log["id"] not in {s["id"] for s in seeded})
    model = assert_valid_log(base_url, extra)
    assert model.extra is True and model.outcome == "stopped"
    assert all(not log.get("extra") for log in saved_logs(owner, dog["id"]) if log["id"] != extra["id"])


def asked_progress(page: Page) -> str:
    return page.locator("#gate-progress").inner_text()


def test_an_expressed_bladder_dog_passes_honestly_and_daily_answers_last_until_midnight(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    expect(owner.locator("#gate-progress")).to_have_text("Safety check · 1 of 10")
    asked = answer_gate(owner, routine, facts={"urinates-alone": "no"})
    assert "expression-harder" in asked and "cannot-urinate" not in asked
    assert asked[:5] == DAILY
    labels = next(q for q in routine["facts"] if q["id"] == "urinates-alone")["answers"]
    assert labels["no"] == "I express it by hand"
    owner.locator("#begin").click()
    owner.get_by_role("button", name="Stop", exact=True).click()
    owner.get_by_role("button", name="Interrupted").click()
    owner.locator("#save-session").click()

    # Later the same day: only the questions that can change are asked again.
    owner.clock.run_for(4 * 3600 * 1000)
    owner.goto(base_url + "/session")
    expect(owner.locator("#gate-progress")).to_have_text("Safety check · 1 of 5")
    expect(owner.locator("#gate-hint")).to_contain_text("answered earlier today")
    again = answer_gate(owner, routine)
    assert not set(again) & set(DAILY) and "expression-harder" in again  # yesterday's "by hand" still holds
    owner.locator("#begin").click()
    owner.get_by_role("button", name="Stop", exact=True).click()
    owner.get_by_role("button", name="Interrupted").click()
    owner.locator("#save-session").click()
    second = max(saved_logs(owner, dog["id"]), key=lambda log: log["started_at"])
    model = assert_valid_log(base_url, second)
    remembered = [(a.question_id, a.answer) for a in model.gate.answers if a.remembered]
    assert [q for q, _ in remembered] == DAILY and dict(remembered)["urinates-alone"] == "no"

    # After midnight: everything is asked again.
    owner.clock.run_for(16 * 3600 * 1000)
    owner.goto(base_url + "/session")
    expect(owner.locator("#gate-progress")).to_have_text("Safety check · 1 of 10")


def test_a_wall_clock_set_back_mid_session_leaves_a_valid_log_and_a_right_timer(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    begin_exercises(owner, routine)
    do_current_action(owner, routine)  # the stroke; the kneading timer is next
    owner.locator("#timer-start").click()
    owner.clock.run_for(33_000)
    expect(owner.locator("#timer-clock")).to_have_text("2:30")
    now = owner.evaluate("() => Date.now()")
    owner.clock.set_system_time(dt.datetime.fromtimestamp(now / 1000 - 2 * 3600, dt.timezone.utc))  # two hours back
    owner.clock.run_for(10_000)
    expect(owner.locator("#timer-clock")).to_have_text("2:20")  # the countdown did not grow by two hours
    owner.get_by_role("button", name="Stop", exact=True).click()
    owner.get_by_role("button", name="Interrupted").click()
    owner.locator("#save-session").click()

    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert model.ended_at >= model.started_at
    assert dt.timedelta(seconds=40) <= model.ended_at - model.started_at <= dt.timedelta(minutes=5)


def test_a_reload_on_the_card_between_legs_comes_back_to_the_card(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    begin_exercises(owner, routine)
    first_leg = [item for item in expected_sequence(routine, dog["legs"]) if item[0] == "left-hind"][:7]
    for _ in first_leg:  # steps 1-4 on the left leg, skipped through
        press_and_wait_for_redraw(owner, "#skip")
    expect(owner.locator("#leg-change-title")).to_have_text("Now the right back leg")
    owner.reload()
    expect(owner.locator("#leg-change-title")).to_have_text("Now the right back leg")
    assert current_action(owner) == ("right-hind", "stroke")  # Ready takes the owner on

"""The guided session, from the safety check to the saved log, in real Chromium with page.clock."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import call_module, wait_until_offline_ready
from tests.browser.session_driver import (
    add_dog, answer_gate, assert_valid_log, current_action, do_current_action, expected_sequence,
    press_and_wait_for_redraw, routine_of, saved_logs,
)

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def owner(page: Page, base_url) -> Page:
    """A phone that has visited once, with time under the test's control."""
    page.clock.install(time=START)
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def start_session(page: Page, base_url: str, **dog) -> tuple[dict, dict]:
    saved = add_dog(page, **dog)
    page.goto(base_url + "/")
    page.locator("#start-session").click()
    return saved, routine_of(base_url)


def begin_exercises(page: Page, routine: dict) -> None:
    answer_gate(page, routine)
    expect(page.get_by_role("heading", level=1)).to_have_text(routine["setup"]["title"])
    page.locator("#begin").click()


def test_complete_two_leg_session_follows_the_flow_and_saves_a_valid_log(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    begin_exercises(owner, routine)
    expected = expected_sequence(routine, dog["legs"])
    assert len(expected) == 2 * 7 + 2 * 3  # steps 1-4 (7 actions) then 5-6 (3 actions), per leg

    done = []
    for leg, step_id, action_id in expected:
        assert current_action(owner) == (leg, action_id), f"expected {leg} {step_id} {action_id}"
        done.append(do_current_action(owner, routine))

    expect(owner.get_by_role("heading", level=1)).to_have_text("All done")
    owner.get_by_role("group", name="Kicking, left back leg").get_by_label("A little").check()
    owner.get_by_role("group", name="Kicking, right back leg").get_by_label("None").check()
    owner.get_by_role("group", name="Any signs of pain?").get_by_label("No").check()
    owner.get_by_role("group", name="Has your dog passed urine since the last session?").get_by_label("Expressed by hand").check()
    owner.get_by_label("Anything else for your vet?").fill("Calm, licked my hand. <b>not bold</b>")
    owner.locator("#save-session").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Saved")

    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert model.outcome == "completed" and model.gate.passed and model.content_version == routine["version"]
    assert [(a.leg, a.step_id, a.action_id) for a in model.actions] == expected
    assert [a.status for a in model.actions] == done
    stroke = model.actions[0]
    assert (stroke.reps, stroke.target.max, stroke.target.type) == (10, 10, "reps")
    knead = model.actions[1]
    assert (knead.seconds, knead.target.min, knead.target.max) == (180, 180, 300)
    toes = next(a for a in model.actions if a.action_id == "toe-flex")
    assert (toes.reps, toes.per_count, toes.target.per) == (40, 4, "toe")
    assert model.observations.kicking == {"left-hind": "a_little", "right-hind": "none"}
    assert (model.observations.pain_signs, model.observations.urinated) == (False, "expressed")
    assert model.observations.note == "Calm, licked my hand. <b>not bold</b>"
    assert log["started_at"].endswith("+00:00") and model.ended_at >= model.started_at

    owner.locator("#back-today").click()
    expect(owner.locator("#today-count")).to_have_text("1 of 2")


@pytest.mark.parametrize(("question_id", "bladder"), [
    ("off-medication", "yes"), ("vet-agreed", "yes"), ("strict-rest", "yes"),
    ("worsening-weakness", "yes"), ("uncontrolled-pain", "yes"), ("cannot-urinate", "yes"), ("expression-harder", "no"),
    ("front-legs-weakening", "yes"), ("breathing-or-fever", "yes"),
])
def test_each_blocking_answer_stops_explains_and_is_logged(owner: Page, base_url, question_id, bladder):
    dog, routine = start_session(owner, base_url)
    answer_gate(owner, routine, block_at=question_id, facts={"urinates-alone": bladder})
    question = next(q for q in routine["eligibility"] + routine["red_flags"] if q["id"] == question_id)
    urgent = question in routine["red_flags"]
    title = routine["red_flag_outcome"]["title"] if urgent else question["blocked_title"]
    expect(owner.get_by_role("heading", level=1)).to_have_text(title)
    expect(owner.get_by_text(question["blocked_message"])).to_be_visible()
    call = owner.locator("#call-clinic")
    expect(call).to_have_attribute("href", "tel:+442079460000")
    expect(call).to_contain_text("Riverside Vets")

    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert (model.outcome, model.gate.passed, model.gate.blocked_by, model.actions) == ("blocked", False, question_id, [])
    assert model.gate.answers[-1].question_id == question_id

    owner.locator("#blocked-done").click()
    expect(owner.locator("#start-session")).to_be_visible()  # nothing left running
    expect(owner.locator("#today-count")).to_have_text("0 of 2")  # a blocked check is not a session done


@pytest.mark.parametrize("graduated", [True, False])
def test_walking_dog_needs_no_passive_pt_and_is_asked_about_graduation(owner: Page, base_url, graduated):
    dog, routine = start_session(owner, base_url, phone=None)
    answer_gate(owner, routine, block_at="cannot-walk")
    expect(owner.locator("#gate-question")).to_have_text(routine["graduation"]["question"])
    owner.get_by_role("button", name="Yes" if graduated else "No", exact=True).click()

    walking = next(q for q in routine["eligibility"] if q["id"] == "cannot-walk")
    expect(owner.get_by_role("heading", level=1)).to_have_text(walking["blocked_title"])
    expect(owner.get_by_text(walking["blocked_message"])).to_be_visible()
    good_news = owner.get_by_role("heading", name=routine["graduation"]["yes_title"])
    expect(good_news).to_be_visible() if graduated else expect(good_news).to_have_count(0)
    expect(owner.get_by_text("phone number is not in your dog's profile")).to_be_visible()

    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert model.gate.blocked_by == "cannot-walk"
    assert (model.gate.answers[-1].kind, model.gate.answers[-1].answer) == ("graduation", "yes" if graduated else "no")


def test_timer_is_right_after_time_passed_while_the_page_was_hidden(owner: Page, base_url):
    start_session(owner, base_url)
    routine = routine_of(base_url)
    begin_exercises(owner, routine)
    do_current_action(owner, routine)  # the stroke; the kneading timer is next
    assert current_action(owner)[1] == "knead-thigh"
    owner.clock.pause_at(START + dt.timedelta(minutes=5))
    owner.locator("#timer-start").click()
    expect(owner.locator("#timer-clock")).to_have_text("3:00")
    chimes_before = owner.evaluate("() => document.documentElement.dataset.chimes || '0'")

    # The phone is locked: no JavaScript runs while 103 s pass (3 s get-ready + 100 s of kneading).
    owner.clock.set_system_time(START + dt.timedelta(minutes=5, seconds=103))
    owner.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    expect(owner.locator("#timer-clock")).to_have_text("1:20")

    owner.clock.set_system_time(START + dt.timedelta(minutes=9))  # locked past the end
    owner.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    expect(owner.locator("#timer-clock")).to_have_text("0:00")
    expect(owner.locator("#next")).to_be_visible()
    # Back on screen after the end: the timer says so at once (chime, vibration, voice).
    assert int(owner.evaluate("() => document.documentElement.dataset.chimes || '0'")) == int(chimes_before) + 1
    expect(owner.locator("#spoken-cue")).to_have_text("Time is up: Knead the thigh. Tap Next when you are ready.")


def test_reload_mid_action_resumes_with_the_right_time_left(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    begin_exercises(owner, routine)
    do_current_action(owner, routine)
    owner.locator("#timer-start").click()
    owner.clock.run_for(33_000)  # 3 s get-ready, 30 s of kneading
    expect(owner.locator("#timer-clock")).to_have_text("2:30")

    owner.reload()
    assert current_action(owner) == ("left-hind", "knead-thigh")
    expect(owner.locator("#timer-clock")).to_have_text("2:30")
    expect(owner.locator("#timer-pause")).to_be_visible()  # still running
    owner.clock.run_for(151_000)
    expect(owner.locator("#next")).to_be_visible()
    press_and_wait_for_redraw(owner, "#next")
    assert current_action(owner) == ("left-hind", "foot-rub")


def test_excessive_kicking_can_end_the_whole_session_with_advice_and_logs_it(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    begin_exercises(owner, routine)
    do_current_action(owner, routine)
    do_current_action(owner, routine)
    assert current_action(owner)[1] == "foot-rub"
    expect(owner.get_by_text(routine["warnings"]["kicking"]["text"])).to_be_visible()
    owner.get_by_role("button", name="Stop", exact=True).click()
    owner.get_by_role("button", name="Excessive kicking: end the session").click()

    expect(owner.get_by_role("heading", level=1)).to_have_text("Session stopped")
    expect(owner.get_by_text("You stopped because of excessive kicking")).to_be_visible()
    advice = next(w["text"] for w in routine["general_warnings"] if w["id"] == "stop-if-worried")
    expect(owner.get_by_text(advice)).to_be_visible()
    expect(owner.get_by_role("group", name="Kicking, left back leg").get_by_label("Excessive")).to_be_checked()
    for level in ("None", "A little", "Excessive"):  # seen on the left leg only: the right leg is not pre-filled
        expect(owner.get_by_role("group", name="Kicking, right back leg").get_by_label(level)).not_to_be_checked()
    owner.locator("#save-session").click()

    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert (model.outcome, model.stop_reason) == ("stopped", "excessive_kicking")
    statuses = [a.status for a in model.actions]
    assert statuses[:2] == ["completed", "completed"] and statuses[2] == "skipped"
    assert set(statuses[3:]) == {"not_reached"}


def test_stop_button_asks_the_reason_and_saves(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    begin_exercises(owner, routine)
    owner.get_by_role("button", name="Stop", exact=True).click()
    expect(owner.get_by_role("dialog")).to_be_visible()
    owner.get_by_role("button", name="Keep going").click()
    expect(owner.get_by_role("dialog")).to_be_hidden()
    owner.get_by_role("button", name="Stop", exact=True).click()
    owner.get_by_label("Other reason (optional)").fill("The doorbell rang")
    owner.get_by_role("button", name="Other reason", exact=True).click()
    owner.locator("#save-session").click()
    [log] = saved_logs(owner, dog["id"])
    model = assert_valid_log(base_url, log)
    assert (model.stop_reason, model.stop_note) == ("other", "The doorbell rang")


def test_counting_by_tap_space_and_enter_and_the_paced_count(owner: Page, base_url):
    start_session(owner, base_url)
    routine = routine_of(base_url)
    begin_exercises(owner, routine)
    zone = owner.locator("#tap-zone")
    expect(owner.locator("#rep-count")).to_have_text("0 of 10")
    for _ in range(3):
        zone.click()
    owner.keyboard.press("Space")
    owner.keyboard.press("Space")
    owner.keyboard.press("Enter")
    expect(owner.locator("#rep-count")).to_have_text("6 of 10")
    expect(owner.locator("#spoken-cue")).to_have_text("six")
    for _ in range(4):
        owner.keyboard.press("Space")
    expect(owner.locator("#rep-count")).to_have_text("10 of 10 · done")
    press_and_wait_for_redraw(owner, "#next")
    expect(owner.locator("#spoken-cue")).to_contain_text("Step 2: Massage.")

    for _ in range(2):  # kneading, foot rub, toe pads: on to the leg pump, a range of 10-15
        do_current_action(owner, routine)
    do_current_action(owner, routine)
    assert current_action(owner)[1] == "pump-hock-stifle"
    expect(owner.locator("#rep-count")).to_have_text("0 of 10-15")
    owner.locator("#paced-toggle").click()
    expect(owner.locator("#paced-toggle")).to_have_attribute("aria-pressed", "true")
    expect(owner.locator("#tap-hint")).to_have_text("Tap here to start the paced count")
    owner.locator("#tap-zone").click()  # hands in place: the count starts on a tap
    for count, word in [(1, "one"), (2, "two"), (3, "three")]:  # one count every 3 s, the default
        owner.clock.run_for(3000 + (100 if count == 1 else 0))
        expect(owner.locator("#rep-count")).to_have_text(f"{count} of 10-15")
        expect(owner.locator("#spoken-cue")).to_have_text(word)
    owner.locator("#tap-zone").click()  # a tap pauses: the count stays
    owner.clock.run_for(6000)
    expect(owner.locator("#rep-count")).to_have_text("3 of 10-15")
    # Remembered for this dog: the next count screen starts in paced mode.
    owner.locator("#reps-finish").click()
    press_and_wait_for_redraw(owner, "#next")
    assert current_action(owner)[1] == "pump-paw-hock"
    expect(owner.locator("#paced-toggle")).to_have_attribute("aria-pressed", "true")
    assert call_module(owner, "dogs.js", "chosenDog")["pacedCount"] is True


def test_no_path_skips_the_safety_check(owner: Page, base_url):
    dog, routine = start_session(owner, base_url)
    expect(owner.locator("#gate-question")).to_be_visible()
    owner.goto(base_url + "/session")  # straight to the session: still the questions
    expect(owner.locator("#gate-question")).to_have_text(routine["eligibility"][0]["question"])
    expect(owner.locator("#gate-progress")).to_have_text("Safety check · 1 of 10")
    # Even a stored session edited to jump past the gate is sent back to it.
    call_module(owner, "db.js", "put", "state", {**owner.evaluate(
        "async () => (await import(document.querySelector('link[rel=stylesheet]').getAttribute('href')"
        ".replace('/app.css', '/app.js'))).moduleOf('js/db.js').get('state', 'activeSession')"),
        "phase": "setup"}, "activeSession")
    owner.reload()
    expect(owner.locator("#gate-question")).to_be_visible()
    expect(owner.locator("#begin")).to_have_count(0)


def test_a_whole_session_works_offline(page: Page, base_url):
    page.goto(base_url + "/")
    wait_until_offline_ready(page)
    dog = add_dog(page, legs=["right-hind"])
    routine = routine_of(base_url)
    page.context.set_offline(True)
    page.clock.install(time=START)
    page.reload()
    page.locator("#start-session").click()
    begin_exercises(page, routine)
    for _ in expected_sequence(routine, dog["legs"]):
        do_current_action(page, routine)
    page.locator("#save-session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved")
    [log] = saved_logs(page, dog["id"])
    assert log["outcome"] == "completed"


def test_voice_can_be_turned_off_during_the_session_and_the_caption_stays(owner: Page, base_url):
    start_session(owner, base_url)
    routine = routine_of(base_url)
    begin_exercises(owner, routine)
    toggle = owner.locator("#voice-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_text("Voice off")
    owner.locator("#tap-zone").click()
    expect(owner.locator("#spoken-cue")).to_have_text("one")  # still shown as a caption
    settings = owner.evaluate("() => JSON.parse(localStorage.getItem('ivdd.settings'))")
    assert settings["voice"] is False

"""The owner's day (issue 11), in a real Chromium at phone size: the day's target is a most, not a
score; legs the routine has no exercises for; stopped and extra sessions in the history and its
exports; the clinic's refusals in plain words; the crate-rest start sent with each sync.

Logs are built like test_history's (from the schema's EXAMPLE, validated by `SessionLog`), so the
new fields (`extra`, an action's `stopped` status) are exactly what the server accepts.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.schemas.session_log import SessionLog
from tests.browser.conftest import Clinic, call_module, wait_until_offline_ready
from tests.browser.test_dogs import errors  # noqa: F401 (a fixture: no page or console errors)
from tests.browser.test_history import Clock, browser_clock, make_log, new_dog, seed
from tests.browser.test_sync import connect
from tests.support.axe import violations
from tests.support.clinic import invite

pytestmark = pytest.mark.browser_context_args(timezone_id="Pacific/Auckland")
BOTH_HIND = ("left-hind", "right-hind")
VALIDATOR_MESSAGE = "actions.3.ended_at: 'ended_at' is before 'started_at'"


@pytest.fixture
def routine(base_url) -> dict:
    return httpx.get(base_url + "/api/v1/routine").json()


def app_clock(page: Page, base_url: str) -> Clock:
    page.goto(base_url + "/about")
    return browser_clock(page)


def extra(log: dict) -> dict:
    """A session started after the day's target was met, the owner having confirmed it."""
    log["extra"] = True
    SessionLog.model_validate(log)
    return log


def with_stopped_action(log: dict, leg: str, action_id: str, reason: str = "excessive_kicking") -> dict:
    """The action ended on that leg (the foot rub, on excessive kicking) while the session went on."""
    action = next(a for a in log["actions"] if a["leg"] == leg and a["action_id"] == action_id)
    action.update(status="stopped", stop_reason=reason)
    SessionLog.model_validate(log)
    return log


def open_home(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today with")


# ---------------------------------------------------------------------------------------------
# Home: the target is a most

def test_the_days_target_met_says_so_and_offers_only_a_small_extra_session(page: Page, base_url, routine, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock, legs=list(BOTH_HIND))
    seed(page, dog, [make_log(dog, clock.at(0, "00:10"), 25, legs=BOTH_HIND),
                     make_log(dog, clock.at(0, "00:50"), 25, legs=BOTH_HIND)])
    open_home(page, base_url)
    expect(page.locator("#today-count")).to_have_text("2 of 2")
    met = page.locator("#target-met")
    expect(met).to_contain_text("Today's 2 sessions are done")
    expect(met).to_contain_text(routine["sessions_per_day"]["ceiling_note"])
    extra_link = page.locator("#start-extra-session")
    expect(extra_link).to_have_text("Start an extra session")
    expect(extra_link).to_have_attribute("href", "/session")
    expect(extra_link).not_to_have_class("huge")  # smaller than the start button it replaces
    expect(page.locator("#start-session")).to_have_count(0)
    expect(page.locator("#today-stopped")).to_have_count(0)
    box = extra_link.bounding_box()
    assert box["height"] >= 44  # still a big enough target for a hurried thumb


def test_a_stopped_session_is_shown_but_not_counted(page: Page, base_url, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock)
    seed(page, dog, [make_log(dog, clock.at(0, "00:10"), 25),
                     make_log(dog, clock.at(0, "00:40"), 6, "stopped", stop_reason="pain")])
    open_home(page, base_url)
    expect(page.locator("#today-count")).to_have_text("1 of 2")
    expect(page.locator("#today-stopped")).to_have_text("1 stopped, not counted")
    expect(page.locator("#target-met")).to_have_count(0)
    expect(page.locator("#start-session")).to_be_visible()
    expect(page.locator("#start-extra-session")).to_have_count(0)


def test_an_extra_session_is_shown_apart_from_the_target(page: Page, base_url, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock, sessionsPerDay=1)
    seed(page, dog, [make_log(dog, clock.at(0, "00:10"), 25), extra(make_log(dog, clock.at(0, "00:50"), 25))])
    open_home(page, base_url)
    expect(page.locator("#today-count")).to_have_text("1 of 1")
    expect(page.locator("#today-extra")).to_have_text("+ 1 extra")
    expect(page.locator("#target-met")).to_contain_text("Today's session is done")


def test_a_running_session_still_offers_resume_when_the_target_is_met(page: Page, base_url, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock)
    seed(page, dog, [make_log(dog, clock.at(0, "00:10"), 25), make_log(dog, clock.at(0, "00:50"), 25)])
    call_module(page, "db.js", "put", "state", {"phase": "exercise", "dogId": dog["id"]}, "activeSession")
    open_home(page, base_url)
    expect(page.locator("#resume-session")).to_have_text("Resume the session")
    expect(page.locator("#start-extra-session")).to_have_count(0)


# ---------------------------------------------------------------------------------------------
# Legs the routine has no exercises for

def test_a_dog_with_only_front_legs_gets_no_start_button_but_what_to_ask_the_clinic(page: Page, base_url, routine, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock, name="Max", legs=["left-front", "right-front"])
    seed(page, dog, [])
    open_home(page, base_url)
    expect(page.locator("#start-session")).to_have_count(0)
    expect(page.locator("#start-extra-session")).to_have_count(0)
    expect(page.locator("#today-count")).to_have_count(0)  # no "0 of 2" to chase
    card = page.locator("#legs-not-covered")
    expect(card.get_by_role("heading")).to_have_text(routine["legs_not_covered"]["title"])
    expect(card).to_contain_text(routine["legs_not_covered"]["text"])
    expect(card).to_contain_text("Ask your clinic for instructions for both front legs")
    expect(card.locator("#call-clinic")).to_have_attribute("href", "tel:+442079460000")
    expect(page.get_by_text("Legs: Left front leg, Right front leg")).to_be_visible()


def test_a_dog_with_some_front_legs_is_told_they_get_no_exercises_here(page: Page, base_url, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock, legs=["left-hind", "right-hind", "left-front"])
    seed(page, dog, [])
    open_home(page, base_url)
    expect(page.locator("#uncovered-legs")).to_have_text("Left front leg: no exercises in this app. Ask your clinic about it.")
    expect(page.locator("#start-session")).to_be_visible()
    expect(page.locator("#legs-not-covered")).to_have_count(0)
    expect(page.get_by_text("Legs: Left back leg, Right back leg, Left front leg")).to_be_visible()


def test_the_dog_form_says_live_when_a_front_leg_is_ticked_and_still_saves(page: Page, base_url, routine, errors):
    page.goto(base_url + "/dogs/new")
    expect(page.locator("#legs-hint")).to_contain_text("The exercises are for the back legs")
    note = page.locator("#legs-note")
    expect(note).to_have_attribute("aria-live", "polite")
    expect(note).to_be_empty()
    page.get_by_label("Left front leg").check()
    expect(note).to_contain_text(routine["legs_not_covered"]["text"])
    expect(page.locator("#legs-no-session")).to_contain_text("no session can start until your clinic gives you instructions")
    page.get_by_label("Right back leg").check()  # a back leg too: sessions can start, the note stays
    expect(note).to_contain_text(routine["legs_not_covered"]["text"])
    expect(page.locator("#legs-no-session")).to_have_count(0)
    page.get_by_label("Right back leg").uncheck()
    expect(page.locator("#legs-no-session")).to_be_visible()

    page.get_by_label("Your dog's name").fill("Max")
    page.get_by_label("When did crate rest start?").fill(browser_clock(page).today.isoformat())
    page.get_by_role("button", name="Save").click()  # the profile records the truth, for the clinic
    expect(page).to_have_url(base_url + "/")
    expect(page.locator("#legs-not-covered")).to_be_visible()
    assert call_module(page, "dogs.js", "chosenDog")["legs"] == ["left-front"]

    page.goto(base_url + "/dogs")
    expect(page.get_by_role("region", name="Max", exact=True)).to_contain_text(
        "Left front leg: no exercises in this app. Ask your clinic about it.")
    page.get_by_role("link", name="Edit Max").click()
    expect(page.locator("#legs-no-session")).to_be_visible()  # shown at once for the saved legs
    page.get_by_label("Left front leg").uncheck()
    expect(note).to_be_empty()


def test_the_whole_routine_says_which_legs_each_part_is_for(page: Page, base_url, routine, errors):
    page.goto(base_url + "/routine")
    per_leg = [block for block in routine["flow"] if block["for_each"] == "leg"]
    expect(page.locator(".block-legs")).to_have_text(["For each back leg"] * len(per_leg))
    card = page.locator("#legs-not-covered")
    expect(card.get_by_role("heading")).to_have_text(routine["legs_not_covered"]["title"])
    expect(card).to_contain_text(routine["legs_not_covered"]["text"])


# ---------------------------------------------------------------------------------------------
# History, the printable summary and the CSV count the same way

def owner_fortnight(dog: dict, clock: Clock) -> list[dict]:
    """Yesterday: one completed (the foot rub stopped on the right back leg), one stopped.
    Today: two completed and one extra."""
    return [
        with_stopped_action(make_log(dog, clock.at(1, "08:00"), 25, legs=BOTH_HIND), "right-hind", "foot-rub"),
        make_log(dog, clock.at(1, "18:00"), 7, "stopped", stop_reason="pain", legs=BOTH_HIND),
        make_log(dog, clock.at(0, "00:10"), 25, legs=BOTH_HIND),
        make_log(dog, clock.at(0, "00:40"), 25, legs=BOTH_HIND),
        extra(make_log(dog, clock.at(0, "01:10"), 25, legs=BOTH_HIND)),
    ]


@pytest.fixture
def owner_history(page: Page, base_url, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock, legs=list(BOTH_HIND))
    logs = owner_fortnight(dog, clock)
    seed(page, dog, logs)
    page.goto(base_url + "/history")
    expect(page.get_by_role("heading", level=1)).to_have_text("Biscuit's history")
    return page, dog, logs, clock


def test_history_counts_completed_only_and_labels_extra_and_stopped_actions(owner_history):
    page, _, logs, _ = owner_history
    expect(page.locator("#today-done")).to_have_text("2 of 2 today")
    expect(page.locator("svg.chart")).to_have_attribute("aria-label", (
        "Last 14 days: 4 sessions done, target 2 a day, met on 1 day. "
        "1 day with a stopped session or a safety check that said not today."))
    item = lambda log: page.locator(f".session-list > li[data-id='{log['id']}']")
    expect(item(logs[4]).locator("h3 .pill")).to_have_text("Extra")
    expect(item(logs[3]).locator("h3 .pill")).to_have_count(0)
    expect(item(logs[1])).to_contain_text("Not counted in the day's sessions.")
    expect(item(logs[0]).locator(".action-stop")).to_have_text("Rub the foot, right back leg: stopped (excessive kicking)")
    expect(item(logs[0]).locator(".session-legs")).to_contain_text("Right back leg: 8 of 9 actions")


def test_the_printable_summary_notes_extra_sessions_and_stopped_actions(owner_history):
    page, _, _, clock = owner_history
    page.goto(page.url + "/print")
    rows = page.locator(".day-table tbody tr")
    row = lambda days_ago: rows.and_(page.locator(f"[data-day='{(clock.today - timedelta(days=days_ago)).isoformat()}']"))
    expect(row(0).locator("td").first).to_have_text("2 + 1 extra")
    expect(row(0)).to_contain_text("01:10 Extra session, beyond the day's target.")
    expect(row(1).locator("td").first).to_have_text("1 of 2")
    expect(row(1)).to_contain_text("18:00 signs of pain")
    expect(row(1)).to_contain_text("08:00 Rub the foot, right back leg: stopped (excessive kicking)")
    # The owner noted no kicking, but the foot rub was stopped for it: the vet sees it as excessive.
    expect(row(1)).to_contain_text("Right back leg: excessive")
    expect(row(1)).to_contain_text("Left back leg: none")
    expect(page.locator(".day-table tfoot td")).to_have_text(
        ["3 + 1 extra", "1", "0", "Target of 2 a day met on 1 of 14 days"])


def test_the_csv_ends_with_extra_and_the_actions_stopped(owner_history):
    page, _, logs, _ = owner_history
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"), newline="")))
    header = list(rows[0].keys())
    assert header[-2:] == ["extra", "actions_stopped"] and header[:3] == ["session_id", "dog", "date"]
    by_id = {row["session_id"]: row for row in rows}
    assert by_id[logs[0]["id"]]["actions_stopped"] == "right-hind/foot-rub:excessive_kicking"
    assert by_id[logs[0]["id"]]["extra"] == "no"
    assert by_id[logs[4]["id"]]["extra"] == "yes" and by_id[logs[4]["id"]]["actions_stopped"] == ""


# ---------------------------------------------------------------------------------------------
# The clinic: refusals in plain words, the crate-rest start sent along

def queue_as(page: Page, log: dict, status: str, message: str) -> None:
    call_module(page, "db.js", "put", "outbox", {"id": log["id"], "dogId": log["dog"]["id"],
                                                 "queuedAt": log["started_at"], "status": status, "message": message})


def test_a_refused_session_is_explained_in_plain_words_not_the_servers(page: Page, base_url, errors):
    clock = app_clock(page, base_url)
    dog = new_dog(clock)
    refused, clashing = make_log(dog, clock.at(1, "08:00"), 25), make_log(dog, clock.at(1, "18:00"), 25)
    seed(page, dog, [refused, clashing])
    queue_as(page, refused, "invalid", VALIDATOR_MESSAGE)
    queue_as(page, clashing, "conflict", "a different log is stored under this id; the stored one is kept")
    open_home(page, base_url)
    problems = page.locator("#sync-problems")
    expect(problems.locator("li[data-status='invalid']")).to_contain_text("the clinic's server could not accept this session record")
    expect(problems.locator("li[data-status='conflict']")).to_contain_text(
        "the clinic already has a different record of this session. Yours stays on this phone.")
    advice = page.locator("#sync-problems-advice")
    expect(advice).to_contain_text("They stay on this phone and in the history")
    expect(advice).to_contain_text("Download CSV or Print summary")
    expect(advice.get_by_role("link", name="history")).to_have_attribute("href", "/history")
    card = page.locator("#clinic-card")
    for server_words in ("ended_at", "actions.3", "started_at", "the stored one is kept"):
        expect(card).not_to_contain_text(server_words)


def test_a_real_refusal_from_the_clinics_server_is_told_plainly(page: Page, clinic: Clinic):
    connect(page, clinic)
    dog = call_module(page, "dogs.js", "chosenDog")
    clock = browser_clock(page)
    broken = make_log(dog, clock.at(0, "00:30"), 20)
    broken["ended_at"], broken["started_at"] = broken["started_at"], broken["ended_at"]  # ends before it starts
    call_module(page, "logs.js", "saveLog", broken)  # saving flushes: the server says "invalid"
    expect(page.locator("#sync-problems")).to_contain_text("the clinic's server could not accept this session record")
    expect(page.locator("#sync-problems-advice")).to_contain_text("It stays on this phone and in the history")
    expect(page.locator("#clinic-card")).not_to_contain_text("ended_at")


def test_each_sync_carries_the_owners_times_and_crate_rest_start_unless_the_clinic_set_it(page: Page, clinic: Clinic):
    page.goto(clinic.url + "/")
    wait_until_offline_ready(page)
    owners = call_module(page, "dogs.js", "saveDog", {
        "name": "Biscuit", "legs": list(BOTH_HIND), "crateRestStart": "2026-11-10", "crateRestWeeks": 8,
        "sessionsPerDay": 2, "clinicName": "Riverside Vets", "clinicPhone": "+44 20 7946 0000"})

    def connect_and_sync(code: str) -> dict:
        """Connect Biscuit with this code, then the body of a sync sent after the link is made."""
        page.goto(f"{clinic.url}/join/{code}")
        page.get_by_label("Biscuit").check()
        page.get_by_role("button", name="Connect").click()
        expect(page.locator("#sync-status")).to_contain_text("All synced")
        with page.expect_request(lambda request: request.url.endswith("/api/v1/sync")) as sent:
            page.evaluate("() => window.dispatchEvent(new Event('online'))")
        return sent.value.post_data_json

    body = connect_and_sync(invite(clinic.database))  # the clinic gave no start date
    zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert body["profile"] == {"crate_rest_start": "2026-11-10", "session_times": ["08:00", "20:00"], "time_zone": zone}
    assert call_module(page, "dogs.js", "getDog", owners["id"])["crateRestStart"] == "2026-11-10"

    # The clinic sets its own date: from then on the phone sends none (the clinic's value wins).
    body = connect_and_sync(invite(clinic.database, crate_rest_start=date(2026, 11, 12)))
    assert "crate_rest_start" not in body["profile"] and body["profile"]["session_times"] == ["08:00", "20:00"]
    assert call_module(page, "dogs.js", "getDog", owners["id"])["crateRestStart"] == "2026-11-12"


# ---------------------------------------------------------------------------------------------
# Accessibility

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("state", ["target met", "front legs only", "dog form with the note", "refused sessions"])
def test_no_accessibility_violations(page: Page, base_url, errors, state, scheme):
    page.emulate_media(color_scheme=scheme)
    clock = app_clock(page, base_url)
    front_only = state in ("front legs only", "dog form with the note")
    dog = new_dog(clock, legs=["left-front"] if front_only else list(BOTH_HIND))
    logs = [make_log(dog, clock.at(0, "00:10"), 25), make_log(dog, clock.at(0, "00:40"), 8, "stopped", stop_reason="pain"),
            make_log(dog, clock.at(0, "00:50"), 25)]
    seed(page, dog, [] if front_only else logs)
    if state == "refused sessions":
        queue_as(page, logs[0], "invalid", VALIDATOR_MESSAGE)
        queue_as(page, logs[1], "conflict", "the stored one is kept")
    if state == "dog form with the note":
        page.goto(f"{base_url}/dogs/{dog['id']}")
        expect(page.locator("#legs-no-session")).to_be_visible()
    else:
        open_home(page, base_url)
        expect(page.locator({"target met": "#target-met", "front legs only": "#legs-not-covered",
                              "refused sessions": "#sync-problems"}[state])).to_be_visible()
    found, results = violations(page)
    assert found == [], results.generate_report()



@pytest.mark.parametrize(("days_since_start", "says"), [
    (11, "Day 12 of 56 of strict crate rest"),
    (70, "Day 71: the 56 days of crate rest are over. Ask your vet what comes next."),
    (-3, "Crate rest starts on"),
])
def test_home_says_the_crate_rest_day_and_never_a_day_outside_it(page: Page, base_url, errors,  # noqa: F811
                                                                 days_since_start, says):
    clock = app_clock(page, base_url)
    dog = new_dog(clock, crateRestStart=(clock.today - timedelta(days=days_since_start)).isoformat())
    seed(page, dog, [])
    open_home(page, base_url)
    expect(page.locator("#crate-rest-day")).to_contain_text(says)

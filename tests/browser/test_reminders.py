"""Session times and calendar reminders (issue 14, parts 1 and 3): the times proposed from the
sessions a day, "Next session at 14:00" on home, editing them, and the .ics file made on the
phone, offline, read back with the `icalendar` package."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import call_module, wait_until_offline_ready
from tests.browser.test_dogs import errors  # noqa: F401 (a fixture: no page or console errors)
from tests.browser.test_history import Clock, make_log, new_dog, seed
from tests.support.axe import violations

ZONE = "Pacific/Auckland"
pytestmark = pytest.mark.browser_context_args(timezone_id=ZONE)
TODAY = date(2026, 12, 1)
NAME = "Señor Biscuit, Jr; the 2nd"  # a comma and a semicolon to escape, a non-ASCII letter to keep


def at_ten(page: Page, base_url: str) -> Clock:
    """The phone's clock at 10:00 in Auckland; the app open, ready offline."""
    page.clock.install(time=datetime.combine(TODAY, time(10, 0), ZoneInfo(ZONE)))
    page.goto(base_url + "/about")
    wait_until_offline_ready(page)
    return Clock(TODAY, "+13:00")


def next_session(page: Page, base_url: str):
    page.goto(base_url + "/")
    return page.locator("#next-session")


def test_times_are_proposed_over_the_waking_day(page: Page, base_url):
    page.goto(base_url + "/about")
    proposed = {count: call_module(page, "schedule.js", "proposeTimes", count) for count in range(1, 5)}
    assert proposed == {1: ["14:00"], 2: ["08:00", "20:00"], 3: ["08:00", "14:00", "20:00"],
                        4: ["08:00", "12:00", "16:00", "20:00"]}


def test_home_says_when_the_next_session_is(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    dog = new_dog(clock, sessionsPerDay=3)
    seed(page, dog, [])
    expect(next_session(page, base_url)).to_have_text("Next session: now (planned for 08:00)")

    seed(page, dog, [make_log(dog, clock.at(0, "08:10"), 25)])
    expect(next_session(page, base_url)).to_have_text("Next session at 14:00")

    # A stopped session does not count: the 14:00 one is still to do.
    seed(page, dog, [make_log(dog, clock.at(0, "09:00"), 5, "stopped", stop_reason="excessive_kicking", kicking="excessive")])
    expect(next_session(page, base_url)).to_have_text("Next session at 14:00")

    seed(page, dog, [make_log(dog, clock.at(0, "08:40"), 25), make_log(dog, clock.at(0, "09:20"), 25)])
    expect(next_session(page, base_url)).to_have_text("Next session tomorrow at 08:00")


def test_no_next_session_while_the_exercises_wait_for_the_clinics_day(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    seed(page, new_dog(clock, ptApprovedFrom=(TODAY + timedelta(days=2)).isoformat()), [])
    page.goto(base_url + "/")
    expect(page.locator("#pt-not-yet")).to_be_visible()
    expect(page.locator("#next-session")).to_have_count(0)


def test_times_are_edited_offline_and_the_calendar_file_holds_them(page: Page, base_url, errors, tmp_path: Path):  # noqa: F811
    clock = at_ten(page, base_url)
    dog = new_dog(clock, name=NAME, sessionsPerDay=3)
    seed(page, dog, [])
    page.context.set_offline(True)
    page.goto(base_url + "/")
    page.get_by_role("link", name="Times and reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session times for {NAME}")
    times = [page.get_by_label(f"Session {n}", exact=True) for n in (1, 2, 3)]
    assert [field.input_value() for field in times] == ["08:00", "14:00", "20:00"]
    expect(page.locator("#times-hint")).to_contain_text("Proposed")

    times[1].fill("08:00")  # the same time twice: said next to the field, nothing saved
    page.get_by_role("button", name="Save times").click()
    expect(page.locator("#session-time-2-error")).to_have_text("08:00 is already session 1. Choose another time.")
    expect(times[1]).to_have_attribute("aria-invalid", "true")
    assert "sessionTimes" not in call_module(page, "dogs.js", "getDog", dog["id"])

    times[0].fill("19:30")  # out of order: kept in the day's order
    times[1].fill("13:00")
    times[2].fill("07:15")
    with page.expect_download() as download:
        page.get_by_role("button", name="Add reminders to my calendar").click()
    expect(page.locator("#calendar-made")).to_contain_text("Calendar file made")
    assert download.value.suggested_filename == "senor-biscuit-jr-the-2nd-sessions.ics"
    path = tmp_path / "reminders.ics"
    download.value.save_as(path)
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines fold at 75 octets"

    calendar = icalendar.Calendar.from_ical(raw)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("DTSTART"))
    last_day = date.fromisoformat(dog["crateRestStart"]) + timedelta(weeks=8) - timedelta(days=1)
    assert [event.decoded("DTSTART") for event in events] == [
        datetime.combine(TODAY, time(7, 15)), datetime.combine(TODAY, time(13, 0)), datetime.combine(TODAY, time(19, 30))]
    assert all(event.decoded("DTSTART").tzinfo is None for event in events)  # the phone's own hours, wherever it is
    for index, event in enumerate(events, start=1):
        rule = event["RRULE"]
        assert rule["FREQ"] == ["DAILY"] and rule["UNTIL"] == [datetime.combine(last_day, time(23, 59, 59))]
        assert str(event["SUMMARY"]) == f"Exercise session {index} of 3 for {NAME}"
        assert str(event["URL"]) == base_url + "/" and base_url + "/" in str(event["DESCRIPTION"])
        [alarm] = event.walk("VALARM")
        assert (str(alarm["ACTION"]), alarm.decoded("TRIGGER")) == ("DISPLAY", timedelta(0))
    assert len({str(event["UID"]) for event in events}) == 3

    saved = call_module(page, "dogs.js", "getDog", dog["id"])
    assert (saved["sessionTimes"], saved["timeZone"]) == (["07:15", "13:00", "19:30"], ZONE)
    page.get_by_role("button", name="Save times").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Today with {NAME}")
    expect(page.locator("#next-session")).to_have_text("Next session: now (planned for 07:15)")


def test_new_sessions_a_day_bring_new_proposed_times(page: Page, base_url, errors):  # noqa: F811
    clock = at_ten(page, base_url)
    dog = new_dog(clock, sessionsPerDay=3, sessionTimes=["07:00", "12:00", "18:00"])
    seed(page, dog, [make_log(dog, clock.at(0, "07:05"), 25)])
    expect(next_session(page, base_url)).to_have_text("Next session at 12:00")
    seed(page, {**dog, "sessionsPerDay": 2}, [])  # the clinic lowered the number: the old times no longer fit
    expect(next_session(page, base_url)).to_have_text("Next session at 20:00")


@pytest.mark.parametrize(("changes", "problem"), [
    ({"crateRestStart": (TODAY - timedelta(weeks=9)).isoformat()}, "crate rest is over: ask your vet what comes next"),
    ({"crateRestStart": None}, "Add the day crate rest started"),
])
def test_no_calendar_past_crate_rest_or_without_its_start(page: Page, base_url, errors, changes, problem):  # noqa: F811
    clock = at_ten(page, base_url)
    dog = new_dog(clock, **changes)
    seed(page, dog, [])
    page.goto(f"{base_url}/dogs/{dog['id']}/times")
    expect(page.locator("#calendar-problem")).to_contain_text(problem)
    expect(page.get_by_role("button", name="Add reminders to my calendar")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_times_page_has_no_accessibility_violations(page: Page, base_url, errors, scheme):  # noqa: F811
    clock = at_ten(page, base_url)
    page.emulate_media(color_scheme=scheme)
    dog = new_dog(clock, sessionsPerDay=4)
    seed(page, dog, [])
    page.goto(f"{base_url}/dogs/{dog['id']}/times")
    page.get_by_label("Session 2", exact=True).fill("08:00")
    page.get_by_role("button", name="Save times").click()  # with its error showing
    expect(page.locator("#session-time-2-error")).to_be_visible()
    found, results = violations(page)
    assert found == [], results.generate_report()
    page.goto(base_url + "/")
    expect(page.locator("#next-session")).to_be_visible()
    found, results = violations(page)
    assert found == [], results.generate_report()

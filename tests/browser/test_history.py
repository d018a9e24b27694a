"""History and the owner's exports, in a real Chromium, offline after the first visit.

The logs are built from the published schema's EXAMPLE and validated with `SessionLog` before they
are seeded, so the fixtures can never drift from what the phone really records. The browser runs
in Auckland time (UTC+12/+13): a day computed in UTC instead of local time would show up here.
"""

from __future__ import annotations

import copy
import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.schemas.care_event import EXAMPLE as CARE_EXAMPLE
from app.schemas.care_event import CareEvent
from app.schemas.session_log import EXAMPLE, SessionLog
from tests.browser.conftest import PHONE, call_module, wait_until_offline_ready
from tests.support.axe import violations

pytestmark = pytest.mark.browser_context_args(timezone_id="Pacific/Auckland")

# The actions of one leg in a full session (steps 1-6 of the routine): 9 per leg.
LEG_ACTIONS = [("warm-up", "stroke"), ("massage", "knead-thigh"), ("massage", "foot-rub"),
               ("massage", "toe-pad-touch"), ("leg-pump", "pump-hock-stifle"), ("leg-pump", "pump-paw-hock"),
               ("hip", "hip-back-forth"), ("hip", "hip-semicircles"), ("toes", "toe-flex")]
XSS_NOTE = "Good girl <img src=x onerror=alert(1)> today"
TRICKY_NOTE = 'Calm, then "wriggly"\nSlept after.'
FORMULA_NOTE = '=HYPERLINK("http://evil.example","click")'
CSV_HEADER = ["session_id", "dog", "date", "started_at", "ended_at", "duration_min", "outcome", "stop_reason",
              "legs", "actions_completed", "actions_skipped", "kicking", "pain_signs", "urinated", "note",
              "content_version", "stop_note", "blocked_by", "extra", "actions_stopped"]


@dataclass
class Clock:
    """The browser's own today and UTC offset, so the seeded logs fall on its local days."""

    today: date
    offset: str

    def at(self, days_ago: int, hhmm: str) -> datetime:
        return datetime.fromisoformat(f"{(self.today - timedelta(days=days_ago)).isoformat()}T{hhmm}:00{self.offset}")


def browser_clock(page: Page) -> Clock:
    now = call_module(page, "logs.js", "isoWithOffset")  # e.g. 2026-11-23T08:05:00+13:00
    return Clock(date.fromisoformat(now[:10]), now[19:])


def make_log(dog: dict, start: datetime, minutes: int, outcome: str = "completed", *, note: str = "",
             stop_reason: str | None = None, blocked_by: str | None = None, legs=("left-hind",),
             kicking: str = "none") -> dict:
    """A valid log like the schema's EXAMPLE: new id and dates, `legs` fully done unless stopped."""
    log = copy.deepcopy(EXAMPLE)
    log.update(id=str(uuid.uuid4()), dog={"id": dog["id"], "name": dog["name"]}, outcome=outcome,
               started_at=start.isoformat(), ended_at=(start + timedelta(minutes=minutes)).isoformat(),
               stop_reason=stop_reason, legs=list(legs))
    if outcome == "blocked":
        log["gate"] = {"passed": False, "blocked_by": blocked_by, "answers": [
            {"question_id": "off-medication", "kind": "eligibility", "answer": "yes"},
            {"question_id": blocked_by, "kind": "red_flag", "answer": "yes"}]}
        log["actions"] = []
    else:
        reached = 4 if outcome == "stopped" else len(LEG_ACTIONS)
        log["actions"] = [
            {"leg": leg, "step_id": step, "action_id": action, "target": {"type": "reps", "min": 10, "max": 10},
             "status": "completed" if index < reached else "not_reached", "reps": 10 if index < reached else 0}
            for leg in legs for index, (step, action) in enumerate(LEG_ACTIONS)]
    log["observations"] = {"kicking": {leg: kicking for leg in legs}, "pain_signs": False,
                           "urinated": "expressed", "note": note}
    SessionLog.model_validate(log)  # honest fixtures: the server would accept every one of them
    return log


def seed(page: Page, dog: dict, logs: list[dict]) -> None:
    call_module(page, "dogs.js", "saveDog", dog)
    call_module(page, "dogs.js", "chooseDog", dog["id"])
    for log in logs:
        call_module(page, "logs.js", "saveLog", log)


def new_dog(clock: Clock, **changes) -> dict:
    return {"id": str(uuid.uuid4()), "name": "Biscuit", "legs": ["left-hind"],
            "crateRestStart": (clock.today - timedelta(days=11)).isoformat(), "crateRestWeeks": 8,
            "clinicName": "Riverside Vets", "clinicPhone": "+44 20 7946 0000", "sessionsPerDay": 2, **changes}


def biscuits_fortnight(dog: dict, clock: Clock) -> list[dict]:
    """7 sessions completed in the last 14 days (a stopped one does not count), target met on 2
    days, 2 days flagged; 10 logs in all."""
    return [
        make_log(dog, clock.at(20, "09:00"), 25),                                   # outside the chart
        make_log(dog, clock.at(6, "09:00"), 25),
        make_log(dog, clock.at(4, "08:00"), 24, note=FORMULA_NOTE),
        make_log(dog, clock.at(4, "18:00"), 22),
        make_log(dog, clock.at(3, "08:30"), 1, "blocked", blocked_by="worsening-weakness"),
        make_log(dog, clock.at(2, "08:00"), 26),
        make_log(dog, clock.at(2, "17:45"), 9, "stopped", stop_reason="excessive_kicking", kicking="excessive"),
        make_log(dog, clock.at(1, "07:30"), 24, note=TRICKY_NOTE, kicking="a_little"),
        make_log(dog, clock.at(1, "19:10"), 23),
        make_log(dog, clock.at(0, "00:05"), 24, note=XSS_NOTE),
    ]


@pytest.fixture
def offline_history(page: Page, base_url):
    """Biscuit and her fortnight, seeded on a first (online) visit; then the phone goes offline."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}") or dialog.dismiss())
    page.goto(base_url + "/history")
    wait_until_offline_ready(page)
    clock = browser_clock(page)
    dog = new_dog(clock)
    logs = biscuits_fortnight(dog, clock)
    seed(page, dog, logs)
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biscuit's history")
    yield page, dog, logs, clock
    assert errors == []  # no script errors, no CSP violations, no alert() from a note


def test_summary_counts_today_and_the_crate_rest_day(offline_history):
    page, *_ = offline_history
    expect(page.locator("#today-done")).to_have_text("1 of 2 today")
    expect(page.locator("#crate-rest")).to_have_text("Day 12 of 56")


def test_the_chart_draws_14_days_with_target_and_words(offline_history):
    page, _, _, clock = offline_history
    chart = page.locator("svg.chart")
    expect(chart).to_have_attribute("role", "img")
    summary = ("Last 14 days: 7 sessions done, target 2 a day, met on 2 days. "
               "2 days with a stopped session or a safety check that said not today.")
    expect(chart).to_have_attribute("aria-label", summary)
    expect(chart.locator("title")).to_have_text(summary)
    expect(chart.locator("g.chart-day")).to_have_count(14)
    days = chart.locator("g.chart-day").evaluate_all(
        "(gs) => gs.map((g) => [g.dataset.day, Number(g.querySelector('.chart-bar')?.dataset.count || 0),"
        " g.classList.contains('is-flagged')])")
    expected_days = [(clock.today - timedelta(days=13 - i)).isoformat() for i in range(14)]
    assert [day for day, _, _ in days] == expected_days  # oldest first, today last
    by_age = {(clock.today - date.fromisoformat(day)).days: (count, flagged) for day, count, flagged in days}
    assert by_age[0] == (1, False) and by_age[1] == (2, False) and by_age[4] == (2, False) and by_age[6] == (1, False)
    assert by_age[2] == (1, True)  # a stopped session is not counted toward the target, but marks the day
    assert by_age[3] == (0, True)  # a blocked gate is not a session done, but marks the day
    assert chart.locator("g.is-flagged .chart-flag text").all_text_contents() == ["!", "!"]  # not colour alone
    # The dashed target line sits exactly at the top of a 2-session bar.
    target_y = chart.locator("line.chart-target").get_attribute("y1")
    assert chart.locator(f"g.chart-day[data-day='{expected_days[-2]}'] .chart-bar").get_attribute("y") == target_y
    fallback = page.locator(".visually-hidden table")
    expect(fallback.locator("tbody tr")).to_have_count(14)
    expect(fallback.locator("tbody tr").last).to_contain_text("1")


@pytest.mark.parametrize("path", ["/history", "/history/print"])
def test_the_page_never_scrolls_sideways_on_a_phone(offline_history, base_url, path):
    """Wide tables (the screen reader's chart table, the day table) stay inside their boxes."""
    page, _, _, _ = offline_history
    page.goto(base_url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def test_sessions_are_listed_newest_first_in_words(offline_history):
    page, _, logs, _ = offline_history
    items = page.locator(".session-list > li")
    expect(items).to_have_count(len(logs))
    newest_first = sorted(logs, key=lambda log: datetime.fromisoformat(log["started_at"]), reverse=True)
    assert items.evaluate_all("(lis) => lis.map((li) => li.dataset.id)") == [log["id"] for log in newest_first]
    first = items.first
    expect(first.locator("h3")).to_contain_text(", 00:05")
    expect(first.locator(".session-outcome")).to_have_text("Completed · 24 min")
    expect(first.locator(".session-legs")).to_have_text("Left back leg: 9 of 9 actions")

    stopped = page.locator(".session-list > li.outcome-stopped")
    expect(stopped.locator(".session-outcome")).to_have_text("Stopped: excessive kicking · 9 min")
    expect(stopped.locator(".session-legs")).to_have_text("Left back leg: 4 of 9 actions")
    blocked = page.locator(".session-list > li.outcome-blocked")
    expect(blocked.locator(".session-outcome")).to_have_text("Not started: safety check")
    expect(blocked).to_contain_text("Safety check: Is the weakness or paralysis getting worse?")

    # A note is text, never markup: the tag shows as typed, and no image element exists.
    expect(page.locator(".session-note").filter(has_text="Good girl")).to_have_text(f"Note: {XSS_NOTE}")
    assert page.locator("main img").count() == 0
    expect(page.locator(".session-note").filter(has_text="wriggly")).to_contain_text('Calm, then "wriggly"')


def test_csv_download_is_rfc4180_guarded_and_excel_ready(offline_history):
    page, dog, logs, clock = offline_history
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == f"biscuit-sessions-{clock.today.isoformat()}.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    assert b"\r\n" in raw  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == CSV_HEADER
    body = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]]
    assert [row["session_id"] for row in body] == [log["id"] for log in logs]  # oldest first, one per log

    tricky = next(row for row in body if "wriggly" in row["note"])
    assert tricky["note"] == TRICKY_NOTE  # comma, quotes and newline survive the round trip
    assert '"Calm, then ""wriggly""\nSlept after."' in raw.decode("utf-8-sig")  # quoted, quotes doubled
    formula = next(row for row in body if "HYPERLINK" in row["note"])
    assert formula["note"] == "'" + FORMULA_NOTE  # a spreadsheet shows it, never runs it
    assert next(row for row in body if "onerror" in row["note"])["note"] == XSS_NOTE

    stopped = next(row for row in body if row["outcome"] == "stopped")
    log = next(log for log in logs if log["id"] == stopped["session_id"])
    assert stopped == {
        "session_id": log["id"], "dog": "Biscuit", "date": log["started_at"][:10],  # the log's own local day
        "started_at": log["started_at"], "ended_at": log["ended_at"], "duration_min": "9.0",
        "outcome": "stopped", "stop_reason": "excessive_kicking", "legs": "left-hind",
        "actions_completed": "4", "actions_skipped": "0", "kicking": "left-hind:excessive", "pain_signs": "no",
        "urinated": "expressed", "note": "", "content_version": EXAMPLE["content_version"], "stop_note": "",
        "blocked_by": "", "extra": "no", "actions_stopped": ""}
    blocked = next(row for row in body if row["outcome"] == "blocked")
    assert blocked["blocked_by"] == "worsening-weakness" and blocked["actions_completed"] == "0"


def test_printable_summary_for_the_vet(offline_history):
    page, _, _, clock = offline_history
    page.get_by_role("link", name="Print summary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biscuit: the last 14 days")
    facts = page.locator(".print-facts")
    for text in ("Biscuit", "Left back leg", "Day 12 of 56", "2 sessions a day", "Riverside Vets"):
        expect(facts).to_contain_text(text)
    rows = page.locator(".day-table tbody tr")
    expect(rows).to_have_count(14)
    row = lambda days_ago: rows.and_(page.locator(f"[data-day='{(clock.today - timedelta(days=days_ago)).isoformat()}']"))
    expect(row(2)).to_contain_text("17:45 excessive kicking")
    expect(row(2).locator("td").first).to_have_text("1 of 2")  # the stopped session is not counted
    expect(row(2)).to_contain_text("Left back leg: excessive")
    expect(row(3)).to_contain_text("08:30 Is the weakness or paralysis getting worse? (yes)")
    expect(row(3).locator("td").first).to_have_text("0 of 2")
    expect(row(1)).to_contain_text("Left back leg: a little")
    expect(row(1)).to_contain_text("07:30 expressed")
    expect(row(1)).to_contain_text('07:30 Calm, then "wriggly"')
    expect(row(0)).to_contain_text(XSS_NOTE)
    expect(page.locator(".day-table tfoot td")).to_have_text(["7", "1", "1", "Target of 2 a day met on 2 of 14 days"])
    stills = page.locator(".print-drawings svg.drawing")  # each action once, still, on paper
    expect(stills).to_have_count(9)
    expect(page.locator(".print-drawings svg.drawing[data-still='true']")).to_have_count(9)
    expect(page.locator(".print-credit")).to_contain_text("Giuliana G. Lerch")
    expect(page.locator(".print-disclaimer")).to_contain_text("does not diagnose")
    expect(page.locator(".print-generated")).to_contain_text(f"{clock.today.day} ")

    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("() => window.__printed") == 1

    page.emulate_media(media="print")  # paper: no buttons, no app chrome, black on white
    for hidden in (page.get_by_role("button", name="Print"), page.get_by_role("link", name="Back to history"),
                   page.locator(".tab-bar"), page.locator(".app-bar")):
        expect(hidden).to_be_hidden()
    assert page.evaluate("() => getComputedStyle(document.querySelector('.print-summary')).color") == "rgb(0, 0, 0)"

    page.goto(page.url)  # a direct load of the print page, still offline
    expect(page.get_by_role("heading", level=1)).to_have_text("Biscuit: the last 14 days")


def test_new_dog_history_is_kind_and_crate_rest_can_be_over(page: Page, base_url):
    page.goto(base_url + "/history")
    expect(page.get_by_role("link", name="Add your dog")).to_have_attribute("href", "/dogs/new")
    clock = browser_clock(page)
    seed(page, new_dog(clock, name="Pip", crateRestStart=(clock.today - timedelta(days=60)).isoformat()), [])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pip's history")
    expect(page.locator("#today-done")).to_have_text("0 of 2 today")
    expect(page.locator("#crate-rest")).to_have_text("Crate rest ended 5 days ago: ask your vet what comes next")
    expect(page.locator("#no-sessions")).to_contain_text("No sessions yet")
    expect(page.get_by_role("button", name="Download CSV")).to_have_count(0)
    expect(page.locator("svg.chart")).to_have_attribute("aria-label", "Last 14 days: 0 sessions done, target 2 a day, met on 0 days.")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("state", ["no dog", "no sessions", "with sessions", "print"])
def test_no_accessibility_violations(page: Page, base_url, state, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + "/history")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if state != "no dog":
        clock = browser_clock(page)
        dog = new_dog(clock)
        seed(page, dog, biscuits_fortnight(dog, clock) if state != "no sessions" else [])
        page.goto(base_url + ("/history/print" if state == "print" else "/history"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Biscuit")
    found, results = violations(page)
    assert found == [], results.generate_report()


def bladder_record(dog: dict, at: datetime, method: str, result: str) -> dict:
    event = {**copy.deepcopy(CARE_EXAMPLE), "id": str(uuid.uuid4()), "dog": {"id": dog["id"], "name": dog["name"]},
             "at": at.isoformat(), "method": method, "result": result}
    CareEvent.model_validate(event, context={"received_at": at})  # the server would take it
    return event


def test_the_bladder_records_are_in_the_history_the_csv_and_the_summary(page: Page, base_url):
    page.goto(base_url + "/history")
    wait_until_offline_ready(page)
    clock = browser_clock(page)
    dog = new_dog(clock)
    seed(page, dog, [make_log(dog, clock.at(1, "09:00"), 20)])
    events = [bladder_record(dog, clock.at(1, "08:05"), "expressed", "normal"),
              bladder_record(dog, clock.at(1, "14:10"), "expressed", "blood"),
              bladder_record(dog, clock.at(0, "00:20"), "own", "little"),
              bladder_record(dog, clock.at(20, "08:00"), "expressed", "normal")]  # before the last 14 days
    for event in events:
        call_module(page, "db.js", "put", "care", event)
    page.context.set_offline(True)
    page.reload()

    records = page.locator(".bladder-history li")
    expect(records).to_have_count(3)  # newest first, the last 14 days
    expect(records.nth(0)).to_contain_text("on its own, only a little")
    expect(records.nth(1).locator("strong")).to_have_text("expressed, blood in the urine")  # needs the vet
    with page.expect_download() as info:
        page.get_by_role("button", name="Download bladder CSV").click()
    assert info.value.suggested_filename == f"biscuit-bladder-{clock.today.isoformat()}.csv"
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0] == ["record_id", "dog", "date", "at", "method", "result", "content_version"]
    assert [row[0] for row in rows[1:]] == [events[i]["id"] for i in (3, 0, 1, 2)]  # every record, oldest first
    assert rows[2][2:6] == [events[0]["at"][:10], events[0]["at"], "expressed", "normal"]

    page.get_by_role("link", name="Print summary").click()
    expect(page.locator(".day-table thead th")).to_contain_text(["Bladder"])
    day = page.locator(f".day-table tbody tr[data-day='{(clock.today - timedelta(days=1)).isoformat()}']")
    expect(day).to_contain_text("08:05 expressed, a normal amount")
    expect(day).to_contain_text("14:10 expressed, blood in the urine")
    found, results = violations(page)
    assert found == [], results.generate_report()

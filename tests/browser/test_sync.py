"""A phone connects to its clinic and its sessions reach the clinic exactly once, however the
network behaves: real Chromium, a real server on a SQLite file (emptied for each test), the
clinic's side read straight from that database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Clinic, call_module, wait_until_offline_ready
from tests.browser.session_driver import add_dog, answer_gate, routine_of
from tests.support.axe import violations
from tests.support.clinic import discharge, expire_invite, invite, revoke_devices, set_prescription
from tests.support.server import running_server


def connect(page: Page, clinic: Clinic, **prescription) -> str:
    """Open the app, let it get ready offline, connect with a fresh code via its /join link."""
    code = invite(clinic.database, **{"legs": ["left-hind", "right-hind"], **prescription})
    page.goto(clinic.url + "/")
    wait_until_offline_ready(page)
    page.goto(f"{clinic.url}/join/{code}")
    expect(page.locator("#clinic-code")).to_have_value(code)
    page.get_by_role("button", name="Connect").click()
    expect(page.locator("#sync-status")).to_contain_text("All synced · last")  # the first sync is done
    return code


def blocked_session(page: Page, clinic: Clinic) -> None:
    """A session the safety check stops (a quick way to make a real log on the phone). It stops at a
    warning sign, asked before every session: the daily questions are not asked again once passed."""
    page.goto(clinic.url + "/")
    page.locator("#start-session").click()
    answer_gate(page, routine_of(clinic.url), block_at="worsening-weakness")
    page.locator("#blocked-done").click()  # the log was saved when the check stopped it
    expect(page.locator("#start-session")).to_be_visible()


def stopped_session(page: Page, clinic: Clinic, note: str | None = None) -> None:
    page.goto(clinic.url + "/")
    page.locator("#start-session").click()
    answer_gate(page, routine_of(clinic.url))
    page.locator("#begin").click()
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_role("button", name="Excessive kicking: end the session").click()
    if note is not None:
        page.locator("#note").evaluate("el => el.removeAttribute('maxlength')")  # the app's own clip must hold
        page.locator("#note").fill(note)
    page.locator("#save-session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved")


def outbox(page: Page) -> list[dict]:
    return page.evaluate("""async () => {
      const db = await new Promise((ok, no) => { const r = indexedDB.open('ivdd-pt'); r.onsuccess = () => ok(r.result); r.onerror = no; });
      return new Promise((ok) => { const q = db.transaction('outbox').objectStore('outbox').getAll(); q.onsuccess = () => ok(q.result); });
    }""")


def phone_logs(page: Page, dog_id: str) -> list[dict]:
    return call_module(page, "logs.js", "logsFor", dog_id)


def the_dog(page: Page) -> dict:
    return call_module(page, "dogs.js", "chosenDog")


def test_connecting_by_typing_the_code_brings_the_clinics_prescription(page: Page, clinic: Clinic):
    code = invite(clinic.database, dog="Biscuit", legs=["left-hind", "right-hind"], sessions_per_day=3,
                  owner_notes="Little and often.")
    page.goto(clinic.url + "/")
    wait_until_offline_ready(page)
    page.goto(clinic.url + "/connect")
    page.get_by_label("Code from your clinic").fill(f"{code[:4].lower()} - {code[4:]}")
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today with Biscuit")
    expect(page.locator("#today-count")).to_have_text("0 of 3")
    expect(page.locator("#sync-status")).to_contain_text("All synced · last")
    expect(page.locator("#clinic-notes")).to_have_text("Little and often.")
    dog = the_dog(page)
    assert dog["setByClinic"] is True and dog["legs"] == ["left-hind", "right-hind"]
    assert dog["clinic"]["prescriptionVersion"] == 1 and dog["clinicName"] == "Riverside Vets"


def test_before_the_day_the_clinic_approved_pt_there_is_no_session_to_start(page: Page, clinic: Clinic):
    connect(page, clinic, passive_pt_approved_from=date.today() + timedelta(days=3))
    expect(page.locator("#pt-not-yet")).to_contain_text("The exercises start on")
    expect(page.locator("#pt-not-yet")).to_contain_text("keep to strict crate rest")
    expect(page.locator("#start-session")).to_have_count(0)
    page.goto(clinic.url + "/session")  # nor by the address: no safety check, no session
    expect(page.get_by_role("heading", level=1)).to_have_text("Not yet")
    expect(page.locator("#gate-question")).to_have_count(0)

    set_prescription(clinic.database, passive_pt_approved_from=date.today())  # the vet brings it forward
    page.goto(clinic.url + "/")  # the app's start-up sync brings the new prescription
    expect(page.locator("#start-session")).to_be_visible()
    expect(page.locator("#pt-not-yet")).to_have_count(0)


def test_the_join_link_fills_the_code_and_asks_which_dog(page: Page, clinic: Clinic):
    page.goto(clinic.url + "/")
    wait_until_offline_ready(page)
    add_dog(page, name="Biscuit")
    add_dog(page, name="Max")
    code = invite(clinic.database, dog="Max")
    page.goto(f"{clinic.url}/join/{code}")
    expect(page.locator("#clinic-code")).to_have_value(code)
    page.get_by_label("Max").check()
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today with Max")
    dogs = {dog["name"]: dog for dog in call_module(page, "dogs.js", "listDogs")}
    assert dogs["Max"]["clinic"]["token"] and "clinic" not in dogs["Biscuit"]


def test_each_bad_code_says_what_is_wrong(page: Page, clinic: Clinic):
    used = connect(page, clinic)
    expired = invite(clinic.database, dog="Other")
    expire_invite(clinic.database, expired)
    cases = {
        "": "Enter the code from your clinic.",
        "K7MX 3QP": "A clinic code has 8 letters and numbers",
        "K7MX3QPD": "This code is not one we know",
        used: "This code has already been used",
        expired: "This code has expired",
    }
    for typed, message in cases.items():
        page.goto(clinic.url + "/connect")
        page.get_by_label("Code from your clinic").fill(typed)
        page.get_by_role("button", name="Connect").click()
        expect(page.locator("#clinic-code-error")).to_contain_text(message)
        expect(page.get_by_role("alert")).to_contain_text(message)
        expect(page.locator("#clinic-code")).to_have_attribute("aria-invalid", "true")
    page.context.set_offline(True)
    page.goto(clinic.url + "/connect")
    page.get_by_label("Code from your clinic").fill("K7MX3QPD")
    page.get_by_role("button", name="Connect").click()
    expect(page.locator("#clinic-code-error")).to_contain_text("No connection")


def test_sessions_made_offline_reach_the_clinic_exactly_once(page: Page, any_clinic: Clinic):
    clinic = any_clinic
    connect(page, clinic)
    page.context.set_offline(True)
    blocked_session(page, clinic)
    stopped_session(page, clinic)
    page.reload()  # offline: the app comes from the worker, the logs from IndexedDB
    page.goto(clinic.url + "/")
    expect(page.locator("#sync-status")).to_contain_text("2 sessions waiting · last")
    assert clinic.logs() == [] and len(outbox(page)) == 2

    page.context.set_offline(False)  # fires `online`: the outbox flushes
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    assert outbox(page) == []
    stored = clinic.logs()
    assert sorted(row["outcome"] for row in stored) == ["blocked", "stopped"]
    stopped = next(row for row in stored if row["outcome"] == "stopped")
    assert stopped["flag_excessive_kicking"] and stopped["dog_name"] == "Biscuit"
    ids = {log["id"] for log in phone_logs(page, the_dog(page)["id"])}
    assert {row["id"] for row in stored} == ids

    page.reload()  # and again: nothing more, nothing doubled
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    assert len(clinic.logs()) == 2


def test_a_note_cut_at_its_limit_keeps_no_half_emoji_and_reaches_the_clinic(page: Page, clinic: Clinic):
    """The note is clipped to 1,000 UTF-16 units; cutting the dog emoji in half would leave a lone
    surrogate, which the server refuses: the log would sit in the outbox for ever."""
    connect(page, clinic)
    stopped_session(page, clinic, note="a" * 999 + "\N{DOG}")  # 1,001 UTF-16 units
    page.goto(clinic.url + "/")
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    [row] = clinic.logs()
    assert row["payload"]["observations"]["note"] == "a" * 999


def test_a_server_error_and_a_lost_answer_then_recovery_store_once(page: Page, clinic: Clinic):
    connect(page, clinic)
    mode = {"now": "500"}

    def flaky(route: Route) -> None:
        if not route.request.post_data_json["logs"] or mode["now"] == "fine":
            return route.continue_()
        if mode["now"] == "500":
            return route.fulfill(status=500, body="oops")
        # A lost answer: the server stores the logs, then the connection drops before the phone hears.
        request = route.request
        httpx.post(request.url, content=request.post_data_buffer, headers={
            "Content-Type": "application/json", "Authorization": request.headers["authorization"]})
        route.abort("connectionreset")

    page.route("**/api/v1/sync", flaky)
    stopped_session(page, clinic)  # saving flushes: the server answers 500
    page.goto(clinic.url + "/")
    expect(page.locator("#sync-status")).to_contain_text("1 session waiting")
    assert clinic.logs() == []

    mode["now"] = "lost answer"
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => true")  # let the flush start
    for _ in range(50):
        if clinic.logs():
            break
        page.wait_for_timeout(100)
    assert len(clinic.logs()) == 1  # stored, though the phone does not know it
    expect(page.locator("#sync-status")).to_contain_text("1 session waiting")

    mode["now"] = "fine"
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # sent again: "duplicate"
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    assert len(clinic.logs()) == 1 and outbox(page) == []


def test_the_server_stopped_during_a_flush_then_back_stores_once(page: Page, own_clinic: Clinic):
    clinic = own_clinic
    connect(page, clinic)
    page.context.set_offline(True)
    stopped_session(page, clinic)

    def stop_the_server(route: Route) -> None:
        if route.request.post_data_json["logs"]:
            clinic.server.process.terminate()
            clinic.server.process.wait(timeout=10)
        route.continue_()

    page.route("**/api/v1/sync", stop_the_server)
    page.context.set_offline(False)  # the flush starts, the server goes away under it
    page.goto(clinic.url + "/")  # the worker serves the app while the server is down
    expect(page.locator("#sync-status")).to_contain_text("1 session waiting")
    page.unroute("**/api/v1/sync")
    with running_server(clinic.data, env=clinic.env, port=clinic.port):
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        expect(page.locator("#sync-status")).to_contain_text("All synced")
        assert len(clinic.logs()) == 1 and outbox(page) == []


def test_a_conflict_stays_on_the_phone_and_is_told_plainly(page: Page, clinic: Clinic):
    connect(page, clinic)
    page.context.set_offline(True)
    stopped_session(page, clinic)
    [log] = phone_logs(page, the_dog(page)["id"])
    token = the_dog(page)["clinic"]["token"]
    other = {**log, "observations": {**(log["observations"] or {}), "note": "changed elsewhere"}}
    answer = httpx.post(clinic.url + "/api/v1/sync", json={"logs": [other]}, headers={"Authorization": f"Bearer {token}"})
    assert answer.json()["results"][0]["status"] == "stored"
    page.context.set_offline(False)
    page.goto(clinic.url + "/")
    # In plain words, not the server's: the owner cannot act on "the stored one is kept".
    expect(page.locator("#sync-problems")).to_contain_text("the clinic already has a different record of this session")
    expect(page.locator("#sync-problems")).not_to_contain_text("the stored one is kept")
    expect(page.locator("#sync-status")).to_contain_text("All synced")  # nothing else waits
    [entry] = outbox(page)
    assert entry["status"] == "conflict"
    assert [row["payload"]["observations"]["note"] for row in clinic.logs()] == ["changed elsewhere"]


def test_a_disconnected_phone_is_told_and_keeps_its_sessions(page: Page, clinic: Clinic):
    connect(page, clinic)
    assert revoke_devices(clinic.database) == 1
    stopped_session(page, clinic)
    page.goto(clinic.url + "/")
    expect(page.locator("#sync-disconnected")).to_contain_text("Your clinic has disconnected this phone")
    expect(page.locator("#sync-status")).to_have_text("Disconnected by your clinic · 1 session kept on this phone")
    expect(page.get_by_role("link", name="Connect again with a new code")).to_be_visible()
    assert len(phone_logs(page, the_dog(page)["id"])) == 1 and len(outbox(page)) == 1
    assert clinic.logs() == []

    page.goto(f"{clinic.url}/join/{invite(clinic.database)}")  # a new code: the kept session goes
    page.get_by_role("button", name="Connect").click()
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    assert len(clinic.logs()) == 1


def test_a_session_after_the_clinic_closed_the_plan_stays_on_the_phone_and_is_told(page: Page, clinic: Clinic):
    connect(page, clinic)
    page.context.set_offline(True)  # the phone does not know yet: its session waits in the outbox
    discharge(clinic.database, datetime.now(UTC).date() - timedelta(days=1))  # the server's clinic is on UTC
    stopped_session(page, clinic)
    page.context.set_offline(False)
    page.goto(clinic.url + "/")
    expect(page.locator("#plan-closed")).to_have_text("Your clinic has closed this plan; your history stays on this phone.")
    # From now on no session starts, on today's page or straight at /session.
    expect(page.locator("#plan-closed-today")).to_contain_text("Your clinic has closed the exercise plan")
    expect(page.locator("#start-session")).to_have_count(0)
    page.goto(clinic.url + "/session")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan closed")
    page.goto(clinic.url + "/")
    expect(page.locator('#sync-problems li[data-status="closed"]')).to_contain_text("done after your clinic closed the plan")
    expect(page.locator("#sync-problems-advice")).to_have_text("Nothing is lost. Tell your clinic if it matters.")
    [entry] = outbox(page)
    assert entry["status"] == "closed" and clinic.logs() == []
    assert len(phone_logs(page, the_dog(page)["id"])) == 1  # its history stays on the phone


def test_retries_back_off_with_jitter_up_to_five_minutes(page: Page, clinic: Clinic):
    page.clock.install()
    connect(page, clinic)
    page.add_init_script("")  # (keeps the clock script first)
    page.evaluate("""() => {
      window.__syncTimes = [];
      const original = window.fetch;
      window.fetch = (input, init) => {
        if (String(input).includes('/api/v1/sync')) window.__syncTimes.push(Date.now());
        return original(input, init);
      };
    }""")
    page.route("**/api/v1/sync", lambda route: route.fulfill(status=503, body="busy"))
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    # 30 minutes: 5-second steps while retries come seconds apart, 15-second steps once they are
    # minutes apart (half the steps, half the test's time).
    for step in [5_000] * 12 * 3 + [15_000] * 4 * 27:
        page.clock.run_for(step)
        page.wait_for_timeout(25)  # real time for a due retry to reach fetch (locks, IndexedDB)
    times = page.evaluate("() => window.__syncTimes")
    gaps = [(b - a) / 1000 for a, b in zip(times, times[1:])]
    assert len(times) >= 10, times
    # Seconds at first, minutes later, never more than 5 (times are read in 5 s steps, then 15 s,
    # and a retry may reach fetch a few steps late on a busy machine: the suite runs on every
    # core). Without the cap the next gap would be 10 minutes.
    assert gaps[0] <= 7.5 + 20 and max(gaps) <= 300 + 20
    assert min(gaps[-3:]) >= 150 - 10
    assert len(set(round(g) for g in gaps)) > 3  # jitter: not a fixed schedule
    assert json.dumps(outbox(page)) == "[]"  # nothing waited: only the prescription was being asked for


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_connect_and_clinic_status_screens_have_no_accessibility_violations(page: Page, clinic: Clinic, scheme):

    page.emulate_media(color_scheme=scheme)
    seen = {}

    def scan(name: str) -> None:
        expect(page.locator("main h1")).to_be_visible()  # the view has rendered (it renders after load)
        found, results = violations(page)
        seen[name] = found
        assert found == [], f"{name}: {results.generate_report()}"

    page.goto(clinic.url + "/")
    wait_until_offline_ready(page)
    add_dog(page)
    page.goto(clinic.url + "/connect")
    scan("connect form")
    page.get_by_role("button", name="Connect").click()
    expect(page.locator("#clinic-code-error")).to_be_visible()
    scan("connect, error")
    page.goto(clinic.url + "/")
    expect(page.locator("#sync-status")).to_contain_text("Not connected")
    scan("home, not connected")
    page.goto(f"{clinic.url}/join/{invite(clinic.database, owner_notes='Little and often.')}")
    page.get_by_role("button", name="Connect").click()
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    scan("home, synced, notes")
    page.context.set_offline(True)
    stopped_session(page, clinic)
    page.goto(clinic.url + "/")
    expect(page.locator("#sync-status")).to_contain_text("1 session waiting")
    scan("home, waiting")
    set_prescription(clinic.database, passive_pt_approved_from=date.today() + timedelta(days=2))
    page.context.set_offline(False)  # the flush's answer brings the later start of passive PT
    expect(page.locator("#pt-not-yet")).to_be_visible()
    scan("home, PT not yet")
    page.goto(clinic.url + "/session")
    expect(page.locator("#pt-not-yet")).to_be_visible()
    scan("session, PT not yet")
    page.goto(clinic.url + "/")
    revoke_devices(clinic.database)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-disconnected")).to_be_visible()
    scan("home, disconnected")
    assert len(seen) == 8

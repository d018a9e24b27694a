"""Web Push reminders, server side, on SQLite and PostgreSQL: the VAPID key, phones'
subscriptions, planning from the owner's times, sending once, skipping, snoozing, and forgetting
subscriptions the push service no longer knows. The push service is tests/support/push_service.py:
a real HTTP server that checks the signature and decrypts each message with its own RFC 8291 code.

In-process tests drive one scheduler pass at a chosen time (`send_due(now=...)`); the two-process
test lets the servers' own schedulers race for a due reminder."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.config import Settings
from app.main import create_app
from app.models import Patient, PushSubscription, Reminder, ServerKey
from app.services.reminders import send_due
from tests.api.test_care_events import bladder
from tests.api.test_sync import make_log
from tests.conftest import CONTENT_DIR
from tests.support.clinic import database, invite, set_prescription
from tests.support.push_service import PushService, push_service
from tests.support.server import running_server, wait_until_healthy

DOG = uuid.UUID("7f6c2a52-9d1e-4a55-8f00-3c1d2b4e5a6f")  # the dog's id on the phone


@pytest.fixture
def pushes() -> Iterator[PushService]:
    with push_service() as service:
        yield service


@pytest.fixture
def server(database_url, tmp_path, pushes) -> Iterator[TestClient]:
    """An app whose scheduler is off: each test runs passes itself, at the times it chooses."""
    settings = Settings(database_url=database_url, data_dir=tmp_path / "data", content_dir=CONTENT_DIR,
                        reminder_tick_seconds=0, push_services=pushes.url)
    with TestClient(create_app(settings)) as client:
        yield client


def link(client: TestClient, database_url: str, **prescription) -> dict:
    token = client.post("/api/v1/devices", json={"code": invite(database_url, **prescription)}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def subscribe(client, headers, subscription: dict, dog: uuid.UUID = DOG) -> httpx.Response:
    return client.put("/api/v1/push/subscription", json={**subscription, "dog": str(dog)}, headers=headers)


def sync(client, headers, logs=(), **profile) -> dict:
    answer = client.post("/api/v1/sync", json={"logs": list(logs), "profile": profile}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def scheduler_pass(client: TestClient, now: datetime) -> dict:
    return send_due(client.app.state.engine, client.app.state.settings, now=now)


def reminders_of(database_url: str) -> list[Reminder]:
    with database(database_url) as session:
        return list(session.exec(select(Reminder).order_by(Reminder.due_at)))


def clock(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M")


# The key -------------------------------------------------------------------------------------

def test_the_key_is_made_once_and_kept_across_restarts(server, database_url, tmp_path):
    key = server.get("/api/v1/push/key").json()["public_key"]
    assert len(key) == 87  # 65 bytes of P-256 point, base64url
    again = Settings(database_url=database_url, data_dir=tmp_path / "data", content_dir=CONTENT_DIR,
                     reminder_tick_seconds=0)
    with TestClient(create_app(again)) as restarted:
        assert restarted.get("/api/v1/push/key").json()["public_key"] == key
    with database(database_url) as session:
        assert [stored.public_key for stored in session.exec(select(ServerKey))] == [key]


# Subscriptions -------------------------------------------------------------------------------

def test_a_phone_has_one_subscription_replaced_when_it_renews_and_removed_when_turned_off(server, database_url, pushes):
    headers = link(server, database_url)
    assert subscribe(server, headers, pushes.subscribe().as_json()).status_code == 204
    renewed = pushes.subscribe().as_json()
    assert subscribe(server, headers, renewed).status_code == 204
    with database(database_url) as session:
        [stored] = session.exec(select(PushSubscription)).all()
        assert (stored.endpoint, stored.p256dh, stored.app_dog_id) == (renewed["endpoint"], renewed["keys"]["p256dh"], DOG)
    other_dog = link(server, database_url, dog="Pepper")  # another dog on the same phone: its own row
    assert subscribe(server, other_dog, renewed, dog=uuid.uuid4()).status_code == 204
    assert server.delete("/api/v1/push/subscription", headers=headers).status_code == 204
    with database(database_url) as session:
        assert len(session.exec(select(PushSubscription)).all()) == 1


REFUSED_SUBSCRIPTIONS = [
    ({"endpoint": "http://10.0.0.7/push/x"}, "endpoint: http://10.0.0.7 is not a push service this server sends to"),
    ({"endpoint": "https://fcm.googleapis.com.evil.example/x"}, "is not a push service"),
    ({"endpoint": "https://fcm.googleapis.com@10.0.0.7/x"}, "endpoint: not an https address of a push service"),
    ({"endpoint": "file:///etc/passwd"}, "endpoint: not an https address of a push service"),
    ({"keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys.p256dh: not a P-256 public key"),
    ({"keys": {"p256dh": "BAAA", "auth": "@@@"}}, "keys.p256dh"),
]


def test_a_subscription_the_server_should_not_post_to_is_refused_with_its_field(server, database_url, pushes):
    headers = link(server, database_url)  # one app for every case: a database each costs seconds
    for change, problem in REFUSED_SUBSCRIPTIONS:
        answer = subscribe(server, headers, {**pushes.subscribe().as_json(), **change})
        assert answer.status_code == 422 and problem in answer.json()["error"]["message"], (change, answer.text)
    with database(database_url) as session:
        assert session.exec(select(PushSubscription)).all() == []


def test_subscribing_needs_a_linked_phone(server, pushes):
    assert subscribe(server, {}, pushes.subscribe().as_json()).status_code == 401
    assert server.delete("/api/v1/push/subscription").status_code == 401


# Times from the phone ------------------------------------------------------------------------

def test_the_owners_times_are_planned_in_the_dogs_time_zone(server, database_url, pushes):
    headers = link(server, database_url)
    subscribe(server, headers, pushes.subscribe().as_json())
    assert sync(server, headers, session_times=["20:00", "08:00", "14:00"], time_zone="Pacific/Auckland")[
        "profile_problem"] is None
    # Tomorrow 22:00 UTC (never in the past: moving the times re-plans only reminders still to come).
    now = datetime.now(UTC).replace(hour=22, minute=0, second=0, microsecond=0) + timedelta(days=1)
    scheduler_pass(server, now)
    planned = [(r.label, r.due_at) for r in reminders_of(database_url)]
    zone = ZoneInfo("Pacific/Auckland")
    local_day = now.astimezone(zone).date()
    expected = sorted((datetime.combine(local_day + timedelta(days=days), time_of_day(hour), zone).astimezone(UTC), f"{hour:02d}:00")
                      for days in range(3) for hour in (8, 14, 20))
    assert planned == [(label, due) for due, label in expected if now < due <= now + timedelta(hours=36)]
    assert all(now < due <= now + timedelta(hours=36) for _, due in planned)
    sync(server, headers, session_times=["09:30"], time_zone="Pacific/Auckland")  # moved: planned again
    scheduler_pass(server, now)
    assert {r.label for r in reminders_of(database_url)} == {"09:30"}


WRONG_PROFILES = [
    ({"session_times": ["08:00"], "time_zone": "Mars/Olympus_Mons"}, "profile.time_zone: not a time zone"),
    ({"session_times": ["08:00"], "time_zone": "../../etc/passwd"}, "profile.time_zone: not a time zone"),
    ({"session_times": ["25:00"], "time_zone": "UTC"}, "profile.session_times: not 1 to 4 different times"),
    ({"session_times": ["08:00", "08:00"], "time_zone": "UTC"}, "profile.session_times"),
    ({"session_times": ["01:00", "02:00", "03:00", "04:00", "05:00"], "time_zone": "UTC"}, "profile.session_times"),
    ({"session_times": "08:00", "time_zone": "UTC"}, "profile.session_times"),
    ({"session_times": [8], "time_zone": ["UTC"]}, "profile.time_zone"),
    ({"session_times": ["08:00\x00"], "time_zone": "UTC"}, "profile.session_times"),
]


def test_wrong_times_are_not_taken_and_the_logs_still_are(server, database_url):
    headers = link(server, database_url)
    sync(server, headers, session_times=["08:00"], time_zone="UTC")
    for profile, problem in WRONG_PROFILES:
        answer = sync(server, headers, [make_log()], **profile)
        assert [r["status"] for r in answer["results"]] == ["stored"], profile
        assert problem in answer["profile_problem"], (profile, answer["profile_problem"])
    with database(database_url) as session:  # what was taken before stays
        assert [(p.session_times, p.time_zone) for p in session.exec(select(Patient))] == [(["08:00"], "UTC")]


# Sending -------------------------------------------------------------------------------------

def test_a_due_reminder_is_sent_encrypted_signed_and_once(server, database_url, pushes):
    headers = link(server, database_url)
    phone = pushes.subscribe()
    subscribe(server, headers, phone.as_json())
    real_now = datetime.now(UTC).replace(second=0, microsecond=0)
    first, second = real_now + timedelta(hours=1), real_now + timedelta(hours=3)
    sync(server, headers, session_times=[clock(first), clock(second)], time_zone="UTC")
    scheduler_pass(server, real_now)
    assert scheduler_pass(server, first + timedelta(seconds=5)) == {"claimed": 1, "sent": 1}
    assert scheduler_pass(server, first + timedelta(seconds=40)) == {"claimed": 0}  # never twice
    [delivered] = pushes.wait_for(1)
    message = delivered.message
    assert message["kind"] == "session" and message["dog"] == str(DOG)
    assert message["title"] == "Biscuit: time for the exercises"
    number = sorted([clock(first), clock(second)]).index(clock(first)) + 1  # the day may turn in between
    assert message["body"].startswith(f"Session {number} of 2, planned for {clock(first)}.")
    assert "safety check" in message["body"]
    # The facts beside the words: the phone's worker says them in the phone's own language.
    assert message["facts"] == {"dog": "Biscuit", "time": clock(first), "number": number, "count": 2}
    assert delivered.headers["urgency"] == "high" and int(delivered.headers["ttl"]) == 1800
    assert delivered.vapid_key == server.get("/api/v1/push/key").json()["public_key"]
    assert delivered.claims["sub"].startswith("mailto:")
    assert [r.state for r in reminders_of(database_url)][0] == "sent"


def test_a_reminder_is_skipped_once_the_session_is_logged_and_sent_when_it_is_not(server, database_url, pushes):
    headers = link(server, database_url)
    subscribe(server, headers, pushes.subscribe().as_json())
    real_now = datetime.now(UTC).replace(second=0, microsecond=0)
    first, second = real_now + timedelta(hours=1), real_now + timedelta(hours=3)
    sync(server, headers, session_times=[clock(first), clock(second)], time_zone="UTC")
    scheduler_pass(server, real_now)
    sync(server, headers, [make_log(started_at=real_now.isoformat(), ended_at=(real_now + timedelta(minutes=9)).isoformat())])
    scheduler_pass(server, first + timedelta(seconds=5))  # done an hour early: no reminder
    scheduler_pass(server, second + timedelta(seconds=5))  # its window starts halfway from the first: reminded
    [delivered] = pushes.wait_for(1)
    assert f"planned for {clock(second)}" in delivered.message["body"]
    states = {r.label: r.state for r in reminders_of(database_url) if r.due_at <= second}
    assert states == {clock(first): "skipped", clock(second): "sent"}


def one_session_planned(server, database_url, pushes, after: timedelta, phone=None) -> datetime:
    """A linked phone that takes pushes, one session a day `after` from now, planned; its time."""
    headers = link(server, database_url)
    subscribe(server, headers, (phone or pushes.subscribe()).as_json())
    real_now = datetime.now(UTC).replace(second=0, microsecond=0)
    sync(server, headers, session_times=[clock(real_now + after)], time_zone="UTC")
    scheduler_pass(server, real_now)
    return real_now + after


def test_a_reminder_found_long_after_its_time_is_given_up(server, database_url, pushes):
    due = one_session_planned(server, database_url, pushes, timedelta(hours=1))
    scheduler_pass(server, due + timedelta(minutes=31))  # the server was down at its time
    assert reminders_of(database_url)[0].state == "missed" and pushes.delivered == []


def test_a_subscription_the_push_service_has_forgotten_is_removed(server, database_url, pushes):
    phone = pushes.subscribe()
    pushes.expire(phone)  # 410 Gone from now on
    due = one_session_planned(server, database_url, pushes, timedelta(hours=1), phone)
    scheduler_pass(server, due + timedelta(seconds=5))
    with database(database_url) as session:
        assert session.exec(select(PushSubscription)).all() == []
    assert reminders_of(database_url)[0].state == "failed" and pushes.refused == []


def test_a_redirect_from_the_push_service_is_not_followed(server, database_url, pushes):
    phone = pushes.subscribe()
    pushes.answers[phone.endpoint.rsplit("/", 1)[1]] = 307  # "post it there instead"
    due = one_session_planned(server, database_url, pushes, timedelta(hours=1), phone)
    scheduler_pass(server, due + timedelta(seconds=5))
    assert pushes.elsewhere == [] and reminders_of(database_url)[0].state == "failed"


def test_in_30_minutes_sends_it_again_once_and_only_for_the_phone_that_got_it(server, database_url, pushes):
    due = one_session_planned(server, database_url, pushes, timedelta(minutes=1))
    scheduler_pass(server, due + timedelta(seconds=1))
    [first] = pushes.wait_for(1)
    snooze = f"/api/v1/reminders/{first.message['reminder']}/snooze"
    assert server.post(snooze, json={"key": "not-the-key"}).status_code == 404
    answer = server.post(snooze, json={"key": first.message["snooze_key"]})
    assert answer.status_code == 200, answer.text
    again_at = datetime.fromisoformat(answer.json()["due_at"])
    assert timedelta(minutes=29) < again_at - datetime.now(UTC) <= timedelta(minutes=30)
    assert server.post(snooze, json={"key": first.message["snooze_key"]}).status_code == 409  # once
    scheduler_pass(server, again_at + timedelta(seconds=1))
    second = pushes.wait_for(2)[1]
    assert second.message["title"] == first.message["title"] and second.message["reminder"] != first.message["reminder"]


def test_the_bladder_is_reminded_when_the_clinics_interval_has_passed(server, database_url, pushes):
    headers = link(server, database_url, bladder_interval_hours=4)
    subscribe(server, headers, pushes.subscribe().as_json())
    emptied = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    sync(server, headers, [bladder(at=emptied.isoformat())])
    [reminder] = reminders_of(database_url)
    assert (reminder.kind, reminder.due_at) == ("bladder", emptied + timedelta(hours=4))
    scheduler_pass(server, reminder.due_at + timedelta(seconds=1))
    [delivered] = pushes.wait_for(1)
    assert delivered.message["kind"] == "bladder" and delivered.message["title"] == "Biscuit: bladder due"
    assert f"Emptied at {emptied.strftime('%H:%M')}" in delivered.message["body"]


def test_no_bladder_reminder_without_the_clinics_interval_or_after_a_newer_emptying(server, database_url, pushes):
    headers = link(server, database_url)  # no interval set by the clinic
    subscribe(server, headers, pushes.subscribe().as_json())
    sync(server, headers, [bladder()])
    assert reminders_of(database_url) == []
    set_prescription(database_url, bladder_interval_hours=3)
    earlier = datetime.now(UTC) - timedelta(hours=2)
    sync(server, headers, [bladder(at=earlier.isoformat()), bladder()])  # the newer one counts
    [reminder] = reminders_of(database_url)
    assert reminder.window_start > earlier + timedelta(hours=1)


# Two processes -------------------------------------------------------------------------------

def test_two_processes_starting_together_share_one_key_and_send_a_due_reminder_once(database_url, tmp_path, pushes):
    env = {"DATABASE_URL": database_url, "IVDD_REMINDER_TICK_SECONDS": "0.2", "IVDD_PUSH_SERVICES": pushes.url}
    with ExitStack() as stack:
        servers = [stack.enter_context(running_server(tmp_path / name / "data", env=env, wait=False))
                   for name in ("first", "second")]
        for started in servers:
            wait_until_healthy(started, timeout=90)
        keys = {httpx.get(f"{started.url}/api/v1/push/key").json()["public_key"] for started in servers}
        with database(database_url) as session:  # each may have made one: the first insert won, both use it
            assert len(keys) == 1 and [key.public_key for key in session.exec(select(ServerKey))] == list(keys)
        token = httpx.post(f"{servers[0].url}/api/v1/devices", json={"code": invite(database_url)}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        httpx.put(f"{servers[0].url}/api/v1/push/subscription", headers=headers,
                  json={**pushes.subscribe().as_json(), "dog": str(DOG)}).raise_for_status()
        in_an_hour = datetime.now(UTC) + timedelta(hours=1)
        httpx.post(f"{servers[1].url}/api/v1/sync", headers=headers, json={
            "logs": [], "profile": {"session_times": [clock(in_an_hour)], "time_zone": "UTC"}}).raise_for_status()
        _wait_for_plan(database_url)
        with database(database_url) as session:  # the clock reaches the planned time
            reminder = session.exec(select(Reminder)).first()
            reminder.due_at = datetime.now(UTC) + timedelta(seconds=1)
            session.add(reminder)
        pushes.wait_for(1)
        time.sleep(2)  # ten more passes of each process
        assert len(pushes.delivered) == 1, pushes.delivered
    for started in servers:
        assert "Traceback" not in started.log(), started.log()


def _wait_for_plan(database_url: str) -> None:
    deadline = time.monotonic() + 20
    while not reminders_of(database_url):
        assert time.monotonic() < deadline, "no reminder planned"
        time.sleep(0.1)

"""Reminders by Web Push, from the owner's tap in Settings to the notification and its buttons.

The full Chromium (the headless shell has no notifications). One stand-in: headless Chromium has no
push service (Chrome's is Google's, out of reach here), so an init script makes
`pushManager.subscribe` hand out a subscription of tests/support/push_service.py, a real push
service on loopback. The rest is real: the app's permission request and its PUT, the server's
planning, its scheduler, encryption and signature, the receiver's decryption, and the decrypted
message delivered to the app's service worker through the DevTools protocol, as the browser's
push service would deliver it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import select

from app.models import Patient, PushSubscription, Reminder
from app.web.catalogues import read_catalogue
from tests.browser.conftest import WEB_DIR, Clinic, call_module, wait_until_offline_ready
from tests.browser.test_sync import connect, the_dog
from tests.support.axe import violations
from tests.support.clinic import CLINIC_EMAIL, database, wipe
from tests.support.push_service import PushService, Subscriber, push_service
from tests.support.server import free_port, running_server

# The browser's side of a push service: a subscription the test's push service knows, and a log of
# each permission request (with whether the page had the owner's tap when it asked).
STAND_IN = """
(() => {
  const subscription = %s;
  const key = (text) => Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0)).buffer;
  const made = () => localStorage.getItem('test.pushKey');
  const current = () => made() && {
    endpoint: subscription.endpoint, expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: key(made()) },
    toJSON: () => subscription,
    unsubscribe: async () => { localStorage.removeItem('test.pushKey'); return true; },
  };
  if (self.PushManager) {
    PushManager.prototype.subscribe = async function (options) {
      if (!options.userVisibleOnly) throw new DOMException('userVisibleOnly', 'NotAllowedError');
      localStorage.setItem('test.pushKey', options.applicationServerKey);
      return current();
    };
    PushManager.prototype.getSubscription = async function () { return current() || null; };
  }
  if (self.Notification) {
    const ask = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (...args) => {
      const asks = JSON.parse(localStorage.getItem('test.permissionAsks') || '[]');
      localStorage.setItem('test.permissionAsks', JSON.stringify([...asks, navigator.userActivation.isActive]));
      return ask(...args);
    };
  }
})();
"""


@pytest.fixture(scope="module")
def push_site(tmp_path_factory) -> Iterator[tuple[Clinic, PushService]]:
    """A clinic server whose scheduler runs every 0.3 s and may push to the test's push service."""
    with push_service() as pushes:
        site = Clinic(tmp_path_factory.mktemp("push") / "data", free_port())
        env = {"IVDD_PUSH_SERVICES": pushes.url, "IVDD_REMINDER_TICK_SECONDS": "0.3"}
        with running_server(site.data, port=site.port, env=env) as server:
            site.server = server
            yield site, pushes


@pytest.fixture
def site(push_site) -> tuple[Clinic, PushService, Subscriber]:
    clinic, pushes = push_site
    wipe(clinic.database)
    pushes.delivered.clear()
    return clinic, pushes, pushes.subscribe()


@pytest.fixture
def phone(full_chromium, browser_context_args, site) -> Iterator[Page]:
    clinic, _, subscriber = site
    context: BrowserContext = full_chromium.new_context(**browser_context_args)
    context.add_init_script(STAND_IN % json.dumps(subscriber.as_json()))
    yield context.new_page()
    context.close()


def assert_accessible(page: Page) -> None:
    found, results = violations(page)
    assert found == [], results.generate_report()


def clinic_desk(page: Page, clinic: Clinic, patient_id) -> str:
    """The patient's page as the clinic's staff see it (signed in as Riverside's vet)."""
    from tests.support.sign_in import sign_in
    with httpx.Client(base_url=clinic.url, headers={"Origin": clinic.url}) as desk:
        sign_in(desk, CLINIC_EMAIL, "correct horse battery")
        return desk.get(f"/clinic/patients/{patient_id}").text


def permission_asks(page: Page) -> list[bool]:
    return json.loads(page.evaluate("localStorage.getItem('test.permissionAsks') || '[]'"))


def turn_on(page: Page, clinic: Clinic) -> None:
    page.context.grant_permissions(["notifications"], origin=clinic.url)
    page.goto(clinic.url + "/settings")
    page.get_by_role("button", name="Turn on reminders").click()
    expect(page.locator("#reminders-on")).to_contain_text("On for Biscuit")


def stored_subscriptions(clinic: Clinic) -> list[PushSubscription]:
    with database(clinic.database) as session:
        return list(session.exec(select(PushSubscription)))


def wait_for(check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return found


def the_clock_reaches_the_first_reminder(clinic: Clinic) -> None:
    """Planned by the server from the phone's times; its time is made now (the test cannot wait hours)."""
    def planned():
        with database(clinic.database) as session:
            return session.exec(select(Reminder).order_by(Reminder.due_at)).first()
    first = wait_for(planned)
    with database(clinic.database) as session:
        first = session.get(Reminder, first.id)
        first.due_at = datetime.now(UTC)
        session.add(first)


def deliver(page: Page, message: dict) -> None:
    """What the browser's push service does with a message: the worker's `push` event."""
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    while not registrations:
        page.wait_for_timeout(50)
    origin = page.url.split("/", 3)[:3]
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": "/".join(origin) + "/",
                                                  "registrationId": registrations[0]["registrationId"],
                                                  "data": json.dumps(message)})


def shown_after_delivery(page: Page, message: dict) -> list[dict]:
    """Deliver, and wait for the notification. A message handed over by DevTools while the worker
    is starting up after a navigation can be dropped (once in ten suite runs); the browser's own
    push service retries, so a test may too, at most twice more."""
    for _ in range(3):
        deliver(page, message)
        try:
            return wait_for(lambda: notifications(page), timeout=5.0)
        except AssertionError:
            continue
    raise AssertionError("no notification after three deliveries")


def notifications(page: Page) -> list[dict]:
    return page.evaluate("""async () => (await (await navigator.serviceWorker.ready).getNotifications())
        .map((n) => ({ title: n.title, body: n.body, tag: n.tag, actions: n.actions.map((a) => [a.action, a.title]) }))""")


def tap(page: Page, action: str) -> None:
    """The owner taps a button of the notification (dispatched in the worker: no protocol clicks one)."""
    [worker] = page.context.service_workers
    worker.evaluate("""async (action) => {
        const [shown] = await self.registration.getNotifications();
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification: shown, action }));
    }""", action)


def test_reminders_are_turned_on_from_the_owners_tap_and_the_server_gets_the_phones_subscription(phone: Page, site):
    clinic, _, subscriber = site
    connect(phone, clinic, sessions_per_day=3)
    phone.goto(clinic.url + "/settings")
    button = phone.get_by_role("button", name="Turn on reminders")
    expect(button).to_be_visible()
    assert permission_asks(phone) == []  # nothing asked on load
    assert_accessible(phone)
    turn_on(phone, clinic)
    assert permission_asks(phone) == [True]  # asked once, from the tap
    dog = the_dog(phone)

    [stored] = wait_for(lambda: stored_subscriptions(clinic))
    assert (stored.endpoint, str(stored.app_dog_id)) == (subscriber.endpoint, dog["id"])
    with database(clinic.database) as session:
        patient = session.exec(select(Patient)).one()
        zone = phone.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
        assert (patient.session_times, patient.time_zone) == (["08:00", "14:00", "20:00"], zone)
    assert_accessible(phone)
    with database(clinic.database) as session:  # the clinic sees that this phone takes reminders
        patient_id = session.exec(select(Patient.id)).one()
    clinic_page = clinic_desk(phone, clinic, patient_id)
    assert 'data-reminders="on"' in clinic_page and "The owner plans sessions at 08:00, 14:00, 20:00" in clinic_page

    phone.get_by_role("button", name="Turn off reminders").click()
    expect(phone.locator("#reminders-status")).to_have_text("Reminders are off.")
    wait_for(lambda: not stored_subscriptions(clinic))


def test_a_reminder_shows_its_dog_and_time_and_start_opens_that_dogs_safety_check(phone: Page, site):
    clinic, pushes, _ = site
    connect(phone, clinic, sessions_per_day=2)
    biscuit = the_dog(phone)
    turn_on(phone, clinic)
    # Another dog on the phone is the one chosen: the reminder is Biscuit's all the same.
    pepper = call_module(phone, "dogs.js", "saveDog", {"name": "Pepper", "legs": ["left-hind"], "crateRestStart": "",
                                                         "crateRestWeeks": 8, "sessionsPerDay": 1})
    call_module(phone, "dogs.js", "chooseDog", pepper["id"])

    the_clock_reaches_the_first_reminder(clinic)
    [delivered] = pushes.wait_for(1)
    phone.goto(clinic.url + "/")
    shown = shown_after_delivery(phone, delivered.message)
    assert shown == [{"title": "Biscuit: time for the exercises", "tag": delivered.message["tag"],
                      "body": delivered.message["body"], "actions": [["open", "Start"], ["later", "In 30 minutes"]]}]
    assert re.match(r"Session [12] of 2, planned for (08:00|20:00)\. Start when Biscuit is calm", delivered.message["body"])

    tap(phone, "open")
    expect(phone.locator("#gate-question")).to_be_visible()  # the safety check comes first
    assert the_dog(phone)["id"] == biscuit["id"]
    expect(phone).to_have_url(clinic.url + "/session")  # the dog's id is not left in the address
    assert notifications(phone) == []


def test_in_30_minutes_asks_the_server_to_send_it_again(phone: Page, site):
    clinic, pushes, _ = site
    connect(phone, clinic)
    turn_on(phone, clinic)
    the_clock_reaches_the_first_reminder(clinic)
    [delivered] = pushes.wait_for(1)
    phone.goto(clinic.url + "/")
    shown_after_delivery(phone, delivered.message)
    tap(phone, "later")

    def put_off():
        with database(clinic.database) as session:
            return session.exec(select(Reminder).where(Reminder.snoozed_at.is_not(None))).first()
    wait_for(put_off)
    with database(clinic.database) as session:
        pending = session.exec(select(Reminder.due_at).where(Reminder.state == "pending")).all()
        assert any(timedelta(minutes=29) < due - datetime.now(UTC) <= timedelta(minutes=30) for due in pending)
    assert notifications(phone) == []
    expect(phone).to_have_url(clinic.url + "/")  # "later" does not open the app


def test_without_a_clinic_or_with_notifications_blocked_settings_says_what_to_do(phone: Page, site):
    clinic, _, _ = site
    phone.goto(clinic.url + "/settings")
    expect(phone.locator("#reminders-body")).to_contain_text("work once your dog is connected to its clinic")
    expect(phone.get_by_role("button", name="Turn on reminders")).to_have_count(0)

    connect(phone, clinic)
    phone.context.clear_permissions()  # the owner answers "Block"
    phone.goto(clinic.url + "/settings")
    phone.get_by_role("button", name="Turn on reminders").click()
    expect(phone.locator("#reminders-blocked")).to_contain_text("Notifications are blocked for this app")
    assert stored_subscriptions(clinic) == []


def test_a_reminder_is_said_in_the_phones_language(full_chromium, browser_context_args, site):
    """The server sends the facts (tests/api/test_web_push.py); the worker makes the words from the
    phone's catalogue, which it keeps for offline."""
    clinic, _, _ = site
    context = full_chromium.new_context(**browser_context_args, locale="es-ES")
    context.grant_permissions(["notifications"], origin=clinic.url)
    page = context.new_page()
    page.goto(clinic.url + "/")
    wait_until_offline_ready(page)
    facts = {"dog": "Pipa", "time": "08:00", "number": 1, "count": 2}
    message = {"kind": "session", "title": "Pipa: time for the exercises", "body": "Session 1 of 2…", "facts": facts,
               "reminder": "8c1f4a0e-5f5e-4c55-9d1e-1f0d3c0f6a01", "snooze_key": "k", "tag": "ivdd-session-pipa",
               "due_at": datetime.now(UTC).isoformat()}
    spanish = read_catalogue(WEB_DIR, "es")
    [shown] = shown_after_delivery(page, message)
    assert shown["title"] == spanish["{dog}: time for the exercises"].replace("{dog}", "Pipa")
    assert shown["body"].startswith(spanish["Session {number} of {count}, planned for {time}. Start when {dog} is calm: "
                                            "the safety check comes first."].split("{number}")[0] + "1")
    assert "08:00" in shown["body"] and "Pipa" in shown["body"]
    assert shown["actions"] == [["open", spanish["Start"]], ["later", spanish["In 30 minutes"]]]
    context.close()

"""What starts a flush and what keeps two from overlapping, and what the clinic's prescription
does to the dog's profile: real Chromium, the shared clinic server (see test_sync.py)."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Clinic, app_bundle, wait_until_offline_ready
from tests.browser.test_sync import blocked_session, connect, outbox, stopped_session, the_dog
from tests.support.clinic import invite, set_prescription


def test_a_new_dog_takes_what_the_clinic_set_and_the_owner_fills_in_the_rest(page: Page, clinic: Clinic):
    code = invite(clinic.database, dog="Biscuit", sessions_per_day=2)  # no legs, no crate-rest start
    page.goto(clinic.url + "/")
    wait_until_offline_ready(page)
    page.goto(f"{clinic.url}/join/{code}")
    page.get_by_role("button", name="Connect").click()
    # No dog on this phone yet: one is made from the prescription, and its form asks for the rest.
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Biscuit")
    assert page.locator("#sessions-per-day").evaluate("el => el.readOnly")  # the clinic's
    assert not page.locator("#crate-rest-start").evaluate("el => el.readOnly")  # the owner's
    expect(page.locator("#crate-rest-start")).to_have_value("")  # not made up
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#legs-error")).to_contain_text("Tick at least one leg")
    expect(page.locator("#crate-rest-start-error")).to_be_visible()
    page.get_by_label("Left back leg").check()
    page.locator("#crate-rest-start").fill(page.evaluate("() => new Date().toLocaleDateString('sv')"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today with Biscuit")
    expect(page.locator("#today-count")).to_have_text("0 of 2")
    expect(page.locator("#crate-rest-day")).to_contain_text("Day 1 of")

    # The clinic changes the prescription; the next sync (here: the page becoming visible) brings it.
    version = set_prescription(clinic.database, sessions_per_day=3, owner_notes="Three short ones a day.")
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    expect(page.locator("#clinic-notes")).to_have_text("Three short ones a day.")
    page.goto(clinic.url + "/")
    expect(page.locator("#today-count")).to_have_text("0 of 3")
    dog = the_dog(page)
    assert dog["clinic"]["prescriptionVersion"] == version and dog["legs"] == ["left-hind"]  # legs: the owner's


def test_one_flush_at_a_time_in_a_page_and_across_tabs(page: Page, clinic: Clinic):
    connect(page, clinic)
    other_tab = page.context.new_page()
    other_tab.goto(clinic.url + "/")
    expect(other_tab.locator("#sync-status")).to_contain_text("All synced")
    page.bring_to_front()  # (a tab in the background gets no animation frames: clicks would wait)
    page.context.set_offline(True)
    stopped_session(page, clinic)
    blocked_session(page, clinic)
    page.goto(clinic.url + "/history")  # the history page tells the same
    expect(page.locator("#sync-status")).to_contain_text("2 sessions waiting")

    sent: list[int] = []

    def count(route: Route) -> None:
        sent.append(len(route.request.post_data_json["logs"]))
        route.continue_()

    page.context.route("**/api/v1/sync", count)
    page.context.set_offline(False)  # `online` in both tabs at the same moment
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    expect(other_tab.locator("#sync-status")).to_contain_text("All synced")
    assert sum(sent) == 2, sent  # the later flush waited for the first and found nothing left
    assert len(clinic.logs()) == 2

    # In one page, many triggers at once (a save, `online`, the worker's ask...): never two requests in flight.
    other_tab.close()
    started = page.evaluate("""async (url) => {
      let inFlight = 0, most = 0, count = 0;
      const original = window.fetch;
      window.fetch = async (input, init) => {
        if (!String(input).includes('/api/v1/sync')) return original(input, init);
        count += 1; inFlight += 1; most = Math.max(most, inFlight);
        try { return await original(input, init); } finally { inFlight -= 1; }
      };
      const { flush } = (await import(url)).moduleOf('js/sync.js');
      await Promise.all([flush(), flush(), flush(), flush()]);
      window.fetch = original;
      return { count, most };
    }""", app_bundle(page))
    # The first call runs (or joins a flush already under way), the others share one more run.
    assert started["most"] == 1 and started["count"] in (1, 2), started


def poll(page: Page, check, failure: str, tries: int = 50) -> None:
    """Until `check()` is true, 100 ms apart (wait_for_function does not await a promise, and CDP
    events need Playwright to be waiting)."""
    for _ in range(tries):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(failure)


def test_background_sync_asks_the_open_page_to_flush(full_chromium_page: Page, clinic: Clinic):
    page = full_chromium_page  # Background Sync: the full browser has it, the headless shell does not
    page.add_init_script("""
      window.__askedToFlush = 0;
      navigator.serviceWorker?.addEventListener('message', (event) => {
        if (event.data?.type === 'flush') window.__askedToFlush += 1;
      });
    """)
    connect(page, clinic)
    page.route("**/api/v1/sync", lambda route: route.abort("internetdisconnected"))
    stopped_session(page, clinic)  # saving flushes and fails; Background Sync is registered
    # (before leaving the page: a full navigation could cut the registration short on a slow run)
    tags = "async () => (await navigator.serviceWorker.ready).sync.getTags()"
    poll(page, lambda: "ivdd-outbox" in page.evaluate(tags), "Background Sync was not registered")
    page.goto(clinic.url + "/")
    expect(page.locator("#sync-status")).to_contain_text("1 session waiting")
    page.unroute("**/api/v1/sync")

    # What the browser does once the network is back: wake the worker with a `sync` event.
    asked = page.evaluate("() => window.__askedToFlush")
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    ours = lambda: [r for r in registrations if r["scopeURL"] == clinic.url + "/" and not r["isDeleted"]]  # noqa: E731
    poll(page, ours, "the worker's registration was not reported")  # events arrive while Playwright waits
    registration = ours()[-1]
    cdp.send("ServiceWorker.dispatchSyncEvent", {"origin": clinic.url, "registrationId": registration["registrationId"],
                                                  "tag": "ivdd-outbox", "lastChance": False})
    page.wait_for_function(f"() => window.__askedToFlush > {asked}")
    expect(page.locator("#sync-status")).to_contain_text("All synced")
    assert len(clinic.logs()) == 1 and outbox(page) == []

"""A new version waits for the owner's tap, and never interrupts a session.

Each test runs its own server on a copy of web/, changes a served file, and restarts the server
on the same port (the same origin, so the same service worker registration).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, wait_until_offline_ready
from tests.browser.session_driver import add_dog, answer_gate, current_action, routine_of
from tests.support.server import free_port, running_server, worker_config

WAIT_FOR_WAITING_WORKER = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  await registration.update();
  for (let i = 0; i < 200 && !registration.waiting; i++) await new Promise((r) => setTimeout(r, 50));
  return Boolean(registration.waiting);
}"""


class Site:
    """One origin whose server can be restarted with changed files."""

    def __init__(self, tmp_path, web_dir):
        self.port, self.data, self.env = free_port(), tmp_path / "data", {"IVDD_WEB_DIR": str(web_dir)}

    @contextmanager
    def serving(self) -> Iterator[str]:
        with running_server(self.data, env=self.env, port=self.port) as server:
            yield server.url

    def first_visit(self, page: Page, then: str | None = None) -> str:
        """Visit while online until the app is ready offline; run `then` in the page; return the build."""
        with self.serving() as url:
            page.goto(url + "/")
            wait_until_offline_ready(page)
            if then:
                page.evaluate(then.replace("{build}", build_of_page(page)))
            return build_of_page(page)


def build_of_server(url: str) -> str:
    return worker_config(url)["build"]


def build_of_page(page: Page) -> str:
    return page.evaluate("document.querySelector('link[rel=stylesheet]').getAttribute('href').split('/')[2]")


@pytest.fixture
def phone(browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def test_new_version_waits_for_the_owners_tap(phone: Page, tmp_path, web_copy):
    site = Site(tmp_path, web_copy)
    old_build = site.first_visit(phone)
    (web_copy / "app.css").write_text((web_copy / "app.css").read_text() + "\n/* a small fix */\n")

    with site.serving() as url:
        new_build = build_of_server(url)
        assert new_build != old_build
        phone.reload()  # the old worker still answers: nothing changes under the owner's hands
        assert phone.evaluate(WAIT_FOR_WAITING_WORKER) is True
        expect(phone.locator("#update-banner")).to_be_visible()
        assert build_of_page(phone) == old_build

        phone.get_by_role("button", name="Update now").click()
        expect(phone.locator("#update-banner")).to_be_hidden()
        phone.wait_for_function(f"() => document.querySelector('link[rel=stylesheet]').href.includes('/v/{new_build}/')")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")
        phone.get_by_role("link", name="About").click()
        expect(phone.locator("#app-build")).to_have_text(new_build)


def test_no_update_prompt_while_a_session_runs(phone: Page, tmp_path, web_copy):
    """A real session: the owner is mid-exercise when the new version arrives."""
    site = Site(tmp_path, web_copy)
    with site.serving() as url:
        phone.goto(url + "/")
        wait_until_offline_ready(phone)
        old_build = build_of_page(phone)
        add_dog(phone)
        phone.reload()
        phone.locator("#start-session").click()
        routine = routine_of(url)
        answer_gate(phone, routine)
        phone.locator("#begin").click()
        first_action = current_action(phone)
    (web_copy / "js" / "api.js").write_text((web_copy / "js" / "api.js").read_text() + "\n// a change\n")

    with site.serving() as url:
        assert phone.evaluate(WAIT_FOR_WAITING_WORKER) is True
        phone.wait_for_timeout(300)  # give a wrong banner every chance to appear
        expect(phone.locator("#update-banner")).to_be_hidden()
        phone.reload()  # the session resumes after a reload; the update must still wait
        assert current_action(phone) == first_action
        phone.wait_for_timeout(300)
        expect(phone.locator("#update-banner")).to_be_hidden()
        assert build_of_page(phone) == old_build

        phone.get_by_role("button", name="Stop", exact=True).click()
        phone.get_by_role("button", name="Interrupted").click()
        phone.locator("#save-session").click()
        expect(phone.locator("#update-banner")).to_be_visible()  # the session is over and saved
        assert build_of_server(url) != old_build

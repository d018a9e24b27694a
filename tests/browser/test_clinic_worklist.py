"""The clinic's safety net, the whole way: a phone offline over the weekend syncs a red-flag
session of 50 hours ago; it is the first line of the worklist with the owner's number; a nurse
marks it handled with a note; it leaves the worklist and is on the record, the printed summary
one A4 page."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess

from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, wait_until_offline_ready
from tests.browser.session_driver import answer_gate, routine_of
from tests.support.server import IVDD_PT, running_server

PASSWORD = "correct horse battery"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_a_late_red_flag_tops_the_worklist_until_a_nurse_handles_it(browser: Browser, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "IVDD_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    subprocess.run([IVDD_PT, "create-clinic", "--name", "Riverside Vets", "--email", "nurse@riverside.example",
                    "--phone", "+44 20 7946 0000"], input=PASSWORD + "\n", text=True, env=env, check=True,
                   capture_output=True)
    with running_server(data) as server:
        desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        desk.goto(server.url + "/clinic")
        desk.get_by_label("Email").fill("nurse@riverside.example")
        desk.get_by_label("Password").fill(PASSWORD)
        desk.get_by_role("button", name="Sign in").click()
        expect(desk.locator("#worklist")).to_contain_text("Nothing to handle")
        desk.get_by_role("link", name="New patient").first.click()
        desk.get_by_label("Dog's name").fill("Milo")
        desk.get_by_label("Owner's name (optional)").fill("Grace Lee")
        desk.get_by_label("Owner's phone (optional)").fill("+44 7700 900123")
        desk.get_by_role("button", name="Add the patient").click()
        desk.get_by_label("Left back leg").check()
        desk.get_by_role("button", name="Save prescription").click()
        desk.get_by_role("button", name="New invite code").click()
        join_link = desk.locator("#join-link").get_attribute("href")

        # The owner's phone, two days ago, offline: the safety check stops at a red flag.
        routine = routine_of(server.url)
        phone = browser.new_context(**PHONE, service_workers="allow").new_page()
        now = dt.datetime.now(dt.timezone.utc)
        phone.clock.install(time=now - dt.timedelta(hours=50))
        phone.goto(join_link)
        wait_until_offline_ready(phone)
        phone.get_by_role("button", name="Connect").click()
        expect(phone.locator("#sync-status")).to_contain_text("All synced")
        phone.context.set_offline(True)
        phone.locator("#start-session").click()
        answer_gate(phone, routine, block_at="cannot-urinate")
        expect(phone.get_by_role("heading", level=1)).to_have_text(routine["red_flag_outcome"]["title"])
        # Back online today: the outbox goes.
        phone.clock.set_system_time(now)
        phone.context.set_offline(False)
        phone.goto(server.url + "/")
        expect(phone.locator("#sync-status")).to_contain_text("All synced")

        desk.goto(server.url + "/clinic")
        first = desk.locator("#worklist .alert").first
        expect(first).to_contain_text("Milo")
        expect(first).to_contain_text("Red flag: answered “yes” to")
        expect(first).to_contain_text("reported late")
        expect(first.locator("a.tel")).to_have_attribute("href", "tel:+447700900123")
        expect(desk.locator("#patient-list tbody tr").first).to_contain_text("Red flag")
        first.get_by_role("button", name="Mark handled").click()  # no note: the browser asks for one first
        assert first.get_by_label("What was done").evaluate("input => input.validity.valueMissing")
        expect(first).to_be_visible()
        desk.locator("#worklist .alert").first.get_by_label("What was done").fill("called, advised to come in")
        desk.locator("#worklist .alert").first.get_by_role("button", name="Mark handled").click()
        expect(desk.get_by_role("status").first).to_contain_text("Marked handled")
        expect(desk.locator("#worklist")).to_contain_text("Nothing to handle")

        desk.get_by_role("link", name="Milo", exact=True).click()
        expect(desk.locator("#handled")).to_contain_text("handled by nurse@riverside.example")
        expect(desk.locator("#handled")).to_contain_text("called, advised to come in")
        expect(desk.locator(".timeline li").first.locator(".concern")).to_contain_text("Red flag: answered")
        desk.get_by_role("link", name="Visit summary").click()
        expect(desk.locator(".summary-alerts")).to_contain_text("Handled by nurse@riverside.example")
        desk.emulate_media(media="print")
        assert pdf_pages(desk.pdf(format="A4")) == 1
        desk.emulate_media(media="screen")

        # Discharged yesterday: the phone says the plan is closed (a later session is refused, kept on
        # the phone: tests/clinic/test_alerts.py).
        desk.go_back()
        desk.get_by_label("Day of discharge").fill((now - dt.timedelta(days=1)).date().isoformat())
        desk.get_by_role("button", name="Discharge Milo").click()
        expect(desk.locator("#discharged")).to_contain_text("Discharged on")
        phone.goto(server.url + "/")  # the app's start syncs: the answer says the plan is closed
        expect(phone.locator("#plan-closed")).to_have_text(
            "Your clinic has closed this plan; your history stays on this phone.")
        for page in (desk, phone):
            page.context.close()

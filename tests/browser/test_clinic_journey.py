"""The whole way, as people do it: a vet sets up the clinic and a patient, gives the owner a code;
the owner's phone connects, does a session that ends in excessive kicking; the vet sees it."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, wait_until_offline_ready
from tests.browser.session_driver import answer_gate, routine_of
from tests.support.server import running_server

PASSWORD = "correct horse battery"


def test_from_a_new_clinic_to_a_synced_session_with_its_flags(browser: Browser, tmp_path):
    with running_server(tmp_path / "data") as server:
        desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        desk.goto(server.url + "/clinic")
        expect(desk.get_by_role("heading", level=1)).to_have_text("Set up your clinic")
        desk.get_by_label("Clinic name").fill("Riverside Vets")
        desk.get_by_label("Clinic phone (optional)").fill("+44 20 7946 0000")
        desk.get_by_label("Time zone").fill("Europe/London")
        desk.get_by_label("Your email").fill("vet@riverside.example")
        desk.get_by_label("Password", exact=True).fill(PASSWORD)
        desk.get_by_label("Password again").fill(PASSWORD)
        desk.get_by_role("button", name="Create the clinic").click()
        desk.get_by_label("Email").fill("vet@riverside.example")
        desk.get_by_label("Password").fill(PASSWORD)
        desk.get_by_role("button", name="Sign in").click()
        expect(desk.get_by_role("heading", level=1)).to_contain_text("To handle")

        desk.get_by_role("link", name="New patient").first.click()
        desk.get_by_label("Dog's name").fill("Biscuit")
        desk.get_by_label("Owner's name (optional)").fill("Anna Clarke")
        desk.get_by_role("button", name="Add the patient").click()
        desk.get_by_label("Left back leg").check()
        desk.get_by_label("Right back leg").check()
        desk.get_by_label("Sessions a day").select_option("2")
        desk.get_by_role("button", name="Save prescription").click()
        expect(desk.get_by_role("status").first).to_contain_text("Prescription saved")
        desk.get_by_role("button", name="New invite code").click()
        join_link = desk.locator("#join-link").get_attribute("href")
        assert desk.locator("svg.qr").count() == 1

        phone = browser.new_context(**PHONE, service_workers="allow").new_page()
        phone.goto(join_link)  # as if scanned from the QR code
        wait_until_offline_ready(phone)
        phone.get_by_role("button", name="Connect").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Today with Biscuit")
        expect(phone.locator("#sync-status")).to_contain_text("All synced")

        phone.locator("#start-session").click()
        answer_gate(phone, routine_of(server.url))
        phone.locator("#begin").click()
        phone.get_by_role("button", name="Stop", exact=True).click()
        phone.locator("#stop-action-kicking").click()  # the stroke stops on this leg; the session goes on
        expect(phone.locator("section.action")).to_have_attribute("data-action", "knead-thigh")
        phone.get_by_role("button", name="Stop", exact=True).click()
        phone.get_by_role("button", name="Excessive kicking: end the session").click()
        phone.locator("#save-session").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Saved")
        phone.goto(server.url + "/")
        expect(phone.locator("#sync-status")).to_contain_text("All synced")

        desk.goto(server.url + "/clinic")
        first = desk.locator("#patient-list tbody tr").first
        expect(first).to_contain_text("Biscuit")
        expect(first).to_contain_text("Pain, kicking or bladder")
        expect(first).to_contain_text("Excessive kicking")
        first.get_by_role("link", name="Biscuit").click()
        entry = desk.locator(".timeline li").first
        expect(entry).to_contain_text("Stopped")
        expect(entry).to_contain_text("Stopped because of excessive kicking")
        expect(entry).to_contain_text("Stroke from hip to foot")
        expect(entry).to_contain_text("stopped for excessive kicking")
        expect(entry.locator(".badge")).to_have_text(["Excessive kicking"])
        expect(desk.locator("#phones")).to_contain_text("Owner's")
        for page in (desk, phone):  # closed before the server stops: it need not wait for them
            page.context.close()

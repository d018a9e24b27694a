"""The phone app in Spanish: chosen from the phone's languages or in Settings, offline, spoken.

An owner whose phone is set to Spanish installs the app and does a whole session offline: every
screen, the routine and the spoken cues are in Spanish, and the log records the Spanish content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import app_bundle, wait_until_offline_ready
from tests.browser.session_driver import (
    add_dog, answer_gate, assert_valid_log, do_current_action, expected_sequence, routine_of, saved_logs,
)
from tests.support.axe import violations

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
# What a phone says, with the language it says it in (the test's own record of speechSynthesis).
CAPTURE_SPEECH = """
window.__spoken = [];
const speak = speechSynthesis.speak.bind(speechSynthesis);
speechSynthesis.speak = (utterance) => {
  if (utterance.text.trim()) window.__spoken.push({ text: utterance.text, lang: utterance.lang });
  speak(utterance);
};
"""
# Words of the English interface that a Spanish screen or cue must never show.
ENGLISH = re.compile(r"\b(the|and|your|Step|Tap|Next|Done|Begin|Get ready|Time is up|Save|Today|Settings|"
                     r"History|Stop|Loading|of|left|right|leg)\b")


@pytest.fixture
def spanish_phone(browser: Browser, browser_context_args) -> Iterator[Page]:
    context = browser.new_context(**browser_context_args, locale="es-ES")
    context.add_init_script(CAPTURE_SPEECH)
    yield context.new_page()
    context.close()


def visible_text(page: Page) -> str:
    return page.locator("body").inner_text()


def test_a_whole_two_leg_session_in_spanish_offline_with_spanish_cues(spanish_phone: Page, base_url):
    page = spanish_phone
    page.goto(base_url + "/")
    wait_until_offline_ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator(".tab-bar a").first).to_have_text("Hoy")
    assert page.locator('link[rel="manifest"]').get_attribute("href") == "/manifest.es.webmanifest"
    dog = add_dog(page)
    routine = routine_of(base_url, "es")
    assert routine["locale"] == "es"

    page.context.set_offline(True)
    page.clock.install(time=START)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("#start-session").click()
    answer_gate(page, routine)
    expect(page.get_by_role("heading", level=1)).to_have_text(routine["setup"]["title"])
    assert not ENGLISH.search(visible_text(page)), visible_text(page)
    page.locator("#begin").click()
    for _ in expected_sequence(routine, dog["legs"]):
        page.locator("section.action, section.leg-change").first.wait_for()  # the card between legs too
        assert not ENGLISH.search(page.locator("main").inner_text()), page.locator("main").inner_text()
        do_current_action(page, routine)

    for leg in dog["legs"]:
        page.locator(f'input[name="kicking-{leg}"][value="none"]').check()
    page.locator('input[name="pain"][value="no"]').check()
    page.locator('input[name="urinated"][value="yes"]').check()
    assert not ENGLISH.search(visible_text(page)), visible_text(page)
    page.locator("#save-session").click()
    expect(page.locator("#back-today")).to_be_visible()
    assert not ENGLISH.search(visible_text(page)), visible_text(page)

    [log] = saved_logs(page, dog["id"])
    model = assert_valid_log(base_url, log)
    assert model.outcome == "completed" and model.gate.passed
    assert (model.content_locale, model.content_version) == ("es", routine["version"])

    spoken = page.evaluate("() => window.__spoken")
    assert len(spoken) > 40 and {cue["lang"] for cue in spoken} == {"es"}
    said = [cue["text"] for cue in spoken]
    english = [text for text in said if ENGLISH.search(text)]
    assert english == []
    first_step = routine["steps"][0]
    assert any(first_step["title"] in text for text in said)  # the step's Spanish title, read aloud
    assert any(first_step["actions"][0]["cue"] in text for text in said)


def test_the_language_is_chosen_in_settings_and_kept_on_this_phone(page: Page, base_url):
    page.goto(base_url + "/settings")
    wait_until_offline_ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#language option")).to_have_text(["English", "Español"])
    expect(page.locator('#language option[value="es"]')).to_have_attribute("lang", "es")

    page.locator("#language").select_option("es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajustes")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.evaluate("() => localStorage.getItem('ivdd.language')") == "es"
    # The worker kept Spanish for offline: the catalogue, the routine and the manifest.
    page.context.set_offline(True)
    shell = page.goto(base_url + "/routine").text()  # the worker's copy of the page, in Spanish before any script
    assert '<html lang="es">' in shell and ">Cargando…<" in shell and ">Hoy<" in shell
    expect(page.get_by_role("heading", level=1)).to_have_text(routine_of(base_url, "es")["title"])
    page.goto(base_url + "/settings")
    expect(page.locator("#offline-status")).to_have_text("Lista sin red")

    page.context.set_offline(False)
    page.locator("#language").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    assert page.evaluate("() => localStorage.getItem('ivdd.language')") is None  # the phone's own language again


def test_a_language_never_downloaded_cannot_be_chosen_offline(page: Page, base_url):
    page.goto(base_url + "/settings")
    wait_until_offline_ready(page)
    page.context.set_offline(True)
    page.locator("#language").select_option("es")
    expect(page.locator("#language-status")).to_contain_text("not on this phone yet")
    expect(page.locator("#language")).to_have_value("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_phone_without_a_spanish_voice_is_told(spanish_phone: Page, base_url):
    """The headless browser has no voices at all: exactly the phone this notice is for."""
    spanish_phone.goto(base_url + "/settings")
    expect(spanish_phone.locator(".no-voice")).to_be_visible()
    assert "voz" in spanish_phone.locator(".no-voice").inner_text()


@pytest.mark.parametrize(("accept", "lang", "words"), [
    ("es-ES,es;q=0.9,en;q=0.8", "es", [">Te damos la bienvenida<", ">Hoy<", 'aria-label="Principal"', "Una rutina muy ligera"]),
    ("fr-FR, en;q=0.5", "en", [">Welcome<", ">Today<", 'aria-label="Main"', "A very light"]),
])
def test_a_first_visit_is_in_the_browsers_language_before_any_script(base_url, accept, lang, words):
    """On a slow connection the page shows for a second or two before the script: in Spanish too."""
    home = httpx.get(base_url + "/", headers={"Accept-Language": accept})
    assert f'<html lang="{lang}">' in home.text and all(word in home.text for word in words)
    assert "Accept-Language" in home.headers["vary"]
    other = httpx.get(base_url + "/join/ABCD2345", headers={"Accept-Language": accept}).text
    assert f'<html lang="{lang}">' in other and (">Cargando…<" if lang == "es" else ">Loading…<") in other


def test_the_manifest_follows_the_language(base_url):
    spanish = httpx.get(base_url + "/manifest.es.webmanifest").json()
    english = httpx.get(base_url + "/manifest.webmanifest").json()
    assert (spanish["lang"], english["lang"]) == ("es", "en")
    assert spanish["description"] != english["description"] and spanish["icons"] == english["icons"]
    assert spanish["start_url"] == english["start_url"] and spanish["id"] == english["id"]


@pytest.mark.parametrize("path", ["/", "/settings", "/about", "/routine", "/history", "/dogs/new", "/no-such-page"])
def test_spanish_screens_have_no_accessibility_violations(spanish_phone: Page, base_url, path):
    spanish_phone.goto(base_url + path)
    expect(spanish_phone).to_have_title(re.compile(r". · IVDD Home PT$"))
    expect(spanish_phone.locator("html")).to_have_attribute("lang", "es")
    found, results = violations(spanish_phone)
    assert found == [], results.generate_report()


@pytest.mark.parametrize(("locale", "written"), [("en-GB", "3 November 2026 at 14:05"), ("en-US", "November 3, 2026 at 2:05 PM"),
                                                   ("es-MX", "3 de noviembre de 2026 a las 2:05 p.m.")])
def test_dates_are_written_as_the_phone_writes_its_language(browser: Browser, browser_context_args, base_url,
                                                            locale, written):
    """The app's language picks the words; the phone's own tag of it picks the clock and the order."""
    context = browser.new_context(**browser_context_args, locale=locale)
    page = context.new_page()
    page.goto(base_url + "/about")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    said = page.evaluate("""async (url) => (await import(url)).moduleOf('js/i18n.js').formatDate(
        new Date(Date.UTC(2026, 10, 3, 14, 5)),
        { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC' })""",
                         app_bundle(page))
    context.close()
    assert said.replace("\u202f", " ").replace("\xa0", " ") == written


@pytest.mark.parametrize("kept", ["constructor", "__proto__", "fr", ""])
def test_a_kept_choice_that_is_no_language_of_the_app_leaves_the_phones_own(spanish_phone: Page, base_url, kept):
    """What localStorage holds is not to be trusted: a name every object has is no language."""
    page = spanish_phone
    page.goto(base_url + "/settings")
    page.evaluate("kept => localStorage.setItem('ivdd.language', kept)", kept)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajustes")
    expect(page.locator("html")).to_have_attribute("lang", "es")

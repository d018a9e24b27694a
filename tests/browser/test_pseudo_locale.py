"""No English left behind: with a made-up catalogue in which every text of the app is wrapped in
brackets, every screen an owner can meet shows only bracketed words, the routine's (Spanish)
content, the owner's own data, and what Intl makes (dates, numbers). A word the code writes without
marking it for translation is found here, with the screen it is on."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from app.web.catalogues import messages_of
from tests.browser.conftest import WEB_DIR, call_module
from tests.browser.session_driver import add_dog, answer_gate, current_action, do_current_action, routine_of

BRACKETED = re.compile(r"\[[^\[\]]*\]")
WORD = re.compile(r"[^\W\d_]{2,}")
NOT_WORDS = {"IVDD", "Home", "PT", "doi"}  # the product's name; a reference's "doi:10.1111/…"
DOG = {"name": "Pipa", "clinicName": "Zarzal", "clinicPhone": "+34 910 000 000"}
# Every visible text node and every perceivable attribute, with the words Intl makes in the
# page's language (months, weekdays, "hoy"...), which no catalogue holds.
READ_SCREEN = """() => {
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest('script, style, noscript') || !element.checkVisibility()) continue;
    if (walker.currentNode.textContent.trim()) texts.push(walker.currentNode.textContent.trim());
  }
  for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (element.getAttribute(name)) texts.push(element.getAttribute(name));
    }
  }
  const lang = document.documentElement.lang;
  const intl = [];
  for (let month = 0; month < 12; month += 1) {
    for (const style of ['long', 'short']) {
      const date = new Date(2026, month, 1 + month);
      intl.push(new Intl.DateTimeFormat(lang, { month: style, weekday: style }).format(date));
    }
  }
  intl.push(new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(0, 'day'));
  return { texts, intl: intl.join(' ') };
}"""


def pseudo_catalogue() -> dict:
    return {key: ({"one": f"[{message.one}]", "other": f"[{key}]"} if message.one is not None else f"[{key}]")
            for key, message in messages_of(WEB_DIR).items()}


def content_texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in content_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in content_texts(item)]
    return []


@pytest.fixture
def pseudo_phone(browser: Browser, browser_context_args, base_url) -> Iterator[Page]:
    """A Spanish phone given the made-up catalogue in place of the Spanish one (the worker is
    kept out: it would answer from its own cache)."""
    context = browser.new_context(**{**browser_context_args, "service_workers": "block"}, locale="es-ES")
    catalogue = json.dumps(pseudo_catalogue())
    context.route(re.compile(r"/locales/es\.json$"), lambda route: route.fulfill(
        body=catalogue, content_type="application/json"))
    yield context.new_page()
    context.close()


class Screens:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        routine = routine_of(base_url, "es")
        self.allowed = sorted({*content_texts(routine), *DOG.values(), "English", "Español"}, key=len, reverse=True)
        self.untranslated: dict[str, list[str]] = {}

    def check(self, name: str) -> None:
        found = self.page.evaluate(READ_SCREEN)
        intl_words = set(WORD.findall(found["intl"]))
        for text in found["texts"]:
            rest = text
            while BRACKETED.search(rest):
                rest = BRACKETED.sub(" ", rest)
            for allowed in self.allowed:
                rest = rest.replace(allowed, " ")
            words = [word for word in WORD.findall(rest) if word not in NOT_WORDS and word not in intl_words]
            if words:
                self.untranslated.setdefault(name, []).append(text)

    def visit(self, base_url: str, path: str) -> None:
        self.page.goto(base_url + path)
        expect(self.page).to_have_title(re.compile(r". · IVDD Home PT$"))
        self.check(path)


def test_every_phone_screen_is_made_of_translated_words(pseudo_phone: Page, base_url):
    page = pseudo_phone
    screens = Screens(page, base_url)
    screens.visit(base_url, "/")  # the welcome, with no dog yet
    for path in ["/dogs/new", "/about", "/settings", "/routine", "/history", "/connect", "/join/ABCD2345",
                 "/no-such-page"]:
        screens.visit(base_url, path)
    dog = add_dog(page, legs=["right-hind"], name=DOG["name"], phone=DOG["clinicPhone"])
    call_module(page, "dogs.js", "saveDog", {**dog, "clinicName": DOG["clinicName"]})
    for path in ["/", "/dogs", f"/dogs/{dog['id']}", f"/dogs/{dog['id']}/times", "/bladder"]:
        screens.visit(base_url, path)

    routine = routine_of(base_url, "es")
    page.goto(base_url + "/")
    page.locator("#start-session").click()
    page.locator("#gate-question").wait_for()
    screens.check("the safety check")
    answer_gate(page, routine)
    screens.check("the set-up")
    page.locator("#begin").click()
    page.clock.install()
    seen = set()
    while not page.locator("#observations").count():
        page.locator("section.action, section.leg-change, #observations").first.wait_for()
        if page.locator("#observations").count():
            break
        _, action = current_action(page)
        if action not in seen:
            seen.add(action)
            screens.check(f"the action {action}")
        if len(seen) == 1:
            page.locator("#stop-button").click()
            screens.check("the stop sheet")
            page.locator("#stop-cancel").click()
        do_current_action(page, routine)
    screens.check("the end of the session")
    page.locator('input[name="urinated"][value="no"]').check()  # shows the bladder hint too
    screens.check("the end of the session, no urine")
    page.locator("#save-session").click()
    page.locator("#back-today").wait_for()
    screens.check("saved")
    for path in ["/", "/history", "/history/print"]:
        screens.visit(base_url, path)

    page.goto(base_url + "/session")
    answer_gate(page, routine, block_at="uncontrolled-pain")
    page.locator("section.blocked").wait_for()
    screens.check("a blocked safety check")
    assert screens.untranslated == {}

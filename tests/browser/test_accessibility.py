"""axe-core finds no WCAG 2 A/AA or best-practice violations on any page, light or dark."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.axe import violations

PAGES = ["/", "/about", "/settings", "/routine", "/no-such-page"]
DRAWN = re.compile(r". · IVDD Home PT$")  # the app's router titles each page it draws; "/" has a heading before that


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(page: Page, base_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    expect(page).to_have_title(DRAWN)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    found, results = violations(page)
    assert found == [], results.generate_report()


def test_negative_control_the_scan_does_find_problems(page: Page, base_url):
    page.goto(base_url + "/")
    expect(page).to_have_title(DRAWN)
    page.evaluate("""() => {
      const main = document.querySelector('main');
      main.append(Object.assign(document.createElement('img'), { src: '/nothing.png' }));
      main.append(document.createElement('button'));
    }""")
    found, _ = violations(page)
    assert {"image-alt", "button-name"} <= set(found)

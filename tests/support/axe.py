"""One axe-core scan for every accessibility test: WCAG 2 A/AA and best practice.

`resultTypes: ["violations"]` lets axe skip the node details of every rule that passed (it still
runs every rule): the scan takes less time and the answer over the wire is a fraction of the size,
while the violations found are the same."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe, AxeResults
from playwright.sync_api import Page

AXE = Axe()
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "best-practice"]}, "resultTypes": ["violations"]}


def violations(page: Page) -> tuple[list[str], AxeResults]:
    """The ids of the rules the page breaks, and axe's results for the report."""
    results = AXE.run(page, options=RULES)
    return [violation["id"] for violation in results.response["violations"]], results

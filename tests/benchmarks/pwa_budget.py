"""Benchmark: what a first visit costs, how fast an offline reload is, how soon the home page
shows on a poor connection, and Lighthouse's scores.

    .venv/bin/python -m tests.benchmarks.pwa_budget [--reloads 15] [--no-lighthouse]

1. Bytes received by a first visit until the app is ready offline: response headers and bodies as
   sent (compressed), every request (the page's and the service worker's), icons excluded.
   Chromium reports no body size for the worker's own script, so its compressed bytes are added
   as the server sends them. Target: 50 KB or less, 20 requests or fewer.
2. Offline reload time of the app's home page beside a blank page served by the same worker, as a
   ratio (medians). The blank page is a `blank.html` added to a copy of web/, so the worker
   precaches and serves it exactly as it serves the app. Target: 1.5 or less.
3. A cold first visit on a poor connection (DevTools' network emulation: 400 ms latency,
   400 kbit/s each way; a Pixel 7 context, nothing cached): when the home page's heading is
   painted (Element Timing), beside when one small page's heading is (the floor: one request on
   the same connection). Target: 3x the floor or less. Also when the welcome's button is painted.
4. Lighthouse 12 (npm, installed into a temporary folder when missing) on Debian's Chromium:
   performance, accessibility, best-practices. Targets 0.95, 1.0, 1.0.
Prints figures; asserts nothing (these machines are noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, WEB_DIR, wait_until_offline_ready
from tests.support.server import running_server

LIGHTHOUSE_DIR = Path(os.environ.get("IVDD_LIGHTHOUSE_DIR", "/tmp/ivdd-lighthouse"))
BLANK = "<!doctype html><html lang=en><meta charset=utf-8><title>blank</title><main><h1>Blank</h1></main></html>\n"
POOR_CONNECTION = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
# Marks the page's heading and the welcome's button for Element Timing as soon as they exist
# (in the HTML or drawn by the script), and records when each was first painted.
PAINT_WATCH = """
window.__painted = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__painted[entry.identifier] ??= entry.renderTime || entry.loadTime;
}).observe({ type: 'element', buffered: true });
new MutationObserver(() => {
  for (const [selector, name] of [['main h1', 'heading'], ['#add-dog', 'button']]) {
    const element = document.querySelector(selector);
    if (element && !element.hasAttribute('elementtiming')) element.setAttribute('elementtiming', name);
  }
}).observe(document, { childList: true, subtree: true });
"""


def first_visit_bytes(page: Page, url: str) -> dict[str, int]:
    """Sum what crossed the network: response headers and bodies as sent (compressed); requests
    answered from the HTTP cache (negative body size) moved nothing."""
    totals = {"requests": 1, "response_bytes": 0, "request_header_bytes": 0, "icons_skipped": 0}  # 1: sw.js

    def finished(request) -> None:
        sizes = request.sizes()
        if "/icons/" in request.url:
            totals["icons_skipped"] += 1
        elif request.url.endswith("/sw.js"):
            totals["response_bytes"] += sizes["responseHeadersSize"]  # its body: see below
            totals["request_header_bytes"] += sizes["requestHeadersSize"]
        elif sizes["responseBodySize"] >= 0:
            totals["requests"] += 1
            totals["response_bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            totals["request_header_bytes"] += sizes["requestHeadersSize"]

    page.context.on("requestfinished", finished)
    page.goto(url + "/")
    wait_until_offline_ready(page)
    page.wait_for_timeout(500)  # let the last precache responses finish
    page.context.remove_listener("requestfinished", finished)
    with httpx.stream("GET", url + "/sw.js", headers={"Accept-Encoding": "br, gzip"}) as worker:
        totals["response_bytes"] += sum(len(chunk) for chunk in worker.iter_raw())
    return totals


def painted_ms(browser, device: dict, url: str, names: list[str]) -> list[float]:
    """A cold visit on the poor connection: when each named element was first painted (ms after
    the navigation started)."""
    context = browser.new_context(**device)
    context.add_init_script(PAINT_WATCH)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", POOR_CONNECTION)
    page.goto(url, wait_until="commit")
    page.wait_for_function("(names) => names.every((name) => window.__painted[name])", arg=names, timeout=60_000)
    times = page.evaluate("(names) => names.map((name) => window.__painted[name])", names)
    context.close()
    return times


def median_load_ms(page: Page, url: str, ready_selector: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        page.goto(url)
        page.locator(ready_selector).first.wait_for(state="attached")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def lighthouse(url: str) -> dict[str, float]:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-fund", "--no-audit", "--prefix", str(LIGHTHOUSE_DIR),
                        "lighthouse@12"], check=True)
    flags = " ".join([*CHROMIUM_ARGS, "--headless=new", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
    out = subprocess.run(
        [str(binary), url, "--quiet", "--output=json", "--only-categories=performance,accessibility,best-practices",
         f"--chrome-flags={flags}"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True).stdout
    report = json.loads(out)
    return {name: category["score"] for name, category in report["categories"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reloads", type=int, default=15)
    parser.add_argument("--slow-visits", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        web = Path(shutil.copytree(WEB_DIR, Path(tmp) / "web"))
        (web / "blank.html").write_text(BLANK)
        with running_server(Path(tmp) / "data", env={"IVDD_WEB_DIR": str(web)}) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(**PHONE).new_page()
            moved = first_visit_bytes(page, server.url)
            print(f"first visit: {moved['response_bytes'] / 1024:.1f} KB received in {moved['requests']} requests "
                  f"(headers and compressed bodies; {moved['icons_skipped']} icon requests excluded), "
                  f"{moved['request_header_bytes'] / 1024:.1f} KB of request headers sent. "
                  "Targets: <= 50 KB, <= 20 requests.")
            spanish = browser.new_context(**PHONE, locale="es-ES").new_page()
            moved = first_visit_bytes(spanish, server.url)
            print(f"first visit of a phone in Spanish (its catalogue and routine too): "
                  f"{moved['response_bytes'] / 1024:.1f} KB received in {moved['requests']} requests.")
            spanish.context.close()

            build = page.evaluate("document.querySelector('link[rel=stylesheet]').getAttribute('href').split('/')[2]")
            page.context.set_offline(True)
            median_load_ms(page, server.url + "/", "h1", 2)  # warm both paths
            median_load_ms(page, f"{server.url}/v/{build}/blank.html", "title", 2)
            app_ms = median_load_ms(page, server.url + "/", "h1", args.reloads)
            blank_ms = median_load_ms(page, f"{server.url}/v/{build}/blank.html", "title", args.reloads)
            print(f"offline reload: home to its heading {app_ms:.1f} ms, blank page {blank_ms:.1f} ms "
                  f"(medians of {args.reloads}); ratio {app_ms / blank_ms:.2f}. Target: <= 1.5.")

            pixel = p.devices["Pixel 7"]
            floor = statistics.median(painted_ms(browser, pixel, f"{server.url}/v/{build}/blank.html", ["heading"])[0]
                                      for _ in range(args.slow_visits))
            home = [painted_ms(browser, pixel, server.url + "/", ["heading", "button"]) for _ in range(args.slow_visits)]
            heading = statistics.median(times[0] for times in home)
            button = statistics.median(times[1] for times in home)
            print(f"poor connection (400 ms, 400 kbit/s, Pixel 7, cold): home's heading painted at {heading:.0f} ms, "
                  f"one small page's at {floor:.0f} ms (medians of {args.slow_visits}); ratio {heading / floor:.2f}. "
                  f"Target: <= 3. The welcome's button at {button:.0f} ms.")
            browser.close()

            if not args.no_lighthouse:
                scores = lighthouse(server.url + "/")
                print("lighthouse 12: " + ", ".join(f"{name} {score:.2f}" for name, score in scores.items())
                      + " (targets: performance 0.95, accessibility 1.00, best-practices 1.00)")


if __name__ == "__main__":
    main()

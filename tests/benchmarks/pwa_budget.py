"""Benchmark: what a first visit costs, how fast an offline reload is, and Lighthouse's scores.

    .venv/bin/python -m tests.benchmarks.pwa_budget [--reloads 15] [--no-lighthouse]

1. Bytes moved by a first visit, compressed as sent, every request (the page's and the service
   worker's precache), icons excluded. Target: 60 KB or less.
2. Offline reload time of the app's home page beside a blank page served by the same worker, as a
   ratio (medians). The blank page is a `blank.html` added to a copy of web/, so the worker
   precaches and serves it exactly as it serves the app.
3. Lighthouse 12 (npm, installed into a temporary folder when missing) on Debian's Chromium:
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

from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, WEB_DIR, wait_until_offline_ready
from tests.support.server import running_server

LIGHTHOUSE_DIR = Path(os.environ.get("IVDD_LIGHTHOUSE_DIR", "/tmp/ivdd-lighthouse"))
BLANK = "<!doctype html><html lang=en><meta charset=utf-8><title>blank</title></html>\n"


def first_visit_bytes(page: Page, url: str) -> dict[str, int]:
    """Sum what crossed the network: response headers and bodies as sent (compressed); requests
    answered from the HTTP cache (negative body size) moved nothing."""
    totals = {"requests": 0, "response_bytes": 0, "request_header_bytes": 0, "icons_skipped": 0}

    def finished(request) -> None:
        sizes = request.sizes()
        if "/icons/" in request.url:
            totals["icons_skipped"] += 1
        elif sizes["responseBodySize"] >= 0:
            totals["requests"] += 1
            totals["response_bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            totals["request_header_bytes"] += sizes["requestHeadersSize"]

    page.context.on("requestfinished", finished)
    page.goto(url + "/")
    wait_until_offline_ready(page)
    page.wait_for_timeout(500)  # let the last precache responses finish
    page.context.remove_listener("requestfinished", finished)
    return totals


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
                  f"{moved['request_header_bytes'] / 1024:.1f} KB of request headers sent. Target: <= 60 KB.")

            build = page.evaluate("document.querySelector('link[rel=stylesheet]').getAttribute('href').split('/')[2]")
            page.context.set_offline(True)
            median_load_ms(page, server.url + "/", "h1", 2)  # warm both paths
            median_load_ms(page, f"{server.url}/v/{build}/blank.html", "title", 2)
            app_ms = median_load_ms(page, server.url + "/", "h1", args.reloads)
            blank_ms = median_load_ms(page, f"{server.url}/v/{build}/blank.html", "title", args.reloads)
            print(f"offline reload: home to its heading {app_ms:.1f} ms, blank page {blank_ms:.1f} ms "
                  f"(medians of {args.reloads}); ratio {app_ms / blank_ms:.2f}")
            browser.close()

            if not args.no_lighthouse:
                scores = lighthouse(server.url + "/")
                print("lighthouse 12: " + ", ".join(f"{name} {score:.2f}" for name, score in scores.items())
                      + " (targets: performance 0.95, accessibility 1.00, best-practices 1.00)")


if __name__ == "__main__":
    main()

"""Browser tests: Debian's Chromium driven by Playwright against a real `ivdd-pt serve`.

Most tests run in Chromium's headless shell (Debian's chromium-headless-shell, the browser
Playwright itself uses for headless runs): the same engine without the browser's own layers, at
about 60% of the CPU. The few that need what only the full browser has (the install prompt,
Background Sync) ask for `full_chromium_page`, or launch CHROMIUM themselves.

Never `playwright install`: it downloads a browser, which this network refuses.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.support.clinic import sqlite_url, stored_logs, wipe
from tests.support.postgres import fresh_database
from tests.support.server import RunningServer, free_port, running_server

CHROMIUM = "/usr/bin/chromium"
HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WEB_DIR = Path(__file__).resolve().parents[2] / "web"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


def _installed(path: str, package: str) -> str:
    if not Path(path).exists():
        pytest.fail(f"{path} is missing: run `bash .ci/run`, which installs Debian's {package}")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    return {"executable_path": _installed(HEADLESS_SHELL, "chromium-headless-shell"), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def full_chromium(playwright):
    """The full browser, for what the headless shell lacks (Background Sync, say)."""
    browser = playwright.chromium.launch(executable_path=_installed(CHROMIUM, "chromium"), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def full_chromium_page(full_chromium, browser_context_args) -> Iterator[Page]:
    context = full_chromium.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def browser_context_args() -> dict:
    return {**PHONE, "service_workers": "allow"}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("live") / "data") as server:
        yield server


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


@dataclass
class Clinic:
    """A clinic's server as a phone meets it, and its database for the clinic's side of a test."""

    data: Path
    port: int
    server: RunningServer | None = None
    database_url: str | None = None  # PostgreSQL; SQLite in `data` when None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> str:
        return self.database_url or sqlite_url(self.data)

    @property
    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.database_url} if self.database_url else {}

    def logs(self) -> list[dict]:
        return stored_logs(self.database)


@pytest.fixture(scope="session")
def shared_clinic(tmp_path_factory) -> Iterator[Clinic]:
    """One clinic server for a worker's sync tests: a start costs seconds on a busy machine, and
    each test's own browser context already keeps phones apart. `clinic` empties it per test."""
    site = Clinic(tmp_path_factory.mktemp("clinic") / "data", free_port())
    with running_server(site.data, port=site.port) as server:
        site.server = server
        yield site


@pytest.fixture
def clinic(shared_clinic) -> Clinic:
    """The shared clinic server, its database emptied first (no clinic, dog, phone or log)."""
    wipe(shared_clinic.database)
    return shared_clinic


@pytest.fixture
def own_clinic(tmp_path) -> Iterator[Clinic]:
    """A server of the test's own, which it may stop and start again on the same origin."""
    site = Clinic(tmp_path / "data", free_port())
    with running_server(site.data, port=site.port) as server:
        site.server = server
        yield site


@pytest.fixture(params=["sqlite", "postgresql"])
def any_clinic(request, tmp_path) -> Iterator[Clinic]:
    """The clinic's server on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("clinic")
        return
    with fresh_database(request.getfixturevalue("postgres")) as url:
        site = Clinic(tmp_path / "data", free_port(), database_url=url)
        with running_server(site.data, env=site.env, port=site.port) as server:
            site.server = server
            yield site


@pytest.fixture
def web_copy(tmp_path) -> Path:
    """A private copy of web/ that a test may change, for a server of its own."""
    return Path(shutil.copytree(WEB_DIR, tmp_path / "web"))


def wait_until_offline_ready(page: Page) -> None:
    """The worker controls the page and says its precache is complete."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    page.locator("#offline-status").wait_for(state="visible", timeout=15_000)


def asset_prefix(page: Page) -> str:
    """/v/<build> of the page's own files."""
    return page.evaluate("() => document.querySelector('link[rel=stylesheet]').getAttribute('href').replace(/\\/app\\.css$/, '')")


def call_module(page: Page, module: str, function: str, *args):
    """Call an exported function of one of the app's own modules, in the page (e.g. to seed
    IndexedDB through the app's code rather than behind its back). Returns its awaited result."""
    return page.evaluate("async ([url, path, fn, args]) => (await import(url)).moduleOf(path)[fn](...args)",
                         [app_bundle(page), f"js/{module}", function, list(args)])


def app_bundle(page: Page) -> str:
    """The app's modules, joined into one file at start-up (app/web/bundle.py). Importing it gives
    the very module objects the page runs on: `(await import(url)).moduleOf('js/dogs.js')`."""
    return f"{asset_prefix(page)}/app.js"

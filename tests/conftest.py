"""Fixtures shared by every test: settings on a fresh SQLite file, an app, a client, content;
and `database_url`, which runs a test once on SQLite and once on a real PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.main import create_app
from tests.support.clinic import sqlite_url
from tests.support.postgres import fresh_database, postgres_cluster

CONTENT_DIR = PROJECT_ROOT / "content"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A fresh SQLite file per test, whatever DATABASE_URL the shell has."""
    return Settings(database_url=None, data_dir=tmp_path / "data", content_dir=CONTENT_DIR)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # `with` runs the lifespan: engine up, then disposed
        yield test_client
    app.dependency_overrides.clear()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may break."""
    return Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """One PostgreSQL cluster for the whole run, started the first time a test asks for it."""
    with postgres_cluster() as base_url:
        yield base_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or a fresh database in the test cluster."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "data")
    else:
        with fresh_database(request.getfixturevalue("postgres")) as url:
            yield url


@pytest.fixture
def db_client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """A client of an app on `database_url` (both databases, one after the other)."""
    app = create_app(Settings(database_url=database_url, data_dir=tmp_path / "data", content_dir=CONTENT_DIR,
                              link_attempts=1000))
    with TestClient(app) as test_client:
        yield test_client
    app.dependency_overrides.clear()

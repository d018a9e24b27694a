"""Fixtures shared by every test: settings on a fresh SQLite file, an app, a client, content."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.main import create_app

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

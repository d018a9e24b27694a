"""Settings come from DATABASE_URL and IVDD_* variables, with a SQLite file by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("DATABASE_URL", "IVDD_DATABASE_URL", "IVDD_DATA_DIR", "IVDD_PORT", "IVDD_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)


def test_default_is_a_sqlite_file_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path / 'data' / 'ivdd-pt.sqlite3'}"


def test_database_url_and_prefixed_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db:5432/ivdd")
    monkeypatch.setenv("IVDD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("IVDD_PORT", "9000")
    settings = Settings()
    assert settings.sqlalchemy_url == "postgresql+psycopg://u:p@db:5432/ivdd"
    assert (settings.data_dir, settings.port) == (Path(tmp_path), 9000)


@pytest.mark.parametrize("url", ["postgres://u:p@db/ivdd", "postgresql://u:p@db/ivdd"])
def test_plain_postgres_urls_use_psycopg(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    assert Settings().sqlalchemy_url == "postgresql+psycopg://u:p@db/ivdd"


def test_bad_values_say_which_setting(monkeypatch):
    monkeypatch.setenv("IVDD_PORT", "eighty")
    with pytest.raises(ValueError, match="port"):
        Settings()


def test_trusted_proxies_are_addresses_or_networks_and_none_by_default():
    assert Settings().trusted_proxy_list == []
    assert Settings(trusted_proxies=" 10.0.0.5, 10.0.0.0/8,fd00::/8 ,").trusted_proxy_list == [
        "10.0.0.5", "10.0.0.0/8", "fd00::/8"]
    with pytest.raises(ValueError, match="'proxy.internal' is not an IP address or network"):
        Settings(trusted_proxies="10.0.0.5,proxy.internal")
    with pytest.raises(ValueError, match="stands alone"):
        Settings(trusted_proxies="*,10.0.0.5")
    assert Settings(trusted_proxies="*").trusted_proxy_list == ["*"]

"""Settings from the environment.

The database comes from the conventional `DATABASE_URL`; everything else is prefixed `IVDD_`
(`IVDD_DATA_DIR`, `IVDD_CONTENT_DIR`...). With nothing set, the app keeps a SQLite file in
`./data/`, created on first start.
"""

from __future__ import annotations

import re
from functools import cached_property
from ipaddress import ip_network
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PUSH_SERVICE = re.compile(r"https?://(\*\.)?[a-z0-9.-]+(:[0-9]{1,5})?")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED = Path(__file__).resolve().parent / "bundled"  # an installed wheel's content/ and web/ (setup.py)


def _bundled_or_checkout(name: str) -> Path:
    return BUNDLED / name if (BUNDLED / name).is_dir() else PROJECT_ROOT / name



# The push services of Chrome and Android, Firefox, Edge and Safari.
DEFAULT_PUSH_SERVICES = ("https://fcm.googleapis.com,https://*.push.services.mozilla.com,"
                         "https://*.notify.windows.com,https://web.push.apple.com")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IVDD_", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "IVDD_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL; SQLite in data_dir when unset. postgres:// URLs use psycopg.",
    )
    data_dir: Path = Field(Path("data"), description="where the default SQLite file lives")
    content_dir: Path = Field(_bundled_or_checkout("content"), description="the routine content folder")
    web_dir: Path = Field(_bundled_or_checkout("web"), description="the PWA's files")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    log_level: str = "info"
    migrate_on_start: bool = Field(True, description="bring the database schema up to date when the app starts")
    # The limits count failed tries only, in the database: every process and host shares them.
    link_attempts: int = Field(10, ge=1, description="wrong invite codes allowed per address per window")
    link_window_seconds: int = Field(600, ge=1, description="the window for link_attempts, in seconds")
    login_attempts: int = Field(10, ge=1, description="failed dashboard sign-ins allowed per address, and per "
                                "account from addresses it has not signed in from, per window")
    login_window_seconds: int = Field(600, ge=1, description="the window for login_attempts, in seconds")
    trusted_proxies: str = Field("", description="comma-separated addresses or networks of reverse proxies whose "
                                 "X-Forwarded-For and X-Forwarded-Proto are believed; none by default")
    public_url: str | None = Field(None, description="the address owners use, for /join/<code> links the CLI prints")
    # Web Push (services/web_push.py, services/reminders.py).
    reminder_tick_seconds: float = Field(30, ge=0, description="how often each process looks for reminders due "
                                         "(0: never; another process or `ivdd-pt send-reminders` sends them)")
    push_contact: str | None = Field(None, description="a mailto: or https: address push services may contact "
                                     "about this server's pushes (the VAPID 'sub'); public_url when unset")
    push_services: str = Field(DEFAULT_PUSH_SERVICES, description="comma-separated origins a phone's push "
                               "subscription may point at (a leading *. matches any subdomain): the server posts "
                               "to them, so no other address can be made its target")

    @field_validator("database_url")
    @classmethod
    def _use_psycopg_for_postgres(cls, url: str | None) -> str | None:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver spelled out.
        if url is None or not url.strip():
            return None
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        if "*" in _entries(value) and _entries(value) != ["*"]:
            raise ValueError("'*' (every address) stands alone, without other entries")
        for entry in _entries(value):
            if entry != "*":
                try:
                    ip_network(entry, strict=False)
                except ValueError:
                    raise ValueError(f"{entry!r} is not an IP address or network "
                                     "(like 10.0.0.5, 10.0.0.0/8 or fd00::/8)") from None
        return ",".join(_entries(value))

    @field_validator("push_services")
    @classmethod
    def _push_services_are_origins(cls, value: str) -> str:
        for entry in _entries(value):
            if not PUSH_SERVICE.fullmatch(entry):
                raise ValueError(f"{entry!r} is not an origin like https://fcm.googleapis.com or https://*.example.com")
        return ",".join(_entries(value))

    @property
    def vapid_contact(self) -> str:
        contact = self.push_contact or self.public_url or ""
        return contact if contact.startswith(("mailto:", "https://")) else "mailto:reminders@ivdd-pt.invalid"

    @property
    def trusted_proxy_list(self) -> list[str]:
        return _entries(self.trusted_proxies)

    @cached_property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'ivdd-pt.sqlite3').resolve()}"


def _entries(text: str) -> list[str]:
    return [entry.strip() for entry in text.split(",") if entry.strip()]

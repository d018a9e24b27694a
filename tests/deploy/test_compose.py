"""deploy/compose.yaml, read as YAML (Docker does not run here): PostgreSQL 16 on a volume with a
health check, the app built from the Dockerfile with 2+ workers and never as root, and Caddy in
front with automatic HTTPS, the only proxy the app trusts."""

from __future__ import annotations

import re

import yaml

from app.config import PROJECT_ROOT
from tests.deploy.dockerfile import DOCKERFILE

DEPLOY = PROJECT_ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def test_postgresql_16_keeps_its_data_in_a_named_volume_and_checks_its_health():
    db = SERVICES["db"]
    assert db["image"] == "postgres:16" and "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume, _, mount = db["volumes"][0].partition(":")
    assert mount == "/var/lib/postgresql/data" and volume in COMPOSE["volumes"]


def test_the_app_is_built_from_the_dockerfile_and_runs_two_workers_on_postgresql():
    app = SERVICES["app"]
    assert (DEPLOY / app["build"]["context"] / app["build"]["dockerfile"]).resolve() == DOCKERFILE
    command = app["command"]
    assert command[:2] == ["ivdd-pt", "serve"] and int(command[command.index("--workers") + 1]) >= 2
    assert app["environment"]["DATABASE_URL"].startswith("postgresql://") and "@db:5432/" in app["environment"]["DATABASE_URL"]
    assert app["environment"]["IVDD_PUBLIC_URL"].startswith("https://")
    assert app["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_app_never_runs_as_root():
    user = SERVICES["app"].get("user", "")
    assert user and user.split(":")[0] not in ("0", "root")
    image_user = re.findall(r"^USER (\S+)", DOCKERFILE.read_text(), re.MULTILINE)[-1]
    assert image_user not in ("0", "root")


def test_caddy_serves_https_for_the_domain_and_is_the_one_proxy_trusted():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("caddy:") and "443:443" in proxy["ports"]
    mounted = {volume.split(":")[1]: volume.split(":")[0] for volume in proxy["volumes"]}
    caddyfile = (DEPLOY / mounted["/etc/caddy/Caddyfile"]).read_text()
    assert "{$IVDD_DOMAIN} {" in caddyfile and "reverse_proxy app:8000" in caddyfile  # a domain: automatic HTTPS
    assert "--port" in SERVICES["app"]["command"] and "8000" in SERVICES["app"]["command"]
    assert SERVICES["app"]["environment"]["IVDD_TRUSTED_PROXIES"] == proxy["networks"]["proxy"]["ipv4_address"]
    assert "ports" not in SERVICES["app"] and "ports" not in SERVICES["db"]  # only the proxy faces the world
    assert COMPOSE["networks"]["database"]["internal"] is True

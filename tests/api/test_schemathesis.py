"""Property tests of the phones' routes (POST /api/v1/devices, POST /api/v1/sync) from the app's
own OpenAPI document, with Schemathesis: generated requests, valid and invalid, never get a
server error, and every answer has a documented status, the documented content type and, where
the document gives one, the documented shape.

The app runs in-process (ASGI) on a fresh SQLite file; /sync is called with a real device token
(an invite from tests/support/clinic.py, linked through POST /api/v1/devices). Examples are
bounded and generation derandomized, so a run takes seconds and is the same every time.

The OpenAPI document describes a sync item as any JSON (each log is validated on its own, so one
bad log never fails the batch): generated items are then practically never valid logs. The second test narrows
the items to the session-log JSON Schema the app publishes (GET /api/v1/schema/session-log), so
logs also get stored, found duplicate and found conflicting.

The schema is built from `app.openapi()` at import (no database, no lifespan), not with
`schemathesis.pytest.from_fixture`: that loader sets the private `Item._nodeid`, which pytest 9.2
no longer has (AttributeError in schemathesis 4.32.5). Requests reach the fixture's app through
`case.call(app=...)`; Schemathesis runs that app's lifespan and ends it after each test.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.python import asgi

from app.config import Settings
from app.main import create_app
from app.schemas.session_log import SessionLog
from app.schemas.sync import MAX_LOGS
from tests.conftest import CONTENT_DIR
from tests.support.clinic import invite, sqlite_url

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = schemathesis.Config.from_dict({"generation": {"deterministic": True, "database": "none"}})
EXAMPLES = settings(max_examples=60, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


def _openapi() -> dict:
    """The document the app serves at /openapi.json (built without starting the app)."""
    return create_app(Settings(database_url="sqlite://", content_dir=CONTENT_DIR, migrate_on_start=False)).openapi()


def _with_session_logs(document: dict) -> dict:
    """The same document, with each sync item described by the published session-log schema."""
    document = copy.deepcopy(document)
    components = document["components"]["schemas"]
    log_schema = SessionLog.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = log_schema.pop("$defs", {})
    assert not set(definitions) & set(components), "session-log definitions would replace the app's"
    components.update(definitions, SessionLog=log_schema)
    components["SyncRequest"]["properties"]["logs"].update(
        items={"$ref": "#/components/schemas/SessionLog"}, maxItems=MAX_LOGS)
    return document


DOCUMENT = _openapi()
documented = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG).include(
    path_regex=r"^/api/v1/(devices|sync)$")
with_session_logs = schemathesis.openapi.from_dict(_with_session_logs(DOCUMENT), config=CONFIG).include(
    path_regex=r"^/api/v1/sync$")


class Phone:
    """The app on a fresh SQLite file, and the Authorization header of a phone linked to it."""

    def __init__(self, data_dir: Path):
        database_url = sqlite_url(data_dir)
        self.app = create_app(Settings(database_url=database_url, data_dir=data_dir, content_dir=CONTENT_DIR,
                                       link_attempts=1_000_000))  # never 429 here
        with asgi.get_client(self.app) as client:
            answer = client.post("/api/v1/devices", json={"code": invite(database_url), "label": "schemathesis"})
        assert answer.status_code == 201, answer.text
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    def call_and_validate(self, case: schemathesis.Case) -> None:
        response = case.call(app=self.app, headers=self.headers)
        case.validate_response(response, checks=CHECKS, headers=self.headers)


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Phone]:
    yield Phone(tmp_path_factory.mktemp("schemathesis") / "data")
    asgi.shutdown_lifespans()  # dispose of the app's engine now (the plugin also does after each test)


@documented.parametrize()
@EXAMPLES
def test_phone_routes_answer_as_documented(case: schemathesis.Case, phone: Phone) -> None:
    phone.call_and_validate(case)


@with_session_logs.parametrize()
@EXAMPLES
def test_sync_of_generated_session_logs_answers_as_documented(case: schemathesis.Case, phone: Phone) -> None:
    if isinstance(case.body, dict) and isinstance(case.body.get("logs"), list):
        case.body = {**case.body, "logs": [_consistent(log) for log in case.body["logs"]]}
    phone.call_and_validate(case)


def _consistent(log: Any) -> Any:
    """A generated log made to obey the rules across fields that JSON Schema cannot state (ended
    after started, a stop reason exactly when stopped, for the session and for each action, a
    blocked session failed its gate and has no actions, no leg twice), so that most are stored.
    Anything else is left as generated."""
    if not isinstance(log, dict):
        return log
    log = dict(log)
    if isinstance(log.get("started_at"), str):
        log["ended_at"] = log["started_at"]
    if log.get("outcome") in ("completed", "stopped", "blocked") and isinstance(log.get("gate"), dict):
        passed = log["outcome"] != "blocked"
        log["gate"] = {**log["gate"], "passed": passed, "blocked_by": None if passed else "worsening-weakness"}
        log["stop_reason"] = (log.get("stop_reason") or "pain") if log["outcome"] == "stopped" else None
        if not passed:
            log["actions"] = []
    if isinstance(log.get("legs"), list) and all(isinstance(leg, str) for leg in log["legs"]):
        log["legs"] = list(dict.fromkeys(log["legs"]))
    if isinstance(log.get("actions"), list):
        log["actions"] = [_consistent_action(action) for action in log["actions"]]
    return log


def _consistent_action(action: Any) -> Any:
    """An action's stop reason exactly when it was stopped (one leg's foot rub, say)."""
    if not isinstance(action, dict):
        return action
    stopped = action.get("status") == "stopped"
    return {**action, "stop_reason": (action.get("stop_reason") or "excessive_kicking") if stopped else None}

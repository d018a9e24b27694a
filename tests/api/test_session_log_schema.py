"""The published session-log schema: valid JSON Schema, its example valid, bad logs refused."""

from __future__ import annotations

import copy

import jsonschema
import pytest
from pydantic import ValidationError

from app.schemas.session_log import EXAMPLE, SessionLog


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/schema/session-log")
    assert response.status_code == 200 and response.headers["content-type"] == "application/schema+json"
    return response.json()


def test_schema_is_valid_and_its_example_passes(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert len(schema["examples"]) == 1
    jsonschema.validate(schema["examples"][0], schema)
    assert SessionLog.model_validate(schema["examples"][0])


def _broken(**changes) -> dict:
    log = copy.deepcopy(EXAMPLE)
    for path, value in changes.items():
        target = log
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    return log


@pytest.mark.parametrize(("changes", "problem"), [
    ({"stop_reason": "pain"}, "'stop_reason' is given exactly when the outcome is 'stopped'"),
    ({"outcome": "stopped"}, "'stop_reason' is given exactly when the outcome is 'stopped'"),
    ({"outcome": "blocked"}, "a 'blocked' session failed its gate"),
    ({"ended_at": "2026-11-23T07:00:00+01:00"}, "'ended_at' is before 'started_at'"),
    ({"started_at": "2026-11-23T08:05:00"}, "timezone"),
    ({"observations__note": "x" * 1001}, "at most 1000 characters"),
    ({"legs": ["left-hind", "left-hind"]}, "'legs' lists a leg twice"),
    ({"gate__blocked_by": "no-pain"}, "a gate either passed, or was blocked"),
    ({"content_version": "v1"}, "should match pattern"),
])
def test_inconsistent_logs_are_refused_with_a_reason(changes, problem):
    with pytest.raises(ValidationError, match=problem):
        SessionLog.model_validate(_broken(**changes))


def test_json_schema_refuses_what_it_can_express(schema):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(outcome="finished"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(observations__note="x" * 1001), schema)

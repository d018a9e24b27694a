"""The published session-log schema: valid JSON Schema, its example valid, bad logs refused."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

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
            target = target[int(key) if key.isdigit() else key]
        target[last] = value
    return log


@pytest.mark.parametrize(("changes", "problem"), [
    ({"stop_reason": "pain"}, "'stop_reason' is given exactly when the outcome is 'stopped'"),
    ({"outcome": "stopped"}, "'stop_reason' is given exactly when the outcome is 'stopped'"),
    ({"outcome": "blocked"}, "a 'blocked' session failed its gate"),
    ({"ended_at": "2026-11-23T07:00:00+01:00"}, "is before 'started_at'"),
    ({"started_at": "2026-11-23T08:05:00"}, "timezone"),
    ({"observations__note": "x" * 1001}, "at most 1000 characters"),
    ({"legs": ["left-hind", "left-hind"]}, "'legs' lists a leg twice"),
    ({"gate__blocked_by": "no-pain"}, "a gate either passed, or was blocked"),
    ({"content_version": "v1"}, "should match pattern"),
    ({"actions__2__status": "completed"}, "'stop_reason' is given exactly when the action's status is 'stopped'"),
    ({"actions__1__stop_reason": "pain"}, "'stop_reason' is given exactly when the action's status is 'stopped'"),
    ({"actions__1__status": "stopped"}, "'stop_reason' is given exactly when the action's status is 'stopped'"),
    ({"gate__answers__0__kind": "hunch"}, "'eligibility', 'fact', 'red_flag' or 'graduation'"),
    ({"actions__0__target__per": "toes \ud83d"}, "actions.0.target.per\n  contains an unpaired surrogate"),
    ({"observations__note": "a\x00b"}, "observations.note\n  contains a NUL character"),
    ({"started_at": "1999-12-31T23:59:59+00:00"}, "started_at\n  is before 2000-01-01"),
    ({"ended_at": "2026-11-23T14:06:00+01:00"}, "ended_at\n  is more than 6 hours after 'started_at'"),
])
def test_inconsistent_logs_are_refused_with_a_reason(changes, problem):
    with pytest.raises(ValidationError, match=problem):
        SessionLog.model_validate(_broken(**changes))


def test_json_schema_refuses_what_it_can_express(schema):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(outcome="finished"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(observations__note="x" * 1001), schema)


def test_times_are_judged_against_when_the_server_received_the_log():
    log = _broken(started_at="2026-11-24T08:05:00+01:00", ended_at="2026-11-24T08:31:40+01:00")
    received = datetime(2026, 11, 23, 8, tzinfo=UTC)  # a phone up to a day ahead is a clock set a little wrong
    assert SessionLog.model_validate(log, context={"received_at": received}).started_at.day == 24
    with pytest.raises(ValidationError, match="started_at\n  is more than a day after the server received it"):
        SessionLog.model_validate(log, context={"received_at": received - timedelta(hours=2)})


def test_the_published_schema_says_which_times_are_plausible(schema):
    for name in ("started_at", "ended_at"):
        assert "from 2000-01-01" in schema["properties"][name]["description"]


def test_a_per_action_stop_extra_session_and_remembered_answer_are_part_of_a_log():
    """The example shows them: the foot rub stopped for excessive kicking while the session went
    on (completed), answers remembered from earlier that day, a fact answered."""
    log = SessionLog.model_validate(EXAMPLE)
    stopped = [a for a in log.actions if a.status == "stopped"]
    assert [(a.action_id, a.stop_reason) for a in stopped] == [("foot-rub", "excessive_kicking")]
    assert log.outcome == "completed" and log.extra is False
    assert {a.kind for a in log.gate.answers} == {"eligibility", "fact", "red_flag"}
    assert any(a.remembered for a in log.gate.answers)
    assert SessionLog.model_validate(_broken(extra=True)).extra is True
    minimal = _broken()
    for answer in minimal["gate"]["answers"]:
        answer.pop("remembered", None)
    minimal.pop("extra")
    parsed = SessionLog.model_validate(minimal)  # logs of phones from before these fields
    assert parsed.extra is False and not any(a.remembered for a in parsed.gate.answers)

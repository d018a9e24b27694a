"""The session log: what the phone records for every session, and what sync will store.

Published as JSON Schema at GET /api/v1/schema/session-log with one valid example. A log is
made on the phone, offline, and must be understandable years later: it names the content
version it followed and, for every action, the dose it aimed for and what was actually done.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from app.models.base import utcnow
from app.schemas.published import published_schema
from app.schemas.text import Text

Leg = Literal["left-hind", "right-hind", "left-front", "right-front"]
Slug = Annotated[Text, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
StopReason = Literal["excessive_kicking", "pain", "distress", "interrupted", "other"]
Count = Annotated[int, Field(ge=0, le=100_000)]


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)  # a phone's clock set a little wrong; no phone is a day ahead
LONGEST = timedelta(hours=6)  # the whole routine on four legs takes about two
_TIMES = ("from 2000-01-01, at most a day after the server receives the log; 'ended_at' is not before "
          "'started_at', and at most 6 hours after it")


def time_problem(moment: datetime, *, received_at: datetime, started_at: datetime | None = None) -> str | None:
    """The one plausibility check of a log's times, against when the server received it. Aware
    times are compared as differences, never converted, so year 1 or 9999 with any offset is
    answered, not an overflow."""
    if moment < EARLIEST:
        return "is before 2000-01-01"
    if moment - received_at > AHEAD:
        return "is more than a day after the server received it: check the phone's clock"
    if started_at is not None and moment < started_at:
        return "is before 'started_at'"
    if started_at is not None and moment - started_at > LONGEST:
        return f"is more than {int(LONGEST.total_seconds() // 3600)} hours after 'started_at'"
    return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DoseTarget(_Strict):
    """The action's dose as the content gave it (reps, or seconds for a duration)."""

    type: Literal["reps", "duration"]
    min: Count | None = None
    max: Count
    up_to: bool = False
    per: Text | None = None


class ActionRecord(_Strict):
    leg: Leg | None = Field(description="null for an action done once per session")
    step_id: Slug
    action_id: Slug
    target: DoseTarget
    status: Literal["completed", "skipped", "not_reached", "stopped"] = Field(
        description="'stopped': this action, on this leg, was ended early (see `stop_reason`); the session went on")
    stop_reason: StopReason | None = Field(None, description="why the action was stopped, e.g. excessive kicking")
    reps: Count | None = None
    seconds: Count | None = None
    per_count: Count | None = Field(None, description="how many of `target.per` were done, e.g. toes")

    @model_validator(mode="after")
    def _stop_reason_when_stopped(self):
        if (self.status == "stopped") != (self.stop_reason is not None):
            raise ValueError("'stop_reason' is given exactly when the action's status is 'stopped'")
        return self


class GateAnswer(_Strict):
    question_id: Slug
    kind: Literal["eligibility", "fact", "red_flag", "graduation"]
    answer: Literal["yes", "no"]
    remembered: bool = Field(False, description="answered earlier the same day, not asked again")


class Gate(_Strict):
    answers: list[GateAnswer] = Field(max_length=50)
    passed: bool
    blocked_by: Slug | None = Field(None, description="the question whose answer stopped the session")

    @model_validator(mode="after")
    def _blocked_means_not_passed(self):
        if self.passed == (self.blocked_by is not None):
            raise ValueError("a gate either passed, or was blocked by one question ('blocked_by')")
        return self


class Observations(_Strict):
    kicking: dict[Leg, Literal["none", "a_little", "excessive"]] = {}
    pain_signs: bool | None = None
    urinated: Literal["yes", "no", "expressed"] | None = None
    note: Text = Field("", max_length=1000)


class DogRef(_Strict):
    id: UUID
    name: Text = Field(min_length=1, max_length=80)


class SessionLog(_Strict):
    """One session, as the phone saved it."""

    format: Literal[1] = 1
    id: UUID = Field(description="made by the phone; sending the same log twice is harmless")
    dog: DogRef
    content_version: Text = Field(pattern=r"^[0-9a-f]{16}$")
    content_locale: str | None = Field(None, pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$",
                                       description="the language of the routine's words it was made with ('en' when "
                                                   "absent); with content_version, which content exactly")
    app_build: Text | None = Field(None, max_length=40)
    started_at: AwareDatetime = Field(description=_TIMES)
    ended_at: AwareDatetime = Field(description=_TIMES)
    outcome: Literal["completed", "stopped", "blocked"]
    stop_reason: StopReason | None = None
    stop_note: Text | None = Field(None, max_length=500)
    extra: bool = Field(False, description="started after the day's target was met, with the owner's explicit "
                                           "confirmation")
    legs: list[Leg] = Field(max_length=4)
    gate: Gate
    actions: list[ActionRecord] = Field(max_length=200)
    observations: Observations | None = None

    @field_validator("started_at", "ended_at")
    @classmethod
    def _plausible(cls, moment: datetime, info: ValidationInfo) -> datetime:
        started_at = info.data.get("started_at") if info.field_name == "ended_at" else None
        problem = time_problem(moment, received_at=(info.context or {}).get("received_at") or utcnow(),
                               started_at=started_at)
        if problem:
            raise PydanticCustomError("implausible_time", problem)
        return moment

    @model_validator(mode="after")
    def _consistent(self):
        if (self.outcome == "stopped") != (self.stop_reason is not None):
            raise ValueError("'stop_reason' is given exactly when the outcome is 'stopped'")
        if (self.outcome == "blocked") == self.gate.passed:
            raise ValueError("a 'blocked' session failed its gate; any other passed it")
        if self.outcome == "blocked" and self.actions:
            raise ValueError("a 'blocked' session has no actions")
        if len(set(self.legs)) != len(self.legs):
            raise ValueError("'legs' lists a leg twice")
        return self


EXAMPLE = {
    "format": 1,
    "id": "6f1c2b7e-3d4a-4e8b-9c1d-2a3b4c5d6e7f",
    "dog": {"id": "0b9e5a2c-1f3d-4c6e-8a7b-9d0e1f2a3b4c", "name": "Biscuit"},
    "content_version": "0123456789abcdef",
    "app_build": "4be4e9c36170",
    "started_at": "2026-11-23T08:05:00+01:00",
    "ended_at": "2026-11-23T08:31:40+01:00",
    "outcome": "completed",
    "stop_reason": None,
    "legs": ["left-hind"],
    "extra": False,
    "gate": {"passed": True, "blocked_by": None, "answers": [
        {"question_id": "off-medication", "kind": "eligibility", "answer": "yes", "remembered": True},
        {"question_id": "urinates-alone", "kind": "fact", "answer": "no", "remembered": True},
        {"question_id": "expression-harder", "kind": "red_flag", "answer": "no"},
        {"question_id": "worsening-weakness", "kind": "red_flag", "answer": "no"},
    ]},
    "actions": [
        {"leg": "left-hind", "step_id": "warm-up", "action_id": "stroke", "status": "completed",
         "target": {"type": "reps", "min": 10, "max": 10, "up_to": False}, "reps": 10},
        {"leg": "left-hind", "step_id": "massage", "action_id": "knead-thigh", "status": "completed",
         "target": {"type": "duration", "min": 180, "max": 300, "up_to": False}, "seconds": 180},
        {"leg": "left-hind", "step_id": "massage", "action_id": "foot-rub", "status": "stopped",
         "stop_reason": "excessive_kicking", "target": {"type": "duration", "min": None, "max": 60, "up_to": True},
         "seconds": 25},
        {"leg": "left-hind", "step_id": "massage", "action_id": "toe-pad-touch", "status": "completed",
         "target": {"type": "duration", "min": None, "max": 60, "up_to": True}, "seconds": 60},
    ],
    "observations": {"kicking": {"left-hind": "excessive"}, "pain_signs": False, "urinated": "expressed",
                     "note": "Calm today; kicked hard at the foot rub, so we moved on."},
}


def session_log_json_schema() -> dict:
    return published_schema(SessionLog, "/api/v1/schema/session-log", EXAMPLE)

"""A care event: something the owner did for the dog between sessions, recorded on the phone and
synced like a session log (the same outbox, the same `POST /api/v1/sync`, told apart by `kind`).
Today one kind: "bladder", the bladder emptied (or seen to empty), how and what came.

Published as JSON Schema at GET /api/v1/schema/care-event with one valid example.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from app.models.base import utcnow
from app.schemas.published import published_schema
from app.schemas.session_log import DogRef, _Strict, time_problem
from app.schemas.text import Text

BladderResult = Literal["normal", "little", "none", "blood", "much-harder"]


class CareEvent(_Strict):
    """The bladder emptied, as the phone saved it."""

    format: Literal[1] = 1
    kind: Literal["bladder"] = Field(description="what sync tells apart from a session log by")
    id: UUID = Field(description="made by the phone; sending the same event twice is harmless")
    dog: DogRef
    content_version: Text = Field(pattern=r"^[0-9a-f]{16}$")
    content_locale: str | None = Field(None, pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$",
                                       description="the language of the routine's words it was made with ('en' when "
                                                   "absent); with content_version, which content exactly")
    at: AwareDatetime = Field(description="when, with the phone's UTC offset: from 2000-01-01, at most a day after "
                                          "the server receives it")
    method: Literal["own", "expressed"] = Field(description="on its own, or expressed by the owner")
    result: BladderResult = Field(description="what came; 'much-harder' only when expressed")

    @field_validator("at")
    @classmethod
    def _plausible(cls, moment: datetime, info: ValidationInfo) -> datetime:
        problem = time_problem(moment, received_at=(info.context or {}).get("received_at") or utcnow())
        if problem:
            raise PydanticCustomError("implausible_time", problem)
        return moment

    @field_validator("result")
    @classmethod
    def _fits_the_method(cls, result: str, info: ValidationInfo) -> str:
        if result == "much-harder" and info.data.get("method") == "own":
            raise PydanticCustomError("result_for_method", "'much-harder' is only for a bladder that was expressed")
        return result


EXAMPLE = {
    "format": 1, "kind": "bladder", "id": "0d7c8e36-6a0e-4f0e-9d6e-3f3a1b2c4d5e",
    "dog": {"id": "5b1f8f0e-2c4a-4d8e-9f3b-7a6c5d4e3f2a", "name": "Biscuit"},
    "content_version": "cb1dff790c0b9120", "at": "2026-11-24T14:05:00+00:00", "method": "expressed", "result": "blood",
}


def care_event_json_schema() -> dict:
    return published_schema(CareEvent, "/api/v1/schema/care-event", EXAMPLE)

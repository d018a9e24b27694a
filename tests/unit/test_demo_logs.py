"""The demo's made-up sessions have the phone's shapes: every question id is the content's, red
flags fit how the dog's bladder is emptied, daily answers are remembered after the first session
of a day, and some sessions stop one action on one leg or go beyond the day's target."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.content import load_routine
from app.schemas.session_log import SessionLog
from app.services.demo import LogMaker
from app.services.session_flags import flags_of
from tests.conftest import CONTENT_DIR

ROUTINE = json.loads(load_routine(CONTENT_DIR).json_bytes)
QUESTIONS = {q["id"]: q for part in ("eligibility", "facts", "red_flags") for q in ROUTINE[part]}
MORNING = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _logs(kinds: list[str], *, expressed: bool) -> list[SessionLog]:
    maker, dog = LogMaker(ROUTINE, random.Random(7)), uuid.uuid4()
    return [SessionLog.model_validate(maker.make(dog_id=dog, dog_name="Rex", legs=["left-hind", "left-front"],
                                                 start=MORNING + timedelta(hours=5 * index), kind=kind,
                                                 expressed=expressed))
            for index, kind in enumerate(kinds)]


@pytest.mark.parametrize("expressed", [False, True])
def test_gate_answers_use_the_contents_questions_and_their_conditions(expressed):
    first, second, blocked = _logs(["completed", "completed", "red_flag"], expressed=expressed)
    fact = "no" if expressed else "yes"
    for log in (first, second, blocked):
        for answer in log.gate.answers:
            question = QUESTIONS[answer.question_id]
            when = question.get("when")
            assert not when or when["answer"] == fact, answer.question_id
    assert not any(a.remembered for a in first.gate.answers)
    remembered = {a.question_id for a in second.gate.answers if a.remembered}
    assert remembered == {q_id for q_id, q in QUESTIONS.items() if q.get("ask") == "daily"}
    assert blocked.gate.blocked_by == ("expression-harder" if expressed else "cannot-urinate")
    assert flags_of(blocked).red_flag


def test_a_per_action_kicking_stop_and_an_extra_session():
    kicked, extra = _logs(["action_kicking", "extra"], expressed=False)
    [stopped] = [a for a in kicked.actions if a.status == "stopped"]
    assert stopped.stop_reason == "excessive_kicking" and stopped.action_id in ("foot-rub", "toe-pad-touch")
    assert kicked.outcome == "completed" and flags_of(kicked).excessive_kicking
    assert kicked.observations.kicking[stopped.leg] == "excessive"
    assert extra.extra and not kicked.extra
    assert {a.leg for a in extra.actions} == {"left-hind"}  # the routine has nothing for a front leg

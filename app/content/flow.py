"""The order of a session, from the routine's flow: which actions, on which leg, one after the
other. The phone's player (web/js/flow.js) follows the same rules; the demo data and the tests
use this one."""

from __future__ import annotations


def session_plan(routine: dict, legs: list[str]) -> list[tuple[str | None, str, dict]]:
    """(leg, step id, action) in the order the phone's player runs them (content's flow)."""
    steps = {step["id"]: step for step in routine["steps"]}
    ordered = [leg["id"] for leg in routine["legs"] if leg["id"] in legs]
    plan = []
    for block in routine["flow"]:
        block_legs = [None] if block["for_each"] == "session" else (
            ordered[::-1] if block["leg_order"] == "reverse" else ordered)
        for leg in block_legs:
            for step_id in block["steps"]:
                step = steps[step_id]
                actions = steps[step["repeat_of"]]["actions"] if step.get("repeat_of") else step["actions"]
                plan += [(leg, step_id, action) for action in actions]
    return plan

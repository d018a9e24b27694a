"""The order of a session, from the routine's flow: which actions, on which leg, one after the
other. The phone's player (web/js/flow.js) follows the same rules; the demo data and the tests
use this one. Both take the routine as served (JSON, a dict)."""

from __future__ import annotations


def session_plan(routine: dict, legs: list[str]) -> list[tuple[str | None, str, dict]]:
    """(leg, step id, action) in the order the phone's player runs them (content's flow). A
    per-leg block runs on the dog's legs of the limbs it names only."""
    steps = {step["id"]: step for step in routine["steps"]}
    plan = []
    for block in routine["flow"]:
        ordered = _legs_of(routine, block, legs)
        block_legs = [None] if block["for_each"] == "session" else (
            ordered[::-1] if block["leg_order"] == "reverse" else ordered)
        for leg in block_legs:
            for step_id in block["steps"]:
                step = steps[step_id]
                actions = steps[step["repeat_of"]]["actions"] if step.get("repeat_of") else step["actions"]
                plan += [(leg, step_id, action) for action in actions]
    return plan


def covered_legs(routine: dict, legs: list[str]) -> list[str]:
    """The given legs that some per-leg block works on, in the content's order; the others get
    the content's `legs_not_covered` words instead (front legs, with the source's routine)."""
    covered = {leg for block in routine["flow"] if block["for_each"] == "leg" for leg in _legs_of(routine, block, legs)}
    return [leg["id"] for leg in routine["legs"] if leg["id"] in covered]


def _legs_of(routine: dict, block: dict, legs: list[str]) -> list[str]:
    """The dog's legs a per-leg block runs on, in the content's order."""
    limbs = block.get("limbs") or []
    return [leg["id"] for leg in routine["legs"] if leg["id"] in legs and leg["limb"] in limbs]

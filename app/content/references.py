"""Checks that span the content: ids are unique, every reference points at something real, and
the flow gives no action to a leg it is not written for.

Each check reports through `report(part, field_path, message)` so that the problem names the file
the owner of that field edits.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.content.models import Routine
from app.content.problems import Report


def check_references(routine: Routine, report: Report) -> None:
    _check_unique_ids(routine, report)
    _check_citations(routine, report)
    _check_steps(routine, report)
    _check_flow(routine, report)
    _check_limbs(routine, report)
    _check_conditions(routine, report)


def _check_unique_ids(routine: Routine, report: Report) -> None:
    lists = [
        ("routine", "references", routine.references),
        ("routine", "general_warnings", routine.general_warnings),
        ("steps", "steps", routine.steps),
        ("flow", "legs", routine.legs),
        ("flow", "flow", routine.flow),
    ]
    lists += [("steps", f"steps[{i}].actions", step.actions) for i, step in enumerate(routine.steps)]
    for part, name, items in lists:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                report(part, f"{name}[{index}].id", f"duplicate id '{item.id}'")
            seen.add(item.id)
    # One namespace for the whole safety check: the phone keys remembered answers by question id.
    seen_questions: dict[str, str] = {}
    for name, items in _questions(routine):
        for index, item in enumerate(items):
            if item.id in seen_questions:
                report("safety", f"{name}[{index}].id",
                       f"duplicate id '{item.id}' (already in {seen_questions[item.id]}): "
                       "question ids are unique across eligibility, facts and red_flags")
            seen_questions.setdefault(item.id, name)


def _check_citations(routine: Routine, report: Report) -> None:
    known = {ref.id for ref in routine.references}
    citing: list[tuple[str, str, Iterable[str]]] = [
        ("routine", "graduation.references", routine.graduation.references),
        ("routine", "crate_rest.references", routine.crate_rest.references),
        ("routine", "sessions_per_day.references", routine.sessions_per_day.references),
        ("safety", "bladder.references", routine.bladder.references),
    ]
    citing += [("safety", f"{name}[{i}].references", q.references)
               for name, items in _questions(routine) for i, q in enumerate(items)]
    for part, path, ids in citing:
        for index, ref_id in enumerate(ids):
            if ref_id not in known:
                report(part, f"{path}[{index}]", f"unknown reference '{ref_id}'; known: {_listing(known)}")


def _check_steps(routine: Routine, report: Report) -> None:
    for index, step in enumerate(routine.steps):
        if step.number != index + 1:
            report("steps", f"steps[{index}].number", f"expected {index + 1}: steps are numbered 1, 2, 3... in order")
        if step.repeat_of is not None:
            target = next((s for s in routine.steps if s.id == step.repeat_of), None)
            if target is None or target.repeat_of is not None or target is step:
                report("steps", f"steps[{index}].repeat_of",
                       f"'{step.repeat_of}' is not a step with its own actions; steps with actions: "
                       f"{_listing(s.id for s in routine.steps if s.actions)}")
        for a_index, action in enumerate(step.actions):
            for w_index, warning_id in enumerate(action.warnings):
                if warning_id not in routine.warnings:
                    report("steps", f"steps[{index}].actions[{a_index}].warnings[{w_index}]",
                           f"unknown warning '{warning_id}'; known: {_listing(routine.warnings)}")
    for warning_id, warning in routine.warnings.items():
        if warning.stop_reason and not warning.stop_label:
            report("steps", f"warnings.{warning_id}.stop_label", "a warning with a 'stop_reason' needs a 'stop_label' for its button")


def _check_flow(routine: Routine, report: Report) -> None:
    known = {step.id for step in routine.steps}
    used: set[str] = set()
    for b_index, block in enumerate(routine.flow):
        for s_index, step_id in enumerate(block.steps):
            if step_id not in known:
                report("flow", f"flow[{b_index}].steps[{s_index}]", f"unknown step '{step_id}'; known steps: {_listing(known)}")
            used.add(step_id)
    for step in routine.steps:
        if step.id not in used:
            report("flow", "flow", f"step '{step.id}' is never used: add it to a block's 'steps'")


def _check_limbs(routine: Routine, report: Report) -> None:
    """A per-leg block may run only actions written for every limb it runs on: the source's
    actions name back-leg anatomy, so a block on front legs needs front-leg actions of its own."""
    for b_index, block in enumerate(routine.flow):
        for step_id in block.steps:
            for action in routine.actions_of(step_id):
                missing = [limb for limb in block.limbs if limb not in action.limbs]
                if missing:
                    report("flow", f"flow[{b_index}].limbs",
                           f"block '{block.id}' runs on {' and '.join(missing)} legs, but action '{action.id}' "
                           f"(step '{step_id}') applies to {' and '.join(action.limbs)} legs only")


def _check_conditions(routine: Routine, report: Report) -> None:
    facts = {fact.id for fact in routine.facts}
    for index, flag in enumerate(routine.red_flags):
        if flag.when is not None and flag.when.question not in facts:
            report("safety", f"red_flags[{index}].when.question",
                   f"'{flag.when.question}' is not a fact; facts: {_listing(facts)}")


def _questions(routine: Routine) -> list[tuple[str, list]]:
    return [("eligibility", routine.eligibility), ("facts", routine.facts), ("red_flags", routine.red_flags)]


def _listing(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids)) or "(none)"

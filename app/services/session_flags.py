"""What a clinic must notice in a session log, worked out once when it arrives."""

from __future__ import annotations

from dataclasses import dataclass

from app.schemas.session_log import SessionLog


@dataclass(frozen=True)
class SessionFlags:
    excessive_kicking: bool
    pain: bool
    red_flag: bool
    not_urinated: bool


def flags_of(log: SessionLog) -> SessionFlags:
    seen = log.observations
    blocked_by = next((a for a in log.gate.answers if a.question_id == log.gate.blocked_by), None)
    # A stop counts whether it ended the session or one action on one leg (the session went on).
    stops = {log.stop_reason} | {action.stop_reason for action in log.actions}
    return SessionFlags(
        excessive_kicking="excessive_kicking" in stops or bool(seen and "excessive" in seen.kicking.values()),
        pain="pain" in stops or bool(seen and seen.pain_signs),
        # The gate stops at the first blocking answer: a red-flag question there is a red flag.
        red_flag=blocked_by is not None and blocked_by.kind == "red_flag",
        not_urinated=bool(seen and seen.urinated == "no"),
    )

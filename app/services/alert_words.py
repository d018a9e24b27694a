"""What an alert is about, in the plain words staff read on the worklist, the patient's page, its
timeline and the visit summary: the red-flag question answered, the stop reason, the leg."""

from __future__ import annotations

from datetime import date

from app.models import Alert
from app.services.alerts import crate_rest_last_day
from app.services.prescriptions import LEG_NAMES

# Read after "stopped because of" and "stopped for".
STOP_REASONS = {"excessive_kicking": "excessive kicking", "pain": "signs of pain", "distress": "the dog's distress",
                "interrupted": "an interruption", "other": "another reason"}


def alert_words(alert: Alert, payload: dict | None, *, questions: dict[str, str], action_titles: dict[str, str],
                today: date | None = None, patient=None) -> str:
    if alert.kind == "recheck_due":
        last_day = crate_rest_last_day(patient) if patient else None
        if last_day and today:
            days = (today - last_day).days
            return f"Crate rest ended {days} day{'' if days == 1 else 's'} ago: recheck due"
        return "Crate rest has ended: recheck due"
    if alert.kind == "bladder_overdue":
        late = (alert.received_at - alert.happened_at).total_seconds() / 3600  # the margin it was flagged after
        every = f" (every {patient.bladder_interval_hours} hours prescribed)" if patient and patient.bladder_interval_hours else ""
        return f"Bladder overdue: no emptying recorded for more than {late:g} hours after it was due{every}"
    return log_concern_words(alert.kind, payload or {}, questions=questions, action_titles=action_titles)


def log_concern_words(kind: str, payload: dict, *, questions: dict[str, str], action_titles: dict[str, str]) -> str:
    """One concern of one session log, in words."""
    gate = payload.get("gate") or {}
    seen = payload.get("observations") or {}
    if kind in ("red_flag", "blocked"):
        blocked_by = gate.get("blocked_by")
        answer = next((a for a in gate.get("answers", []) if a.get("question_id") == blocked_by), {})
        question = questions.get(blocked_by, blocked_by or "a safety question")
        said = {"yes": "yes", "no": "no"}.get(answer.get("answer"), answer.get("answer") or "?")
        lead = "Red flag" if kind == "red_flag" else "Safety check stopped the session"
        return f"{lead}: answered “{said}” to “{question}”"
    if kind == "pain":
        parts = []
        if payload.get("stop_reason") == "pain":
            parts.append("the session was stopped for signs of pain")
        parts += action_stops(payload, action_titles, reason="pain")
        if seen.get("pain_signs"):
            parts.append("the owner saw signs of pain")
        return "Pain: " + "; ".join(parts or ["signs of pain"])
    if kind == "excessive_kicking":
        parts = []
        if payload.get("stop_reason") == "excessive_kicking":
            parts.append("the session was ended for excessive kicking")
        parts += action_stops(payload, action_titles, reason="excessive_kicking")
        rated = [LEG_NAMES.get(leg, leg).lower() for leg, level in (seen.get("kicking") or {}).items()
                 if level == "excessive"]
        if rated:
            parts.append("the owner rated the kicking excessive on the " + " and ".join(rated))
        return "Excessive kicking: " + "; ".join(parts or ["excessive kicking"])
    if kind == "not_urinated":
        return "Not urinated: the owner answered that no urine was passed since the last session"
    if kind in BLADDER_WORDS:  # from a care event: its kind says it all
        return BLADDER_WORDS[kind]
    return kind


BLADDER_WORDS = {
    "bladder_none": "Bladder: the owner emptied or checked it and nothing came",
    "bladder_blood": "Bladder: the owner saw blood in the urine",
    "bladder_harder": "Bladder: much harder to express than usual",
}


def action_stops(payload: dict, action_titles: dict[str, str], reason: str | None = None) -> list[str]:
    """The actions stopped on one leg while the session went on (for `reason`, or any), in words."""
    stops = []
    for action in payload.get("actions", []):
        if action.get("status") != "stopped" or reason not in (None, action.get("stop_reason")):
            continue
        what = action_titles.get(action["action_id"], action["action_id"])
        if action.get("leg"):
            what += ", " + LEG_NAMES.get(action["leg"], action["leg"]).lower()
        why = action.get("stop_reason")
        stops.append(f"{what}: stopped for {STOP_REASONS.get(why, why)}")
    return stops

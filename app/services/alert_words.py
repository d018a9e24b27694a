"""What an alert is about, in the plain words staff read on the worklist, the patient's page, its
timeline and the visit summary: the red-flag question answered, the stop reason, the leg.

Made while the page is answered, in the reader's language (app/i18n.py): the sentences are this
module's, the questions, actions and legs they quote are the content's (ContentWords).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.i18n import N_, Words, _, ngettext
from app.models import Alert
from app.services.alerts import crate_rest_last_day

# Read after "stopped because of" and "stopped for".
STOP_REASONS = Words({"excessive_kicking": N_("excessive kicking"), "pain": N_("signs of pain"),
                      "distress": N_("the dog's distress"), "interrupted": N_("an interruption"),
                      "other": N_("another reason")})
BLADDER_WORDS = Words({
    "bladder_none": N_("Bladder: the owner emptied or checked it and nothing came"),
    "bladder_blood": N_("Bladder: the owner saw blood in the urine"),
    "bladder_harder": N_("Bladder: much harder to express than usual"),
})


@dataclass(frozen=True)
class ContentWords:
    """The routine's words the dashboard quotes, by id, in the reader's language where the content
    has it (routes/clinic/pages.py, content_words); an id with no words is shown as it is."""

    questions: dict[str, str] = field(default_factory=dict)
    action_titles: dict[str, str] = field(default_factory=dict)
    leg_names: dict[str, str] = field(default_factory=dict)
    bladder_results: dict[str, str] = field(default_factory=dict)

    def leg(self, leg: str) -> str:
        """A leg inside a sentence: "right back leg"."""
        return self.leg_names.get(leg, leg).lower()


def alert_words(alert: Alert, payload: dict | None, *, content: ContentWords, today: date | None = None,
                patient=None) -> str:
    if alert.kind == "recheck_due":
        last_day = crate_rest_last_day(patient) if patient else None
        if last_day and today:
            days = (today - last_day).days
            return ngettext("Crate rest ended %(num)d day ago: recheck due",
                            "Crate rest ended %(num)d days ago: recheck due", days) % {"num": days}
        return _("Crate rest has ended: recheck due")
    if alert.kind == "bladder_overdue":
        late = (alert.received_at - alert.happened_at).total_seconds() / 3600  # the margin it was flagged after
        said = _("Bladder overdue: no emptying recorded for more than %(hours)s hours after it was due") % {
            "hours": f"{late:g}"}
        if patient and patient.bladder_interval_hours:
            said += " " + ngettext("(every %(num)d hour prescribed)", "(every %(num)d hours prescribed)",
                                   patient.bladder_interval_hours) % {"num": patient.bladder_interval_hours}
        return said
    return log_concern_words(alert.kind, payload or {}, content=content)


def log_concern_words(kind: str, payload: dict, *, content: ContentWords) -> str:
    """One concern of one session log, in words."""
    gate = payload.get("gate") or {}
    seen = payload.get("observations") or {}
    if kind in ("red_flag", "blocked"):
        blocked_by = gate.get("blocked_by")
        answer = next((a for a in gate.get("answers", []) if a.get("question_id") == blocked_by), {})
        question = content.questions.get(blocked_by, blocked_by or _("a safety question"))
        said = {"yes": _("yes"), "no": _("no")}.get(answer.get("answer"), answer.get("answer") or "?")
        words = (_("Red flag: answered “%(answer)s” to “%(question)s”") if kind == "red_flag"
                 else _("Safety check stopped the session: answered “%(answer)s” to “%(question)s”"))
        return words % {"answer": said, "question": question}
    if kind == "pain":
        parts = []
        if payload.get("stop_reason") == "pain":
            parts.append(_("the session was stopped for signs of pain"))
        parts += action_stops(payload, content, reason="pain")
        if seen.get("pain_signs"):
            parts.append(_("the owner saw signs of pain"))
        return _("Pain: %(what)s") % {"what": "; ".join(parts or [STOP_REASONS["pain"]])}
    if kind == "excessive_kicking":
        parts = []
        if payload.get("stop_reason") == "excessive_kicking":
            parts.append(_("the session was ended for excessive kicking"))
        parts += action_stops(payload, content, reason="excessive_kicking")
        rated = [content.leg(leg) for leg, level in (seen.get("kicking") or {}).items() if level == "excessive"]
        if rated:
            parts.append(_("the owner rated the kicking excessive on the %(legs)s") % {
                "legs": (" " + _("and") + " ").join(rated)})
        return _("Excessive kicking: %(what)s") % {"what": "; ".join(parts or [STOP_REASONS["excessive_kicking"]])}
    if kind == "not_urinated":
        return _("Not urinated: the owner answered that no urine was passed since the last session")
    if kind in BLADDER_WORDS:  # from a care event: its kind says it all
        return BLADDER_WORDS[kind]
    return kind


def action_stops(payload: dict, content: ContentWords, reason: str | None = None) -> list[str]:
    """The actions stopped on one leg while the session went on (for `reason`, or any), in words."""
    stops = []
    for action in payload.get("actions", []):
        if action.get("status") != "stopped" or reason not in (None, action.get("stop_reason")):
            continue
        what = content.action_titles.get(action["action_id"], action["action_id"])
        if action.get("leg"):
            what += ", " + content.leg(action["leg"])
        why = action.get("stop_reason")
        stops.append(_("%(action)s: stopped for %(reason)s") % {"action": what, "reason": STOP_REASONS.get(why, why)})
    return stops

"""Rendering the clinic's pages: one Jinja2 environment (autoescaping on), one render helper that
gives every page the signed-in staff member and their form token, and the HTML error page."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from urllib.parse import quote

from babel.dates import format_date, format_datetime, get_day_names
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from app import i18n
from app.content import LoadedRoutine
from app.content.flow import covered_legs
from app.errors import AppError
from app.http.precomputed import PrecomputedResource
from app.http.security_headers import security_headers
from app.i18n import N_, Words, _
from app.routes.clinic.forgery import keep_form_token
from app.services.accounts import Staff
from app.services.alert_words import ContentWords, alert_words
from app.services.alerts import AlertLine
from app.services.clinic_time import local_time
from app.services.neuro_grades import DEEP_PAIN, MODIFIED_FRANKEL, SCALE_REFERENCE, WALKING_GRADES
from app.services.prescriptions import LEG_NAMES, LEGS

APP_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = Jinja2Templates(directory=APP_DIR / "templates")
TEMPLATES.env.add_extension("jinja2.ext.i18n")
# Each call reads the request's language (app/i18n.py); newstyle: _("… %(name)s", name=x), escaped.
TEMPLATES.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
TEMPLATES.env.globals["quote"] = quote
TEMPLATES.env.globals["offered_languages"] = i18n.OFFERED
STYLESHEET = "/clinic/static/clinic.css"


def _local(moment: datetime | None, zone: str, received_at: datetime | None = None) -> str:
    """A stored (UTC) time as the clinic reads it; a log's time (or its alert's) with when it was
    received, so an implausible one reads "unknown" (services/clinic_time.py)."""
    if moment is None:
        return ""
    local = local_time(moment, ZoneInfo(zone), received_at)
    return _("unknown") if local is None else _dated(local, "dd MMM HH:mm")


def _dated(value: date | datetime, pattern: str) -> str:
    """A day or a time by a CLDR pattern ("EEE dd MMM y"), in the page's language."""
    language = i18n.cldr_locale()
    if isinstance(value, datetime):
        return format_datetime(value, pattern, locale=language)
    return format_date(value, pattern, locale=language)


def _weekday_names() -> list[str]:
    """Monday to Sunday, short, in the page's language."""
    names = get_day_names("abbreviated", locale=i18n.cldr_locale())
    return [names[day] for day in range(7)]


def _day(value: date, year: bool = False, weekday: bool = True) -> str:
    """A day in the page's language: "Wed 02 Dec", "2 Dec 2026" (year), "2 Dec" (no weekday)."""
    return _dated(value, "d MMM y" if year else ("EEE dd MMM" if weekday else "d MMM"))


def _tel(phone: str) -> str:
    """A phone number as a tel: link wants it: digits, and a leading +."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" if phone.strip().startswith("+") else "") + digits


def _machine_time(moment: datetime) -> str:
    """For <time datetime>: whole seconds (HTML allows at most three digits of a fraction)."""
    return moment.isoformat(timespec="seconds")


TEMPLATES.env.filters["local"] = _local
TEMPLATES.env.filters["day"] = _day
TEMPLATES.env.filters["moment"] = lambda value: _dated(value, "EEE dd MMM, HH:mm")  # "Wed 02 Dec, 14:05"
TEMPLATES.env.filters["dated"] = _dated
TEMPLATES.env.globals["weekday_names"] = _weekday_names
TEMPLATES.env.filters["machine_time"] = _machine_time
TEMPLATES.env.filters["tel"] = _tel
# The grading scale's words are the same on every page that shows grades (Words: each translated as read).
TEMPLATES.env.globals.update(modified_frankel=MODIFIED_FRANKEL, deep_pain_words=DEEP_PAIN,
                             walking_grades=WALKING_GRADES)


def clinic_static() -> dict[str, PrecomputedResource]:
    """The dashboard's stylesheet, answered from memory like the app's files (revalidated: no-cache)."""
    body = (APP_DIR / "static" / "clinic.css").read_bytes()
    return {STYLESHEET: PrecomputedResource(body, content_type="text/css; charset=utf-8", cache_control="no-cache",
                                            version=hashlib.sha256(body).hexdigest()[:16],
                                            extra_headers=security_headers(document=False))}


class LoginRequired(AppError):
    def __init__(self):
        super().__init__(_("Sign in to see this page."), 401, "login_required")


def render(request: Request, template: str, staff: Staff | None = None, status_code: int = 200, **context) -> HTMLResponse:
    """A page; its forms carry the staff member's token, or before signing in the page's own
    (see forgery.py)."""
    context.setdefault("errors", {})
    context.setdefault("values", {})
    csrf = staff.csrf_token if staff else getattr(request.state, "form_token", "")
    # The request's language already (app/http/language.py); said again for a page rendered elsewhere.
    with i18n.speaking(staff.user.language if staff else i18n.current_language()) as language:
        response = TEMPLATES.TemplateResponse(request, f"clinic/{template}",
                                              {"staff": staff, "csrf": csrf, "language": language, **context},
                                              status_code=status_code)
    if staff is None:
        keep_form_token(request, response)
    return response


def see_other(url: str) -> RedirectResponse:
    """After a form post: the browser GETs the result (a reload never posts twice)."""
    return RedirectResponse(url, status_code=303)


def html_error(request: Request, exc: AppError):
    """AppErrors on /clinic pages: a page, not JSON; a missing login sends to the sign-in page."""
    if isinstance(exc, LoginRequired):
        return see_other(f"/clinic/login?next={quote(request.url.path)}")
    return render(request, "error.html", getattr(request.state, "staff", None), exc.status_code,
                  title=_TITLES.get(exc.status_code) or _("Something went wrong"), message=exc.message)


_TITLES = Words({403: N_("Not allowed"), 404: N_("Not found"), 409: N_("Cannot do that"), 413: N_("Too much sent"),
                 422: N_("Check the form"), 429: N_("Too many tries")})


# Questions the content no longer asks, in the words the owner read (English: the only language
# then), for old logs that name them.
RETIRED_QUESTIONS = {"no-pain": "Is your dog free of pain today (no crying out, trembling or flinching when touched)?"}


def content_in_language(request: Request) -> LoadedRoutine:
    """The routine with its words in the reader's language, where the content has that language
    (content/locales/); else the English."""
    loaded = request.app.state.routine
    return loaded.in_locale(i18n.current_language()) or loaded


def content_words(request: Request) -> ContentWords:
    """The content's words that pages quote by id, in the reader's language where the content has
    it: the safety check's questions (as the owner read them, for logs that name the one that
    blocked), the actions' titles, the legs' names (every leg a prescription may tick, in order)
    and the bladder's results."""
    routine, local = request.app.state.routine.routine, content_in_language(request)
    asked = {q.id: local.text((part, q.id, "question"), q.question)
             for part, questions in (("eligibility", routine.eligibility), ("facts", routine.facts),
                                     ("red_flags", routine.red_flags)) for q in questions}
    titles = {action.id: local.text(("steps", step.id, "actions", action.id, "title"), action.title)
              for step in routine.steps for action in step.actions}
    labels = {leg.id: leg.label for leg in routine.legs}
    legs = {leg: local.text(("legs", leg, "label"), labels.get(leg, LEG_NAMES[leg])) for leg in LEGS}
    results = {result.id: local.text(("bladder", "results", result.id, "label"), result.label)
               for result in routine.bladder.results}
    return ContentWords(questions={**RETIRED_QUESTIONS, **asked}, action_titles=titles, leg_names=legs,
                        bladder_results=results)


def scale_citation(request: Request) -> str:
    """The source of the grading scale, in the content's words (content/routine.toml, [[references]])."""
    found = [ref.citation for ref in request.app.state.routine.routine.references if ref.id == SCALE_REFERENCE]
    return found[0] if found else ""


def alert_items(request: Request, lines: list[AlertLine], today: date,
                content: ContentWords | None = None) -> list[AlertLine]:
    """The alerts with what happened in words (the content's questions, action titles and legs)."""
    content = content or content_words(request)
    for line in lines:
        line.words = alert_words(line.alert, line.payload, content=content, today=today, patient=line.patient)
    return lines


def legs_not_covered(request: Request) -> dict:
    """The legs the routine has no actions for (front legs, with the source's content) and what the
    owner's phone tells them about such a leg (in the reader's language where the content has it):
    a hint beside the prescription's legs."""
    routine, local = request.app.state.routine.routine, content_in_language(request)
    every_leg = [leg.id for leg in routine.legs]
    covered = covered_legs(routine.model_dump(include={"legs", "flow"}), every_leg)
    told = routine.legs_not_covered
    return {"legs": [leg for leg in every_leg if leg not in covered],
            "owner_told": {"title": local.text(("legs_not_covered", "title"), told.title),
                           "text": local.text(("legs_not_covered", "text"), told.text)}}

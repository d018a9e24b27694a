"""Every word the dashboard shows is a message a translator sees: in a made-up language whose every
translation is the English in brackets ("[Patients]", "[%(count)s open]"), no visible text is left
outside brackets but data (names, emails, numbers, dates, what staff and owners typed, the
routine's own words, which come from the content in its languages, and the history's details,
kept as written).

Text nodes are read with html.parser, and the attributes people see or hear: title, aria-label,
placeholder, alt, and the value of an input button.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from babel.dates import get_day_names, get_month_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi.testclient import TestClient
from sqlmodel import select

from app import i18n
from app.config import PROJECT_ROOT
from app.models import AuditEvent, Clinic, StoredCareEvent
from app.services.patient_list import clinic_today
from tests.api.test_care_events import bladder
from tests.clinic.conftest import (
    PASSWORD, backdate_patients, blocked_log, invite_code, link_phone, make_log, new_patient, sync,
)
from tests.support.clinic import calm_log, database

PSEUDO = "qps"  # a made-up language (the code of Windows' pseudo-locale): no catalogue, no content, not in CLDR
SEEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
BRAND = "IVDD Home PT"


def pseudo_catalogue() -> Translations:
    """Every message of the template translated as itself in brackets; plural forms too, with
    their placeholders intact ("[%(num)d days]")."""
    with open(PROJECT_ROOT / "app" / "locales" / "messages.pot", "rb") as source:
        template = read_po(source)
    catalogue = Catalog(locale="en")
    for message in template:
        if message.id:
            string = tuple(f"[{form}]" for form in message.id) if message.pluralizable else f"[{message.id}]"
            catalogue.add(message.id, string, flags=message.flags)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)


@pytest.fixture
def pseudo(monkeypatch):
    translations, real = pseudo_catalogue(), i18n.catalogue
    monkeypatch.setitem(i18n.OFFERED, PSEUDO, "Pseudo")
    monkeypatch.setattr(i18n, "catalogue", lambda language: translations if language == PSEUDO else real(language))


class SeenText(HTMLParser):
    """The text a person reads or hears on a page: text nodes (not of script or style) and the
    attributes above, each as one piece."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attrs = dict(attrs)
        self.pieces += [attrs[name] for name in SEEN_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.pieces.append(data)


def untranslated(page: str, data: set[str]) -> list[str]:
    """The pieces of a page with words left once every bracketed message and every piece of data
    is taken out. Messages nest ("[Pain: [signs of pain]]"), so the innermost go first."""
    parser = SeenText()
    parser.feed(page)
    dates = {*get_month_names("abbreviated", locale="en").values(), *get_day_names("abbreviated", locale="en").values()}
    left = []
    for piece in parser.pieces:
        text = piece
        while (shorter := re.sub(r"\[[^\[\]]*\]", " ", text)) != text:
            text = shorter
        text = re.sub(r"https?://\S+", " ", text)
        for known in sorted(data, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(known)}(?!\w)", " ", text, flags=re.IGNORECASE)
        words = [word for word in re.findall(r"[^\W\d_]+", text) if word not in dates]
        if words:
            left.append(piece.strip())
    return left


def content_words(app) -> set[str]:
    """The routine's words a page quotes (English: the made-up language has no content of its own)."""
    routine = app.state.routine.routine
    return {*(q.question for q in [*routine.eligibility, *routine.facts, *routine.red_flags]),
            *(action.title for step in routine.steps for action in step.actions),
            *(leg.label for leg in routine.legs), *(result.label for result in routine.bladder.results),
            routine.legs_not_covered.title, routine.legs_not_covered.text,
            *(reference.citation for reference in routine.references)}


def stored_data(desk) -> set[str]:
    """The history's details, kept as they were written (one language for every reader)."""
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:
        return {event.detail for event in session.exec(select(AuditEvent)) if event.detail}


def assert_all_translated(answer, data: set[str]) -> None:
    assert answer.headers["content-type"].startswith("text/html"), answer.headers["content-type"]
    assert f'<html lang="{PSEUDO}">' in answer.text
    left = untranslated(answer.text, data)
    assert left == [], (str(answer.url), left)


def test_the_collector_finds_words_outside_brackets():
    """A negative control: the check would see a word left in English."""
    page = ('<p title="[Flagged]">[Pain: [signs of pain]] · Biscuit, 02 Dec 14:05</p><button aria-label="Remove">x'
            '</button><input type="submit" value="Send"><script>var left = "English";</script>')
    assert untranslated(page, {"Biscuit"}) == ["Remove", "x", "Send"]


def test_before_signing_in_every_word_is_translated(pseudo, clinic_app):
    browser = {"Accept-Language": f"{PSEUDO}, en;q=0.5"}
    with TestClient(clinic_app, follow_redirects=False, headers=browser) as client:
        setup = client.get("/clinic/setup")
        assert_all_translated(setup, {BRAND})
        token = re.search(r'name="csrf" value="([^"]+)"', setup.text).group(1)
        refused = client.post("/clinic/setup", data={"csrf": token, "clinic_name": "", "email": "no",
                                                      "password": "short", "password_again": "other", "timezone": "Mars"})
        assert refused.status_code == 422
        assert_all_translated(refused, {BRAND, "no", "Mars", "Europe/London"})
        made = client.post("/clinic/setup", data={"csrf": token, "clinic_name": "Riverside Vets", "timezone": "UTC",
                                                   "email": "vet@riverside.example", "password": PASSWORD,
                                                   "password_again": PASSWORD})
        assert made.status_code == 303
        login = client.get(made.headers["location"])
        assert_all_translated(login, {BRAND})
        wrong = client.post("/clinic/login", data={"csrf": token, "email": "vet@riverside.example",
                                                   "password": "not the password"})
        assert wrong.status_code == 401
        assert_all_translated(wrong, {BRAND})


def test_every_page_of_a_staff_member_is_in_their_language(pseudo, desk):
    """A patient with something on every part of its page: alerts of each kind, sessions completed,
    stopped and blocked, bladder records, grades, phones and invites, handled alerts, history."""
    app = desk.client.app
    today = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))[0]
    assert desk.post("/clinic/staff/language", {"language": PSEUDO}).headers["location"] == "/clinic/staff?done=language"

    biscuit = new_patient(desk, "Biscuit", "Anna Clarke")
    desk.post(f"/clinic/patients/{biscuit}/details", {"dog_name": "Biscuit", "owner_name": "Anna Clarke",
                                                      "owner_phone": "+44 7700 900123", "owner_email": "anna@example.com"})
    desk.post(f"/clinic/patients/{biscuit}/prescription", {
        "legs": ["left-hind", "right-hind"], "sessions_per_day": "2", "bladder_interval_hours": "6",
        "crate_rest_start": (today - timedelta(days=20)).isoformat(), "crate_rest_weeks": "8"})
    token = link_phone(desk, biscuit)
    kicked = [*calm_log()["actions"][:2], {**calm_log()["actions"][2], "status": "stopped", "leg": "right-hind",
                                           "stop_reason": "excessive_kicking"}]
    sync(desk, token, [make_log(2, actions=kicked, extra=True, note="Kicked at the foot rub."),
                       make_log(5, urinated="no", pain_signs=True, kicking={"left-hind": "excessive"}),
                       make_log(8, outcome="stopped", stop_reason="pain", stop_note="Whined."),
                       blocked_log(30), blocked_log(50, "cannot-urinate", "red_flag"), make_log(80)])
    now = datetime.now(UTC)
    answer = desk.client.post("/api/v1/sync", headers={"Authorization": f"Bearer {token}"}, json={"logs": [
        bladder(at=(now - timedelta(hours=h)).isoformat(), result=result, method=method)
        for h, result, method in ((1, "none", "expressed"), (3, "blood", "own"), (26, "much-harder", "expressed"),
                                  (27, "normal", "own"))]})
    assert answer.status_code == 200, answer.text
    with database(app.state.settings.sqlalchemy_url) as session:  # then no record for hours: overdue
        for event in session.exec(select(StoredCareEvent)):
            event.at -= timedelta(hours=12)
            session.add(event)
    for examined, grade, steps in ((14, "2", "no"), (0, "4", "yes")):
        desk.post(f"/clinic/patients/{biscuit}/grades", {"examined_on": (today - timedelta(days=examined)).isoformat(),
                                                         "grade": grade, "deep_pain": "present", "ten_steps": steps})
    frank = new_patient(desk, "Frank", "Grace Lee")  # crate rest over: a recheck is due; no session yet
    desk.post(f"/clinic/patients/{frank}/prescription", {
        "legs": ["left-hind"], "crate_rest_start": (today - timedelta(days=40)).isoformat(), "crate_rest_weeks": "4"})
    bella = new_patient(desk, "Bella", "Sam Ortiz")
    desk.post(f"/clinic/patients/{bella}/discharge", {"discharged_on": today.isoformat(), "discharge_note": "Walking."})
    backdate_patients(desk)  # a week's target applies: below target
    milo = new_patient(desk, "Milo", "Grace Lee")  # new: nothing due yet, but its crate rest is over
    desk.post(f"/clinic/patients/{milo}/prescription", {
        "legs": ["left-hind"], "crate_rest_start": (today - timedelta(days=40)).isoformat(), "crate_rest_weeks": "4"})
    new_patient(desk, "Rex", "Grace Lee")  # nothing due yet
    invite_code(desk, biscuit)  # a code not used yet, listed
    page = desk.get(f"/clinic/patients/{biscuit}")
    handled = next(item.alert.id for item in page.context["items"] if item.alert.kind == "not_urinated")
    assert desk.post(f"/clinic/alerts/{handled}/handle", {"note": "Called Anna.", "back": f"patient:{biscuit}"}).status_code == 303
    desk.post("/clinic/staff", {"email": "nurse@riverside.example", "password": PASSWORD, "role": "staff"})
    with_code = desk.get(desk.post(f"/clinic/patients/{biscuit}/invites").headers["location"])  # the code and its QR
    code = with_code.context["invite"].code

    names = {"Biscuit", "Frank", "Bella", "Milo", "Rex", "Anna Clarke", "Grace Lee", "Sam Ortiz", "anna@example.com", "Riverside Vets",
             "vet@riverside.example", "nurse@riverside.example", "Anna's phone", "Kicked at the foot rub.", "Whined.",
             "Walking.", "Called Anna.", "UTC", BRAND, *i18n.OFFERED.values(), code, code[:4], code[4:]}
    typed = {calm_log()["observations"]["note"], calm_log().get("stop_note") or "Whined."}  # owners' notes
    data = names | typed | content_words(app) | stored_data(desk)
    worklist = desk.get("/clinic")
    kinds = {item.alert.kind for item in worklist.context["items"]}
    assert kinds >= {"red_flag", "pain", "excessive_kicking", "blocked", "bladder_none", "bladder_blood",
                     "bladder_harder", "bladder_overdue", "recheck_due"}, kinds  # and not_urinated, handled
    assert {row.tier_label for row in worklist.context["rows"]} == {"Red flag", "Below target", "Recheck due",
                                                                     "Nothing due yet"}  # read here: English
    pages = [worklist, with_code, desk.get("/clinic?show=discharged"), desk.get("/clinic?q=Bella"), desk.get("/clinic?q=nobody"),
             desk.get("/clinic/patients/new"), desk.post("/clinic/patients/new", {"dog_name": "", "owner_phone": "x"}),
             desk.get(f"/clinic/patients/{biscuit}?done=invite&page=1"), desk.get(f"/clinic/patients/{frank}?done=saved"),
             desk.get(f"/clinic/patients/{bella}?done=discharged"), desk.get(f"/clinic/patients/{biscuit}/summary"),
             desk.post(f"/clinic/patients/{biscuit}/prescription", {"legs": [], "crate_rest_weeks": "40",
                                                                     "notes": "x" * 2001, "clinic_phone": "?"}),
             desk.post(f"/clinic/patients/{biscuit}/grades", {"examined_on": "soon", "grade": "0", "deep_pain": "present",
                                                              "ten_steps": "yes"}),
             desk.post(f"/clinic/patients/{biscuit}/discharge", {"discharged_on": "2001-01-01"}),
             desk.post(f"/clinic/patients/{biscuit}/details", {"dog_name": "", "owner_email": "nope"}),
             desk.post(f"/clinic/alerts/{page.context['items'][0].alert.id}/handle", {"note": " "}),
             desk.get("/clinic/staff?done=added"), desk.post("/clinic/staff", {"email": "bad", "password": "short"}),
             desk.post("/clinic/staff/language", {"language": "xx"}),
             desk.get("/clinic/patients/00000000-0000-0000-0000-000000000000"), desk.get(f"/clinic/patients/{biscuit}?page=0"),
             desk.post(f"/clinic/alerts/{handled}/handle", {"note": "again"}),
             desk.post(f"/clinic/patients/{bella}/invites")]
    for answer in pages:
        assert_all_translated(answer, data | {"xx", "nope", "bad", "x" * 2001})

    csv = desk.get(f"/clinic/patients/{biscuit}/sessions.csv").content.decode("utf-8-sig")
    header = csv.splitlines()[0].split(",")
    assert all(re.fullmatch(r"\[[a-z_]+\]", column) for column in header), header

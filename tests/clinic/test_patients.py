"""The patient list by risk, the patient page and its forms, and the exports."""

from __future__ import annotations

import csv
import io
import re

from datetime import UTC, datetime, timedelta

from app.models import Clinic
from app.services.patient_list import clinic_today
from tests.clinic.conftest import backdate_patients, blocked_log, invite_code, link_phone, make_log, new_patient, sync
from tests.support.clinic import set_prescription


def hours_ago(moment: datetime) -> float:
    return (datetime.now(UTC) - moment).total_seconds() / 3600


def test_patients_are_listed_by_who_needs_a_call_first(desk):
    # Rex did both sessions on each of the last seven whole days (the clinic's time zone is UTC).
    _, day_start = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))
    stories = {
        "Rex (on track)": [make_log(hours_ago(day_start - timedelta(days=days_back) + timedelta(hours=hour)))
                           for days_back in range(1, 8) for hour in (8, 14)],
        "Ivy (below target)": [make_log(30)],
        "Bo (blocked)": [blocked_log(5)],
        "Kit (kicking)": [make_log(20, outcome="stopped", stop_reason="excessive_kicking")],
        "Pip (pain)": [make_log(10, pain_signs=True)],
        "Ace (red flag)": [blocked_log(40, "cannot-urinate", "red_flag")],
        "Old (red flag long ago)": [blocked_log(60, "cannot-urinate", "red_flag")],
    }
    for dog, logs in stories.items():
        patient_id = new_patient(desk, dog)
        sync(desk, link_phone(desk, patient_id), logs)
    backdate_patients(desk)

    page = desk.get("/clinic")
    assert page.template.name == "clinic/patients.html"
    order = [(row.patient.dog_name, row.tier) for row in page.context["rows"]]
    # An open red flag stays at the top however old it is, until someone handles it.
    assert order == [("Ace (red flag)", 0), ("Old (red flag long ago)", 0), ("Pip (pain)", 1), ("Kit (kicking)", 1),
                     ("Bo (blocked)", 2), ("Ivy (below target)", 3), ("Rex (on track)", 4)]
    rex = page.context["rows"][-1]
    assert (rex.done_last_week, rex.due_last_week, rex.done_today) == (14, 14, 0) and rex.badges == []
    assert "Red flag" in page.context["rows"][0].badges and "Blocked" not in page.context["rows"][0].badges
    assert re.search(r"Ace \(red flag\).*Pip \(pain\).*Rex \(on track\)", page.text, re.S)

    found = desk.get("/clinic?q=PIP")
    assert [row.patient.dog_name for row in found.context["rows"]] == ["Pip (pain)"]
    assert "No patient matches" in desk.get("/clinic?q=nobody").text
    assert [r.patient.dog_name for r in desk.get("/clinic?q=anna").context["rows"]][0] == "Ace (red flag)"  # owner


def test_no_session_is_due_before_passive_pt_was_approved(desk):
    """A dog added a week ago whose PT the vet approved two days ago owes two days of sessions;
    one whose PT starts next week owes none, and the list says when it starts."""
    url = desk.client.app.state.settings.sqlalchemy_url
    today = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))[0]
    for dog in ("Early", "Later"):
        new_patient(desk, dog)
    backdate_patients(desk)
    set_prescription(url, "Early", passive_pt_approved_from=today - timedelta(days=2), sessions_per_day=2)
    set_prescription(url, "Later", passive_pt_approved_from=today + timedelta(days=5))

    page = desk.get("/clinic")
    rows = {row.patient.dog_name: row for row in page.context["rows"]}
    assert (rows["Early"].due_last_week, rows["Early"].tier) == (4, 3) and "Below target" in rows["Early"].badges
    assert (rows["Later"].due_last_week, rows["Later"].tier, rows["Later"].badges) == (0, 4, ["No sessions yet"])
    assert rows["Later"].tier_label == "Nothing due yet"
    assert f"PT from {(today + timedelta(days=5)).strftime('%-d %b')}" in page.text
    assert "0 of 4" in page.text

    # The patient page's calendar and the visit summary count the same days as due.
    early = rows["Early"].patient.id
    calendar = desk.get(f"/clinic/patients/{early}").context["page"].calendar
    assert [day.due for day in calendar[-4:]] == [False, True, True, True]  # from two days ago, today included
    summary = desk.get(f"/clinic/patients/{early}/summary")
    assert summary.context["summary"].days_due == 3 and "of the 3 days sessions were due" in summary.text
    assert "not due" in summary.text


def test_a_new_patient_needs_a_name(desk):
    bad = desk.post("/clinic/patients/new", {"dog_name": "  ", "owner_name": "x" * 121})
    assert bad.status_code == 422 and set(bad.context["errors"]) == {"dog_name", "owner_name"}
    patient_id = new_patient(desk)
    page = desk.get(f"/clinic/patients/{patient_id}?done=created")
    assert page.template.name == "clinic/patient.html" and "Patient added" in page.text


def test_the_prescription_form_checks_every_field_and_the_phone_gets_it(desk):
    patient_id = new_patient(desk)
    token = link_phone(desk, patient_id)
    bad = desk.post(f"/clinic/patients/{patient_id}/prescription", {
        "legs": ["left-paw"], "sessions_per_day": "9", "crate_rest_start": "2999-01-01", "crate_rest_weeks": "3",
        "passive_pt_approved_from": "soon", "bladder_interval_hours": "0", "notes": "x" * 2001,
        "clinic_phone": "call the desk"})
    assert bad.status_code == 422
    assert set(bad.context["errors"]) == {"legs", "sessions_per_day", "crate_rest_start", "crate_rest_weeks",
                                          "passive_pt_approved_from", "bladder_interval_hours", "notes", "clinic_phone"}
    assert bad.context["errors"]["bladder_interval_hours"] == "Enter a whole number of hours from 1 to 24, or leave it empty."
    assert bad.context["form"].clinic_phone == "call the desk"  # what was typed stays in the form
    assert 'aria-invalid="true"' in bad.text and 'href="#crate_rest_weeks"' in bad.text

    good = {"legs": ["left-hind", "right-hind"], "sessions_per_day": "3", "crate_rest_start": "2026-11-10",
            "crate_rest_weeks": "8", "passive_pt_approved_from": "2026-11-14", "bladder_interval_hours": "6",
            "notes": "Gently, please.", "clinic_phone": "+44 20 7946 0001"}
    assert desk.post(f"/clinic/patients/{patient_id}/prescription", good).headers["location"].endswith("done=saved#prescription")
    assert desk.post(f"/clinic/patients/{patient_id}/prescription", good).headers["location"].endswith("done=unchanged#prescription")
    prescription = desk.client.post("/api/v1/sync", json={"logs": []},
                                    headers={"Authorization": f"Bearer {token}"}).json()["prescription"]
    assert prescription | {} == {
        "version": 2, "dog_name": "Biscuit", "legs": ["left-hind", "right-hind"], "sessions_per_day": 3,
        "crate_rest_start": "2026-11-10", "crate_rest_weeks": 8, "passive_pt_approved_from": "2026-11-14",
        "bladder_interval_hours": 6, "notes": "Gently, please.", "clinic_name": "Riverside Vets",
        "clinic_phone": "+44 20 7946 0001"}


def test_an_invite_shows_its_code_link_and_qr_once_and_phones_can_be_disconnected(desk):
    patient_id = new_patient(desk)
    made = desk.post(f"/clinic/patients/{patient_id}/invites")
    assert made.headers["location"].endswith("done=invite#phones")
    page = desk.get(made.headers["location"])
    code = page.context["invite"].code
    assert page.context["join_link"] == f"https://pt.example/join/{code}"
    assert f"{code[:4]} {code[4:]}" in page.text and '<svg xmlns="http://www.w3.org/2000/svg"' in page.text
    assert code not in desk.get(f"/clinic/patients/{patient_id}").text  # not shown again

    token = desk.client.post("/api/v1/devices", json={"code": code, "label": "Anna's phone"}).json()["token"]
    [device] = desk.get(f"/clinic/patients/{patient_id}").context["page"].devices
    assert device.label == "Anna's phone" and device.revoked_at is None
    done = desk.post(f"/clinic/patients/{patient_id}/devices/{device.id}/revoke")
    assert done.headers["location"].endswith("done=revoked#phones")
    refused = desk.client.post("/api/v1/sync", json={"logs": []}, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403
    assert "Disconnected" in desk.get(f"/clinic/patients/{patient_id}").text


def test_the_patient_page_shows_the_timeline_calendar_and_kicking(desk):
    patient_id = new_patient(desk)
    token = link_phone(desk, patient_id)
    logs = [make_log(1, outcome="stopped", stop_reason="excessive_kicking", kicking={"left-hind": "excessive"},
                     note="Kicked at the foot rub."),
            make_log(5, kicking={"left-hind": "a_little"}), blocked_log(30, "cannot-urinate", "red_flag")]
    logs += [make_log(48 + hour * 12) for hour in range(30)]
    sync(desk, token, logs)
    page = desk.get(f"/clinic/patients/{patient_id}")
    details = page.context["page"]
    assert details.total_sessions == 33 and details.timeline_pages == 2 and len(details.timeline) == 25
    newest = details.timeline[0]
    assert (newest.log.outcome, newest.stop_reason, newest.note) == ("stopped", "excessive kicking", "Kicked at the foot rub.")
    assert "Has your dog been unable to pass urine" in page.text or "urine" in page.text  # the question, in words
    assert len(details.calendar) == 28 and sum(day.done for day in details.calendar) >= 17
    assert details.calendar[-1].flagged or details.calendar[-2].flagged
    assert max(level for _, level in details.kicking_series["left-hind"]) == 2
    older = desk.get(f"/clinic/patients/{patient_id}?page=2")
    assert len(older.context["page"].timeline) == 8 and "Newer sessions" in older.text
    assert desk.get(f"/clinic/patients/{patient_id}?page=0").status_code == 422


def test_exports_csv_and_visit_summary(desk):
    patient_id = new_patient(desk, dog="Biscuit / Bix")
    sync(desk, link_phone(desk, patient_id), [make_log(3, note="=HYPERLINK(\"http://evil\")"), make_log(30),
                                              blocked_log(50)])
    answer = desk.get(f"/clinic/patients/{patient_id}/sessions.csv")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="Biscuit-Bix-sessions-\d{4}-\d\d-\d\d\.csv"',
                        answer.headers["content-disposition"])
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [row["outcome"] for row in rows] == ["blocked", "completed", "completed"]  # oldest first
    assert rows[-1]["note"] == "'=HYPERLINK(\"http://evil\")"  # a spreadsheet will not run it
    assert rows[0]["blocked_by"] == "off-medication" and rows[1]["kicking_left_hind"] == "a_little"
    assert rows[1]["kicking_right_hind"] == "" and rows[1]["patient_id"] == patient_id
    assert rows[1]["dog_name"] == "Biscuit / Bix" and rows[1]["device"] and rows[1]["received_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", rows[1]["date"]) and re.fullmatch(r"\d\d:\d\d", rows[1]["time"])
    assert rows[1]["started_at"].startswith(f'{rows[1]["date"]}T{rows[1]["time"]}')
    assert rows[1]["content_locale"] == "en" and re.fullmatch(r"[0-9a-f]{16}", rows[1]["content_version"])

    summary = desk.get(f"/clinic/patients/{patient_id}/summary")
    assert summary.template.name == "clinic/summary.html"
    assert len(summary.context["summary"].days) == 14 and summary.context["summary"].total_done == 2
    assert "Has your dog finished all of its medication?" in summary.text


def test_the_patient_page_says_which_language_the_owners_routine_is_in(desk):
    patient_id = new_patient(desk)
    token = link_phone(desk, patient_id)
    assert 'id="content-language"' not in desk.get(f"/clinic/patients/{patient_id}").text  # no session yet
    sync(desk, token, [make_log(30), make_log(3, content_locale="es")])
    page = desk.get(f"/clinic/patients/{patient_id}").text
    assert "The owner's app shows the routine in Spanish (español) (as of the last session)." in page
    sync(desk, token, [make_log(1)])  # a phone that names no language: English
    assert "shows the routine in English" in desk.get(f"/clinic/patients/{patient_id}").text

"""Neurological grades at rechecks: the form, its checks, the patient page's grades, the history."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import AuditEvent, NeuroGrade
from tests.clinic.conftest import new_patient
from tests.support.clinic import database


def today_of(desk, patient_id: str):
    return desk.get(f"/clinic/patients/{patient_id}").context["page"].today


def stored_grades(desk) -> list[NeuroGrade]:
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:
        return list(session.exec(select(NeuroGrade)))


def section(html: str, section_id: str) -> str:
    return re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S).group(0)


def test_a_grade_is_recorded_shown_over_time_and_in_the_history(desk):
    patient_id = new_patient(desk)
    today = today_of(desk, patient_id)
    first = desk.post(f"/clinic/patients/{patient_id}/grades",
                      {"examined_on": (today - timedelta(days=14)).isoformat(), "grade": "2", "deep_pain": "present",
                       "ten_steps": "no", "note": "Wags the tail."})
    assert first.status_code == 303 and first.headers["location"] == f"/clinic/patients/{patient_id}?done=grade#grades"
    second = desk.post(f"/clinic/patients/{patient_id}/grades",
                       {"examined_on": today.isoformat(), "grade": "4", "deep_pain": "present", "ten_steps": "yes"})
    assert second.status_code == 303

    page = desk.get(second.headers["location"])
    assert "Grade recorded." in page.text
    assert [(g.grade, g.ten_steps) for g in page.context["grades"]] == [(4, True), (2, False)]
    grades = section(page.text, "grades")
    assert "Paraplegia with pain perception intact" in grades and "Ambulatory paraparesis and ataxia" in grades
    assert "Wags the tail." in grades and "vet@riverside.example" in grades
    for steps in ("yes", "no"):
        assert re.search(rf"<td>present</td>\s*<td>{steps}</td>", grades)
    assert 'role="img"' in grades and "<polyline" in grades and grades.count('class="point') == 2
    assert "walks" in grades and "consider stopping passive PT" in grades  # grade 4: the dog walks

    history = section(page.text, "history")
    assert history.count("Grade recorded") == 2 and "grade 4 (ambulatory paraparesis and ataxia)" in history
    assert "Wags the tail." in history


def test_the_form_states_the_scale_its_direction_and_its_source(desk):
    patient_id = new_patient(desk)
    grades = section(desk.get(f"/clinic/patients/{patient_id}").text, "grades")
    assert "No grades recorded yet." in grades and "consider stopping" not in grades
    assert "0 is the most severe, 5 the mildest" in grades
    assert "ACVIM consensus statement on thoracolumbar intervertebral disc extrusion" in grades
    assert "0: Paraplegia with no deep pain perception" in grades and "5: Spinal hyperaesthesia only" in grades
    assert "<legend>Deep pain perception</legend>" in grades
    assert "<legend>Takes 10 steps without help</legend>" in grades
    assert 'name="csrf"' in grades and "novalidate" in grades and "Record the grade" in grades


VALID = {"grade": "3", "deep_pain": "present", "ten_steps": "no", "note": ""}


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"examined_on": ""}, "examined_on", "YYYY-MM-DD"),
    ({"examined_on": "future"}, "examined_on", "not one still to come"),
    ({"examined_on": "long ago"}, "examined_on", "more than a year ago"),
    ({"grade": "7"}, "grade", "from 0 to 5"),
    ({"grade": "x"}, "grade", "from 0 to 5"),
    ({"deep_pain": "maybe"}, "deep_pain", "present, absent or not tested"),
    ({"ten_steps": ""}, "ten_steps", "yes or no"),
    ({"note": "x" * 1001}, "note", "1,000 characters"),
    ({"grade": "0", "deep_pain": "present"}, "deep_pain", "Grade 0 means no deep pain perception"),
    ({"grade": "3", "deep_pain": "absent"}, "deep_pain", "the grade is 0"),
    ({"grade": "1", "ten_steps": "yes"}, "ten_steps", "Grade 1 is paraplegia"),
    ({"grade": "3", "ten_steps": "yes"}, "ten_steps", "Grade 3 does not walk"),
    ({"grade": "4"}, "ten_steps", "Grade 4 walks"),
    ({"grade": "0", "deep_pain": "not_tested"}, "deep_pain", "it must be tested"),
])
def test_each_refused_answer_is_shown_beside_its_field_and_nothing_is_stored(desk, changes, field, words):
    patient_id = new_patient(desk)
    today = today_of(desk, patient_id)
    days = {"future": today + timedelta(days=1), "long ago": today - timedelta(days=400)}
    form = {**VALID, "examined_on": today.isoformat(), **changes}
    form["examined_on"] = days.get(form["examined_on"], form["examined_on"])

    answer = desk.post(f"/clinic/patients/{patient_id}/grades", form)
    assert answer.status_code == 422
    assert list(answer.context["errors"]) == [field]
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', answer.text)
    assert error and words in error.group(1).replace("&#39;", "'")
    assert re.search(rf'id="{field}"[^>]*aria-describedby="{field}-error', answer.text)
    assert answer.context["values"]["grade"] == form["grade"]  # what was typed is kept
    assert stored_grades(desk) == []
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:
        assert not session.exec(select(AuditEvent).where(AuditEvent.action == "grade_recorded")).first()


def test_another_clinic_cannot_grade_our_patient(desk, make_desk):
    patient_id = new_patient(desk)
    other = make_desk("vet@hillside.example", clinic="Hillside Vets")
    answer = other.post(f"/clinic/patients/{patient_id}/grades",
                        {**VALID, "examined_on": today_of(desk, patient_id).isoformat()})
    assert answer.status_code == 404
    assert stored_grades(desk) == []


def test_a_grade_needs_the_form_token(desk):
    patient_id = new_patient(desk)
    answer = desk.client.post(f"/clinic/patients/{patient_id}/grades",
                              data={**VALID, "examined_on": today_of(desk, patient_id).isoformat()})
    assert answer.status_code == 403
    assert stored_grades(desk) == []

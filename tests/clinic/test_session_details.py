"""What the dashboard makes of a session's details: only completed sessions count toward the
day's target (a most, not a score), per-action stops in plain words, extra sessions, the owner's
own crate-rest start, and the legs the routine has no exercises for."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

from app.models import Clinic
from app.schemas.session_log import EXAMPLE
from app.services.patient_list import clinic_today
from tests.clinic.conftest import backdate_patients, blocked_log, link_phone, make_log, new_patient, sync
from tests.support.clinic import calm_log


def _hours_ago(moment: datetime) -> float:
    return (datetime.now(UTC) - moment).total_seconds() / 3600


def _kicked_foot(leg: str = "right-hind") -> list[dict]:
    """The calm log's actions with the foot rub, on `leg`, ended for excessive kicking."""
    return [*calm_log()["actions"][:2], {**EXAMPLE["actions"][2], "leg": leg}]


def test_only_completed_sessions_count_toward_the_target(desk):
    """Two sessions a day on each of the last 7 whole days, but one a day was stopped: 7 of 14,
    below target, on the list, the calendar and the visit summary; stopped ones are still shown."""
    _, day_start = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))
    logs = []
    for days_back in range(1, 8):
        morning = day_start - timedelta(days=days_back) + timedelta(hours=8)
        logs += [make_log(_hours_ago(morning)),
                 make_log(_hours_ago(morning + timedelta(hours=6)), outcome="stopped", stop_reason="interrupted")]
    logs.append(make_log(_hours_ago(day_start + timedelta(minutes=1)), outcome="stopped", stop_reason="other"))
    patient_id = new_patient(desk)
    sync(desk, link_phone(desk, patient_id), logs)
    backdate_patients(desk)

    [row] = desk.get("/clinic").context["rows"]
    assert (row.done_last_week, row.due_last_week, row.done_today, row.tier) == (7, 14, 0, 3)
    assert "Below target" in row.badges

    page = desk.get(f"/clinic/patients/{patient_id}")
    details = page.context["page"]
    assert details.done_last_week == 7
    yesterday = details.calendar[-2]
    assert (yesterday.done, yesterday.stopped) == (1, 1) and "1 stopped" in page.text
    assert details.total_sessions == 15  # every session is on the timeline

    summary = desk.get(f"/clinic/patients/{patient_id}/summary").context["summary"]
    assert summary.total_done == 7 and summary.days_on_target == 0
    assert summary.days[-2].stopped == ["an interruption"]


def test_the_timeline_names_each_action_stopped_and_marks_extra_sessions(desk):
    patient_id = new_patient(desk)
    sync(desk, link_phone(desk, patient_id), [
        make_log(2, actions=_kicked_foot(), extra=True, legs=["left-hind", "right-hind"]),
        make_log(26, actions=_kicked_foot("left-hind"), kicking={"left-hind": "a_little"}),
        blocked_log(30, "no-pain"),  # a question the content no longer asks
    ])
    page = desk.get(f"/clinic/patients/{patient_id}")
    newest, older, blocked = page.context["page"].timeline
    assert newest.action_stops == ["Rub the foot, right back leg: stopped for excessive kicking"]
    assert newest.extra and not older.extra
    assert newest.log.flag_excessive_kicking and newest.log.outcome == "completed"
    assert "Rub the foot, right back leg: stopped for excessive kicking" in page.text
    assert page.text.count("Extra session, beyond the day's target") == 1
    assert "Is your dog free of pain today" in page.text  # the retired question, in its words
    assert blocked.blocked_by == "no-pain"

    # The foot rub stopped on a leg counts as excessive kicking there, whatever the owner rated.
    series = page.context["page"].kicking_series
    assert max(level for _, level in series["right-hind"]) == 2
    assert max(level for _, level in series["left-hind"]) == 2
    summary = desk.get(f"/clinic/patients/{patient_id}/summary")
    assert {"left-hind", "right-hind"} <= set().union(*(day.kicking for day in summary.context["summary"].days))


def test_a_fact_question_has_its_words_on_the_dashboard(desk):
    patient_id = new_patient(desk)
    answers = [{"question_id": "urinates-alone", "kind": "fact", "answer": "no", "remembered": True},
               {"question_id": "expression-harder", "kind": "red_flag", "answer": "yes"}]
    sync(desk, link_phone(desk, patient_id), [
        make_log(3, outcome="blocked", actions=[], observations=None,
                 gate={"answers": answers, "passed": False, "blocked_by": "expression-harder"})])
    page = desk.get(f"/clinic/patients/{patient_id}")
    assert "How does your dog empty its bladder at the moment?" in page.context["questions"].values()
    assert "Has expressing the bladder suddenly become much harder" in page.text
    assert page.context["page"].timeline[0].log.flag_red_flag


def test_the_owners_crate_rest_start_is_shown_as_theirs_until_staff_save_it(desk):
    patient_id = new_patient(desk)
    token = link_phone(desk, patient_id)
    today = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))[0]
    started = today - timedelta(days=9)
    answer = desk.client.post("/api/v1/sync", json={"logs": [], "profile": {"crate_rest_start": started.isoformat()}},
                              headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["prescription"]["crate_rest_start"] is None

    page = desk.get(f"/clinic/patients/{patient_id}")
    assert page.context["page"].crate_rest_day == 10
    assert "day 10 of 56 (from the owner's phone)" in page.text
    assert "saving the form makes it your clinic's date" in html.unescape(page.text)
    assert "(from the owner's phone)" in desk.get(f"/clinic/patients/{patient_id}/summary").text

    saved = desk.post(f"/clinic/patients/{patient_id}/prescription",
                      {"legs": ["left-hind"], "crate_rest_start": started.isoformat()})
    assert saved.headers["location"].endswith("done=saved#prescription")
    prescription = desk.client.post("/api/v1/sync", json={"logs": []},
                                    headers={"Authorization": f"Bearer {token}"}).json()["prescription"]
    assert (prescription["crate_rest_start"], prescription["version"]) == (started.isoformat(), 2)
    assert "from the owner" not in desk.get(f"/clinic/patients/{patient_id}").text
    desk.client.post("/api/v1/sync", json={"logs": [], "profile": {"crate_rest_start": date(2026, 1, 1).isoformat()}},
                     headers={"Authorization": f"Bearer {token}"})
    assert desk.get(f"/clinic/patients/{patient_id}").context["patient"].crate_rest_start == started  # the clinic's


def test_the_prescription_form_says_the_routine_has_no_front_leg_exercises(desk):
    patient_id = new_patient(desk)
    page = desk.get(f"/clinic/patients/{patient_id}")
    assert page.context["not_covered"]["legs"] == ["left-front", "right-front"]
    assert "This routine has no exercises for the left front leg or right front leg" in page.text
    assert "No exercises here for the front legs" in page.text  # what the owner's phone says
    saved = desk.post(f"/clinic/patients/{patient_id}/prescription", {"legs": ["left-hind", "left-front"]})
    assert saved.status_code == 303  # ticking a front leg is still allowed
    assert desk.get(f"/clinic/patients/{patient_id}").context["patient"].legs == ["left-hind", "left-front"]

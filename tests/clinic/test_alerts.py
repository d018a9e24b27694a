"""Alerts: made at ingest, open until handled whatever their age or lateness, in severity order;
adherence judged by the prescription in force each day; crate rest's end; discharge; the audit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from app.models import Alert, Clinic, Patient, PrescriptionVersion, StoredCareEvent
from app.services.patient_list import clinic_today
from tests.clinic.conftest import backdate_patients, blocked_log, link_phone, make_log, new_patient, sync
from tests.support.clinic import database, set_prescription


def stored_alerts(desk) -> list[Alert]:
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:
        return list(session.exec(select(Alert).order_by(Alert.severity)))


def post_sync(desk, token, logs, **extra):
    return desk.client.post("/api/v1/sync", json={"logs": logs, **extra}, headers={"Authorization": f"Bearer {token}"})


def test_every_concern_makes_one_alert_once_and_the_worklist_orders_them(desk):
    patient_id = new_patient(desk, "Biscuit")
    token = link_phone(desk, patient_id)
    logs = [make_log(3, urinated="no"), blocked_log(5), make_log(8, outcome="stopped", stop_reason="excessive_kicking"),
            make_log(70, pain_signs=True), blocked_log(50, "cannot-urinate", "red_flag"), make_log(1)]
    sync(desk, token, logs)
    assert post_sync(desk, token, logs).json()["results"][0]["status"] == "duplicate"  # a retry adds nothing
    kinds = [alert.kind for alert in stored_alerts(desk)]
    assert kinds == ["red_flag", "pain", "excessive_kicking", "blocked", "not_urinated"]

    page = desk.get("/clinic")
    items = page.context["items"]
    assert [item.alert.kind for item in items] == kinds  # most severe first
    assert page.context["alert_total"] == 5
    assert "Red flag: answered “yes” to “" in items[0].words  # the question, as the owner read it
    assert "stopped for signs of pain" not in items[1].words and "the owner saw signs of pain" in items[1].words
    assert "the session was ended for excessive kicking" in items[2].words
    # 70 and 50 hours old, and still at the top: open until someone handles them.
    assert page.text.index("Red flag: answered") < page.text.index("Pain: ")


def test_a_flag_synced_late_says_so_and_stays_until_handled_with_a_note(desk):
    patient_id = new_patient(desk, "Milo", "Grace Lee")
    desk.post(f"/clinic/patients/{patient_id}/details", {"dog_name": "Milo", "owner_name": "Grace Lee",
                                                         "owner_phone": "+44 (0)7700 900123"})
    sync(desk, link_phone(desk, patient_id), [blocked_log(50, "cannot-urinate", "red_flag")])
    page = desk.get("/clinic")
    [item] = page.context["items"]
    assert item.late and "reported late" in page.text
    assert 'href="tel:+4407700900123"' in page.text and "+44 (0)7700 900123" in page.text
    assert page.context["rows"][0].tier == 0

    refused = desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "   ", "back": "worklist"})
    assert refused.status_code == 422 and "Say what was done" in refused.text
    assert stored_alerts(desk)[0].handled_at is None

    done = desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "called, advised to come in"})
    assert done.status_code == 303 and done.headers["location"].startswith("/clinic?done=handled")
    [alert] = stored_alerts(desk)
    assert (alert.handled_by, alert.handled_note) == ("vet@riverside.example", "called, advised to come in")
    after = desk.get("/clinic")
    assert after.context["items"] == [] and after.context["rows"][0].tier != 0  # the list follows open alerts
    again = desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "twice"})
    assert again.status_code == 409 and "already handled" in again.text

    patient_page = desk.get(f"/clinic/patients/{patient_id}")
    assert "handled by vet@riverside.example" in patient_page.text and "called, advised to come in" in patient_page.text
    history = patient_page.text[patient_page.text.index('id="history"'):]
    assert "Alert handled" in history and "Details changed" in history and "Patient added" in history
    summary = desk.get(f"/clinic/patients/{patient_id}/summary")
    assert "Handled by vet@riverside.example" in summary.text and "RED FLAG:" in summary.text


def test_an_alert_is_handled_from_the_patients_page_too(desk):
    patient_id = new_patient(desk, "Pip")
    sync(desk, link_phone(desk, patient_id), [make_log(4, pain_signs=True)])
    page = desk.get(f"/clinic/patients/{patient_id}")
    [item] = page.context["items"]
    assert 'name="back" value="patient:' in page.text
    back = f"patient:{patient_id}"
    refused = desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "", "back": back})
    assert refused.status_code == 422 and refused.template.name == "clinic/patient.html"
    assert f'id="note-{item.alert.id}-error"' in refused.text
    done = desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "owner says she is calmer", "back": back})
    assert done.headers["location"] == f"/clinic/patients/{patient_id}?done=handled#alerts"
    after = desk.get(done.headers["location"])
    assert after.context["items"] == [] and "owner says she is calmer" in after.text
    assert desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "x", "back": "patient:nonsense"}).status_code == 409


def test_each_day_is_judged_by_the_prescription_in_force_that_day(desk):
    """Raising the target today does not re-score last week: Rex met 2 a day then."""
    url = desk.client.app.state.settings.sqlalchemy_url
    _, day_start = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))
    patient_id = new_patient(desk, "Rex")
    hours = [(datetime.now(UTC) - (day_start - timedelta(days=back) + timedelta(hours=hour))).total_seconds() / 3600
             for back in range(1, 8) for hour in (8, 14)]
    extra = (datetime.now(UTC) - (day_start - timedelta(days=1) + timedelta(hours=20))).total_seconds() / 3600
    sync(desk, link_phone(desk, patient_id), [make_log(h) for h in hours] + [make_log(extra, extra=True)])
    backdate_patients(desk)
    set_prescription(url, "Rex", sessions_per_day=2)
    answer = desk.post(f"/clinic/patients/{patient_id}/prescription", {"legs": ["left-hind"], "sessions_per_day": "3"})
    assert answer.status_code == 303

    row = desk.get("/clinic").context["rows"][0]
    assert (row.done_last_week, row.due_last_week, row.extra_last_week, row.target_per_day) == (14, 14, 1, 2)
    page = desk.get(f"/clinic/patients/{patient_id}").context["page"]
    assert [day.target for day in page.calendar[-8:-1]] == [2] * 7 and page.calendar[-2].extra == 1
    summary = desk.get(f"/clinic/patients/{patient_id}/summary").context["summary"]
    assert summary.days_on_target == 7 and "+1 extra" in desk.get(f"/clinic/patients/{patient_id}/summary").text
    with database(url) as session:
        versions = session.exec(select(PrescriptionVersion.version, PrescriptionVersion.sessions_per_day)
                                .order_by(PrescriptionVersion.version)).all()
    assert versions[-1] == (3, 3) and len(versions) == 3


def test_after_crate_rest_a_recheck_is_due_and_is_handled_like_any_alert(desk):
    today = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))[0]
    patient_id = new_patient(desk, "Frank")
    desk.post(f"/clinic/patients/{patient_id}/prescription", {
        "legs": ["left-hind"], "crate_rest_start": (today - timedelta(days=30)).isoformat(), "crate_rest_weeks": "4"})
    page = desk.get("/clinic")
    [item] = page.context["items"]
    assert item.alert.kind == "recheck_due" and item.words == "Crate rest ended 3 days ago: recheck due"
    assert "Crate rest ended 3 days ago: recheck due" in page.text and page.context["rows"][0].tier_label == "Recheck due"
    assert stored_alerts(desk) == []  # worked out while open: nothing written by looking
    assert desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "booked a recheck"}).status_code == 303
    [stored] = stored_alerts(desk)
    assert stored.kind == "recheck_due" and stored.handled_note == "booked a recheck"
    assert desk.get("/clinic").context["items"] == []


def test_discharge_keeps_the_record_takes_late_logs_of_before_and_refuses_later_ones(desk):
    patient_id = new_patient(desk, "Bella")
    token = link_phone(desk, patient_id)
    today = clinic_today(Clinic(name="x", timezone="UTC"), datetime.now(UTC))[0]
    future = desk.post(f"/clinic/patients/{patient_id}/discharge", {"discharged_on": (today + timedelta(days=2)).isoformat()})
    assert future.status_code == 422 and "not one still to come" in future.text
    yesterday = today - timedelta(days=1)
    answer = desk.post(f"/clinic/patients/{patient_id}/discharge",
                       {"discharged_on": yesterday.isoformat(), "discharge_note": "Walking again."})
    assert answer.status_code == 303
    assert [r.patient.dog_name for r in desk.get("/clinic").context["rows"]] == []
    assert [r.patient.dog_name for r in desk.get("/clinic?show=discharged").context["rows"]] == ["Bella"]

    hours_into_today = (datetime.now(UTC) - datetime.combine(today, datetime.min.time(), UTC)).total_seconds() / 3600
    before, after = make_log(hours_into_today + 30), make_log(min(hours_into_today, 1) / 2)
    results = post_sync(desk, token, [before, after]).json()
    assert [r["status"] for r in results["results"]] == ["stored", "closed"]
    assert results["results"][1]["message"] == "Your clinic has closed this plan; your history stays on this phone."
    assert results["plan_closed_on"] == yesterday.isoformat()
    page = desk.get(f"/clinic/patients/{patient_id}")
    assert page.context["page"].total_sessions == 1 and "Discharged on" in page.text
    assert "Discharged" in page.text[page.text.index('id="history"'):]
    assert 'id="invite-closed"' in page.text  # no phone is linked to a closed plan
    refused = desk.post(f"/clinic/patients/{patient_id}/invites")
    assert refused.status_code == 409 and "reopen the plan before linking a phone" in refused.text
    assert desk.post(f"/clinic/patients/{patient_id}/reopen").status_code == 303
    assert post_sync(desk, token, [after]).json()["results"][0]["status"] == "stored"


def test_owner_contact_is_validated_on_the_new_patient_form(desk):
    answer = desk.post("/clinic/patients/new", {"dog_name": "Rex", "owner_phone": "call me", "owner_email": "nope"})
    assert answer.status_code == 422
    assert "Use only digits" in answer.text and "Enter an email address" in answer.text
    made = desk.post("/clinic/patients/new", {"dog_name": "Rex", "owner_phone": "01632 960123",
                                              "owner_email": "Anna@Example.com"})
    assert made.status_code == 303
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:
        patient = session.exec(select(Patient)).one()
    assert (patient.owner_phone, patient.owner_email) == ("01632 960123", "anna@example.com")


def test_prescription_dates_are_checked_across_fields(desk):
    patient_id = new_patient(desk)
    today = date.today()
    cases = [({"crate_rest_start": today.isoformat(), "passive_pt_approved_from": (today - timedelta(days=1)).isoformat()},
              "cannot start before crate rest started"),
             ({"crate_rest_start": (today - timedelta(days=10)).isoformat(),
               "passive_pt_approved_from": (today + timedelta(weeks=12)).isoformat()}, "more than 12 weeks after"),
             ({"passive_pt_approved_from": (today + timedelta(days=400)).isoformat()}, "more than a year away")]
    for fields, message in cases:
        answer = desk.post(f"/clinic/patients/{patient_id}/prescription", {"legs": ["left-hind"], **fields})
        assert answer.status_code == 422 and message in answer.text, fields
        assert 'id="passive_pt_approved_from-error"' in answer.text


def test_a_bladder_result_that_needs_the_vet_is_on_the_worklist_in_words_until_handled(desk):
    from tests.api.test_care_events import bladder

    patient_id = new_patient(desk, "Biscuit")
    token = link_phone(desk, patient_id)
    events = [bladder(result="blood"), bladder(result="normal"), bladder(result="none", method="own")]
    assert [r["status"] for r in post_sync(desk, token, events).json()["results"]] == ["stored"] * 3
    sync(desk, token, [make_log(2, outcome="stopped", stop_reason="excessive_kicking")])

    items = desk.get("/clinic").context["items"]
    assert [item.alert.kind for item in items] == ["bladder_blood", "bladder_none", "excessive_kicking"]
    assert items[0].words == "Bladder: the owner saw blood in the urine"
    assert items[1].words == "Bladder: the owner emptied or checked it and nothing came"
    page = desk.get(f"/clinic/patients/{patient_id}")
    assert "Bladder: the owner saw blood in the urine" in page.text

    handled = desk.post(f"/clinic/alerts/{items[0].alert.id}/handle", {"note": "Called: coming in at 4."})
    assert handled.status_code == 303
    assert [item.alert.kind for item in desk.get("/clinic").context["items"]] == ["bladder_none", "excessive_kicking"]


def test_the_patient_page_counts_bladder_records_per_day_and_lists_the_last_fortnight(desk):
    from tests.api.test_care_events import bladder

    patient_id = new_patient(desk, "Biscuit")
    token = link_phone(desk, patient_id)
    now = datetime.now(UTC)
    events = [bladder(at=(now - timedelta(hours=h)).isoformat(), result=result)
              for h, result in ((1, "normal"), (2, "blood"), (26, "little"), (24 * 20, "normal"))]
    post_sync(desk, token, events)
    page = desk.get(f"/clinic/patients/{patient_id}")
    details = page.context["page"]
    assert sum(day.bladder for day in details.calendar) == 4  # all four within the calendar's 28 days
    assert [day.bladder_alarm for day in details.calendar].count(True) == 1  # the day of the blood
    assert [(entry.result, entry.alarm) for entry in details.bladder] == [("normal", False), ("blood", True), ("little", False)]
    assert "Blood in the urine" in page.text and "bladder ×" in page.text
    assert "No interval prescribed" in page.text


def test_a_bladder_overdue_by_more_than_the_margin_is_flagged_once_per_gap(desk):
    from tests.api.test_care_events import bladder

    patient_id = new_patient(desk, "Biscuit")
    prescribe = {"legs": ["left-hind"], "bladder_interval_hours": "6"}
    assert desk.post(f"/clinic/patients/{patient_id}/prescription", prescribe).status_code == 303
    token = link_phone(desk, patient_id)
    now = datetime.now(UTC)
    post_sync(desk, token, [bladder(at=(now - timedelta(hours=7)).isoformat())])  # due an hour ago: within 2 h
    assert [i.alert.kind for i in desk.get("/clinic").context["items"]] == []

    post_sync(desk, token, [bladder(at=(now - timedelta(hours=9)).isoformat())])  # older: the last is still 7 h ago
    assert desk.get("/clinic").context["items"] == []
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:  # the owner stops recording
        for event in session.exec(select(StoredCareEvent)):
            event.at -= timedelta(hours=2)
            session.add(event)
    [item] = desk.get("/clinic").context["items"]
    assert item.alert.kind == "bladder_overdue"
    assert item.words == ("Bladder overdue: no emptying recorded for more than 2 hours after it was due "
                          "(every 6 hours prescribed)")
    rows = desk.get("/clinic").context["rows"]
    assert rows[0].tier_label == "Pain, kicking or bladder" and "Bladder overdue" in rows[0].badges

    # The clinic allows more slack for this dog: 9 h since, due at 6, flagged after 6 + 4.
    assert desk.post(f"/clinic/patients/{patient_id}/prescription",
                     {**prescribe, "bladder_margin_hours": "4"}).status_code == 303
    assert desk.get("/clinic").context["items"] == []
    assert desk.post(f"/clinic/patients/{patient_id}/prescription",
                     {**prescribe, "bladder_margin_hours": "1"}).status_code == 303
    [item] = desk.get("/clinic").context["items"]
    assert desk.post(f"/clinic/alerts/{item.alert.id}/handle", {"note": "Called: forgot to record."}).status_code == 303
    assert desk.get("/clinic").context["items"] == []  # handled: stays handled for this gap
    post_sync(desk, token, [bladder()])  # a new record starts a new count
    assert desk.get("/clinic").context["items"] == []


def test_the_bladder_margin_is_a_whole_number_of_hours(desk):
    patient_id = new_patient(desk, "Biscuit")
    for typed in ("0", "13", "²", "1.5", "9" * 5000):
        answer = desk.post(f"/clinic/patients/{patient_id}/prescription",
                           {"legs": ["left-hind"], "bladder_margin_hours": typed})
        assert answer.status_code == 422 and "from 1 to 12" in answer.text, typed
        assert 'id="bladder_margin_hours-error"' in answer.text


def test_the_timeline_puts_the_bladder_records_between_the_sessions_page_by_page(desk, monkeypatch):
    from app.services import patient_page
    from tests.api.test_care_events import bladder

    patient_id = new_patient(desk, "Biscuit")
    token = link_phone(desk, patient_id)
    now = datetime.now(UTC)
    post_sync(desk, token, [bladder(at=(now - timedelta(hours=h)).isoformat(), result=result)
                            for h, result in ((1, "normal"), (2, "blood"), (26, "little"), (50, "normal"))])
    sync(desk, token, [make_log(3), make_log(30)])

    def items(page: int) -> list[tuple[str, str]]:
        answer = desk.get(f"/clinic/patients/{patient_id}?page={page}")
        return [(entry.kind, entry.result if entry.kind == "bladder" else entry.log.outcome)
                for entry in answer.context["page"].timeline_items]

    assert items(1) == [("bladder", "normal"), ("bladder", "blood"), ("session", "completed"),
                        ("bladder", "little"), ("session", "completed"), ("bladder", "normal")]
    monkeypatch.setattr(patient_page, "TIMELINE_PAGE", 1)  # one session a page: each keeps its own span
    assert items(1) == [("bladder", "normal"), ("bladder", "blood"), ("session", "completed")]
    assert items(2) == [("bladder", "little"), ("session", "completed"), ("bladder", "normal")]
    page = desk.get(f"/clinic/patients/{patient_id}").text
    assert "Bladder, expressed:" in page and "<strong>blood in the urine</strong>" in page

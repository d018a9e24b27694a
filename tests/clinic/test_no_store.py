"""No dashboard answer is kept by the browser or a cache on the way: Back after signing out must not
show the patient list, and the page with a new invite code shows a live secret. The stylesheet
alone stays cacheable."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.clinic.conftest import invite_code, make_desk, new_patient  # noqa: F401
from tests.clinic.test_isolation import clinic_routes


def test_every_dashboard_answer_says_no_store(desk, make_desk, clinic_app):
    patient_id = new_patient(desk)
    invite_code(desk, patient_id)  # a live code, for the cancel route
    page = desk.get(f"/clinic/patients/{patient_id}")
    ids = {"patient_id": patient_id, "user_id": page.context["staff"].user.id,
           "invite_id": page.context["live_invites"][0].id, "device_id": "00000000-0000-0000-0000-000000000000",
           "alert_id": "00000000-0000-0000-0000-000000000000"}
    answers = {}
    for method, path in clinic_routes(clinic_app):
        if path in ("/clinic/logout", "/clinic/login", "/clinic/setup"):
            continue  # signing out ends this desk; the anonymous pages are asked below
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        answers[method, url] = desk.get(url) if method == "GET" else desk.post(url, {})

    made = desk.post(f"/clinic/patients/{patient_id}/invites")
    answers["the invite page"] = desk.get(made.headers["location"])
    assert answers["the invite page"].context["invite"] is not None
    answers["no such page"] = desk.get("/clinic/nowhere")
    answers["no such patient"] = desk.get("/clinic/patients/00000000-0000-0000-0000-000000000000")
    answers["a malformed address"] = desk.get("/clinic/patients/not-an-id")
    answers["a form without its token"] = desk.client.post("/clinic/patients/new", data={"dog_name": "Rex"})
    nurse = make_desk("nurse@riverside.example", clinic="Riverside Vets Annex", role="staff")
    answers["a form for admins only"] = nurse.post("/clinic/staff", {"email": "x@y.example", "password": "x" * 12})
    with TestClient(clinic_app, follow_redirects=False) as anonymous:
        for url in ("/clinic", "/clinic/login", "/clinic/setup", "/clinic/staff"):
            answers["anonymous", url] = anonymous.get(url)
        answers["anonymous", "a sign-in that fails"] = anonymous.post("/clinic/login", data={"email": "x@y.example"})
    answers["signing out"] = desk.post("/clinic/logout")

    assert {answer.status_code for answer in answers.values()} >= {200, 303, 403, 404, 422}
    kept = {name: answer.headers.get("cache-control") for name, answer in answers.items()
            if answer.headers.get("cache-control") != "no-store"}
    assert kept == {}


def test_the_stylesheet_stays_cacheable(client):
    answer = client.get("/clinic/static/clinic.css")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-cache"  # revalidated, not refused

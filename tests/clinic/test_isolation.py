"""No clinic can see or act on another clinic's patients, phones, logs or staff, by any route;
and whatever people type is shown as text, never run."""

from __future__ import annotations

import re

from app.routes.clinic import PARTS

from tests.clinic.conftest import blocked_log, invite_code, link_phone, make_log, new_patient, sync

PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']


def clinic_routes(_app=None) -> list[tuple[str, str]]:
    """(method, path) of every dashboard route, from the routers the dashboard is made of."""
    return [(method, "/clinic" + route.path) for part in PARTS for route in part.router.routes
            for method in sorted(route.methods - {"HEAD"})]


def test_every_route_refuses_another_clinics_things(make_desk):
    ours = make_desk("vet@riverside.example", "Riverside Vets")
    theirs = make_desk("vet@hillside.example", "Hillside Vets")
    patient_id = new_patient(theirs, "Hidden Dog", "Hidden Owner")
    sync(theirs, link_phone(theirs, patient_id), [make_log(2, note="secret note"),
                                                  blocked_log(3, "cannot-urinate", "red_flag")])
    theirs.post(f"/clinic/patients/{patient_id}/invites")  # a live code, for the cancel route
    their_page = theirs.get(f"/clinic/patients/{patient_id}")
    device_id = their_page.context["page"].devices[0].id
    their_invite = their_page.context["live_invites"][0].id
    their_user = theirs.get("/clinic/staff").context["staff"].user.id
    their_alert = theirs.get("/clinic").context["items"][0].alert.id
    ids = {"patient_id": patient_id, "device_id": device_id, "user_id": their_user, "alert_id": their_alert,
           "invite_id": their_invite}

    routes = clinic_routes(ours.client.app)
    with_ids = [(method, path) for method, path in routes if "{" in path]
    assert len(with_ids) >= 7  # patient page, prescription, invites, revoke, CSV, summary, staff removal
    for method, path in with_ids:
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        answer = ours.get(url) if method == "GET" else ours.post(url, {"dog_name": "x", "legs": ["left-hind"],
                                                                       "note": "called", "grade": "3"})
        assert answer.status_code == 404, (method, path, answer.status_code)
        assert "Hidden" not in answer.text and "secret note" not in answer.text

    for url in ("/clinic", "/clinic?q=hidden", "/clinic/staff"):
        page = ours.get(url)
        assert "Hidden" not in page.text and "hillside" not in page.text, url
    # ...and theirs is untouched: still linked, still there, staff still there.
    after = theirs.get(f"/clinic/patients/{patient_id}")
    assert after.context["page"].devices[0].revoked_at is None and after.context["patient"].prescription_version == 1
    assert [item.alert.id for item in after.context["items"]] == [their_alert]  # still open
    assert len(theirs.get("/clinic/staff").context["members"]) == 1


def test_every_clinic_page_needs_a_sign_in(clinic_app):
    from fastapi.testclient import TestClient

    with TestClient(clinic_app, follow_redirects=False) as anonymous:
        for method, path in clinic_routes(clinic_app):
            if path.startswith(("/clinic/login", "/clinic/setup")):
                continue
            url = re.sub(r"\{\w+\}", "00000000-0000-0000-0000-000000000000", path)
            answer = anonymous.request(method, url, data={"csrf": "x"})
            assert answer.status_code in (303, 403), (method, path, answer.status_code)
            if answer.status_code == 303:
                assert answer.headers["location"].startswith("/clinic/login")


def test_what_people_type_is_shown_as_text(desk):
    for payload in PAYLOADS:
        patient_id = new_patient(desk, dog=f"Rex {payload}", owner=payload)
        desk.post(f"/clinic/patients/{patient_id}/prescription", {"legs": ["left-hind"], "notes": payload})
        token = desk.client.post("/api/v1/devices", json={
            "code": invite_code(desk, patient_id),
            "label": payload}).json()["token"]
        sync(desk, token, [make_log(2, note=payload, outcome="stopped", stop_reason="other", stop_note=payload,
                                    dog={"id": "0b9e5a2c-1f3d-4c6e-8a7b-9d0e1f2a3b4c", "name": payload})])
        desk.post("/clinic/staff", {"email": "x@riverside.example", "password": "long enough pw", "role": "staff"})
        for url in ("/clinic", f"/clinic/patients/{patient_id}", f"/clinic/patients/{patient_id}/summary",
                    "/clinic/staff", f"/clinic/patients/{patient_id}?page=1"):
            page = desk.get(url)
            assert page.status_code == 200
            assert payload not in page.text, url
            assert "<script>alert" not in page.text and "onerror=alert" not in page.text.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;" in desk.get(f"/clinic/patients/{patient_id}").text or "&#34;&gt;&lt;img" in desk.get(
            f"/clinic/patients/{patient_id}").text

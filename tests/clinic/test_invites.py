"""Invite codes on the patient page: made with a redirect and shown once, listed while live,
cancelled with a button; the link uses IVDD_PUBLIC_URL; every code made and cancelled is in
the patient's history."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlmodel import select

from app.models import Invite, Patient
from app.models.base import utcnow
from app.routes.clinic.patients import INVITE_COOKIE
from app.services.linking import live_invite_with_code
from tests.clinic.conftest import invite_code, new_patient
from tests.support.clinic import database


def invites_of(desk, patient_id: str) -> list[Invite]:
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:
        return list(session.exec(select(Invite).where(Invite.patient_id == uuid.UUID(patient_id))
                                 .order_by(Invite.created_at)).all())


def link(desk, code: str):
    return desk.client.post("/api/v1/devices", json={"code": code, "label": "Anna's phone"})


def phones(page) -> str:
    """The text of the page's phones section."""
    return re.search(r'<section class="card" id="phones".*?</section>', page.text, re.S).group(0)


def test_a_new_code_is_a_redirect_and_the_page_shows_it_once(desk):
    patient_id = new_patient(desk)
    made = desk.post(f"/clinic/patients/{patient_id}/invites")
    assert made.status_code == 303
    assert made.headers["location"] == f"/clinic/patients/{patient_id}?done=invite#phones"
    cookie = made.headers["set-cookie"]
    assert cookie.startswith(f"{INVITE_COOKIE}=") and f"Path=/clinic/patients/{patient_id}" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=600" in cookie
    assert "Secure" not in cookie  # plain http here; https answers mark it Secure

    [invite] = invites_of(desk, patient_id)
    code = cookie.split(";")[0].split("=", 1)[1]
    assert invite.code_hash != code and code not in invite.code_hash  # the database keeps only the hash

    page = desk.get(made.headers["location"])
    assert page.status_code == 200 and page.context["invite"].code == code
    assert f"{code[:4]} {code[4:]}" in page.text and "not shown again" in page.text
    assert page.context["join_link"] == f"https://pt.example/join/{code}"
    assert f'href="https://pt.example/join/{code}"' in page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page.text  # the QR code
    assert "Invite code made." in page.text
    assert INVITE_COOKIE in page.headers["set-cookie"] and "Max-Age=0" in page.headers["set-cookie"]  # deleted

    for _ in range(2):  # a reload: the code is not shown again, and no other code is made
        again = desk.get(made.headers["location"])
        assert again.status_code == 200 and again.context["invite"] is None
        assert code not in again.text and code[:4] + " " + code[4:] not in again.text
    assert len(invites_of(desk, patient_id)) == 1

    assert link(desk, code).status_code == 201  # the code shown works
    assert invites_of(desk, patient_id)[0].used_at is not None


def test_the_page_lists_live_codes_with_their_expiry_and_a_cancel_button(desk):
    patient_id = new_patient(desk)
    assert "Codes not used yet" not in desk.get(f"/clinic/patients/{patient_id}").text
    invite_code(desk, patient_id)
    used = invite_code(desk, patient_id)
    invite_code(desk, patient_id)
    assert link(desk, used).status_code == 201
    first, second, third = invites_of(desk, patient_id)
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:  # one more, expired
        expired = session.get(Invite, first.id)
        expired.expires_at = utcnow() - timedelta(minutes=1)
        session.add(expired)

    page = desk.get(f"/clinic/patients/{patient_id}")
    assert [invite.id for invite in page.context["live_invites"]] == [third.id]  # not used, cancelled or expired
    section = phones(page)
    assert section.count(">Cancel</button>") == 1
    assert f'action="/clinic/patients/{patient_id}/invites/{third.id}/cancel"' in section
    assert f'name="csrf" value="{desk.csrf}"' in section
    made_at = third.created_at.strftime("%d %b %H:%M")  # the clinic's zone is UTC
    assert f"Code made {made_at}" in section and f"works until {third.expires_at.strftime('%d %b %H:%M')}" in section


def test_a_cancelled_code_no_longer_links_a_phone(desk):
    patient_id = new_patient(desk)
    code = invite_code(desk, patient_id)
    [invite] = invites_of(desk, patient_id)

    done = desk.post(f"/clinic/patients/{patient_id}/invites/{invite.id}/cancel")
    assert done.status_code == 303
    assert done.headers["location"] == f"/clinic/patients/{patient_id}?done=invite_cancelled#phones"
    [invite] = invites_of(desk, patient_id)
    assert invite.cancelled_at is not None and invite.used_at is None
    page = desk.get(done.headers["location"])
    assert page.context["live_invites"] == [] and "Invite code cancelled." in page.text

    refused = link(desk, code)
    assert refused.status_code == 410
    assert refused.json()["error"]["code"] == "invite_cancelled", refused.text
    assert "Your clinic cancelled this code. Ask your clinic for a new code." in refused.text
    assert invites_of(desk, patient_id)[0].used_at is None

    again = desk.post(f"/clinic/patients/{patient_id}/invites/{invite.id}/cancel")  # harmless
    assert again.status_code == 303 and again.headers["location"].endswith("done=invite_cancelled#phones")
    assert invites_of(desk, patient_id)[0].cancelled_at == invite.cancelled_at


def test_cancelling_a_code_a_phone_has_used_changes_nothing(desk):
    patient_id = new_patient(desk)
    code = invite_code(desk, patient_id)
    [invite] = invites_of(desk, patient_id)
    token = link(desk, code).json()["token"]  # the phone links while the page still offers Cancel
    done = desk.post(f"/clinic/patients/{patient_id}/invites/{invite.id}/cancel")
    assert done.headers["location"] == f"/clinic/patients/{patient_id}?done=invite_used#phones"
    assert "already connected a phone" in desk.get(done.headers["location"]).text
    assert invites_of(desk, patient_id)[0].cancelled_at is None
    assert desk.client.post("/api/v1/sync", json={"logs": []},
                            headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_code_cancelled_before_the_page_shows_it_is_not_shown(desk):
    patient_id = new_patient(desk)
    made = desk.post(f"/clinic/patients/{patient_id}/invites")
    [invite] = invites_of(desk, patient_id)
    desk.post(f"/clinic/patients/{patient_id}/invites/{invite.id}/cancel")  # the cookie is still there
    page = desk.get(made.headers["location"])
    assert page.context["invite"] is None and 'id="invite-code"' not in page.text


def test_a_code_shows_only_on_its_own_patients_page(desk):
    patient_id, other_id = new_patient(desk), new_patient(desk, "Max", "Ben Hughes")
    made = desk.post(f"/clinic/patients/{patient_id}/invites")
    code = made.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert desk.get(f"/clinic/patients/{other_id}").context["invite"] is None  # the cookie's path is the patient's
    with database(desk.client.app.state.settings.sqlalchemy_url) as session:  # and a code is checked against it
        ours, other = (session.get(Patient, uuid.UUID(key)) for key in (patient_id, other_id))
        assert live_invite_with_code(session=session, patient=other, code=code) is None
        assert live_invite_with_code(session=session, patient=ours, code=code) is not None
        assert live_invite_with_code(session=session, patient=ours, code="nonsense") is None


def test_another_clinics_staff_cannot_cancel_a_code(make_desk):
    ours = make_desk("vet@riverside.example", "Riverside Vets")
    theirs = make_desk("vet@hillside.example", "Hillside Vets")
    their_patient, our_patient = new_patient(theirs, "Hidden Dog"), new_patient(ours)
    code = invite_code(theirs, their_patient)
    [invite] = invites_of(theirs, their_patient)

    assert ours.post(f"/clinic/patients/{their_patient}/invites/{invite.id}/cancel").status_code == 404
    assert ours.post(f"/clinic/patients/{our_patient}/invites/{invite.id}/cancel").status_code == 404
    assert ours.post(f"/clinic/patients/{our_patient}/invites/00000000-0000-0000-0000-000000000000/cancel"
                     ).status_code == 404
    assert invites_of(theirs, their_patient)[0].cancelled_at is None
    assert link(theirs, code).status_code == 201


def test_cancelling_needs_the_form_token(desk):
    patient_id = new_patient(desk)
    invite_code(desk, patient_id)
    [invite] = invites_of(desk, patient_id)
    refused = desk.client.post(f"/clinic/patients/{patient_id}/invites/{invite.id}/cancel", data={"csrf": "forged"})
    assert refused.status_code == 403
    assert invites_of(desk, patient_id)[0].cancelled_at is None


def test_without_a_public_url_the_page_warns_and_the_link_uses_this_address(desk, monkeypatch):
    patient_id = new_patient(desk)
    page = desk.get(f"/clinic/patients/{patient_id}")
    assert 'id="public-url-warning"' not in page.text  # the fixture's settings have IVDD_PUBLIC_URL

    app = desk.client.app
    monkeypatch.setattr(app.state, "settings", app.state.settings.model_copy(update={"public_url": None}))
    code = invite_code(desk, patient_id)
    page = desk.get(f"/clinic/patients/{patient_id}")
    warning = re.search(r'<p class="hint" id="public-url-warning".*?</p>', page.text, re.S).group(0)
    assert "IVDD_PUBLIC_URL" in warning and "phones on other networks cannot open" in warning
    assert "http://testserver" in warning

    made = desk.post(f"/clinic/patients/{patient_id}/invites")
    shown = desk.get(made.headers["location"])
    new_code = shown.context["invite"].code
    assert new_code != code and shown.context["join_link"] == f"http://testserver/join/{new_code}"
    assert 'id="public-url-warning"' in shown.text


def test_codes_made_and_cancelled_are_in_the_history(desk):
    patient_id = new_patient(desk)
    invite_code(desk, patient_id)
    [invite] = invites_of(desk, patient_id)
    desk.post(f"/clinic/patients/{patient_id}/invites/{invite.id}/cancel")
    desk.post(f"/clinic/patients/{patient_id}/invites/{invite.id}/cancel")  # once in the history, not twice

    page = desk.get(f"/clinic/patients/{patient_id}")
    history = re.search(r'<section class="card" id="history".*?</section>', page.text, re.S).group(0)
    expires = invite.expires_at.strftime("%d %b %Y %H:%M")
    assert f"{desk.email} · <strong>Invite code made</strong>: expires {expires}" in history
    assert history.count("Invite code cancelled") == 1
    assert f"{desk.email} · <strong>Invite code cancelled</strong>: the code made" in history
    assert history.index("Invite code cancelled") < history.index("Invite code made")  # newest first

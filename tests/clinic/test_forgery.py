"""Cross-site request forgery: the sign-in and setup forms carry a token of their own (cookie and
field, equal), and every dashboard POST must come from the dashboard's own origin."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from app.models import Clinic
from tests.clinic.conftest import PASSWORD, new_patient
from tests.support.clinic import database
from tests.support.sign_in import form_token, sign_in

EMAIL = "vet@riverside.example"
OWN = "http://testserver"  # the TestClient's Host


@pytest.fixture
def anonymous(clinic_app) -> TestClient:
    with TestClient(clinic_app, follow_redirects=False) as client:
        yield client


def post_login(client: TestClient, csrf: str | None, headers: dict | None = None):
    data = {"email": EMAIL, "password": PASSWORD, **({"csrf": csrf} if csrf is not None else {})}
    return client.post("/clinic/login", data=data, headers=headers or {})


def signed_in(answer) -> bool:
    return answer.status_code == 303 and "ivdd_staff=" in answer.headers.get("set-cookie", "")


def test_a_sign_in_without_the_pages_token_is_refused(make_desk, anonymous):
    make_desk()
    refused = {"no token": post_login(anonymous, None), "an empty token": post_login(anonymous, "")}
    guessed = post_login(anonymous, "A" * 43)  # well formed, but no cookie came with it
    refused["a token without its cookie"] = guessed
    token = form_token(anonymous)
    refused["another token than the cookie's"] = post_login(anonymous, token[:-1] + ("A" if token[-1] != "A" else "B"))
    for name, answer in refused.items():
        assert answer.status_code == 403, name
        assert answer.template.name == "clinic/error.html" and "form has expired" in answer.text, name
        assert "set-cookie" not in answer.headers, name

    assert signed_in(post_login(anonymous, token))  # the page's own token signs in


def test_the_sign_in_page_gives_its_token_in_a_cookie_and_the_form(anonymous, make_desk):
    make_desk()
    page = anonymous.get("/clinic/login")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"ivdd_form={page.context['csrf']};")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/clinic" in cookie and "Max-Age=" in cookie
    assert anonymous.get("/clinic/login").context["csrf"] == page.context["csrf"]  # one token for every open tab
    assert signed_in(post_login(anonymous, page.context["csrf"]))


def test_a_wrong_password_shows_the_form_again_with_a_working_token(anonymous, make_desk):
    make_desk()
    wrong = sign_in(anonymous, EMAIL, "not the password")
    assert wrong.status_code == 401
    token = re.search(r'name="csrf" value="([^"]+)"', wrong.text).group(1)
    assert signed_in(post_login(anonymous, token))


@pytest.mark.parametrize("headers", [
    {"Origin": "http://attacker.example"},
    {"Origin": "null"},  # a sandboxed frame, a data: page
    {"Origin": "http://testserver.attacker.example"},
    {"Origin": "http://testserver:8080"},  # another port is another origin
    {"Referer": "http://attacker.example/prize"},  # an older browser sends no Origin
    {"Referer": "not a url"},
])
def test_a_sign_in_from_another_site_is_refused(anonymous, make_desk, headers):
    make_desk()
    answer = post_login(anonymous, form_token(anonymous), headers)
    assert answer.status_code == 403 and answer.template.name == "clinic/error.html"
    assert "sent from another site" in answer.text and "set-cookie" not in answer.headers


@pytest.mark.parametrize("headers", [
    {},  # no browser: curl, a script (it still needs the token)
    {"Origin": OWN},
    {"Origin": "HTTP://TESTSERVER"},
    {"Origin": "https://testserver"},  # a proxy in front ended TLS
    {"Origin": "https://pt.example"},  # IVDD_PUBLIC_URL (clinic_settings)
    {"Referer": OWN + "/clinic/login?next=/clinic"},
])
def test_a_sign_in_from_our_own_pages_goes_through(anonymous, make_desk, headers):
    make_desk()
    assert signed_in(post_login(anonymous, form_token(anonymous), headers))


def test_first_run_setup_needs_the_pages_token_and_our_origin(anonymous, clinic_settings):
    form = {"clinic_name": "Riverside Vets", "email": EMAIL, "password": PASSWORD, "password_again": PASSWORD,
            "timezone": "Europe/London"}
    assert anonymous.post("/clinic/setup", data=form).status_code == 403
    token = form_token(anonymous)  # a new server sends the sign-in page to setup
    foreign = anonymous.post("/clinic/setup", data={**form, "csrf": token}, headers={"Origin": "http://attacker.example"})
    assert foreign.status_code == 403 and "another site" in foreign.text
    with database(clinic_settings.sqlalchemy_url) as session:
        assert session.exec(select(func.count()).select_from(Clinic)).one() == 0
    done = anonymous.post("/clinic/setup", data={**form, "csrf": token}, headers={"Origin": OWN})
    assert done.headers["location"] == "/clinic/login?done=setup"


def test_every_dashboard_post_from_another_site_is_refused(desk):
    """Signed in, with the right form token even: another site's page cannot send it."""
    from tests.clinic.test_isolation import clinic_routes

    patient_id = new_patient(desk)
    posts = [path for method, path in clinic_routes(desk.client.app) if method == "POST"]
    assert len(posts) >= 12
    for path in posts:
        url = re.sub(r"\{\w+\}", "00000000-0000-0000-0000-000000000000", path).replace(
            "/patients/00000000-0000-0000-0000-000000000000", f"/patients/{patient_id}", 1)
        answer = desk.post(url, {"dog_name": "Forged", "note": "forged"}, headers={"Origin": "http://attacker.example"})
        assert answer.status_code == 403 and "another site" in answer.text, path
    page = desk.get(f"/clinic/patients/{patient_id}")
    assert page.status_code == 200 and "Forged" not in page.text and "forged" not in page.text  # still signed in

"""First-run setup, signing in and out, staff management, CSRF and rate limits."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

from fastapi.testclient import TestClient

from app.routes.clinic import auth
from app.services import accounts, passwords
from app.services.sign_in import SignInLimits
from tests.clinic.conftest import PASSWORD
from tests.support.sign_in import form_token, sign_in


def errors_on(page) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="([a-z_]+)-error">([^<]*)</p>', page.text))


def test_first_run_setup_then_it_closes(clinic_app):
    with TestClient(clinic_app, follow_redirects=False) as client:
        assert client.get("/clinic").headers["location"] == "/clinic/login?next=/clinic"
        assert client.get("/clinic/login").headers["location"] == "/clinic/setup"
        page = client.get("/clinic/setup")
        assert page.template.name == "clinic/setup.html" and "Europe/London" in page.context["timezones"]

        token = form_token(client)
        bad = client.post("/clinic/setup", data={"clinic_name": "", "phone": "call us", "email": "nope", "csrf": token,
                                                 "password": "short", "password_again": "other", "timezone": "Mars/Base"})
        assert bad.status_code == 422
        assert set(errors_on(bad)) == {"clinic_name", "phone", "email", "password", "password_again", "timezone"}
        assert bad.context["values"]["email"] == "nope"  # what was typed is kept

        done = client.post("/clinic/setup", data={"clinic_name": "Riverside Vets", "phone": "+44 20 7946 0000", "csrf": token,
                                                  "email": "Vet@Riverside.example", "password": PASSWORD,
                                                  "password_again": PASSWORD, "timezone": "Europe/London"})
        assert done.headers["location"] == "/clinic/login?done=setup"
        assert client.get("/clinic/setup").headers["location"] == "/clinic/login"  # closed for good
        again = client.post("/clinic/setup", data={"clinic_name": "Evil", "email": "x@y.z", "password": PASSWORD, "csrf": token,
                                                   "password_again": PASSWORD})
        assert again.headers["location"] == "/clinic/login"

        signed_in = sign_in(client, "vet@riverside.example", PASSWORD)
        cookie = signed_in.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/clinic" in cookie
        assert client.get("/clinic").context["staff"].clinic.timezone == "Europe/London"


def limit_sign_in(app, settings, attempts: int) -> None:
    app.state.sign_in_limits = SignInLimits.of(settings.model_copy(update={"login_attempts": attempts}))


def try_sign_in(app, address: str, password: str, email: str = "vet@riverside.example"):
    with TestClient(app, follow_redirects=False, client=(address, 40000)) as client:
        return sign_in(client, email, password)


def test_wrong_password_unknown_email_and_rate_limit(clinic_app, clinic_settings, make_desk):
    make_desk()
    limit_sign_in(clinic_app, clinic_settings, 3)
    with TestClient(clinic_app, follow_redirects=False) as client:
        wrong = sign_in(client, "vet@riverside.example", "wrong password")
        unknown = sign_in(client, "who@else.example", PASSWORD)
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.context["problem"] == unknown.context["problem"]  # no hint which emails exist
        sign_in(client, "vet@riverside.example", "wrong again")
        limited = sign_in(client, "vet@riverside.example", PASSWORD)
        assert limited.status_code == 429 and "Too many tries" in limited.text
        assert "set-cookie" not in limited.headers


def test_successful_sign_ins_are_never_counted(clinic_app, clinic_settings, make_desk):
    """A clinic's front desk: twenty good sign-ins from one address, and the next person's typo is
    still answered as a typo, not with "too many tries"."""
    make_desk()
    limit_sign_in(clinic_app, clinic_settings, 3)
    assert [try_sign_in(clinic_app, "198.51.100.7", PASSWORD).status_code for _ in range(20)] == [303] * 20
    assert try_sign_in(clinic_app, "198.51.100.7", "a typo in it").status_code == 401


def test_a_stranger_cannot_lock_a_nurse_out_of_her_clinic(clinic_app, clinic_settings, make_desk):
    make_desk()
    limit_sign_in(clinic_app, clinic_settings, 3)
    clinic = "198.51.100.7"
    assert try_sign_in(clinic_app, clinic, PASSWORD).status_code == 303  # she has signed in from here before
    # A stranger guesses her password from addresses of his own, each under its address's limit.
    assert [try_sign_in(clinic_app, f"203.0.113.{n}", "guess number one").status_code for n in (1, 2, 3)] == [401] * 3
    assert try_sign_in(clinic_app, "203.0.113.4", PASSWORD).status_code == 429  # her account, from a new address
    assert try_sign_in(clinic_app, clinic, PASSWORD).status_code == 303  # at her clinic: as usual
    # ...and her success cleared the account's count: a new address may try again.
    assert try_sign_in(clinic_app, "203.0.113.4", "guess number two").status_code == 401
    # Her clinic's address is held to its own limit: guessing from there is limited too.
    assert [try_sign_in(clinic_app, clinic, "guess from inside").status_code for _ in range(4)] == [401] * 3 + [429]


def test_forms_without_the_token_are_refused(desk):
    refused = desk.client.post("/clinic/patients/new", data={"dog_name": "Biscuit"})
    assert refused.status_code == 403 and "form has expired" in refused.text
    forged = desk.client.post("/clinic/patients/new", data={"dog_name": "Biscuit", "csrf": "0" * 64})
    assert forged.status_code == 403
    assert "Biscuit" not in desk.get("/clinic").text


def test_sign_out_ends_the_session(desk):
    cookie = desk.client.cookies.get("ivdd_staff")
    assert desk.post("/clinic/logout").headers["location"] == "/clinic/login"
    desk.client.cookies.set("ivdd_staff", cookie, path="/clinic")  # an old copy of the cookie is worthless
    assert desk.get("/clinic").status_code == 303


def test_open_redirects_are_not_followed(make_desk, clinic_app):
    make_desk()
    with TestClient(clinic_app, follow_redirects=False) as client:
        answer = sign_in(client, "vet@riverside.example", PASSWORD, next="//evil.example/clinic")
        assert answer.headers["location"] == "/clinic"


def test_admins_add_and_remove_staff_and_staff_cannot(desk, make_desk):
    page = desk.get("/clinic/staff")
    assert page.template.name == "clinic/staff.html" and [m.email for m in page.context["members"]] == [desk.email]

    bad = desk.post("/clinic/staff", {"email": "nurse@riverside", "password": "short", "role": "boss"})
    assert bad.status_code == 422
    added = desk.post("/clinic/staff", {"email": "Nurse@Riverside.example", "password": PASSWORD, "role": "staff"})
    assert added.headers["location"] == "/clinic/staff?done=added"
    taken = desk.post("/clinic/staff", {"email": "nurse@riverside.example", "password": PASSWORD, "role": "staff"})
    assert taken.status_code == 409 and "cannot have a new account" in taken.text

    nurse = make_desk("nurse@riverside.example", clinic=None)
    assert "Only an admin" in nurse.get("/clinic/staff").text
    denied = nurse.post("/clinic/staff", {"email": "x@riverside.example", "password": PASSWORD, "role": "admin"})
    assert denied.status_code == 403

    nurse_id = next(m.id for m in desk.get("/clinic/staff").context["members"] if m.email.startswith("nurse"))
    assert desk.post(f"/clinic/staff/{nurse_id}/remove").headers["location"] == "/clinic/staff?done=removed"
    assert nurse.get("/clinic").status_code == 303  # signed out at once
    own_id = desk.get("/clinic/staff").context["staff"].user.id
    assert desk.post(f"/clinic/staff/{own_id}/remove").status_code == 409


def test_adding_staff_does_not_tell_which_emails_other_clinics_use(desk, make_desk):
    """An admin cannot learn from the add-staff form that another clinic has an account: its
    answer is the one an email already on their own staff gets, word for word, and names no one."""
    make_desk("vet@hillside.example", "Hillside Vets")
    desk.post("/clinic/staff", {"email": "nurse@riverside.example", "password": PASSWORD, "role": "staff"})
    ours = desk.post("/clinic/staff", {"email": "nurse@riverside.example", "password": PASSWORD, "role": "staff"})
    theirs = desk.post("/clinic/staff", {"email": "vet@hillside.example", "password": PASSWORD, "role": "staff"})
    assert ours.status_code == theirs.status_code == 409
    assert ours.context["errors"] == theirs.context["errors"]
    typed = 'value="{}"'
    assert ours.text.replace(typed.format("nurse@riverside.example"), "") == theirs.text.replace(
        typed.format("vet@hillside.example"), "")
    message = theirs.context["errors"]["email"]
    assert "hillside" not in message.lower() and "already has" not in message, message
    members = [m.email for m in desk.get("/clinic/staff").context["members"]]
    assert members == ["nurse@riverside.example", desk.email]  # nothing made


def test_passwords_are_hashed_while_no_write_lock_is_held(clinic_app, clinic_settings, monkeypatch):
    """argon2 takes a while: every other write (a phone's sync) would wait behind it. Each time the
    setup and add-staff forms hash, another connection must be able to take SQLite's write lock."""
    database_file = clinic_settings.sqlalchemy_url.removeprefix("sqlite:///")
    lock_free_while_hashing = []

    def hash_and_look(password: str) -> str:
        with closing(sqlite3.connect(database_file, timeout=0, isolation_level=None)) as other:
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                lock_free_while_hashing.append(True)
            except sqlite3.OperationalError:  # database is locked
                lock_free_while_hashing.append(False)
        return passwords.hash_password(password)

    monkeypatch.setattr(accounts, "hash_password", hash_and_look)
    monkeypatch.setattr(auth, "hash_password", hash_and_look)
    with TestClient(clinic_app, follow_redirects=False) as client:
        token = form_token(client)
        made = client.post("/clinic/setup", data={"csrf": token, "clinic_name": "Riverside Vets",
                                                  "email": "vet@riverside.example", "password": PASSWORD,
                                                  "password_again": PASSWORD})
        assert made.headers["location"] == "/clinic/login?done=setup"
        assert sign_in(client, "vet@riverside.example", PASSWORD).status_code == 303
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/clinic/staff").text).group(1)
        added = client.post("/clinic/staff", data={"csrf": csrf, "email": "nurse@riverside.example",
                                                   "password": PASSWORD, "role": "staff"})
        assert added.headers["location"] == "/clinic/staff?done=added"
    assert lock_free_while_hashing == [True, True]

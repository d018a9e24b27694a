"""What no database takes (a NUL, an unpaired surrogate) is refused in every form field and query
of the dashboard, on SQLite and PostgreSQL, naming the field; nothing stored is touched."""

from __future__ import annotations

import pytest

from app.config import PROJECT_ROOT, Settings
from tests.clinic.conftest import PASSWORD, new_patient
from tests.support.sign_in import sign_in


@pytest.fixture
def clinic_settings(database_url, tmp_path) -> Settings:
    """The dashboard on both databases (PostgreSQL refuses a NUL where SQLite keeps it)."""
    return Settings(database_url=database_url, data_dir=tmp_path / "data", content_dir=PROJECT_ROOT / "content",
                    login_attempts=1000, public_url="https://pt.example")


def refused(answer, field: str, problem: str = "contains a NUL character") -> None:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert f"The field “{field}” {problem}" in answer.text


def test_a_nul_in_sign_in_is_refused_naming_the_field(desk):
    desk.client.cookies.clear()
    refused(desk.client.post("/clinic/login", data={"email": "vet@riverside.example\x00", "password": PASSWORD}),
            "email")
    refused(desk.client.post("/clinic/login", data={"email": "vet@riverside.example", "password": "a\x00"}),
            "password")
    assert sign_in(desk.client, "vet@riverside.example", PASSWORD).status_code == 303


def test_a_nul_in_the_search_is_refused(desk):
    new_patient(desk, dog="Biscuit")
    refused(desk.get("/clinic", params={"q": "Bis\x00"}), "q")
    assert "Biscuit" in desk.get("/clinic", params={"q": "Bis"}).text


def test_a_nul_in_a_form_is_refused_and_nothing_is_changed(desk):
    patient = new_patient(desk, dog="Biscuit")
    refused(desk.post("/clinic/patients/new", {"dog_name": "Rex\x00", "owner_name": "Sam"}), "dog_name")
    refused(desk.post(f"/clinic/patients/{patient}/details", {"dog_name": "Biscuit", "owner_name": "Anna\x00"}),
            "owner_name")
    refused(desk.post(f"/clinic/patients/{patient}/prescription", {"notes": "rest\x00", "sessions_per_day": "2"}),
            "notes")
    page = desk.get(f"/clinic/patients/{patient}")
    assert page.status_code == 200 and page.context["patient"].owner_name == "Anna Clarke"
    assert [row.patient.dog_name for row in desk.get("/clinic").context["rows"]] == ["Biscuit"]


def test_an_unpaired_surrogate_in_a_multipart_form_is_refused(desk):
    """A multipart body names its own charset: with `unicode_escape`, "\\ud800" arrives as half a
    character, which no UTF-8 encoder (the page, the database) takes."""
    body = (f'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{desk.csrf}\r\n'
            '--b\r\nContent-Disposition: form-data; name="dog_name"\r\n\r\nRex \\ud800\r\n--b--\r\n').encode()
    answer = desk.client.post("/clinic/patients/new", content=body,
                              headers={"Content-Type": "multipart/form-data; boundary=b; charset=unicode_escape"})
    refused(answer, "dog_name", "contains an unpaired surrogate")
    assert [row.patient.dog_name for row in desk.get("/clinic").context["rows"]] == []


@pytest.mark.parametrize("typed", ["²", "3²", "9" * 5000, "٣", "+3", " 3.0"])
def test_a_number_field_takes_plain_digits_only(desk, typed):
    """"²" is a digit to str.isdigit() but not to int(), and 5,000 digits exceed what int() reads:
    both were a 500. Each number of the prescription is refused with its own message instead."""
    patient = new_patient(desk, dog="Biscuit")
    fields = ("sessions_per_day", "crate_rest_weeks", "bladder_interval_hours")
    answer = desk.post(f"/clinic/patients/{patient}/prescription", {"legs": ["left-hind"], **dict.fromkeys(fields, typed)})
    assert answer.status_code == 422
    assert set(answer.context["errors"]) == set(fields)
    assert desk.get(f"/clinic/patients/{patient}").context["patient"].prescription_version == 1

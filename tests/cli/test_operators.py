"""The operators' commands, run as a newcomer would: `ivdd-pt migrate | create-clinic | invite`."""

from __future__ import annotations

import os
import re
import subprocess

import httpx
from sqlmodel import select

from app.models import Clinic, ClinicUser, Patient
from app.services.passwords import verify_password
from app.services.secrets import CODE_ALPHABET
from tests.support.clinic import database
from tests.support.server import IVDD_PT, running_server


def ivdd_pt(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "IVDD_PUBLIC_URL": "https://pt.example"}
    return subprocess.run([IVDD_PT, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60)


def create_riverside(database_url: str) -> None:
    made = ivdd_pt(database_url, "create-clinic", "--name", "Riverside Vets", "--email", "Vet@Riverside.example",
                   "--phone", "+44 20 7946 0000", stdin="correct horse battery\n")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Created clinic 'Riverside Vets' with admin vet@riverside.example."


def test_migrate_reports_an_up_to_date_database(database_url):
    done = ivdd_pt(database_url, "migrate")
    assert done.returncode == 0, done.stderr
    assert "is up to date" in done.stdout and "password" not in done.stdout


def test_create_clinic_reads_the_password_from_standard_input(database_url):
    create_riverside(database_url)
    with database(database_url) as session:
        [user] = session.exec(select(ClinicUser)).all()
        assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, "correct horse battery")
        assert session.get(Clinic, user.clinic_id).phone == "+44 20 7946 0000"


def test_create_clinic_refuses_bad_input_and_changes_nothing(database_url):
    create_riverside(database_url)
    cases = [
        (["--name", "Other", "--email", "vet@riverside.example"], "long password", "already exists"),
        (["--name", "Other", "--email", "not-an-email"], "long password", "not an email address"),
        (["--name", "Other", "--email", "b@other.example"], "short", "at least 10 characters"),
        (["--name", " ", "--email", "c@other.example"], "long password", "needs a name"),
    ]
    for args, password, message in cases:
        refused = ivdd_pt(database_url, "create-clinic", *args, stdin=password + "\n")
        assert refused.returncode == 1 and message in refused.stderr, (args, refused.stderr)
    with database(database_url) as session:
        assert len(session.exec(select(Clinic)).all()) == 1


def test_invite_prints_the_code_alone_on_its_last_line_and_it_links_a_phone(database_url, tmp_path):
    create_riverside(database_url)
    made = ivdd_pt(database_url, "invite", "--clinic-email", "vet@riverside.example", "--dog", "Biscuit",
                   "--owner", "Anna", "--legs", "left-hind,right-hind", "--sessions-per-day", "3")
    assert made.returncode == 0, made.stderr
    lines = made.stdout.strip().splitlines()
    code = lines[-1]
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{8}}", code)
    assert lines[0].startswith("Invite for Biscuit (owner Anna) at Riverside Vets, single use, valid 7 days")
    assert f"Link: https://pt.example/join/{code}" in lines

    again = ivdd_pt(database_url, "invite", "--clinic-email", "vet@riverside.example", "--dog", "biscuit")
    assert again.returncode == 0 and again.stdout.strip().splitlines()[-1] != code  # a new code, the same dog
    with database(database_url) as session:
        [patient] = session.exec(select(Patient)).all()
        assert (patient.legs, patient.sessions_per_day, patient.prescription_version) == (
            ["left-hind", "right-hind"], 3, 1)

    with running_server(tmp_path / "data", env={"DATABASE_URL": database_url}) as server:
        linked = httpx.post(server.url + "/api/v1/devices", json={"code": code})
        assert linked.status_code == 201 and linked.json()["prescription"]["sessions_per_day"] == 3


def test_invite_refuses_bad_input_and_changes_nothing(database_url):
    create_riverside(database_url)
    cases = [
        (["--clinic-email", "nobody@else.example", "--dog", "Biscuit"], 1, "no clinic user has the email"),
        (["--clinic-email", "vet@riverside.example", "--dog", "Biscuit", "--legs", "left-paw"], 2, "unknown leg left-paw"),
        (["--clinic-email", "vet@riverside.example", "--dog", "Biscuit", "--crate-rest-start", "24/11/2026"], 2,
         "--crate-rest-start"),
        (["--clinic-email", "vet@riverside.example", "--dog", "Biscuit", "--sessions-per-day", "9"], 2,
         "--sessions-per-day"),
        (["--clinic-email", "vet@riverside.example", "--dog", "  "], 1, "the dog needs a name"),
    ]
    for args, exit_code, message in cases:
        refused = ivdd_pt(database_url, "invite", *args)
        assert refused.returncode == exit_code and message in refused.stderr, (args, refused.stderr)
    with database(database_url) as session:
        assert session.exec(select(Patient)).all() == []

"""The operators' commands, run as a newcomer would: `ivdd-pt migrate | create-clinic | invite`."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import select

from app import cli
from app.errors import AppError
from app.models import AuditEvent, Clinic, ClinicUser, Invite, Patient, PrescriptionVersion
from app.services.passwords import verify_password
from app.services.prescriptions import PrescriptionForm, check_prescription
from app.services.secrets import CODE_ALPHABET
from tests.support.clinic import database
from tests.support.server import IVDD_PT, running_server


def ivdd_pt(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "IVDD_PUBLIC_URL": "https://pt.example"}
    return subprocess.run([IVDD_PT, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60)


def ivdd_pt_here(database_url: str, *args: str, monkeypatch: pytest.MonkeyPatch,
                 stdin: str = "") -> subprocess.CompletedProcess:
    """The same command line through the same `main`, in this process: for the refusals and for
    setting up (each process would import the app again, a second each). Each command still runs
    as the real `ivdd-pt` executable in at least one test, as a newcomer would run it."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("IVDD_PUBLIC_URL", "https://pt.example")
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def create_riverside(database_url: str, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    """Riverside Vets made by `ivdd-pt create-clinic`: the real executable, or in this process when
    given `monkeypatch` (for tests about something else)."""
    args = ["create-clinic", "--name", "Riverside Vets", "--email", "Vet@Riverside.example", "--phone", "+44 20 7946 0000"]
    password = "correct horse battery\n"
    made = (ivdd_pt_here(database_url, *args, stdin=password, monkeypatch=monkeypatch) if monkeypatch
            else ivdd_pt(database_url, *args, stdin=password))
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


def test_create_clinic_refuses_bad_input_and_changes_nothing(database_url, monkeypatch):
    create_riverside(database_url, monkeypatch)
    cases = [
        (["--name", "Other", "--email", "vet@riverside.example"], "long password", "already exists"),
        (["--name", "Other", "--email", "not-an-email"], "long password", "not an email address"),
        (["--name", "Other", "--email", "b@other.example"], "short", "at least 10 characters"),
        (["--name", " ", "--email", "c@other.example"], "long password", "needs a name"),
    ]
    for args, password, message in cases:
        refused = ivdd_pt_here(database_url, "create-clinic", *args, stdin=password + "\n", monkeypatch=monkeypatch)
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
            ["left-hind", "right-hind"], 3, 2)  # version 1 when made, 2 with the prescription
        versions = session.exec(select(PrescriptionVersion).order_by(PrescriptionVersion.version)).all()
        assert [(v.version, v.sessions_per_day, v.snapshot["legs"], v.saved_by) for v in versions] == [
            (1, None, None, "command line"), (2, 3, ["left-hind", "right-hind"], "command line")]
        events = session.exec(select(AuditEvent).order_by(AuditEvent.at)).all()
        assert [(e.action, e.actor) for e in events] == [
            ("patient_added", "command line"), ("prescription_changed", "command line"),
            ("invite_created", "command line"), ("invite_created", "command line")]

    with running_server(tmp_path / "data", env={"DATABASE_URL": database_url}) as server:
        linked = httpx.post(server.url + "/api/v1/devices", json={"code": code})
        assert linked.status_code == 201 and linked.json()["prescription"]["sessions_per_day"] == 3


def today() -> datetime:
    return datetime.now(UTC)  # the clinic's day: Riverside Vets is on UTC


def dashboard_says(**form) -> dict[str, str]:
    """What the dashboard's validator says of these fields."""
    with pytest.raises(AppError) as refused:
        check_prescription(PrescriptionForm(**{"legs": ["left-hind"], **form}), today().date())
    return {problem["field"]: problem["message"] for problem in refused.value.details}


def test_invite_refuses_bad_input_and_changes_nothing(database_url, monkeypatch):
    create_riverside(database_url, monkeypatch)
    biscuit = ["--clinic-email", "vet@riverside.example", "--dog", "Biscuit"]
    cases = [
        (["--clinic-email", "nobody@else.example", "--dog", "Biscuit"], 1, "no clinic user has the email"),
        ([*biscuit, "--legs", "left-paw"], 1, "ivdd-pt: --legs: unknown leg left-paw; use left-hind, right-hind"),
        ([*biscuit, "--legs", ","], 1, "ivdd-pt: --legs: give at least one paralysed leg"),
        ([*biscuit, "--sessions-per-day", "2"], 1, "ivdd-pt: --legs: give at least one paralysed leg"),
        ([*biscuit, "--legs", "left-hind", "--crate-rest-start", "24/11/2026"], 1,
         "ivdd-pt: --crate-rest-start: Enter a date as YYYY-MM-DD."),
        ([*biscuit, "--legs", "left-hind", "--sessions-per-day", "9"], 1,
         "ivdd-pt: --sessions-per-day: Choose 1 to 4 sessions a day."),
        ([*biscuit, "--legs", "left-hind", "--crate-rest-weeks", "26"], 1,
         "ivdd-pt: --crate-rest-weeks: Enter a whole number of weeks from 4 to 12."),
        ([*biscuit, "--dog", "  "], 1, "the dog needs a name"),
        (["--clinic-email", "vet@riverside.example"], 2, "--dog"),
    ]
    for args, exit_code, message in cases:
        refused = ivdd_pt_here(database_url, "invite", *args, monkeypatch=monkeypatch)
        assert refused.returncode == exit_code and message in refused.stderr, (args, refused.stderr)
        assert refused.stdout == "", args  # no code printed
    with database(database_url) as session:
        assert session.exec(select(Patient)).all() == []
        assert session.exec(select(Invite)).all() == [] and session.exec(select(AuditEvent)).all() == []


def test_invite_checks_the_prescription_as_the_dashboard_does(database_url, monkeypatch):
    """One validator, the same ranges and the same words: each problem named by its option."""
    create_riverside(database_url, monkeypatch)
    made = ivdd_pt_here(database_url, "invite", "--clinic-email", "vet@riverside.example", "--dog", "Biscuit",
                        "--legs", "left-hind", "--sessions-per-day", "2", monkeypatch=monkeypatch)
    assert made.returncode == 0, made.stderr
    day = today().date()
    rest = (day - timedelta(days=10)).isoformat()
    cases = [
        (["--sessions-per-day", "6"], "sessions_per_day", {"sessions_per_day": "6"}),
        (["--crate-rest-start", rest, "--passive-pt-from", (day - timedelta(days=11)).isoformat()],
         "passive_pt_approved_from",
         {"crate_rest_start": rest, "passive_pt_approved_from": (day - timedelta(days=11)).isoformat()}),
        (["--crate-rest-start", rest, "--passive-pt-from", (day + timedelta(weeks=12)).isoformat()],
         "passive_pt_approved_from",
         {"crate_rest_start": rest, "passive_pt_approved_from": (day + timedelta(weeks=12)).isoformat()}),
        (["--passive-pt-from", (day + timedelta(days=400)).isoformat()], "passive_pt_approved_from",
         {"passive_pt_approved_from": (day + timedelta(days=400)).isoformat()}),
        (["--crate-rest-start", (day + timedelta(days=3)).isoformat()], "crate_rest_start",
         {"crate_rest_start": (day + timedelta(days=3)).isoformat()}),
        (["--crate-rest-start", (day - timedelta(days=400)).isoformat()], "crate_rest_start",
         {"crate_rest_start": (day - timedelta(days=400)).isoformat()}),
        (["--bladder-interval-hours", "25"], "bladder_interval_hours", {"bladder_interval_hours": "25"}),
    ]
    for args, field, form in cases:
        message = dashboard_says(**form)[field]
        refused = ivdd_pt_here(database_url, "invite", "--clinic-email", "vet@riverside.example", "--dog", "Biscuit",
                               *args, monkeypatch=monkeypatch)
        option = {"sessions_per_day": "--sessions-per-day", "crate_rest_start": "--crate-rest-start",
                  "passive_pt_approved_from": "--passive-pt-from", "bladder_interval_hours": "--bladder-interval-hours"}[field]
        assert refused.returncode == 1, (args, refused.stderr)
        assert refused.stderr.strip() == f"ivdd-pt: {option}: {message}", (args, refused.stderr)
    assert dashboard_says(sessions_per_day="6")["sessions_per_day"] == "Choose 1 to 4 sessions a day."
    assert "more than a year away" in dashboard_says(passive_pt_approved_from=(day + timedelta(days=400)).isoformat())[
        "passive_pt_approved_from"]
    with database(database_url) as session:  # each refusal left the patient as it was
        [patient] = session.exec(select(Patient)).all()
        assert (patient.prescription_version, patient.sessions_per_day, patient.crate_rest_start) == (2, 2, None)
        assert len(session.exec(select(PrescriptionVersion)).all()) == 2
        assert len(session.exec(select(Invite)).all()) == 1


def test_invite_sets_a_valid_prescription_on_a_known_dog(database_url, monkeypatch):
    create_riverside(database_url, monkeypatch)
    first = ivdd_pt_here(database_url, "invite", "--clinic-email", "vet@riverside.example", "--dog", "Biscuit",
                         "--legs", "left-hind", monkeypatch=monkeypatch)
    assert first.returncode == 0, first.stderr
    day = today().date()
    rest, pt = (day - timedelta(days=14)).isoformat(), (day - timedelta(days=7)).isoformat()
    made = ivdd_pt_here(database_url, "invite", "--clinic-email", "vet@riverside.example", "--dog", "Biscuit",
                        "--sessions-per-day", "4", "--crate-rest-start", rest, "--crate-rest-weeks", "8",
                        "--passive-pt-from", pt, "--bladder-interval-hours", "6", monkeypatch=monkeypatch)
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{8}}", made.stdout.strip().splitlines()[-1])
    with database(database_url) as session:
        [patient] = session.exec(select(Patient)).all()
        assert patient.legs == ["left-hind"]  # kept: --legs was not given this time
        assert (patient.sessions_per_day, patient.crate_rest_start.isoformat(), patient.crate_rest_weeks,
                patient.passive_pt_approved_from.isoformat(), patient.prescription_version) == (4, rest, 8, pt, 3)
        assert patient.crate_rest_start_by_owner is False and patient.bladder_interval_hours == 6
        versions = session.exec(select(PrescriptionVersion).order_by(PrescriptionVersion.version)).all()
        assert [v.version for v in versions] == [1, 2, 3]
        assert versions[-1].snapshot["passive_pt_approved_from"] == pt

    same = ivdd_pt_here(database_url, "invite", "--clinic-email", "vet@riverside.example", "--dog", "Biscuit",
                        "--sessions-per-day", "4", monkeypatch=monkeypatch)  # nothing changes: no new version
    assert same.returncode == 0, same.stderr
    with database(database_url) as session:
        assert session.exec(select(Patient)).one().prescription_version == 3

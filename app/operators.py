"""The operators' commands of `ivdd-pt`: migrate the database, create a clinic, invite an owner,
back up a SQLite database.

Each runs in one transaction (db.session_scope); a bad argument prints what and where, exits 1,
and leaves the database as it was.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine, session_scope, writer
from app.errors import AppError
from app.migrate import migrate
from app.models.base import utcnow
from app.services import audit
from app.services.clinics import clinic_of_user, create_clinic, find_or_create_patient
from app.services.linking import INVITE_LIFETIME, create_invite
from app.services.passwords import check_password_rules
from app.services.patient_list import clinic_today
from app.services.prescriptions import (BLADDER_INTERVAL_HOURS, CRATE_REST_WEEKS, LEGS, SESSIONS_PER_DAY, PrescriptionForm,
                                        set_prescription)

EXIT_OK, EXIT_INVALID = 0, 1
# The prescription's options of `invite`, as the fields of the dashboard's form: given as typed,
# checked by the dashboard's validator (prescriptions.check_prescription), its ranges and its words.
PRESCRIPTION_OPTIONS = {"legs": "--legs", "sessions_per_day": "--sessions-per-day",
                        "crate_rest_start": "--crate-rest-start", "crate_rest_weeks": "--crate-rest-weeks",
                        "passive_pt_approved_from": "--passive-pt-from",
                        "bladder_interval_hours": "--bladder-interval-hours"}


def add_commands(commands) -> None:
    command = commands.add_parser("migrate", help="bring the database schema up to date (the server also does it on start)")
    command.set_defaults(handler=_migrate)

    command = commands.add_parser("create-clinic", help="create a clinic and its first (admin) user")
    command.add_argument("--name", required=True, help="the clinic's name, as owners will see it")
    command.add_argument("--email", required=True, help="the admin's email, to sign in to the dashboard")
    command.add_argument("--phone", help="the clinic's phone number, shown to owners")
    command.set_defaults(handler=_create_clinic)

    command = commands.add_parser("invite", help="make a single-use code that links an owner's phone to a dog")
    command.add_argument("--clinic-email", required=True, help="email of a user of the clinic")
    command.add_argument("--dog", required=True, help="the dog's name (the patient is created when new)")
    command.add_argument("--owner", help="the owner's name (tells apart two dogs of one name)")
    command.add_argument("--legs", metavar="LEGS", help=f"paralysed legs, comma-separated: {', '.join(LEGS)}")
    command.add_argument("--sessions-per-day", metavar=_span(SESSIONS_PER_DAY), help="passive PT sessions a day")
    command.add_argument("--crate-rest-start", metavar="YYYY-MM-DD", help="the day crate rest started")
    command.add_argument("--crate-rest-weeks", metavar=_span(CRATE_REST_WEEKS), help="how long crate rest lasts")
    command.add_argument("--passive-pt-from", metavar="YYYY-MM-DD",
                         help="the day passive PT is approved from: not before crate rest started, "
                              "nor more than 12 weeks after")
    command.add_argument("--bladder-interval-hours", metavar=_span(BLADDER_INTERVAL_HOURS),
                         help="empty the bladder at least every so many hours (none is set unless given)")
    command.set_defaults(handler=_invite)

    command = commands.add_parser("backup", help="copy the SQLite database, while the server runs, to a new file "
                                                 "(PostgreSQL: use pg_dump)")
    command.add_argument("file", type=Path, help="the new file (never overwritten); to restore, use it as the database")
    command.set_defaults(handler=_backup)

    command = commands.add_parser("seed", help="fill a new clinic with made-up patients and sessions (for benchmarks)")
    command.add_argument("--patients", type=int, default=1000)
    command.add_argument("--logs", type=int, default=200_000)
    command.set_defaults(handler=_seed)


DEMO_DATABASE_FILE = "ivdd-pt-demo.sqlite3"


def demo_database_url(settings: Settings) -> str:
    """`serve --demo` keeps its made-up clinic in a SQLite file of its own beside the default one,
    whatever DATABASE_URL says: trying the demo never writes to the real database (whose first
    clinic would otherwise be the demo's, and /clinic/setup closed)."""
    return f"sqlite:///{(settings.data_dir / DEMO_DATABASE_FILE).resolve()}"


def seed_demo_clinic(settings: Settings) -> None:
    """For `serve --demo`: the demo clinic (once), and how to sign in to it."""
    import json

    from app.content import load_routine
    from app.services.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    routine = json.loads(load_routine(settings.content_dir).json_bytes)
    with _writing(settings) as session:
        made = seed_demo(session=session, routine=routine)
    print(f"Demo: a made-up clinic in its own database, {make_url(settings.sqlalchemy_url).database} "
          "(the real database is not used). Delete that file to start the demo afresh.", flush=True)
    print(("Seeded" if made else "Found") + " the demo clinic. Sign in at "
          f"http://{settings.host}:{settings.port}/clinic with {DEMO_EMAIL} / {DEMO_PASSWORD}", flush=True)


def _seed(args) -> int:
    import json
    import time

    from app.content import load_routine
    from app.services.demo import seed_load

    if args.patients < 1 or args.logs < 0:
        return _fail("--patients must be 1 or more and --logs 0 or more")
    settings = Settings()
    routine = json.loads(load_routine(settings.content_dir).json_bytes)
    started = time.perf_counter()
    with _writing(settings) as session:
        clinic = seed_load(session=session, routine=routine, patients=args.patients, logs=args.logs)
    print(f"Seeded clinic {clinic.id} with {args.patients:,} patients and {args.logs:,} sessions "
          f"in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def _span(allowed: range) -> str:
    return f"{allowed[0]}-{allowed[-1]}"


@contextmanager
def _migrated(settings: Settings) -> Iterator[Engine]:
    """The database brought up to date; its connections closed afterwards, whatever happened."""
    engine = make_engine(settings.sqlalchemy_url)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _writing(settings: Settings) -> Iterator[Session]:
    """One unit of work on the migrated database, ready to write (see db.writer)."""
    with _migrated(settings) as engine, session_scope(writer(engine)) as session:
        yield session


def _migrate(_args) -> int:
    settings = Settings()
    with _migrated(settings):
        pass
    print(f"Database {make_url(settings.sqlalchemy_url).render_as_string(hide_password=True)} is up to date.")
    return EXIT_OK


PG_DUMP_HELP = ("this database is PostgreSQL: back it up with pg_dump, for example\n"
                "  pg_dump --format=custom --file=ivdd-pt.dump \"$DATABASE_URL\"\n"
                "and restore it into an empty database with\n"
                "  pg_restore --no-owner --dbname=\"$NEW_DATABASE_URL\" ivdd-pt.dump\n"
                "(plain postgresql:// URLs; see the README, \"Running it for a clinic\")")


def _backup(args) -> int:
    url = make_url(Settings().sqlalchemy_url)
    if url.get_backend_name() != "sqlite":
        return _fail(PG_DUMP_HELP)
    source, target = Path(url.database or ""), args.file
    if not source.is_file():
        return _fail(f"no database at {source}: nothing to back up")
    if target.exists():
        return _fail(f"{target} already exists: give a new file name (a backup never overwrites)")
    partial = target.with_name(target.name + ".partial")  # never a half-written file under the real name
    try:
        # SQLite's online backup: a consistent copy (the WAL's committed pages included) while the
        # server goes on reading and writing.
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        return _fail(f"backup to {target} failed: {exc}")
    print(f"Backed up {source} to {target} ({target.stat().st_size:,} bytes). To restore: stop the server and "
          f"put it in place of {source.name} (or point DATABASE_URL at it).")
    return EXIT_OK


def _create_clinic(args) -> int:
    password = _read_password()
    try:
        check_password_rules(password)
        with _writing(Settings()) as session:
            user = create_clinic(session=session, name=args.name, email=args.email, password=password, phone=args.phone)
    except AppError as exc:
        return _fail(exc.message)
    print(f"Created clinic '{args.name.strip()}' with admin {user.email}.")
    return EXIT_OK


def _invite(args) -> int:
    settings = Settings()
    given = {field: getattr(args, option.removeprefix("--").replace("-", "_"))
             for field, option in PRESCRIPTION_OPTIONS.items()}
    given = {field: value for field, value in given.items() if value is not None}
    try:
        with _writing(settings) as session:
            clinic = clinic_of_user(session=session, email=args.clinic_email)
            patient = find_or_create_patient(session=session, clinic=clinic, dog_name=args.dog, owner_name=args.owner)
            if given:  # the patient's prescription, with what the options change
                form = PrescriptionForm.of(patient)
                for field, value in given.items():
                    setattr(form, field, [leg.strip() for leg in value.split(",") if leg.strip()]
                            if field == "legs" else value)
                set_prescription(session=session, patient=patient, form=form, actor=audit.COMMAND_LINE,
                                 today=clinic_today(clinic, utcnow())[0])
            invite = create_invite(session=session, patient=patient, actor=audit.COMMAND_LINE)
            owner = f" (owner {patient.owner_name})" if patient.owner_name else ""
            expires = invite.invite.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    except AppError as exc:  # nothing is kept: session_scope rolled back
        return _fail_fields(exc, given)
    print(f"Invite for {patient.dog_name}{owner} at {clinic.name}, single use, valid {INVITE_LIFETIME.days} days "
          f"(until {expires}).")
    if settings.public_url:
        print(f"Link: {settings.public_url.rstrip('/')}/join/{invite.code}")
    print(invite.code)
    return EXIT_OK


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password for the clinic admin: ")
        if first != getpass.getpass("Same password again: "):
            raise SystemExit(_fail("the two passwords differ"))
        return first
    return sys.stdin.readline().rstrip("\n")


def _fail(message: str) -> int:
    print(f"ivdd-pt: {message}", file=sys.stderr)
    return EXIT_INVALID


def _fail_fields(exc: AppError, given: dict) -> int:
    """A prescription refused: each problem beside its option, as the dashboard puts it beside its field."""
    problems = exc.details if isinstance(exc.details, list) else []
    if not problems:
        return _fail(exc.message)
    for problem in problems:
        field, message = problem["field"], problem["message"]
        if field == "legs":  # the dashboard's words are about its tick boxes
            typed = [leg.strip() for leg in given.get("legs", "").split(",") if leg.strip()]
            unknown = [leg for leg in typed if leg not in LEGS]
            message = (f"unknown leg {', '.join(unknown)}; " if unknown else
                       "give at least one paralysed leg (the patient has none yet); " if "legs" not in given else
                       "give at least one paralysed leg; ") + f"use {', '.join(LEGS)}, comma-separated."
        option = PRESCRIPTION_OPTIONS.get(field, f"the {field.replace('_', ' ')} (on the dashboard)")
        print(f"ivdd-pt: {option}: {message}", file=sys.stderr)
    return EXIT_INVALID

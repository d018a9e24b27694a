"""The operators' commands of `ivdd-pt`: migrate the database, create a clinic, invite an owner.

Each runs in one transaction (db.session_scope); a bad argument prints what and where, exits 1,
and leaves the database as it was.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date

from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import make_engine, session_scope, writer
from app.errors import AppError
from app.migrate import migrate
from app.schemas.session_log import Leg
from app.services.clinics import clinic_of_user, create_clinic, find_or_create_patient
from app.services.linking import INVITE_LIFETIME, create_invite
from app.services.passwords import check_password_rules

LEGS = list(Leg.__args__)
EXIT_OK, EXIT_INVALID = 0, 1


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
    command.add_argument("--legs", type=_legs, help=f"affected legs, comma-separated: {', '.join(LEGS)}")
    command.add_argument("--sessions-per-day", type=int, choices=range(1, 7), metavar="1-6")
    command.add_argument("--crate-rest-start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    command.add_argument("--crate-rest-weeks", type=int, choices=range(1, 27), metavar="1-26")
    command.set_defaults(handler=_invite)

    command = commands.add_parser("seed", help="fill a new clinic with made-up patients and sessions (for benchmarks)")
    command.add_argument("--patients", type=int, default=1000)
    command.add_argument("--logs", type=int, default=200_000)
    command.set_defaults(handler=_seed)


def seed_demo_clinic(settings: Settings) -> None:
    """For `serve --demo`: the demo clinic (once), and how to sign in to it."""
    import json

    from app.content import load_routine
    from app.services.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    routine = json.loads(load_routine(settings.content_dir).json_bytes)
    with session_scope(_engine(settings)) as session:
        made = seed_demo(session=session, routine=routine)
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
    with session_scope(_engine(settings)) as session:
        clinic = seed_load(session=session, routine=routine, patients=args.patients, logs=args.logs)
    print(f"Seeded clinic {clinic.id} with {args.patients:,} patients and {args.logs:,} sessions "
          f"in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def _legs(text: str) -> list[str]:
    legs = [leg.strip() for leg in text.split(",") if leg.strip()]
    unknown = [leg for leg in legs if leg not in LEGS]
    if unknown or not legs:
        raise argparse.ArgumentTypeError(f"unknown leg {', '.join(unknown) or '(none)'}; use {', '.join(LEGS)}")
    return legs


def _engine(settings: Settings):
    """Migrated, and ready to write (see db.writer)."""
    engine = make_engine(settings.sqlalchemy_url)
    migrate(engine)
    return writer(engine)


def _migrate(_args) -> int:
    settings = Settings()
    _engine(settings).dispose()
    print(f"Database {make_url(settings.sqlalchemy_url).render_as_string(hide_password=True)} is up to date.")
    return EXIT_OK


def _create_clinic(args) -> int:
    password = _read_password()
    try:
        check_password_rules(password)
        with session_scope(_engine(Settings())) as session:
            user = create_clinic(session=session, name=args.name, email=args.email, password=password, phone=args.phone)
    except AppError as exc:
        return _fail(exc.message)
    print(f"Created clinic '{args.name.strip()}' with admin {user.email}.")
    return EXIT_OK


def _invite(args) -> int:
    settings = Settings()
    try:
        with session_scope(_engine(settings)) as session:
            clinic = clinic_of_user(session=session, email=args.clinic_email)
            patient = find_or_create_patient(
                session=session, clinic=clinic, dog_name=args.dog, owner_name=args.owner, legs=args.legs,
                sessions_per_day=args.sessions_per_day, crate_rest_start=args.crate_rest_start,
                crate_rest_weeks=args.crate_rest_weeks)
            invite = create_invite(session=session, patient=patient)
            owner = f" (owner {patient.owner_name})" if patient.owner_name else ""
            expires = invite.invite.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    except AppError as exc:
        return _fail(exc.message)
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

"""`ivdd-pt`: run the server and look after it.

    ivdd-pt serve [--host H] [--port P] [--workers N] [--demo]
    ivdd-pt check-content [PATH]
    ivdd-pt locale-template LOCALE [PATH]                   (a new language's files to fill in)
    ivdd-pt migrate
    ivdd-pt create-clinic --name N --email E [--phone P]     (password: prompt, or standard input)
    ivdd-pt invite --clinic-email E --dog NAME [--owner NAME] [prescription options]
    ivdd-pt backup FILE                                     (SQLite; PostgreSQL: pg_dump)
    ivdd-pt seed [--patients N] [--logs N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from app import operators
from app.config import Settings
from app.content import ContentError, LoadedRoutine, load_routine
from app.content.loader import PARTS
from app.content.locales import BASE_LOCALE, LOCALE_NAME, LOCALES_DIR, part_of_fields, prose_of, template
from app.routes.routine import routine_resource
from app.web.catalogues import CATALOGUES_DIR, messages_of
from app.web.catalogues import template as phone_template

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ValidationError as exc:  # a setting from the environment: say which and why, not a traceback
        if exc.title != Settings.__name__:
            raise  # any other model's error is a bug to see whole, not a setting to blame
        problems = "\n".join(f"  - IVDD_{'_'.join(map(str, error['loc'])).upper()}: "
                             f"{error['msg'].removeprefix('Value error, ')}"
                             for error in exc.errors())
        print(f"ivdd-pt: invalid settings:\n{problems}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ivdd-pt", description="IVDD Home PT server and tools.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the web server (the app, the API and the dashboard)")
    serve.add_argument("--host", help="address to listen on (default: IVDD_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: IVDD_PORT or 8000)")
    serve.add_argument("--workers", type=int, default=1, help="number of worker processes (default: 1)")
    serve.add_argument("--demo", action="store_true",
                       help="serve a demo clinic with a month of sessions, from a database file of its own "
                            "(never the real database), and print its login")
    serve.set_defaults(handler=_serve)

    check = commands.add_parser("check-content", help="validate the routine content and print a summary or every problem")
    check.add_argument("path", nargs="?", type=Path, help="content folder (default: IVDD_CONTENT_DIR or ./content)")
    check.set_defaults(handler=_check_content)

    template = commands.add_parser("locale-template", help="write the files a new language fills in: every text of the "
                                                           "routine, the English beside it")
    template.add_argument("locale", help="the language code, e.g. 'fr' or 'pt-BR'")
    template.add_argument("path", nargs="?", type=Path, help="content folder (default: IVDD_CONTENT_DIR or ./content)")
    template.set_defaults(handler=_locale_template)
    operators.add_commands(commands)
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings()
    try:  # fail here, readably, rather than inside a worker's traceback
        load_routine(settings.content_dir)
    except ContentError as exc:
        print(f"ivdd-pt: cannot start: {exc}", file=sys.stderr)
        return EXIT_INVALID
    host = args.host or settings.host
    port = args.port or settings.port
    if args.demo:  # the workers read the database from the environment, like everything else
        os.environ["DATABASE_URL"] = operators.demo_database_url(settings)
        settings = Settings(host=host, port=port)
        operators.seed_demo_clinic(settings)
    print(f"IVDD Home PT on http://{host}:{port}  (database: {_redacted(settings.sqlalchemy_url)})", flush=True)
    # The client's address (the sign-in and linking limits count per address) and scheme come from
    # X-Forwarded-For / -Proto only when the connection comes from a proxy we were told to trust;
    # uvicorn's own default trusts 127.0.0.1, so any client of a local proxy could pick its address.
    proxies = settings.trusted_proxy_list
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=args.workers,
                log_level=settings.log_level, proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
                server_header=False)
    return EXIT_OK


def _check_content(args: argparse.Namespace) -> int:
    path = args.path or Settings().content_dir
    try:
        loaded = load_routine(path)
    except ContentError as exc:
        print(f"ivdd-pt: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(summary(loaded))
    return EXIT_OK


def _locale_template(args: argparse.Namespace) -> int:
    path = args.path or Settings().content_dir
    folder = path / LOCALES_DIR / args.locale
    if not LOCALE_NAME.match(args.locale) or args.locale == BASE_LOCALE:
        print(f"ivdd-pt: '{args.locale}' is not a language code such as 'fr' or 'pt-BR' ('{BASE_LOCALE}' is the content "
              "itself)", file=sys.stderr)
        return EXIT_USAGE
    if folder.exists():
        print(f"ivdd-pt: {folder} already exists: its translation is kept as it is (check it with check-content)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        loaded = load_routine(path)
    except ContentError as exc:
        print(f"ivdd-pt: {exc}", file=sys.stderr)
        return EXIT_INVALID
    folder.mkdir(parents=True)
    for part, text in template(prose_of(loaded.routine), part_of_fields(PARTS)).items():
        (folder / f"{part}.toml").write_text(text, encoding="utf-8")
    print(f"Wrote {folder}/: fill in each empty text, then run `ivdd-pt check-content {path}`.")
    _phone_template(Settings().web_dir, args.locale)
    print("The dashboard's words: .venv/bin/pybabel init -i app/locales/messages.pot -d app/locales "
          f"-l {args.locale.replace('-', '_')} (see app/i18n.py).")
    return EXIT_OK


def _phone_template(web_dir: Path, language: str) -> None:
    """The phone app's words (app/web/catalogues.py): every English text, each to translate."""
    folder = web_dir / CATALOGUES_DIR / language
    if folder.exists():
        print(f"{folder} exists already: the phone app's words are kept as they are.")
        return
    folder.mkdir(parents=True)
    texts = phone_template(messages_of(web_dir))
    (folder / "app.json").write_text(json.dumps(texts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {folder}/app.json: the phone app's {len(texts)} texts, the English as each key; "
          "tests/unit/test_phone_catalogues.py lists those still empty.")


def summary(loaded: LoadedRoutine) -> str:
    r = loaded.routine
    actions = sum(len(step.actions) for step in r.steps)
    flow = "; ".join(_block_summary(block) for block in r.flow)
    lines = [
        f"Routine '{r.title}' is valid. Content version {loaded.version}.",
        f"  files: {', '.join(str(path) for path in loaded.files.values())}",
        f"  {len(r.steps)} steps with {actions} actions; flow: {flow}",
        f"  safety gate: {len(r.eligibility)} eligibility questions, {len(r.facts)} fact"
        f"{'' if len(r.facts) == 1 else 's'} about the dog, {len(r.red_flags)} red flags",
        f"  defaults: crate rest {r.crate_rest.default} {r.crate_rest.unit}, {r.sessions_per_day.default} {r.sessions_per_day.unit}",
        f"  credit: {r.credit.author}, {r.credit.publisher}",
        f"  served size: {len(loaded.json_bytes):,} bytes, {len(routine_resource(loaded).gzip_body or b''):,} gzipped",
        "  languages: " + ", ".join(f"{item.locale} (version {item.version})"
                                    for item in [loaded, *loaded.translations.values()]),
    ]
    return "\n".join(lines)


def _block_summary(block) -> str:
    limbs = " and ".join(block.limbs)  # a per-leg block's limbs: "for each hind leg"
    each = f"{limbs} {block.for_each}" if limbs else block.for_each
    return f"{block.id}: {', '.join(block.steps)} (for each {each})"


def _redacted(url: str) -> str:
    """Never print a database password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())

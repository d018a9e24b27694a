"""The dashboard in each staff member's language: gettext catalogues, made and read with Babel.

Words are marked where they are written: `{{ _("Patients") }}` or `{% trans %}` in templates,
`_("…")` from this module in Python, called while a request is answered (never at import: there
is no language then). A table of words kept in a module is marked with `N_("…")`, which only
marks, inside `Words({...})`, which translates each entry as it is read. Then, from the project
folder:

    .venv/bin/pybabel extract -F babel.cfg -o app/locales/messages.pot --no-location --sort-output \
        --project "IVDD Home PT" -k _ -k ngettext:1,2 -k N_ .
    .venv/bin/pybabel update -i app/locales/messages.pot -d app/locales --no-fuzzy-matching --ignore-obsolete
    # or `init -l fr` for a new language

and a person translates `app/locales/<language>/LC_MESSAGES/messages.po` (in the repository). The
server compiles each .po in memory at start-up: there is no .mo file to build or forget.

The language of a dashboard request is chosen once for everything made while answering it: a
service's form error as much as the page (app/http/language.py starts each request in the best
offered language of the browser's Accept-Language; the signed-in staff member's own setting then
replaces it, routes/clinic/deps.py). A language is offered once it is in OFFERED, with every page
and message of the dashboard translated: English and Spanish (issue 16).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
BASE_LANGUAGE = "en"  # the words as written in the code
OFFERED = {"en": "English", "es": "Español"}  # the languages a staff member can choose, by their own name


@dataclass
class _Choice:
    """One request's language: every thread that works on the request holds this same object (each
    gets a copy of the context, not of what it refers to), so a choice made in one is seen by all."""

    language: str = BASE_LANGUAGE


_language: ContextVar[_Choice | None] = ContextVar("language", default=None)


def catalogue(language: str) -> NullTranslations:
    """The language's translations (none for English or a language with no catalogue)."""
    return _compiled(LOCALES_DIR, language)


@cache
def _compiled(folder: Path, language: str) -> NullTranslations:
    po = folder / language / "LC_MESSAGES" / "messages.po"
    if language == BASE_LANGUAGE or not po.is_file():
        return NullTranslations()
    with po.open("rb") as source:
        messages = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled)


def offered(language: str | None) -> str:
    return language if language in OFFERED else BASE_LANGUAGE


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Within this block, `_()` and templates answer in `language` (English if not offered)."""
    chosen = offered(language)
    token = _language.set(_Choice(chosen))
    try:
        yield chosen
    finally:
        _language.reset(token)


def speak(language: str | None) -> None:
    """From now on, to the end of the `speaking` block this runs in (the request), answer in
    `language`, in this thread and every other one working on the request. Outside one: nothing."""
    choice = _language.get()
    if choice is not None:
        choice.language = offered(language)


def preferred(tags: list[str], among: Collection[str] = OFFERED) -> str:
    """The first offered language of a browser's tags, most wanted first ("es-MX" is "es")."""
    for tag in tags:
        if tag == "*":
            break
        for candidate in (tag, tag.split("-")[0].lower()):
            if candidate in among:
                return candidate
    return BASE_LANGUAGE


def language_name(code: str) -> str:
    """A language as the dashboard names it, in the reader's language with its own name beside:
    "Spanish (español)" for an English reader, "inglés (English)" for a Spanish one. From Babel's
    CLDR data, so every language has one; a code it does not know is shown as it is."""
    try:
        language = Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return code
    shown, own = language.get_display_name(cldr_locale()), language.get_display_name(language)
    return shown if own == shown else f"{shown} ({own})"


def current_language() -> str:
    choice = _language.get()
    return choice.language if choice is not None else BASE_LANGUAGE


def cldr_locale() -> str:
    """The current language for Babel's dates and names; English for a language CLDR lacks."""
    return current_language() if _in_cldr(current_language()) else BASE_LANGUAGE


def format_number(value: int) -> str:
    """A number as the reader writes it: "2,000" in English, "2000" in Spanish (CLDR)."""
    return format_decimal(value, locale=cldr_locale())


@cache
def _in_cldr(language: str) -> bool:
    try:
        Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


def gettext(message: str) -> str:
    return catalogue(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return catalogue(current_language()).ngettext(singular, plural, count)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Marks words for `pybabel extract` that are translated later, where they are read (`Words`)."""
    return message


class Words(Mapping):
    """A table of words (marked with N_) whose entries are translated as they are read, in the
    language of that moment: a module constant that is never translated at import. `english`
    reads one as written, for what is stored once for everyone (the audit trail)."""

    def __init__(self, table: dict):
        self._table = dict(table)

    def __getitem__(self, key) -> str:
        return gettext(self._table[key])

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def english(self, key, default: str | None = None) -> str | None:
        return self._table.get(key, default)

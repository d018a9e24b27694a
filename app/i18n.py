"""The dashboard in each staff member's language: gettext catalogues, made and read with Babel.

Words are marked where they are written: `{{ _("Patients") }}` or `{% trans %}` in templates,
`_("…")` from this module in Python. Then, from the project folder:

    .venv/bin/pybabel extract -F babel.cfg -o app/locales/messages.pot .
    .venv/bin/pybabel update -i app/locales/messages.pot -d app/locales    # or `init -l fr` for a new one

and a person translates `app/locales/<language>/LC_MESSAGES/messages.po` (in the repository). The
server compiles each .po in memory at start-up: there is no .mo file to build or forget.

The language of a request is a context variable, set by the page renderer from the staff member's
setting. A language is offered once it is in OFFERED: Spanish joins when every page and message
of the dashboard is marked and translated (issue 16).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
BASE_LANGUAGE = "en"  # the words as written in the code
OFFERED = {"en": "English"}  # the languages a staff member can choose, by their own name

_language: ContextVar[str] = ContextVar("language", default=BASE_LANGUAGE)


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


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Within this block, `_()` and templates answer in `language` (English if not offered)."""
    chosen = language if language in OFFERED else BASE_LANGUAGE
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)


def language_name(code: str) -> str:
    """A language as the dashboard names it, with its own name beside: "Spanish (español)".
    From Babel's CLDR data, so every language has one; a code it does not know is shown as it is."""
    try:
        language = Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return code
    english, own = language.get_display_name("en"), language.get_display_name(language)
    return english if own == english else f"{english} ({own})"


def current_language() -> str:
    return _language.get()


def gettext(message: str) -> str:
    return catalogue(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return catalogue(_language.get()).ngettext(singular, plural, count)


_ = gettext

"""Each staff member's language for the dashboard: chosen by them, for them alone.

The dashboard's words are gettext messages (app/i18n.py). Spanish is not offered to staff until
every page and message is translated (issue 16); these tests offer it, as that day will.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app import i18n
from app.config import PROJECT_ROOT
from tests.clinic.conftest import PASSWORD, new_patient

CATALOGUES = PROJECT_ROOT / "app" / "locales"


@pytest.fixture
def spanish_offered(monkeypatch):
    monkeypatch.setitem(i18n.OFFERED, "es", "Español")


def test_one_member_works_in_spanish_while_another_keeps_english(spanish_offered, desk, make_desk):
    desk.post("/clinic/staff", {"email": "nurse@riverside.example", "password": PASSWORD, "role": "staff"})
    nurse = make_desk("nurse@riverside.example", clinic=None)

    page = desk.get("/clinic/staff").text
    assert '<select id="language" name="language">' in page and '<option value="es" lang="es">Español</option>' in page
    answer = desk.post("/clinic/staff/language", {"language": "es"})
    assert answer.status_code == 303 and answer.headers["location"] == "/clinic/staff?done=language"

    spanish = desk.get("/clinic").text
    assert '<html lang="es">' in spanish
    assert "Pacientes" in spanish and "Cerrar sesión" in spanish and ">Patients<" not in spanish
    english = nurse.get("/clinic").text
    assert '<html lang="en">' in english and ">Patients<" in english and "Cerrar sesión" not in english

    desk.post("/clinic/staff/language", {"language": "en"})
    assert '<html lang="en">' in desk.get("/clinic").text


def test_dates_follow_the_members_language(spanish_offered, desk):
    new_patient(desk)
    desk.post("/clinic/staff/language", {"language": "es"})
    page = desk.get("/clinic").text
    assert "Hoy es " in page  # "Today is …", with the weekday and month in Spanish
    assert not any(f"Today is {day}" in page for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))


@pytest.mark.parametrize("language", ["fr", "", "../../etc", "es" * 40])
def test_a_language_not_offered_is_refused_and_nothing_changes(desk, language):
    answer = desk.post("/clinic/staff/language", {"language": language})
    assert answer.status_code == 422 and "Choose one of: English." in answer.text
    assert '<html lang="en">' in desk.get("/clinic").text


def test_with_one_language_no_choice_is_shown(desk):
    assert 'name="language"' not in desk.get("/clinic/staff").text


def test_every_message_has_its_spanish_with_the_same_placeholders():
    with open(CATALOGUES / "es" / "LC_MESSAGES" / "messages.po", "rb") as source:
        catalogue = read_po(source, locale="es")
    problems = [(message.id, error) for message, error in catalogue.check()]
    assert problems == []
    empty = [message.id for message in catalogue if message.id and (message.fuzzy or not (
        all(message.string) if isinstance(message.string, tuple) else message.string))]
    assert empty == []  # a fuzzy guess of `pybabel update` is not a translation


def test_the_template_lists_every_message_of_the_code(tmp_path):
    """`pybabel extract` was run after the last change to the words: a translator sees them all."""
    fresh = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg", "-o", str(fresh),
                    "--no-location", "--sort-output", "-k", "_", "-k", "ngettext:1,2", "."],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)

    def ids(path: Path) -> set:
        with open(path, "rb") as source:
            return {message.id for message in read_po(source) if message.id}
    assert ids(fresh) == ids(CATALOGUES / "messages.pot")
    assert ids(CATALOGUES / "messages.pot") <= ids(CATALOGUES / "es" / "LC_MESSAGES" / "messages.po")

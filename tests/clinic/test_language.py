"""Each staff member's language for the dashboard: chosen by them, for them alone.

The dashboard's words are gettext messages (app/i18n.py), the words made in Python as much as the
templates'; the routine's own words come from the content in the same language where it has it.
English and Spanish are offered (issue 16).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app import i18n
from app.config import PROJECT_ROOT
from app.services.prescriptions import LEGS
from tests.clinic.conftest import PASSWORD, blocked_log, link_phone, make_log, new_patient, sync

CATALOGUES = PROJECT_ROOT / "app" / "locales"


def test_one_member_works_in_spanish_while_another_keeps_english(desk, make_desk):
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


def test_dates_follow_the_members_language(desk):
    new_patient(desk)
    desk.post("/clinic/staff/language", {"language": "es"})
    page = desk.get("/clinic").text
    assert "Hoy es " in page  # "Today is …", with the weekday and month in Spanish
    assert not any(f"Today is {day}" in page for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))


@pytest.mark.parametrize("language", ["fr", "", "../../etc", "es" * 40])
def test_a_language_not_offered_is_refused_and_nothing_changes(desk, language):
    answer = desk.post("/clinic/staff/language", {"language": language})
    assert answer.status_code == 422 and "Choose one of: English, Español." in answer.text
    assert '<html lang="en">' in desk.get("/clinic").text


def test_with_one_language_no_choice_is_shown(desk, monkeypatch):
    assert '<option value="es" lang="es">Español</option>' in desk.get("/clinic/staff").text  # two are offered
    monkeypatch.delitem(i18n.OFFERED, "es")
    assert 'name="language"' not in desk.get("/clinic/staff").text


def test_the_words_made_in_python_follow_the_members_language(desk, make_desk):
    """Alerts in words, badges and tiers, notices, form errors and the error page: Spanish for her,
    English for her colleague; the safety question quoted is the content's Spanish."""
    desk.post("/clinic/staff", {"email": "nurse@riverside.example", "password": PASSWORD, "role": "staff"})
    nurse = make_desk("nurse@riverside.example", clinic=None)
    patient_id = new_patient(desk)
    sync(desk, link_phone(desk, patient_id), [blocked_log(3, "cannot-urinate", "red_flag"),
                                              make_log(5, outcome="stopped", stop_reason="pain")])
    desk.post("/clinic/staff/language", {"language": "es"})

    worklist = desk.get("/clinic?done=handled")
    assert "Marcada como atendida." in worklist.text
    assert "Señal de alarma: respondió “sí” a “¿" in worklist.text  # the question, as the Spanish routine asks it
    assert "Dolor: la sesión se detuvo por signos de dolor" in worklist.text
    assert worklist.context["rows"][0].tier_label == "Red flag"  # read here, outside the request: English
    assert '<span class="tier tier-0">Señal de alarma</span>' in worklist.text
    english = nurse.get("/clinic?done=handled").text
    assert "Marked handled." in english and "Red flag: answered “yes” to “" in english

    refused = desk.post(f"/clinic/patients/{patient_id}/prescription", {"legs": [], "sessions_per_day": "9"})
    assert refused.status_code == 422
    assert "Marca al menos una pata paralizada." in refused.text and "Elige de 1 a 4 sesiones al día." in refused.text
    assert "Pata trasera izquierda" in refused.text  # the legs to tick, in the content's words
    assert "Detenida por signos de dolor." in refused.text
    missing = desk.get("/clinic/patients/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and "No existe ese paciente en tu clínica." in missing.text
    assert "No encontrado" in missing.text


def test_the_csv_header_follows_the_members_language_and_its_cells_stay_data(desk):
    patient_id = new_patient(desk)
    sync(desk, link_phone(desk, patient_id), [make_log(3, outcome="stopped", stop_reason="pain")])

    def rows() -> list[dict]:
        answer = desk.get(f"/clinic/patients/{patient_id}/sessions.csv")
        return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))

    [english] = rows()
    assert [column for column in english if column.startswith("kicking_")] == [
        f"kicking_{leg.replace('-', '_')}" for leg in LEGS]  # one per leg, named after it
    desk.post("/clinic/staff/language", {"language": "es"})
    [spanish] = rows()
    assert list(spanish) == [i18n.catalogue("es").gettext(column) for column in english]
    assert spanish["id_paciente"] == english["patient_id"] == patient_id
    assert (spanish["resultado"], spanish["motivo_parada"], spanish["fecha"]) == ("stopped", "pain", english["date"])


def test_before_signing_in_the_pages_follow_the_browser_then_the_members_own_choice(make_desk, clinic_app):
    from fastapi.testclient import TestClient

    with TestClient(clinic_app, headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}) as browser:
        page = browser.get("/clinic/login")  # the clinic is set up below: first the setup page
        assert page.url.path == "/clinic/setup" and '<html lang="es">' in page.text
        assert "Configura tu clínica" in page.text
    desk = make_desk()
    with TestClient(clinic_app, headers={"Accept-Language": "es"}) as browser:
        login = browser.get("/clinic/login")
        assert '<html lang="es">' in login.text and "Iniciar sesión" in login.text
        assert '<html lang="en">' in browser.get("/clinic/login", headers={"Accept-Language": "fr, *"}).text
    # Signed in, the member's setting wins: English until she chooses, whatever the browser asks.
    assert '<html lang="en">' in desk.get("/clinic", headers={"Accept-Language": "es"}).text


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
                    "--no-location", "--sort-output", "-k", "_", "-k", "ngettext:1,2", "-k", "N_", "."],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)

    def ids(path: Path) -> set:
        with open(path, "rb") as source:
            return {message.id for message in read_po(source) if message.id}
    assert ids(fresh) == ids(CATALOGUES / "messages.pot")
    assert ids(CATALOGUES / "messages.pot") <= ids(CATALOGUES / "es" / "LC_MESSAGES" / "messages.po")

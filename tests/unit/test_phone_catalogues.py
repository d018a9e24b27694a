"""The phone app's words in every language (app/web/catalogues.py): each catalogue has every text
the app marks, with the same placeholders, and nothing the app no longer says."""

from __future__ import annotations

import json

import pytest

from app.config import PROJECT_ROOT
from app.web.catalogues import CatalogueError, languages, messages_of, problems, read_catalogue

WEB = PROJECT_ROOT / "web"
TRANSLATED = [language for language in languages(WEB) if language != "en"]


def test_spanish_is_among_the_phone_languages():
    assert "es" in TRANSLATED


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_of_the_app_is_translated_with_its_placeholders(language):
    assert problems(messages_of(WEB), read_catalogue(WEB, language)) == []


def test_the_marks_are_found_with_their_plurals_placeholders_and_places():
    messages = messages_of(WEB)
    assert messages["Ready offline"].where[0].startswith("web/index.html:")
    assert messages["Record it"].where[0].startswith("web/sw.js:")
    assert messages["Dog PT"].where  # a manifest's name is a text of the app too


def _web(tmp_path, files):
    for name, text in {"index.html": "<html></html>", "manifest.webmanifest": json.dumps(
            {"name": "Dog", "short_name": "Dog", "description": "Legs."}), "sw.js": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_a_missing_an_extra_and_a_changed_placeholder_are_each_reported(tmp_path):
    web = _web(tmp_path, {
        "js/a.js": "h('p', {}, t('Saved.'), t('Hello {name}.', { name }), plural(count, '{n} rep', '{n} reps'));",
        "locales/es/a.json": json.dumps({"Hello {name}.": "Hola {nombre}.", "{n} reps": "{n} repeticiones",
                                         "Gone.": "Ido."}),
    })
    found = problems(messages_of(web), read_catalogue(web, "es"))
    assert "missing: 'Saved.' (web/js/a.js:1)" in found
    assert any("'Hello {name}.'" in line and "placeholders differ" in line for line in found)
    assert any("'{n} reps'" in line and "is a plural" in line for line in found)
    assert "extra: 'Gone.' is not a text of the app (any more?)" in found


@pytest.mark.parametrize(("text", "says"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must be one JSON object"),
    ('{"Saved.": 3}', "a translation is a text, or an object of plural forms"),
])
def test_a_broken_catalogue_is_refused_with_its_file(tmp_path, text, says):
    web = _web(tmp_path, {"locales/es/a.json": text})
    with pytest.raises(CatalogueError, match=f"web/locales/es/a.json: .*{says}"):
        read_catalogue(web, "es")


def test_a_text_translated_two_ways_in_one_language_is_refused(tmp_path):
    web = _web(tmp_path, {"locales/es/a.json": '{"Cancel": "Cancelar"}', "locales/es/b.json": '{"Cancel": "Anular"}'})
    with pytest.raises(CatalogueError, match="web/locales/es/b.json: 'Cancel' is translated differently"):
        read_catalogue(web, "es")


@pytest.mark.parametrize("folder", ["Español", "es_ES", "x" * 9])
def test_a_catalogue_folder_that_is_no_language_code_is_refused_with_its_name(tmp_path, folder):
    web = _web(tmp_path, {f"locales/{folder}/a.json": "{}"})
    with pytest.raises(CatalogueError, match=f"web/locales/{folder}/: not a language code"):
        languages(web)

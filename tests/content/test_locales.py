"""The routine's other languages: overlays of words keyed by the English content's ids.

`check-content` lists every missing and extra key of a locale, and refuses a translated text whose
numbers differ from the English; `locale-template` writes what a new language fills in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.config import PROJECT_ROOT, Settings
from app.content import ContentError, load_routine
from app.content.locales import localized
from app.main import create_app
from app.web.catalogues import messages_of
from tests.content.test_invalid_content import _edit

ES = "locales/es"


def _problems(folder: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ContentError) as caught:
        load_routine(folder)
    return [(problem.file, problem.path, problem.message) for problem in caught.value.problems]


# (case, breakage, file named, key named, words of the problem)
CASES = [
    ("missing key", _edit(f"{ES}/steps.toml", 'cue = "Frota el pie, desde el tobillo hasta los dedos."\n', ""),
     "content/locales/es/steps.toml", "steps.massage.actions.foot-rub.cue",
     "missing: the English reads 'Rub the foot, from ankle to paw.'"),
    ("extra key", _edit(f"{ES}/steps.toml", 'title = "Frota el pie"', 'title = "Frota el pie"\ntitel = "Frota"'),
     "content/locales/es/steps.toml", "steps.massage.actions.foot-rub.titel", "unknown key"),
    ("key of an id that is not there", _edit(f"{ES}/steps.toml", "[steps.massage.actions.foot-rub]",
                                             "[steps.massage.actions.foot-massage]"),
     "content/locales/es/steps.toml", "steps.massage.actions.foot-massage.title", "unknown key"),
    ("changed number", _edit(f"{ES}/steps.toml", 'label = "3-5 minutos"', 'label = "3-50 minutos"'),
     "content/locales/es/steps.toml", "steps.massage.actions.knead-thigh.dose.label",
     "its numbers differ from the English text's (lost 5; added 50): the English reads '3-5 minutes'"),
    ("a number dropped from a sentence", _edit(f"{ES}/routine.toml", "¿Puede tu perro dar ya 10 pasos", "¿Puede tu perro dar ya pasos"),
     "content/locales/es/routine.toml", "graduation.question", "(lost 10)"),
    ("a number in one sentence of a list", _edit(f"{ES}/steps.toml", '"Ahueca la mano."', '"Ahueca la mano 2 veces."'),
     "content/locales/es/steps.toml", "steps.warm-up.actions.stroke.instructions[0]", "(added 2)"),
    ("a sentence short", _edit(f"{ES}/steps.toml", '  "Ahueca la mano.",\n', ""),
     "content/locales/es/steps.toml", "steps.warm-up.actions.stroke.instructions", "has 2 texts where the English has 3"),
    ("still empty", _edit(f"{ES}/flow.toml", 'label = "Pata trasera izquierda"', 'label = ""'),
     "content/locales/es/flow.toml", "legs.left-hind.label", "still empty: the English reads 'Left back leg'"),
    ("a number for a text", _edit(f"{ES}/flow.toml", 'label = "Pata trasera izquierda"', "label = 7"),
     "content/locales/es/flow.toml", "legs.left-hind.label", "expected a text"),
    ("a file that is no part", lambda folder: (folder / ES / "step.toml").write_text('x = "y"\n'),
     "content/locales/es/step.toml", "", "not a part of the content"),
    ("bad TOML", _edit(f"{ES}/flow.toml", 'label = "Pata trasera izquierda"', 'label = "Pata'),
     "content/locales/es/flow.toml", "", "invalid TOML"),
    ("a folder that is no language", lambda folder: (folder / ES).rename(folder / "locales" / "spanish"),
     "content/locales/spanish", "", "'spanish' is not a locale this content can have"),
]


@pytest.mark.parametrize(("case", "breakage", "file", "key", "problem"), CASES, ids=[c[0] for c in CASES])
def test_each_broken_translation_names_file_key_and_problem(content_copy, monkeypatch, capsys, case, breakage, file, key, problem):
    breakage(content_copy)
    monkeypatch.chdir(content_copy.parent)
    found = _problems(content_copy)
    assert any(f == file and k == key and problem in message for f, k, message in found), found

    if case == "bad TOML":  # said once, not again for each of the file's keys
        assert len(found) == 1, found
    assert main(["check-content", str(content_copy)]) == 1
    assert problem in capsys.readouterr().err
    with pytest.raises(ContentError):  # the server refuses to start on it
        create_app(Settings(database_url=None, data_dir=content_copy.parent / "data", content_dir=content_copy))


def test_a_missing_file_lists_each_key_it_should_hold(content_copy, monkeypatch):
    (content_copy / ES / "flow.toml").unlink()
    monkeypatch.chdir(content_copy.parent)
    found = _problems(content_copy)
    assert {path for _, path, _ in found} == {"legs.left-hind.label", "legs.right-hind.label", "legs.left-front.label",
                                              "legs.right-front.label", "flow.leg-work.intro", "flow.hip-and-toes.intro",
                                              "legs_not_covered.title", "legs_not_covered.text"}
    assert {file for file, _, _ in found} == {"content/locales/es/flow.toml"}


def test_a_translation_can_change_words_only(content_copy):
    """An overlay holds words: a dose, a flow or an id in it is an unknown key, never applied."""
    _edit(f"{ES}/steps.toml", 'label = "3-5 minutos"', 'label = "3-5 minutos"\nmax = 900')(content_copy)
    _edit(f"{ES}/flow.toml", "[flow.leg-work]", '[flow.leg-work]\nsteps = ["massage"]')(content_copy)
    paths = {path for _, path, _ in _problems(content_copy)}
    assert paths == {"steps.massage.actions.knead-thigh.dose.max", "flow.leg-work.steps"}


def test_each_locale_has_its_own_version_and_the_same_numbers(content_copy):
    loaded = load_routine(content_copy)
    spanish = loaded.in_locale("es")
    assert spanish is not None and spanish.locale == "es" and spanish.version != loaded.version
    english, es = json.loads(loaded.json_bytes), json.loads(spanish.json_bytes)
    assert (english["locale"], es["locale"]) == ("en", "es")

    words_removed = {key: None for key in load_routine_texts()}
    assert localized({**english, "version": "", "locale": ""}, words_removed) == \
        localized({**es, "version": "", "locale": ""}, words_removed)  # every number, id, flow and limit
    # A word changed in Spanish changes the Spanish version only.
    _edit(f"{ES}/flow.toml", 'label = "Pata trasera izquierda"', 'label = "Pata de atrás izquierda"')(content_copy)
    again = load_routine(content_copy)
    assert again.version == loaded.version and again.in_locale("es").version != spanish.version


def test_locale_template_writes_every_key_to_fill_in(content_copy, tmp_path, monkeypatch, capsys):
    web = Path(shutil.copytree(PROJECT_ROOT / "web", tmp_path / "web"))
    monkeypatch.setenv("IVDD_WEB_DIR", str(web))
    assert main(["locale-template", "fr", str(content_copy)]) == 0
    phone = json.loads((web / "locales" / "fr" / "app.json").read_text())  # the phone app's words too
    assert phone["Ready offline"] == "" and set(phone) == set(messages_of(web))
    assert "pybabel init -i app/locales/messages.pot -d app/locales -l fr" in capsys.readouterr().out
    folder = content_copy / "locales" / "fr"
    assert sorted(path.name for path in folder.iterdir()) == ["flow.toml", "routine.toml", "safety.toml", "steps.toml"]
    steps = (folder / "steps.toml").read_text()
    assert '[steps.warm-up.actions.stroke]\n# Stroke from hip to foot\ntitle = ""' in steps
    assert 'instructions = ["", "", ""]' in steps
    capsys.readouterr()

    assert main(["check-content", str(content_copy)]) == 1  # every text still to write, each named
    err = capsys.readouterr().err
    assert f"({len(load_routine_texts())} problems)" in err
    assert "locales/fr/steps.toml: steps.toes.actions.toe-flex.dose.label: still empty: the English reads " \
           "'10 times for each toe'" in err

    assert main(["locale-template", "fr", str(content_copy)]) == 2  # never over a translation
    assert "already exists" in capsys.readouterr().err
    assert main(["locale-template", "english", str(content_copy)]) == 2
    assert main(["locale-template", "en", str(content_copy)]) == 2


def load_routine_texts() -> dict:
    from app.content.locales import prose_of
    from tests.conftest import CONTENT_DIR
    return prose_of(load_routine(CONTENT_DIR).routine)


def test_check_content_names_each_language_and_its_version(capsys):
    assert main(["check-content"]) == 0
    loaded = load_routine(Settings().content_dir)
    assert f"languages: en (version {loaded.version}), es (version {loaded.in_locale('es').version})" in capsys.readouterr().out


def test_a_word_changed_in_spanish_only_gives_the_app_a_new_build(content_copy):
    """Phones cache the routine with the build: a Spanish fix must reach them as a new worker."""
    from app.web.build import load_web_build

    web = PROJECT_ROOT / "web"
    before = load_web_build(web, load_routine(content_copy)).build
    _edit(f"{ES}/flow.toml", 'label = "Pata trasera izquierda"', 'label = "Pata de atrás izquierda"')(content_copy)
    assert load_web_build(web, load_routine(content_copy)).build != before

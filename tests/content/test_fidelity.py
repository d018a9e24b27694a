"""Every number and warning of the source article survives into the served routine, in every
language it is served in.

The source is ../shared/source/passive-rom-during-conservative-treatment.txt (Giuliana G. Lerch,
Dodgerslist). Each test names the source's statement it guards and looks for it in the JSON that
GET /api/v1/routine?lang=<locale> serves, which is what the phone receives. Numbers, ids and flows
are the same in each language; the words each check looks for are in `WORDS`, by language.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.main import create_app
from tests.conftest import CONTENT_DIR

SOURCE = PROJECT_ROOT.parent / "shared" / "source" / "passive-rom-during-conservative-treatment.txt"


LOCALES = ["en", "es"]


@pytest.fixture(params=LOCALES)
def locale(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def served_in(tmp_path_factory) -> dict[str, dict]:
    """What one server serves in each language (one app for the whole module: it only reads)."""
    settings = Settings(database_url=None, data_dir=tmp_path_factory.mktemp("fidelity"), content_dir=CONTENT_DIR)
    with TestClient(create_app(settings)) as client:
        return {locale: client.get(f"/api/v1/routine?lang={locale}").json() for locale in LOCALES}


@pytest.fixture
def served(served_in, locale) -> dict:
    assert served_in[locale]["locale"] == locale
    return copy.deepcopy(served_in[locale])


@pytest.fixture
def words(locale) -> dict:
    return WORDS[locale]


# What each check looks for, in each language: the source's warnings and techniques as served.
WORDS = {
    "en": {
        "labels": {"stroke": "10 strokes", "knead-thigh": "3-5 minutes", "foot-rub": "up to 1 minute",
                   "pump": "10-15 times", "hip": "up to 15 times", "toe-flex": "10 times for each toe"},
        "legs_not_covered": ["back legs", "front leg", "clinic", "weak", "warning sign", "call your vet now"],
        "kicking": ["little", "excessive", "stop"], "kicking_stop": "Excessive kicking: stop",
        "technique": {
            "stroke": ["cup", "hip", "foot", "soft-bristled brush", "fur"],
            "knead-thigh": ["knead", "hamstrings", "back of the thigh", "quadriceps", "front of the thigh"],
            "foot-rub": ["ankle", "paw"],
            "toe-pad-touch": ["lightly", "toe", "pads", "nerves"],
            "pump-hock-stifle": ["hold the hock", "opposite way", "support the stifle", "knee", "slowly", "control"],
            "pump-paw-hock": ["paw", "support the hock", "slowly", "control", "even plane"],
            "hip-back-forth": ["hand on the hip", "support the leg", "gently", "back and forth"],
            "hip-semicircles": ["half circles"],
            "toe-flex": ["one toe at a time", "up and down"],
        },
        "pump_purpose": ["flexible", "muscle tone"], "massage_purpose": ["nerves"],
        "setup": ["on its side", "safe", "firm", "stable", "supports", "floor", "blanket", "towel", "bed"],
        "why": ["spine", "press", "disc", "heal", "without surgery", "damage", "spinal cord", "greatest care"],
        "medication": ["medication", "no pain"], "pain": "pain", "vet": "vet",
        "walking": ["does not need these exercises", "potty", "joints", "muscles", "strict crate rest", "disc can heal"],
        "strict_rest": "strict crate rest",
        "red_flag": ["do not do the exercises", "call", "now"], "red_flag_title": "Contact your vet now",
        "fact_answers": {"yes": "It pees on its own", "no": "I express it by hand"},
        "vet_said": "your vet said", "harder": "harder", "not_controlled": "control", "off_medication": "off its medication",
        "general": ["check with your vet", "very lightest", "strict crate rest", "remaining weeks", "paralysed",
                    "can walk", "potty"],
        "graduation": ["healed", "rehabilitation", "ask your vet", "10 steps", "without falling"],
        "weeks": "weeks", "ceiling": ["most", "not", "vet"], "per": {"toe": "toe"},
        "khan": ["72", "96%", "12 weeks", "11 days", "10 unaided steps"],
    },
    "es": {
        "labels": {"stroke": "10 caricias", "knead-thigh": "3-5 minutos", "foot-rub": "hasta 1 minuto",
                   "pump": "10-15 veces", "hip": "hasta 15 veces", "toe-flex": "10 veces por cada dedo"},
        "legs_not_covered": ["patas traseras", "pata delantera", "clínica", "debilitarse", "señal de alarma",
                             "llama ahora a tu veterinario"],
        "kicking": ["un poco", "en exceso", "para"], "kicking_stop": "Patalea en exceso: parar",
        "technique": {
            "stroke": ["ahueca", "cadera", "pie", "cepillo de cerdas suaves", "pelo"],
            "knead-thigh": ["amasa", "isquiotibiales", "parte de atrás del muslo", "cuádriceps", "parte de delante del muslo"],
            "foot-rub": ["tobillo", "dedos"],
            "toe-pad-touch": ["suavidad", "dedos", "almohadillas", "nervios"],
            "pump-hock-stifle": ["sujeta el corvejón", "al revés", "sostén la babilla", "rodilla", "despacio", "control"],
            "pump-paw-hock": ["pie", "sostén el corvejón", "despacio", "control", "mismo plano"],
            "hip-back-forth": ["mano sobre la cadera", "sostén la pata", "suavidad", "hacia adelante y hacia atrás"],
            "hip-semicircles": ["semicírculos"],
            "toe-flex": ["un dedo cada vez", "arriba", "abajo"],
        },
        "pump_purpose": ["flexibles", "tono muscular"], "massage_purpose": ["nervios"],
        "setup": ["de lado", "segura", "firme", "estable", "sostenga", "suelo", "manta", "toalla", "cama"],
        "why": ["columna", "presionan", "disco", "curarse", "sin cirugía", "dañarlo", "médula espinal", "máximo cuidado"],
        "medication": ["medicación", "ningún dolor"], "pain": "dolor", "vet": "veterinario",
        "walking": ["no necesita estos ejercicios", "hacer sus necesidades", "articulaciones", "músculos",
                    "reposo estricto en jaula", "disco pueda curarse"],
        "strict_rest": "reposo estricto en jaula",
        "red_flag": ["no hagas los ejercicios", "llama", "ahora"], "red_flag_title": "Llama ahora a tu veterinario",
        "fact_answers": {"yes": "Hace pis solo", "no": "Se la vacío yo a mano"},
        "vet_said": "tu veterinario te dijo", "harder": "más difícil", "not_controlled": "control",
        "off_medication": "ya no toma medicación",
        "general": ["consulta con tu veterinario", "más ligeros posibles", "reposo estricto en jaula",
                    "semanas que quedan", "paralizadas", "puede caminar", "hacer sus necesidades"],
        "graduation": ["curado", "rehabilitación", "pregunta a tu veterinario", "10 pasos", "sin caerse"],
        "weeks": "semanas", "ceiling": ["máximo", "no", "veterinario"], "per": {"toe": "dedo"},
        "khan": ["72", "96%", "12 semanas", "11 días", "10 pasos sin ayuda"],
    },
}


def _actions(served: dict) -> dict[str, dict]:
    return {action["id"]: action for step in served["steps"] for action in step["actions"]}


def _text(item) -> str:
    """All the words in a piece of content, lower-cased, for 'does it say X' checks."""
    if isinstance(item, dict):
        return " ".join(_text(value) for value in item.values())
    if isinstance(item, list):
        return " ".join(_text(value) for value in item)
    return str(item).lower()


# (action id, type, min, max, up_to, per) — one row per number in the source.
SOURCE_DOSES = [
    ("stroke", "reps", 10, 10, False, None),             # step 1: hip to foot, 10 times
    ("knead-thigh", "duration", 180, 300, False, None),   # step 2: hamstrings and quads, 3-5 minutes
    ("foot-rub", "duration", None, 60, True, None),       # step 2: ankle to paw, up to 1 minute
    ("toe-pad-touch", "duration", None, 60, True, None),  # step 2: between toe pads, up to 1 minute
    ("pump-hock-stifle", "reps", 10, 15, False, None),    # step 3: hold hock, support stifle, 10-15
    ("pump-paw-hock", "reps", 10, 15, False, None),       # step 3: hold paw, support hock, 10-15
    ("hip-back-forth", "reps", None, 15, True, None),     # step 5: back and forth, up to 15
    ("hip-semicircles", "reps", None, 15, True, None),    # step 5: semicircles, up to 15 (optional)
    ("toe-flex", "reps", 10, 10, False, "toe"),           # step 6: each toe up and down 10 times
]


@pytest.mark.parametrize(("action_id", "kind", "low", "high", "up_to", "per"), SOURCE_DOSES)
def test_every_dose_of_the_source_is_served(served, words, action_id, kind, low, high, up_to, per):
    dose = _actions(served)[action_id]["dose"]
    assert (dose["type"], dose["min"], dose["max"], dose["up_to"]) == (kind, low, high, up_to)
    assert dose.get("per") == (per and words["per"][per])
    assert dose["label"]  # a human form the player can show as it is


def test_dose_labels_read_as_the_source_says_them(served, words):
    labels = {action_id: action["dose"]["label"] for action_id, action in _actions(served).items()}
    expected = words["labels"]
    assert labels["stroke"] == expected["stroke"]
    assert labels["knead-thigh"] == expected["knead-thigh"]
    assert labels["foot-rub"] == labels["toe-pad-touch"] == expected["foot-rub"]
    assert labels["pump-hock-stifle"] == labels["pump-paw-hock"] == expected["pump"]
    assert labels["hip-back-forth"] == labels["hip-semicircles"] == expected["hip"]
    assert labels["toe-flex"] == expected["toe-flex"]


def test_six_steps_in_order_with_cool_down_repeating_the_warm_up(served):
    steps = [(step["number"], step["id"]) for step in served["steps"]]
    assert steps == [(1, "warm-up"), (2, "massage"), (3, "leg-pump"), (4, "cool-down"), (5, "hip"), (6, "toes")]
    cool_down = served["steps"][3]
    assert cool_down["repeat_of"] == "warm-up" and cool_down["actions"] == []
    assert _actions(served)["hip-semicircles"]["optional"] is True  # "you may also try"


def test_flow_does_steps_one_to_four_per_leg_then_five_and_six(served):
    blocks = served["flow"]
    assert [(block["for_each"], block["steps"], block["limbs"]) for block in blocks] == [
        ("leg", ["warm-up", "massage", "leg-pump", "cool-down"], ["hind"]),
        ("leg", ["hip", "toes"], ["hind"]),
    ]
    assert {leg["id"]: leg["limb"] for leg in served["legs"]} == {
        "left-hind": "hind", "right-hind": "hind", "left-front": "fore", "right-front": "fore"}


def test_every_action_is_for_the_back_legs_and_front_legs_are_sent_to_the_clinic(served, words):
    """The source's actions name back-leg anatomy only (hip, hamstrings, quadriceps, stifle, hock)."""
    assert {action_id: action["limbs"] for action_id, action in _actions(served).items()} == {
        action_id: ["hind"] for action_id, *_ in SOURCE_DOSES}
    told = _text(served["legs_not_covered"])
    for word in words["legs_not_covered"]:
        assert word in told, f"legs_not_covered lost '{word}'"


def test_excessive_kicking_stops_foot_rub_and_toe_touch(served, words):
    kicking = served["warnings"]["kicking"]
    for word in words["kicking"]:
        assert word in kicking["text"].lower()
    assert kicking["stop_reason"] == "excessive_kicking"
    assert kicking["stop_label"] == words["kicking_stop"]
    actions = _actions(served)
    assert "kicking" in actions["foot-rub"]["warnings"]
    assert "kicking" in actions["toe-pad-touch"]["warnings"]


@pytest.mark.parametrize("action_id", [action_id for action_id, *_ in SOURCE_DOSES])
def test_every_action_keeps_the_source_technique(served, words, action_id):
    text = _text(_actions(served)[action_id])
    for word in words["technique"][action_id]:
        assert word in text, f"{action_id} lost '{word}'"


def test_step_purposes_of_the_source(served, words):
    purposes = {step["id"]: step["purpose"].lower() for step in served["steps"]}
    assert all(word in purposes["leg-pump"] for word in words["pump_purpose"])
    assert all(word in purposes["massage"] for word in words["massage_purpose"])


def test_setup_and_why_gentle(served, words):
    setup = _text(served["setup"])
    for word in words["setup"]:
        assert word in setup, f"set-up lost '{word}'"
    why = _text(served["why_gentle"])
    for word in words["why"]:
        assert word in why, f"why-gentle lost '{word}'"


def test_eligibility_blocks_as_the_source_requires(served, words):
    gate = {q["id"]: q for q in served["eligibility"]}
    # No separate "no pain" question: after "off all medication" it would contradict the red flag
    # that asks about pain now (any pain then is pain nothing controls), which stands for it.
    assert {q_id: q["blocks_on"] for q_id, q in gate.items()} == {
        "off-medication": "no", "vet-agreed": "no", "cannot-walk": "no", "strict-rest": "no",
    }
    assert {q["ask"] for q in gate.values()} == {"daily"}  # facts of the day, not of the session
    assert all(word in _text(gate["off-medication"]) for word in words["medication"])
    pain = {flag["id"]: flag for flag in served["red_flags"]}["uncontrolled-pain"]
    assert words["pain"] in _text(pain["question"]) and pain.get("when") is None  # asked before every session
    assert words["vet"] in _text(gate["vet-agreed"])
    walking = _text(gate["cannot-walk"])
    for word in words["walking"]:
        assert word in walking, f"walking-dog answer lost '{word}'"
    assert gate["cannot-walk"]["follow_up"] == "graduation"
    assert words["strict_rest"] in _text(gate["strict-rest"])


def test_red_flags_block_with_contact_your_vet_now_and_cite_references(served, words):
    flags = {flag["id"]: flag for flag in served["red_flags"]}
    expected = {
        "cannot-urinate": {"carwardine-2016", "acvim-2022"},
        "expression-harder": {"carwardine-2016", "acvim-2022"},
        "uncontrolled-pain": {"acvim-2022"},
        "worsening-weakness": {"acvim-2022"},
        "front-legs-weakening": {"balducci-2017", "castel-2019"},
        "breathing-or-fever": {"balducci-2017", "castel-2019"},
    }
    assert list(flags) == list(expected)  # the order asked
    for flag_id, refs in expected.items():
        assert flags[flag_id]["blocks_on"] == "yes" and flags[flag_id]["urgent"] is True
        assert refs <= set(flags[flag_id]["references"]), flag_id
        message = flags[flag_id]["blocked_message"].lower()
        assert all(word in message for word in words["red_flag"]), flag_id
    assert served["red_flag_outcome"]["title"] == words["red_flag_title"]


def test_urine_questions_fit_how_the_bladder_is_emptied(served, words):
    """Many paralysed dogs are expressed by hand: the bladder red flag asked depends on it, and the
    intervals are the clinic's (no hours invented here)."""
    [fact] = served["facts"]
    assert (fact["id"], fact["ask"]) == ("urinates-alone", "daily")
    assert fact["answers"] == words["fact_answers"]
    assert "carwardine-2016" in fact["references"]
    flags = {flag["id"]: flag for flag in served["red_flags"]}
    assert flags["cannot-urinate"]["when"] == {"question": "urinates-alone", "answer": "yes"}
    assert flags["expression-harder"]["when"] == {"question": "urinates-alone", "answer": "no"}
    assert [flag_id for flag_id, flag in flags.items() if flag.get("when")] == ["cannot-urinate", "expression-harder"]
    for flag_id in ("cannot-urinate", "expression-harder"):
        assert not re.search(r"\d", flags[flag_id]["question"]), f"{flag_id} invents a number"
    assert words["vet_said"] in _text(flags["cannot-urinate"]["question"])
    assert words["harder"] in _text(flags["expression-harder"]["question"])
    # Off medication, any pain is pain nothing controls: the question does not ask "controlled".
    assert words["not_controlled"] not in _text(flags["uncontrolled-pain"]["question"])
    assert words["off_medication"] in _text(flags["uncontrolled-pain"]["blocked_message"])


def test_every_question_beyond_the_source_cites_a_known_reference(served):
    known = {ref["id"] for ref in served["references"]}
    questions = [*served["facts"], *served["red_flags"]]
    for question in questions:
        assert question["references"] and set(question["references"]) <= known, question["id"]
    ids = [q["id"] for q in [*served["eligibility"], *questions]]
    assert len(ids) == len(set(ids))  # the phone remembers answers by id


def test_general_warnings_graduation_and_credit(served, words):
    warnings = _text(served["general_warnings"])
    for word in words["general"]:
        assert word in warnings, f"general warnings lost '{word}'"
    graduation = _text(served["graduation"])
    for word in words["graduation"]:
        assert word in graduation, f"graduation lost '{word}'"
    credit = served["credit"]
    assert credit["author"] == "Giuliana G. Lerch, BS, LVT, CCRP"
    assert credit["publisher"] == "Dodgerslist"
    assert credit["article_title"] == "Passive Range of Motion during Conservative Treatment"
    assert served["disclaimer"]


def test_numbers_beyond_the_source_cite_references_and_are_clinic_overridable(served, words):
    refs = {ref["id"]: ref for ref in served["references"]}
    rest = served["crate_rest"]
    assert (rest["default"], rest["min"], rest["unit"]) == (8, 4, words["weeks"])
    assert {"dodgerslist-crate-rest", "acvim-2022"} <= set(rest["references"])
    per_day = served["sessions_per_day"]
    assert per_day["min"] <= per_day["default"] <= 2 and per_day["max"] == 4  # conservative default
    for item in (rest, per_day):
        assert item["clinic_can_override"] is True and item["note"]
    ceiling = per_day["ceiling_note"].lower()  # a most, not a score; more only if the vet says so
    assert all(word in ceiling for word in words["ceiling"])
    assert {"clinic-handouts", "dodgerslist-pt"} <= set(per_day["references"])
    assert refs["acvim-2022"]["doi"] == "10.1111/jvim.16480"
    assert refs["khan-2024"]["doi"] == "10.1111/jvim.17149"
    for figure in words["khan"]:
        assert figure in refs["khan-2024"]["finding"]


@pytest.mark.skipif(not SOURCE.exists(), reason="the shared source text is not beside this checkout")
def test_content_is_in_our_own_words(served):
    """No run of eight words of the source article appears in the content."""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    source = words(Path(SOURCE).read_text(encoding="utf-8"))
    source_runs = {tuple(source[i:i + 8]) for i in range(len(source) - 7)}
    # The credit and the citations name the article and its author on purpose.
    quoting = set(_strings(served["credit"])) | {ref["citation"] for ref in served["references"]}
    ours = [s for s in _strings(served) if s not in quoting]
    copied = [s for s in ours for i in range(len(words(s)) - 7) if tuple(words(s)[i:i + 8]) in source_runs]
    assert copied == []


def _strings(item) -> list[str]:
    if isinstance(item, dict):
        return [s for value in item.values() for s in _strings(value)]
    if isinstance(item, list):
        return [s for value in item for s in _strings(value)]
    return [item] if isinstance(item, str) else []

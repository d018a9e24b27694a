"""A broken content folder is refused with a message naming the file, the field and the problem.

Each case breaks a private copy of content/ one way and checks `load_routine`, `ivdd-pt
check-content` (exit code and output) and that the app refuses to start on it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import tomllib
import yaml

from fastapi.testclient import TestClient

from app.cli import main
from app.config import Settings
from app.content import ContentError, load_routine
from app.content.flow import covered_legs, session_plan
from app.main import create_app
from tests.conftest import CONTENT_DIR


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        text = (folder / name).read_text()
        assert old in text, f"fixture text not found in {name}: {old!r}"
        (folder / name).write_text(text.replace(old, new, 1))
    return apply


def _replace(old_name: str, new_name: str, text: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / old_name).unlink()
        (folder / new_name).write_text(text)
    return apply


# (case, breakage, file named, field path named, words of the problem)
CASES = [
    ("missing field", _edit("steps.toml", '  cue = "Rub the foot, from ankle to paw."\n', ""),
     "steps.toml", "steps[1].actions[1].cue", "required field is missing"),
    ("wrong dose type", _edit("steps.toml", 'dose = { type = "duration", min = 180', 'dose = { type = "minutes", min = 180'),
     "steps.toml", "steps[1].actions[0].dose", "unknown type 'minutes'"),
    ("dose number as text", _edit("steps.toml", "min = 180, max = 300", 'min = "three", max = 300'),
     "steps.toml", "steps[1].actions[0].dose.min", "valid integer"),
    ("up_to with a floor", _edit("steps.toml", 'dose = { type = "reps", max = 15, up_to = true }',
                                 'dose = { type = "reps", min = 5, max = 15, up_to = true }'),
     "steps.toml", "steps[4].actions[0].dose", "an 'up_to' dose has a ceiling only"),
    ("unknown step in the flow", _edit("flow.toml", '"leg-pump", "cool-down"]', '"leg-pump", "cooldown"]'),
     "flow.toml", "flow[0].steps[3]", "unknown step 'cooldown'"),
    ("unknown reference", _edit("safety.toml", 'references = ["carwardine-2016", "acvim-2022"]',
                                'references = ["carwardine-2061", "acvim-2022"]'),
     "safety.toml", "facts[0].references[0]", "unknown reference 'carwardine-2061'"),
    ("action without limbs", _edit("steps.toml", '  limbs = ["hind"]\n', ""),
     "steps.toml", "steps[0].actions[0].limbs", "required field is missing"),
    ("per-leg block without limbs", _edit("flow.toml", 'limbs = ["hind"]\n', ""),
     "flow.toml", "flow[0].limbs", 'a block with for_each = "leg" names the limbs it is written for'),
    ("per-session block with limbs", _edit("flow.toml", 'for_each = "leg"\nlimbs = ["hind"]\nleg_order = "reverse"',
                                           'for_each = "session"\nlimbs = ["hind"]'),
     "flow.toml", "flow[1].limbs", 'a block with for_each = "session" runs once, on no leg'),
    ("front-leg block over back-leg actions", _edit("flow.toml", 'limbs = ["hind"]', 'limbs = ["fore"]'),
     "flow.toml", "flow[0].limbs",
     "block 'leg-work' runs on fore legs, but action 'foot-rub' (step 'massage') applies to hind legs only"),
    ("when names no fact", _edit("safety.toml", 'when = { question = "urinates-alone", answer = "yes" }',
                                 'when = { question = "pees-alone", answer = "yes" }'),
     "safety.toml", "red_flags[0].when.question", "'pees-alone' is not a fact; facts: urinates-alone"),
    ("when names an eligibility question", _edit("safety.toml", 'when = { question = "urinates-alone", answer = "no" }',
                                                 'when = { question = "vet-agreed", answer = "no" }'),
     "safety.toml", "red_flags[1].when.question", "'vet-agreed' is not a fact"),
    ("question id used twice", _edit("safety.toml", 'id = "breathing-or-fever"', 'id = "vet-agreed"'),
     "safety.toml", "red_flags[5].id",
     "duplicate id 'vet-agreed' (already in eligibility): question ids are unique across eligibility, facts and red_flags"),
    ("fact id used twice", _edit("safety.toml", 'id = "strict-rest"', 'id = "urinates-alone"'),
     "safety.toml", "facts[0].id", "duplicate id 'urinates-alone' (already in eligibility)"),
    ("misspelt key", _edit("routine.toml", 'unit = "weeks"', 'units = "weeks"'),
     "routine.toml", "crate_rest.units", "unknown field"),
    ("default out of range", _edit("routine.toml", "default = 8", "default = 20"),
     "routine.toml", "crate_rest", "'default' (20) must lie between 'min' (4) and 'max' (12)"),
    ("bad TOML", _edit("routine.toml", 'title = "Gentle leg exercises during crate rest"', 'title = "Gentle leg'),
     "routine.toml", "", "invalid TOML"),
    ("bad JSON", _replace("flow.toml", "flow.json", '{"legs": [}'),
     "flow.json", "", "invalid JSON: Expecting value (at line 1, column 11)"),
    ("bad YAML", _replace("safety.toml", "safety.yaml", "eligibility:\n  - id: x\n   bad: [\n"),
     "safety.yaml", "", "invalid YAML"),
    ("missing part", lambda folder: (folder / "flow.toml").unlink(),
     "content", "", "missing the 'flow' part"),
    ("drawing misspelt", _edit("steps.toml", '  drawing = { motion = "stroke",', '  drawn = { motion = "stroke",'),
     "steps.toml", "steps[0].actions[0].drawn", "unknown field"),
    ("a drawing the app has not", _edit("steps.toml", 'motion = "stroke"', 'motion = "tickle"'),
     "steps.toml", "steps[0].actions[0].drawing.motion", "'stroke', 'knead', 'foot-rub', 'toe-pads', 'pump', 'hip' or 'toe'"),
    ("a swing beyond the light range", _edit("steps.toml", 'motion = "pump", amplitude_deg = 12', 'motion = "pump", amplitude_deg = 35'),
     "steps.toml", "steps[2].actions[0].drawing", "'pump' swings the hock: 'amplitude_deg' must be from 2 to 20 degrees"),
    ("a swing where only the hand moves", _edit("steps.toml", 'motion = "stroke",', 'motion = "stroke", amplitude_deg = 5,'),
     "steps.toml", "steps[0].actions[0].drawing", "'stroke' moves the hand, not a joint"),
]


@pytest.mark.parametrize(("case", "breakage", "file", "path", "problem"), CASES, ids=[c[0] for c in CASES])
def test_each_broken_file_names_file_field_and_problem(content_copy, monkeypatch, capsys, case, breakage, file, path, problem):
    breakage(content_copy)
    monkeypatch.chdir(content_copy.parent)  # messages show paths as typed, relative to here

    with pytest.raises(ContentError) as caught:
        load_routine(content_copy)
    found = [(p.file, p.path, p.message) for p in caught.value.problems]
    expected_file = f"content/{file}" if file != "content" else "content"
    assert any(f == expected_file and pth == path and problem in msg for f, pth, msg in found), found

    assert main(["check-content", str(content_copy)]) == 1
    err = capsys.readouterr().err
    line = f"{expected_file}: {path}: " if path else f"{expected_file}: "
    assert line in err and problem in err

    with pytest.raises(ContentError):  # the server refuses to start on it
        create_app(Settings(database_url=None, data_dir=content_copy.parent / "data", content_dir=content_copy))


def test_every_problem_is_listed_not_just_the_first(content_copy, capsys):
    _edit("steps.toml", '  cue = "Rub the foot, from ankle to paw."\n', "")(content_copy)
    _edit("routine.toml", "default = 8", "default = 0")(content_copy)
    assert main(["check-content", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert "(2 problems)" in err and "cue: required field is missing" in err and "crate_rest.default" in err


def test_check_content_console_script_exit_codes(content_copy):
    """The installed `ivdd-pt` entry point itself: 0 and a summary when valid, 1 and problems when not."""
    command = [str(Path(sys.executable).parent / "ivdd-pt"), "check-content", str(content_copy)]
    ok = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "is valid" in ok.stdout and "6 steps with 9 actions" in ok.stdout and "Giuliana G. Lerch" in ok.stdout

    _edit("flow.toml", '"leg-pump", "cool-down"]', '"leg-pump", "cooldown"]')(content_copy)
    bad = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    assert "flow.toml: flow[0].steps[3]: unknown step 'cooldown'" in bad.stderr


def test_serve_refuses_to_start_on_invalid_content(content_copy, tmp_path):
    _edit("steps.toml", 'dose = { type = "duration", min = 180', 'dose = { type = "minutes", min = 180')(content_copy)
    env = {"PATH": "/usr/bin:/bin", "IVDD_CONTENT_DIR": str(content_copy), "IVDD_DATA_DIR": str(tmp_path / "d")}
    result = subprocess.run([str(Path(sys.executable).parent / "ivdd-pt"), "serve", "--port", "1"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert "cannot start" in result.stderr and "steps.toml: steps[1].actions[0].dose: unknown type 'minutes'" in result.stderr


def test_the_same_content_in_json_or_yaml_has_the_same_version(content_copy):
    original = load_routine(content_copy).version
    steps = tomllib.loads((content_copy / "steps.toml").read_text())
    (content_copy / "steps.toml").unlink()
    (content_copy / "steps.json").write_text(json.dumps(steps, indent=2))
    flow = tomllib.loads((content_copy / "flow.toml").read_text())
    (content_copy / "flow.toml").unlink()
    (content_copy / "flow.yaml").write_text(yaml.safe_dump(flow))
    assert load_routine(content_copy).version == original


def test_a_part_in_two_files_is_refused(content_copy):
    (content_copy / "flow.json").write_text("{}")
    with pytest.raises(ContentError, match=r"the 'flow' part is in several files \(flow.toml, flow.json\)"):
        load_routine(content_copy)


def test_any_change_of_wording_changes_the_version(content_copy):
    original = load_routine(content_copy).version
    _edit("steps.toml", "Cup your hand.", "Cup your hand gently.")(content_copy)
    assert load_routine(content_copy).version != original


FRONT_LEG_STEP = """
[[steps]]
id = "front-leg-stroke"
number = 7
title = "Front-leg stroke"
purpose = "A clinic's own step for a front leg."

  [[steps.actions]]
  id = "stroke-front"
  title = "Stroke from shoulder to paw"
  instructions = ["Stroke gently from the shoulder down to the paw."]
  cue = "Shoulder to paw, gently."
  dose = { type = "reps", min = 5, max = 5 }
  limbs = ["fore"]
"""

FRONT_LEG_BLOCK = """
[[flow]]
id = "front-legs"
for_each = "leg"
limbs = ["fore"]
steps = ["front-leg-stroke"]
"""


# Its words in Spanish: a language that lacked them would be refused (check-content lists them).
FRONT_LEG_STEP_ES = """
[steps.front-leg-stroke]
title = "Caricias en la pata delantera"
purpose = "Un paso propio de la clínica para una pata delantera."

[steps.front-leg-stroke.actions.stroke-front]
title = "Acaricia desde el hombro hasta el pie"
instructions = ["Acaricia con suavidad desde el hombro hasta el pie."]
cue = "Del hombro al pie, con suavidad."
dose = { unit = "veces", label = "5 veces" }
"""


def test_a_clinics_own_front_leg_block_and_actions_are_accepted_and_run_on_front_legs_only(content_copy):
    with open(content_copy / "steps.toml", "a") as steps:
        steps.write(FRONT_LEG_STEP)
    with open(content_copy / "flow.toml", "a") as flow:
        flow.write(FRONT_LEG_BLOCK)
    with pytest.raises(ContentError, match="steps.front-leg-stroke.actions.stroke-front.cue: missing"):
        load_routine(content_copy)
    with open(content_copy / "locales" / "es" / "steps.toml", "a") as spanish:
        spanish.write(FRONT_LEG_STEP_ES)
    loaded = load_routine(content_copy)  # valid: every block runs only actions written for its limbs
    served = json.loads(loaded.json_bytes)
    plan = session_plan(served, ["left-hind", "left-front"])
    assert {leg for leg, _, action in plan if action["id"] == "stroke-front"} == {"left-front"}
    assert {leg for leg, _, action in plan if action["id"] != "stroke-front"} == {"left-hind"}
    assert covered_legs(served, ["right-front", "left-hind"]) == ["left-hind", "right-front"]

    app = create_app(Settings(database_url=None, data_dir=content_copy.parent / "data", content_dir=content_copy))
    with TestClient(app) as client:
        assert client.get("/api/v1/routine").json()["flow"][2]["limbs"] == ["fore"]


def test_the_source_routine_covers_back_legs_only():
    served = json.loads(load_routine(CONTENT_DIR).json_bytes)
    legs = ["left-hind", "right-hind", "left-front", "right-front"]
    assert covered_legs(served, legs) == ["left-hind", "right-hind"]
    assert {leg for leg, _, _ in session_plan(served, legs)} == {"left-hind", "right-hind"}
    assert session_plan(served, ["left-front"]) == []


def test_an_action_for_the_back_legs_must_have_its_drawing(content_copy):
    text = (content_copy / "steps.toml").read_text()
    start = text.index('  drawing = { motion = "stroke"')
    (content_copy / "steps.toml").write_text(text[:start] + text[text.index("\n", start) + 1:])
    with pytest.raises(ContentError, match=r"steps\[0\]\.actions\[0\].*needs its 'drawing'"):
        load_routine(content_copy)


def test_every_motion_the_content_may_name_is_drawn_by_the_app():
    from typing import get_args

    from app.config import PROJECT_ROOT
    from app.content.models import Motion

    script = (PROJECT_ROOT / "web" / "js" / "drawings.js").read_text()
    block = script[script.index("const MOTIONS = {"):script.index("\n};", script.index("const MOTIONS = {"))]
    drawn = set(re.findall(r"^  '?([a-z-]+)'?: \{", block, flags=re.M))
    assert drawn == set(get_args(Motion))

"""The app's modules joined at start-up (app/web/bundle.py): each form of import and export we
use, dependencies first, and a clear refusal, with the file and the line, of anything else."""

from __future__ import annotations

import pytest

from app.web.bundle import BundleError, bundle

MODULES = {
    "js/app.js": "import { greet, NAME as who } from './lib/words.js';\nimport * as clock from './clock.js';\n"
                 "import './side.js';\ngreet(who, clock.now());\n",
    "js/lib/words.js": "export const NAME = 'Biscuit';\nexport function greet(name, at) { return `${name} ${at}`; }\n"
                       "export async function later() {}\nexport class Word {}\n",
    "js/clock.js": "export const now = () => 1;\n",
    "js/side.js": "import { NAME } from './lib/words.js';\nwindow.seen = NAME;\n",
    "js/unused.js": "export const never = 1;\n",
}


def test_each_form_becomes_a_call_of_the_loader_and_only_reached_modules_are_joined():
    joined = bundle(MODULES)
    assert "const { greet, NAME: who } = load(\"js/lib/words.js\");" in joined
    assert "const clock = load(\"js/clock.js\");" in joined
    assert "load(\"js/side.js\");" in joined
    assert "Object.assign(exported, { NAME, greet, later, Word });" in joined
    assert "export const NAME" not in joined and "unused" not in joined
    assert joined.rstrip().endswith('load("js/app.js");') and "export const moduleOf = load;" in joined


@pytest.mark.parametrize(("modules", "problem"), [
    ({"js/app.js": "export default 1;\n"}, "web/js/app.js, line 1: an export the bundle does not join"),
    ({"js/app.js": "const a = 1;\nexport { a };\n"}, "web/js/app.js, line 2: an export the bundle does not join"),
    ({"js/app.js": "import x from './x.js';\n"}, "web/js/app.js, line 1: an import the bundle does not join"),
    ({"js/app.js": "import { a } from 'https://cdn.example/a.js';\n"}, "only the app's own files"),
    ({"js/app.js": "import { a } from './gone.js';\n"}, "web/js/app.js imports web/js/gone.js, which does not exist"),
    ({"js/app.js": "import { a } from './a.js';\n", "js/a.js": "import { b } from './b.js';\nexport const a = 1;\n",
      "js/b.js": "import { a } from './a.js';\nexport const b = 2;\n"}, "cycle: js/a.js -> js/b.js -> js/a.js"),
])
def test_anything_else_stops_start_up_with_where_and_what(modules, problem):
    with pytest.raises(BundleError, match=problem.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        bundle(modules)

"""The app's ES modules joined into one file at start-up: one request instead of forty.

We write small modules, one concern each (web/js/); a phone on a slow connection pays for every
request (its headers both ways, a round trip each). At start-up each module becomes a function
in one file, `app.js`, and its imports become calls of a small loader: a module runs once, its
dependencies first, in the order it imports them, exactly as the browser runs ES modules. No
bundler, no new syntax: only the forms our modules use are accepted, and any other line that
imports or exports stops start-up with the file and the line, rather than be joined wrongly:

    import { a, b as c } from './x.js';   ->  const { a, b: c } = load('js/x.js');
    import * as x from './x.js';          ->  const x = load('js/x.js');
    import './x.js';                      ->  load('js/x.js');
    export function f / async function f / const x / class C  ->  the same without `export`,
                                              and the names handed out at the module's end.

The file is itself a module that exports `moduleOf(path)`: the same module objects the app runs
on, for a test (or a person in the console) to call into.
"""

from __future__ import annotations

import json
import re
from posixpath import dirname, join, normpath

ENTRY = "js/app.js"
NAMED = re.compile(r"^import \{([^}]*)\} from '([^']+)';$")
NAMESPACE = re.compile(r"^import \* as (\w+) from '([^']+)';$")
BARE = re.compile(r"^import '([^']+)';$")
EXPORTED = re.compile(r"^export (?:async function\*? |function\*? |class |const )(\w+)")
LOADER = """\
const loaded = {};
function load(path) {
  if (!(path in loaded)) {
    loaded[path] = {};
    modules[path](loaded[path]);
  }
  return loaded[path];
}
export const moduleOf = load;
load(%s);
"""


class BundleError(ValueError):
    pass


def bundle(modules: dict[str, str], entry: str = ENTRY) -> str:
    """`modules`: source by path ('js/dogs.js'). Only those the entry reaches are included."""
    needed = _reachable(modules, entry)
    parts = ["const modules = {"]
    for name in sorted(needed):
        parts.append(f"{json.dumps(name)}: function (exported) {{\n{_wrap(name, modules[name])}}},")
    parts.append("};")
    parts.append(LOADER % json.dumps(entry))
    return "\n".join(parts)


def _wrap(name: str, source: str) -> str:
    lines, names = [], []
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if line.startswith("import "):
            lines.append(_import(name, number, stripped))
        elif line.startswith("export "):
            found = EXPORTED.match(line)
            if not found:
                raise BundleError(f"web/{name}, line {number}: an export the bundle does not join: {stripped!r}")
            names.append(found.group(1))
            lines.append(line.removeprefix("export "))
        else:
            lines.append(line)
    lines.append(f"Object.assign(exported, {{ {', '.join(names)} }});\n")
    return "\n".join(lines)


def _import(name: str, number: int, line: str) -> str:
    if found := NAMED.match(line):
        bindings = ", ".join(_binding(part.strip()) for part in found.group(1).split(",") if part.strip())
        return f"const {{ {bindings} }} = load({json.dumps(_resolve(name, found.group(2)))});"
    if found := NAMESPACE.match(line):
        return f"const {found.group(1)} = load({json.dumps(_resolve(name, found.group(2)))});"
    if found := BARE.match(line):
        return f"load({json.dumps(_resolve(name, found.group(1)))});"
    raise BundleError(f"web/{name}, line {number}: an import the bundle does not join: {line!r}")


def _binding(part: str) -> str:
    original, _, alias = part.partition(" as ")
    return f"{original.strip()}: {alias.strip()}" if alias else original


def _resolve(importer: str, specifier: str) -> str:
    if not specifier.startswith("."):
        raise BundleError(f"web/{importer}: imports {specifier!r}; only the app's own files ('./x.js') are joined")
    return normpath(join(dirname(importer), specifier))


def _reachable(modules: dict[str, str], entry: str) -> set[str]:
    """Every module the entry imports, directly or not. A cycle is refused: the loader hands out a
    module's exports when its body has run, and in a cycle one side would find them missing."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise BundleError("web/: modules import each other in a cycle: " + " -> ".join([*path[path.index(name):], name]))
        if name in done:
            return
        if name not in modules:
            raise BundleError(f"web/{path[-1]} imports web/{name}, which does not exist")
        for line in modules[name].split("\n"):
            for pattern in (NAMED, NAMESPACE, BARE):
                if found := pattern.match(line.strip()):
                    visit(_resolve(name, found.group(found.lastindex)), [*path, name])
        done.add(name)

    visit(entry, [])
    return done

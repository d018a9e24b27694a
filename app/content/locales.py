"""The routine in other languages: overlays of its words, one folder per locale.

`content/locales/<locale>/<part>.toml` (or .json, .yaml) gives, for one part of the English
content, only its words: the fields typed `Prose` in models.py. Items of a list are keyed by the
id of the English item, never by their position, and a table's entries by their key:

    [steps.warm-up]                        # the step whose id is "warm-up"
    title = "Calentamiento"
    [steps.warm-up.actions.stroke]         # its action "stroke"
    instructions = ["…", "…", "…"]         # a list of sentences: as many as the English one
    [steps.warm-up.actions.stroke.dose]
    label = "10 caricias"                  # the dose's words; its numbers stay the English ones
    [warnings.kicking]                     # the entry "kicking" of the table `warnings`
    text = "…"

Every number, dose, flow, limit and id comes from the one English content: an overlay holds text
only and cannot change them. `check-content` reports each locale's missing and extra keys, a list
of the wrong length, and a text whose numbers differ from the English text's (a "10-15" that
became "10-50" is refused). `ivdd-pt locale-template <locale>` writes the keys to fill in.
"""

from __future__ import annotations

import copy
import json
import re
import typing
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.content.models import Translated
from app.content.problems import ContentProblem

BASE_LOCALE = "en"
LOCALES_DIR = "locales"
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")  # "es", "pt-BR"
NUMBER = re.compile(r"\d+")

Key = tuple[str, ...]
Words = str | list[str]


def prose_of(model: BaseModel, path: Key = ()) -> dict[Key, Words]:
    """Every translatable text of the content, by its key: ("steps", "warm-up", "title")."""
    found: dict[Key, Words] = {}
    # Pydantic moves a plain `Prose` field's markers into its metadata; computed fields keep theirs.
    fields = {name: (info.annotation, info.metadata) for name, info in type(model).model_fields.items()}
    fields |= {name: (info.return_type, []) for name, info in type(model).model_computed_fields.items()}
    for name, (annotation, metadata) in fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        if _is_prose(annotation) or any(isinstance(meta, Translated) for meta in metadata):
            found[(*path, name)] = list(value) if isinstance(value, list) else value
        else:
            for key, item in _children(value):
                found |= prose_of(item, (*path, name, *key))
    return found


def _children(value: Any) -> Iterator[tuple[Key, BaseModel]]:
    if isinstance(value, BaseModel):
        yield (), value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, BaseModel):
                yield (str(getattr(item, "id", index)),), item
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, BaseModel):
                yield (str(key),), item


def _is_prose(annotation: Any) -> bool:
    """`Prose`, `Prose | None` or `list[Prose]`."""
    if any(isinstance(meta, Translated) for meta in getattr(annotation, "__metadata__", ())):
        return True
    return any(_is_prose(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def find_locales(content_dir: Path) -> dict[str, Path]:
    root = content_dir / LOCALES_DIR
    if not root.is_dir():
        return {}
    return {folder.name: folder for folder in sorted(root.iterdir()) if folder.is_dir() and not folder.name.startswith(".")}


def check_overlay(locale: str, english: dict[Key, Words], overlay: dict[Key, tuple[str, Any]], part_of: dict[str, str],
                  files: dict[str, str], folder: str, unreadable: set[str] = frozenset()) -> list[ContentProblem]:
    """Every problem of one locale's overlay: `overlay` maps each key found to (file, value);
    `unreadable`, the parts whose file could not be parsed (already reported)."""
    problems: list[ContentProblem] = []
    if not LOCALE_NAME.match(locale) or locale == BASE_LOCALE:
        problems.append(ContentProblem(folder, "", f"'{locale}' is not a locale this content can have: name the folder "
                                                   f"with a language code such as 'es' or 'pt-BR' (and not '{BASE_LOCALE}', "
                                                   "the content itself)"))
        return problems
    for key, text in english.items():
        where = files.get(part_of[key[0]]) or f"{folder}/{part_of[key[0]]}.toml"
        if key not in overlay and part_of[key[0]] not in unreadable:
            problems.append(ContentProblem(where, ".".join(key), "missing: the English reads " + _quoted(text)))
    for key, (file, value) in overlay.items():
        if key not in english:
            problems.append(ContentProblem(file, ".".join(key), "unknown key: the English content has no such text "
                                                                "(an id that changed, or a field that is not words)"))
            continue
        problems += _value_problems(file, key, english[key], value)
    return problems


def _value_problems(file: str, key: Key, english: Words, value: Any) -> list[ContentProblem]:
    where = ".".join(key)
    if value == "" or (isinstance(value, list) and "" in value):
        return [ContentProblem(file, where, "still empty: the English reads " + _quoted(english))]
    if isinstance(english, list):
        if not (isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)):
            return [ContentProblem(file, where, "expected a list of texts, as in the English")]
        if len(value) != len(english):
            return [ContentProblem(file, where, f"has {len(value)} texts where the English has {len(english)}")]
        return [problem for index, (ours, theirs) in enumerate(zip(value, english, strict=True))
                for problem in _number_problems(file, f"{where}[{index}]", theirs, ours)]
    if not (isinstance(value, str) and value.strip()):
        return [ContentProblem(file, where, "expected a text (a non-empty string)")]
    return _number_problems(file, where, english, value)


def _number_problems(file: str, where: str, english: str, translated: str) -> list[ContentProblem]:
    """The same numbers, as often: a translation rewords, it never changes a count or a time."""
    theirs, ours = Counter(NUMBER.findall(english)), Counter(NUMBER.findall(translated))
    if theirs == ours:
        return []
    lost = sorted((theirs - ours).elements(), key=int)
    added = sorted((ours - theirs).elements(), key=int)
    said = "; ".join(part for part in [f"lost {', '.join(lost)}" if lost else "", f"added {', '.join(added)}" if added else ""] if part)
    return [ContentProblem(file, where, f"its numbers differ from the English text's ({said}): the English reads {_quoted(english)}")]


def flatten(data: dict[str, Any], path: Key = ()) -> Iterator[tuple[Key, Any]]:
    """An overlay's nested tables as (key, value) pairs; a value is a text or a list of texts."""
    for name, value in data.items():
        if isinstance(value, dict):
            yield from flatten(value, (*path, str(name)))
        else:
            yield (*path, str(name)), value


def localized(body: dict[str, Any], words: dict[Key, Words]) -> dict[str, Any]:
    """The served English document with its words replaced; every other value is untouched."""
    result = copy.deepcopy(body)
    for key, value in words.items():
        parent = result
        for part in key[:-1]:
            parent = _child(parent, part)
        parent[key[-1]] = value
    return result


def _child(node: Any, part: str) -> Any:
    if isinstance(node, list):
        return next(item for index, item in enumerate(node) if str(item.get("id", index)) == part)
    return node[part]


def _quoted(text: Words) -> str:
    shown = " / ".join(text) if isinstance(text, list) else text
    return repr(shown if len(shown) <= 80 else shown[:77] + "...")


def part_of_fields(parts: dict[str, type[BaseModel]]) -> dict[str, str]:
    """Which part (file) each top-level field of the routine belongs to."""
    return {field: part for part, model in parts.items() for field in model.model_fields}



def template(english: dict[Key, Words], part_of: dict[str, str]) -> dict[str, str]:
    """A new locale's overlay files, by part: every key, its English as a comment above it and an
    empty text to fill in (`check-content` lists each one still empty)."""
    tables: dict[str, dict[Key, list[tuple[str, Words]]]] = {}
    for key, text in english.items():
        tables.setdefault(part_of[key[0]], {}).setdefault(key[:-1], []).append((key[-1], text))
    files = {}
    for part, by_table in tables.items():
        lines = [f"# The words of {part}.toml in this language: fill in each \"\" (the English is above it).",
                 "# Keep every number as it is; `ivdd-pt check-content` lists what is missing or differs.", ""]
        for table, entries in by_table.items():
            if table:
                lines.append(f"[{'.'.join(_toml_key(name) for name in table)}]")
            for name, text in entries:
                if isinstance(text, list):
                    lines += [f"# {line}" for line in text]
                    blanks = ", ".join(['""'] * len(text))
                    lines.append(f"{_toml_key(name)} = [{blanks}]")
                else:
                    lines += [f"# {line}" for line in text.splitlines()]
                    lines.append(f'{_toml_key(name)} = ""')
            lines.append("")
        files[part] = "\n".join(lines)
    return files


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name)

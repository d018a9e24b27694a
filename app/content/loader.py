"""Load `content/` into a validated `Routine`, or explain exactly what is wrong.

The routine is split into four parts, one file each, in TOML, JSON or YAML (whichever the editor
prefers: `steps.toml` or `steps.json` or `steps.yaml`). Every problem found is collected, not just
the first, and each names its file, the field path inside it and what is wrong, so that
`ivdd-pt check-content` can list them all at once.

The content version is a hash of the validated content itself, not of the files: reformatting a
file or converting it between TOML and YAML keeps the version; changing any word or number
changes it.

`content/locales/<locale>/` holds the same routine's words in another language (locales.py); each
locale is checked with the content and served with a version of its own.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from app.content.locales import (BASE_LOCALE, Key, check_overlay, find_locales, flatten, localized, part_of_fields,
                                 prose_of)
from app.content.models import FlowFile, Routine, RoutineFile, SafetyFile, StepsFile
from app.content.problems import ContentError, ContentProblem, Report
from app.content.references import check_references
from app.http.field_paths import field_path

PARTS: dict[str, type[BaseModel]] = {
    "routine": RoutineFile,
    "safety": SafetyFile,
    "steps": StepsFile,
    "flow": FlowFile,
}
SUFFIXES = (".toml", ".json", ".yaml", ".yml")
# Discriminated unions put the chosen tag into error locations ("dose.reps.min"); people think
# of the field only ("dose.min").
_UNION_FIELDS = frozenset({"dose"})


@dataclass(frozen=True)
class LoadedRoutine:
    """The validated routine with its version and the exact bytes served for it; `translations`,
    the same in each other locale (their `routine` is the English model: the structure, and
    `words` this locale's texts by key, as its overlay gives them)."""

    routine: Routine
    version: str
    json_bytes: bytes
    files: dict[str, Path]
    locale: str = BASE_LOCALE
    translations: dict[str, LoadedRoutine] = field(default_factory=dict)
    words: dict[Key, Any] = field(default_factory=dict)

    def in_locale(self, locale: str) -> LoadedRoutine | None:
        return self if locale == self.locale else self.translations.get(locale)

    def text(self, key: Key, english: str) -> str:
        """One text of the content in this locale, by its key (locales.py): ("legs", "left-hind",
        "label"); the English text where the locale has none."""
        return self.words.get(key, english)


# Valid content already loaded, by folder and the exact bytes of its files: an app made again in
# the same process (tests make hundreds) skips parsing and checking what has not changed.
_LOADED: dict[tuple[str, str], LoadedRoutine] = {}


def load_routine(content_dir: Path) -> LoadedRoutine:
    """Read, validate and serialise the routine in `content_dir`; raise ContentError if invalid."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ContentError([ContentProblem(str(content_dir), "", "content folder not found")])
    try:
        key = (str(content_dir.resolve()), _fingerprint(content_dir))
    except OSError:  # a file that cannot be read: _load says which, as a content problem
        return _load(content_dir)
    if key not in _LOADED:
        if len(_LOADED) >= 8:
            _LOADED.clear()
        _LOADED[key] = _load(content_dir)
    return _LOADED[key]


def _fingerprint(content_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(content_dir.rglob("*")):
        if path.is_file():
            digest.update(f"\0{path.relative_to(content_dir).as_posix()}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def _load(content_dir: Path) -> LoadedRoutine:
    problems: list[ContentProblem] = []

    files = _find_files(content_dir, problems)
    parsed: dict[str, dict[str, Any]] = {}
    for part, path in files.items():
        data = _parse(path, problems)
        if data is not None and _validate_part(part, path, data, problems):
            parsed[part] = data
    if problems or len(parsed) != len(PARTS):
        raise ContentError(problems)

    merged = {key: value for data in parsed.values() for key, value in data.items()}
    routine = Routine.model_validate(merged)
    check_references(routine, Report(problems, {part: _display(path) for part, path in files.items()}))
    if problems:
        raise ContentError(problems)
    english = _serialise(routine, files)
    translations = {locale: _serialise(routine, files, locale, words)
                    for locale, words in _translations(content_dir, routine, problems).items()}
    if problems:
        raise ContentError(problems)
    return LoadedRoutine(routine, english.version, english.json_bytes, files, translations=translations)


def _translations(content_dir: Path, routine: Routine, problems: list[ContentProblem]) -> dict[str, dict[Key, Any]]:
    """Each locale's words by key, once every problem of every locale has been listed."""
    english = prose_of(routine)
    part_of = part_of_fields(PARTS)
    found: dict[str, dict[Key, Any]] = {}
    for locale, folder in find_locales(content_dir).items():
        files = {path.stem: path for path in sorted(folder.iterdir()) if path.is_file() and not path.name.startswith(".")}
        overlay: dict[Key, tuple[str, Any]] = {}
        unreadable: set[str] = set()
        before = len(problems)
        for stem, path in files.items():
            if stem not in PARTS or path.suffix not in SUFFIXES:
                problems.append(ContentProblem(_display(path), "", f"not a part of the content: name it after one of "
                                                                   f"{', '.join(PARTS)}, as .toml, .json or .yaml"))
                continue
            data = _parse(path, problems)
            if data is None:
                unreadable.add(stem)  # said once; its keys are not each reported missing
                continue
            for key, value in flatten(data):
                if key in overlay:
                    problems.append(ContentProblem(_display(path), ".".join(key), f"given twice (also in {overlay[key][0]})"))
                overlay[key] = (_display(path), value)
        problems += check_overlay(locale, english, overlay, part_of,
                                  {stem: _display(path) for stem, path in files.items()}, _display(folder), unreadable)
        if len(problems) == before:
            found[locale] = {key: value for key, (_, value) in overlay.items()}
    return found


def _find_files(content_dir: Path, problems: list[ContentProblem]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for part in PARTS:
        found = [content_dir / f"{part}{suffix}" for suffix in SUFFIXES if (content_dir / f"{part}{suffix}").is_file()]
        if not found:
            expected = ", ".join(f"{part}{suffix}" for suffix in SUFFIXES)
            problems.append(ContentProblem(_display(content_dir), "", f"missing the '{part}' part: expected one of {expected}"))
        elif len(found) > 1:
            names = ", ".join(path.name for path in found)
            problems.append(ContentProblem(_display(content_dir), "", f"the '{part}' part is in several files ({names}): keep one"))
        else:
            files[part] = found[0]
    return files


def _parse(path: Path, problems: list[ContentProblem]) -> dict[str, Any] | None:
    where = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ContentProblem(where, "", f"cannot read the file: {exc}"))
        return None
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(ContentProblem(where, "", f"invalid TOML: {exc}"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(ContentProblem(where, "", f"invalid JSON: {exc.msg} (at line {exc.lineno}, column {exc.colno})"))
        return None
    except yaml.YAMLError as exc:
        problems.append(ContentProblem(where, "", f"invalid YAML: {_yaml_message(exc)}"))
        return None
    if not isinstance(data, dict):
        problems.append(ContentProblem(where, "", "the file must hold a table (a mapping of keys to values) at its top level"))
        return None
    return data


def _validate_part(part: str, path: Path, data: dict[str, Any], problems: list[ContentProblem]) -> bool:
    try:
        PARTS[part].model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(ContentProblem(_display(path), field_path(error["loc"], _UNION_FIELDS), _message(error)))
        return False
    return True


def _message(error: dict[str, Any]) -> str:
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "extra_forbidden":
        return "unknown field (misspelt, or not part of the content format)"
    if error["type"] == "union_tag_invalid":
        ctx = error["ctx"]
        return f"unknown {ctx['discriminator'].strip(chr(39))} {ctx['tag']!r}: expected one of {ctx['expected_tags']}"
    return message


def _yaml_message(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{problem} (at line {mark.line + 1}, column {mark.column + 1})" if mark else problem


def _display(path: Path) -> str:
    """Relative to the working folder when inside it (as people typed it), else absolute."""
    path, cwd = path.resolve(), Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) and cwd != Path(cwd.anchor) else str(path)


def _serialise(routine: Routine, files: dict[str, Path], locale: str = BASE_LOCALE,
               words: dict[Key, Any] | None = None) -> LoadedRoutine:
    body = routine.model_dump(mode="json")
    if words is not None:
        body = localized(body, words)
    # The English version is a hash of the content alone (as before there were locales); another
    # locale's names the locale too.
    hashed = body if locale == BASE_LOCALE else {"locale": locale, **body}
    canonical = json.dumps(hashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    version = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    json_bytes = json.dumps({"version": version, "locale": locale, **body}, separators=(",", ":"), ensure_ascii=False).encode()
    return LoadedRoutine(routine, version, json_bytes, files, locale, words=words or {})

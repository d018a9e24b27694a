"""The phone app's words in each language: catalogues, like gettext's, in JSON.

The app's words are written in English where they are used, and marked (web/js/i18n.js):

    t('Saved.')                                  a text
    t('Hello {name}.', { name })                 with a placeholder, filled at run time
    plural(count, '{n} rep', '{n} reps')          by number, with the language's plural rules

The English is the key. A language is a folder of JSON files, `web/locales/<language>/*.json`,
each an object from the English to its translation (a plural: an object with one text per
CLDR plural category of the language, "one" and "other" at least). The files of a folder are
joined at start-up and served as one catalogue, `/v/<build>/locales/<language>.json`. A new
language is a new folder: `ivdd-pt locale-template fr` writes it with every text to translate
(and the routine's, content/locales/fr/).

The words are also in the shell page (`data-t` elements of index.html) and the manifest.

At start-up a catalogue that is not valid JSON, or not an object of texts, stops the server with
its file. A missing text falls back to English at run time, so that an engineer's new word does
not stop anyone's server; `tests/web/test_catalogues.py` fails until each language has it.
"""

from __future__ import annotations

import ast
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.content.locales import LOCALE_NAME

BASE_LANGUAGE = "en"
CATALOGUES_DIR = "locales"  # under web/
_LITERAL = r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""
# t('text' ...): the text is one string literal, so that it can be found here.
_TEXT = re.compile(rf"(?<![\w.$])t\(\s*({_LITERAL})")
# plural(count, 'one', 'other' ...): the count may be any expression without a string in it.
_PLURAL = re.compile(rf"(?<![\w.$])plural\((?:[^'\"()]|\([^'\"()]*\))*?,\s*({_LITERAL})\s*,\s*({_LITERAL})")
# In index.html: an element whose text is a text of the app, and a tag naming its attributes that are.
SHELL_ELEMENT = re.compile(r"(<(\w+)[^>]*\sdata-t(?=[\s>])[^>]*>)([^<]+)(</\2>)")
MARKED_TAG = re.compile(r"<[^>]*\sdata-t-attrs=\"([^\"]+)\"[^>]*>")
# Words the server writes into the page itself (app/web/build.py), marked `data-t` there too.
SERVER_TEXTS = ("Loading…", "Welcome")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# The manifest's fields that people read.
MANIFEST_TEXTS = ("name", "short_name", "description")


@dataclass(frozen=True)
class Message:
    """One text of the app: `other` is the key, `one` is set for a plural."""

    other: str
    one: str | None = None
    where: list[str] = field(default_factory=list, compare=False, hash=False)

    @property
    def placeholders(self) -> set[str]:
        return set(_PLACEHOLDER.findall(self.other)) | set(_PLACEHOLDER.findall(self.one or ""))


class CatalogueError(ValueError):
    pass


def messages_of(web_dir: Path) -> dict[str, Message]:
    """Every text the app can show, by its English key, with where it is written."""
    found: dict[str, Message] = {}

    def add(message: Message, where: str) -> None:
        known = found.setdefault(message.other, message)
        if known.one is None and message.one is not None:
            found[message.other] = known = Message(message.other, message.one, known.where)
        known.where.append(where)

    for path in sorted((web_dir / "js").rglob("*.js")) + [web_dir / "sw.js"]:
        source = _without_comment_lines(path.read_text(encoding="utf-8"))
        name = path.relative_to(web_dir).as_posix()
        for match in _TEXT.finditer(source):
            add(Message(_string(match.group(1))), _line(name, source, match.start()))
        for match in _PLURAL.finditer(source):
            add(Message(_string(match.group(2)), _string(match.group(1))), _line(name, source, match.start()))
    shell = (web_dir / "index.html").read_text(encoding="utf-8")
    for match in SHELL_ELEMENT.finditer(shell):
        add(Message(html.unescape(match.group(3).strip())), _line("index.html", shell, match.start()))
    for text in SERVER_TEXTS:
        add(Message(text), "app/web/build.py")
    for match in MARKED_TAG.finditer(shell):
        for _, value in marked_attributes(match):
            add(Message(html.unescape(value.group(1))), _line("index.html", shell, match.start()))
    manifest = json.loads((web_dir / "manifest.webmanifest").read_text(encoding="utf-8"))
    for key in MANIFEST_TEXTS:
        add(Message(manifest[key]), f"manifest.webmanifest: {key}")
    return found


def marked_attributes(tag: re.Match) -> list[tuple[str, re.Match]]:
    """A MARKED_TAG's attributes to translate, each with the match of its `name="value"`."""
    found = []
    for name in tag.group(1).split():
        value = re.search(rf'\s{re.escape(name)}="([^"]+)"', tag.group(0))
        if value is None:
            raise CatalogueError(f"web/index.html: data-t-attrs names {name!r}, which the element lacks")
        found.append((name, value))
    return found


def languages(web_dir: Path) -> list[str]:
    """The languages with a catalogue, English first (it needs none). A folder's name is a
    language's code: it goes into URLs and the page's `lang`."""
    folder = web_dir / CATALOGUES_DIR
    found = sorted(path.name for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else []
    for name in found:
        if not LOCALE_NAME.match(name):
            raise CatalogueError(f"web/{CATALOGUES_DIR}/{name}/: not a language code such as 'fr' or 'pt-BR'")
    return [BASE_LANGUAGE, *(language for language in found if language != BASE_LANGUAGE)]


def read_catalogue(web_dir: Path, language: str) -> dict[str, str | dict[str, str]]:
    """A language's files joined. Stops with the file and the key on what the app cannot use."""
    joined: dict[str, str | dict[str, str]] = {}
    for path in sorted((web_dir / CATALOGUES_DIR / language).glob("*.json")):
        where = f"web/{path.relative_to(web_dir).as_posix()}"
        try:
            texts = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CatalogueError(f"{where}: not valid JSON: {error}") from None
        if not isinstance(texts, dict):
            raise CatalogueError(f"{where}: must be one JSON object, from each English text to its translation")
        for key, value in texts.items():
            plural_forms = isinstance(value, dict) and value and all(
                isinstance(form, str) for form in value.values())
            if not isinstance(value, str) and not plural_forms:
                raise CatalogueError(f"{where}: {key!r}: a translation is a text, or an object of plural forms")
            if key in joined and joined[key] != value:
                raise CatalogueError(f"{where}: {key!r} is translated differently in another file of {language}")
            joined[key] = value
    return joined


def problems(messages: dict[str, Message], catalogue: dict[str, str | dict[str, str]]) -> list[str]:
    """What a language lacks or has wrong, one line each: for the test and for translators."""
    found = []
    for key, message in messages.items():
        where = message.where[0]
        value = catalogue.get(key)
        if value is None or value == "" or (isinstance(value, dict) and not value.get("other")):
            found.append(f"missing: {key!r} ({where})")
            continue
        if message.one is not None and not isinstance(value, dict):
            found.append(f"{key!r} ({where}) is a plural: give its forms, e.g. {{\"one\": ..., \"other\": ...}}")
            continue
        forms = value.values() if isinstance(value, dict) else [value]
        for form in forms:
            lost, added = message.placeholders - set(_PLACEHOLDER.findall(form)), set(
                _PLACEHOLDER.findall(form)) - message.placeholders
            # A plural's "one" form may say the number in words ("una repetición"), not {n}.
            lost -= {"n"} if message.one is not None else set()
            if lost or added:
                found.append(f"{key!r} ({where}): placeholders differ from the English: {form!r}")
    found += [f"extra: {key!r} is not a text of the app (any more?)" for key in catalogue if key not in messages]
    return found


def template(messages: dict[str, Message]) -> dict[str, str | dict[str, str]]:
    """A new language's catalogue: every key, with nothing translated yet."""
    return {key: ({"one": "", "other": ""} if message.one is not None else "") for key, message in messages.items()}


def _without_comment_lines(source: str) -> str:
    """Comments may show the marks as examples; their lines are blanked (line numbers hold)."""
    return "\n".join("" if line.lstrip().startswith(("//", "/*", "* ")) else line for line in source.split("\n"))


def _string(literal: str) -> str:
    return ast.literal_eval(literal)  # a JS string literal without template parts is a Python one


def _line(name: str, source: str, offset: int) -> str:
    return f"web/{name}:{source.count(chr(10), 0, offset) + 1}"

"""What the server makes of the phone app's catalogues (app/web/catalogues.py) at start-up.

- `js/languages.js`, a module written here: the languages the app has, each by its own name, and
  where each one's catalogue is;
- `/v/<build>/locales/<language>.json`: a language's files joined;
- `/manifest.<language>.webmanifest`: the manifest in that language (the app points its
  `<link rel="manifest">` at it), so the installed app's name and description are the owner's.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError

from app.routes.routine import ROUTINE_PATH
from app.web.catalogues import (
    BASE_LANGUAGE, CATALOGUES_DIR, MANIFEST_TEXTS, MARKED_TAG, SHELL_ELEMENT, languages, marked_attributes, read_catalogue,
)

LANGUAGES_MODULE = "js/languages.js"

__all__ = ["CATALOGUES_DIR", "LANGUAGES_MODULE", "PhoneLanguages", "phone_languages"]


@dataclass(frozen=True)
class PhoneLanguages:
    prefix: str  # /v/<build>
    catalogues: dict[str, dict]  # by language, English not among them

    @property
    def languages(self) -> list[str]:
        return [BASE_LANGUAGE, *self.catalogues]

    def catalogue_path(self, language: str) -> str:
        return f"{self.prefix}/{CATALOGUES_DIR}/{language}.json"

    @staticmethod
    def manifest_path(language: str) -> str:
        return f"/manifest.{language}.webmanifest"

    def catalogue_bytes(self, language: str) -> bytes:
        return json.dumps(self.catalogues[language], ensure_ascii=False, separators=(",", ":")).encode()

    def manifest(self, english: bytes, language: str) -> bytes:
        manifest = json.loads(english)
        for key in MANIFEST_TEXTS:
            manifest[key] = _text(self.catalogues[language], manifest[key])
        manifest["lang"] = language
        return json.dumps(manifest, ensure_ascii=False, indent=2).encode()

    def shell_path(self, language: str) -> str:
        """The worker's copy of the page: English's is the shell every language falls back on."""
        return f"{self.prefix}/shell.html" if language == BASE_LANGUAGE else f"{self.prefix}/shell.{language}.html"

    def files_by_language(self) -> dict[str, list[str]]:
        """What the phone needs offline in each language, besides the app itself."""
        return {language: [self.catalogue_path(language), f"{ROUTINE_PATH}?lang={language}", self.manifest_path(language),
                           self.shell_path(language)]
                for language in self.catalogues}

    def page(self, english: bytes, language: str) -> bytes:
        """index.html in `language` before any script runs: its own words (`data-t`), the `lang`,
        and the language's manifest and routine. Each element keeps its English (`data-english`),
        as web/js/i18n.js keeps it when it translates the page itself."""
        if language == BASE_LANGUAGE:
            return english
        texts = self.catalogues[language]
        word = lambda english_text: _text(texts, english_text)  # noqa: E731

        def element(match: re.Match) -> str:
            start, text, end = match.group(1), html.unescape(match.group(3).strip()), match.group(4)
            return f'{start[:-1]} data-english="{html.escape(text)}">{html.escape(word(text), quote=False)}{end}'

        def attributes(match: re.Match) -> str:
            tag = match.group(0)
            for name, found in marked_attributes(match):
                text = html.unescape(found.group(1))
                tag = tag.replace(found.group(0), f' {name}="{html.escape(word(text))}" data-english-{name}="{found.group(1)}"', 1)
            return tag

        page = english.decode()
        page = SHELL_ELEMENT.sub(element, page)
        page = MARKED_TAG.sub(attributes, page)
        page = page.replace('<html lang="en">', f'<html lang="{language}">', 1)
        page = page.replace('href="/manifest.webmanifest"', f'href="{self.manifest_path(language)}"', 1)
        page = page.replace(f'href="{ROUTINE_PATH}?lang={BASE_LANGUAGE}"', f'href="{ROUTINE_PATH}?lang={language}"', 1)
        return page.encode()

    def module(self) -> bytes:
        names = {language: own_name(language) for language in self.languages}
        paths = {language: self.catalogue_path(language) for language in self.catalogues}
        return (f"// Made by the server at start-up (app/web/phone_languages.py).\n"
                f"export const BASE_LANGUAGE = {json.dumps(BASE_LANGUAGE)};\n"
                f"export const LANGUAGES = {json.dumps(names, ensure_ascii=False)};\n"
                f"export const CATALOGUES = {json.dumps(paths)};\n").encode()


def phone_languages(web_dir: Path, prefix: str) -> PhoneLanguages:
    return PhoneLanguages(prefix, {language: read_catalogue(web_dir, language)
                                   for language in languages(web_dir) if language != BASE_LANGUAGE})


def own_name(language: str) -> str:
    """"Español" for es: what a person looking for their language looks for."""
    try:
        name = Locale.parse(language, sep="-").get_display_name(language) or language
    except (ValueError, UnknownLocaleError):  # a code CLDR does not know: shown as it is
        return language
    return name[:1].upper() + name[1:]


def _text(catalogue: dict, english: str) -> str:
    """The translation, or the English while a language lacks it (as the app does)."""
    translated = catalogue.get(english)
    return translated if isinstance(translated, str) and translated else english

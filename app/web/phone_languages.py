"""What the server makes of the phone app's catalogues (app/web/catalogues.py) at start-up.

- `js/languages.js`, a module written here: the languages the app has, each by its own name, and
  where each one's catalogue is;
- `/v/<build>/locales/<language>.json`: a language's files joined;
- `/manifest.<language>.webmanifest`: the manifest in that language (the app points its
  `<link rel="manifest">` at it), so the installed app's name and description are the owner's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from app.routes.routine import ROUTINE_PATH
from app.web.catalogues import BASE_LANGUAGE, CATALOGUES_DIR, MANIFEST_TEXTS, languages, read_catalogue

LANGUAGES_MODULE = "js/languages.js"

__all__ = ["CATALOGUES_DIR", "LANGUAGES_MODULE", "PhoneLanguages", "phone_languages"]


@dataclass(frozen=True)
class PhoneLanguages:
    prefix: str  # /v/<build>
    catalogues: dict[str, dict]  # by language, English not among them

    def catalogue_path(self, language: str) -> str:
        return f"{self.prefix}/{CATALOGUES_DIR}/{language}.json"

    @staticmethod
    def manifest_path(language: str) -> str:
        return f"/manifest.{language}.webmanifest"

    def catalogue_bytes(self, language: str) -> bytes:
        return json.dumps(self.catalogues[language], ensure_ascii=False, separators=(",", ":")).encode()

    def manifest(self, english: bytes, language: str) -> bytes:
        manifest = json.loads(english)
        texts = self.catalogues[language]
        for key in MANIFEST_TEXTS:
            translated = texts.get(manifest[key])
            manifest[key] = translated if isinstance(translated, str) and translated else manifest[key]
        manifest["lang"] = language
        return json.dumps(manifest, ensure_ascii=False, indent=2).encode()

    def files_by_language(self) -> dict[str, list[str]]:
        """What the phone needs offline in each language, besides the app itself."""
        return {language: [self.catalogue_path(language), f"{ROUTINE_PATH}?lang={language}", self.manifest_path(language)]
                for language in self.catalogues}

    def module(self) -> bytes:
        names = {language: own_name(language) for language in [BASE_LANGUAGE, *self.catalogues]}
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
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]

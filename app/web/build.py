"""Read web/ once at start-up and serve it from memory, under one build version.

Every file is served at /v/<build>/<path> with a year-long, immutable max-age. The build is a
hash of every file and of the routine's content version, so a change anywhere gives new URLs,
and ES modules' relative imports always stay inside one build. Three URLs are fixed and
revalidated on every load (no-cache):

- `/` (index.html with the home page's first screen, see `FIRST_VISIT_HOME`);
- `/manifest.webmanifest`;
- `/sw.js`: the service worker, with `self.IVDD = {build, precache, ...}` prepended, so a change
  anywhere also changes the worker's bytes and the browser installs the new one.

Every other app route (/about, /join/CODE...) is answered with the shell, index.html with a
"Loading…" placeholder, which is also the versioned file `/v/<build>/shell.html` that the worker
keeps and answers every navigation with.

A page fetched over the network (`/` and the shell) is in the browser's language (Accept-Language),
and the worker keeps a copy of the shell in the app's language: the page's own words (`data-t`),
the first screen and its `lang` are the owner's before any script has run (app/web/phone_languages.py).

In index.html and the manifest, `{{assets}}` stands for `/v/<build>` and `{{main}}` for what the
page shows before its script has drawn it. The modules of js/ are served joined, as
`/v/<build>/app.js` (app/web/bundle.py).

Scripts and styles are served minified (minify-html): our comments and indentation explain the
why to the next engineer, not to the phone, and they were a fifth of a first visit's bytes.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import minify_html

from app.content import LoadedRoutine
from app.content.locales import BASE_LOCALE
from app.http.precomputed import PrecomputedResource
from app.routes.routine import ROUTINE_PATH
from app.http.security_headers import security_headers
from app.web.bundle import bundle
from app.web.phone_languages import CATALOGUES_DIR, LANGUAGES_MODULE, PhoneLanguages, phone_languages
from app.http.language import ByLanguage

ASSETS_TOKEN = "{{assets}}"
MAIN_TOKEN = "{{main}}"
BUNDLE = "app.js"  # the app's modules, joined at start-up
SHELL = "shell.html"  # the worker's copy of the page, under /v/<build>/
# The routine the app reads, in the app's language (js/api.js asks for the same URL).
APP_ROUTINE = f"{ROUTINE_PATH}?lang={BASE_LOCALE}"
# What <main> holds before the script has drawn the page. A first visit comes over the network,
# often a slow one, with nothing cached: at `/` it shows the home page's own heading and summary
# at once (the welcome of a phone with no dog yet; the script then draws the same and the rest),
# not "Loading…" for the seconds app.js takes. Everywhere else, and in the worker's copy, the
# script draws the page within milliseconds from the cache, and a placeholder is right: an owner
# whose dog is set up must never see the welcome flash by.
LOADING = '<p class="loading" data-t>Loading…</p>'
FIRST_VISIT_HOME = '<h1 data-t>Welcome</h1><section class="card"><p class="lead">{summary}</p></section>'
IMMUTABLE = "max-age=31536000, immutable"
REVALIDATE = "no-cache"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript",  # scripts, modules and workers are UTF-8 whatever the header says
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}
# Paths the server owns: never the shell, and the service worker sends them to the network.
NETWORK_ONLY_PREFIXES = ("/api/", "/clinic", "/docs", "/redoc", "/openapi.json")
RESERVED_PREFIXES = (*NETWORK_ONLY_PREFIXES, "/v/", "/sw.js", "/manifest.webmanifest")
REQUIRED_FILES = ("index.html", "manifest.webmanifest", "sw.js")


@dataclass(frozen=True)
class WebBuild:
    build: str
    asset_prefix: str
    resources: dict[str, PrecomputedResource]  # by URL path
    shell: ByLanguage  # every other app page, in the browser's language
    precache: list[str]


def is_app_route(path: str) -> bool:
    """A page of the app (/, /about, /join/AB3D5F7H), as opposed to a file or a server route."""
    return not path.startswith(RESERVED_PREFIXES) and "." not in path.rsplit("/", 1)[-1]


def load_web_build(web_dir: Path, routine: LoadedRoutine) -> WebBuild:
    web_dir = Path(web_dir)
    missing = [name for name in REQUIRED_FILES if not (web_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{web_dir}: the app's folder lacks {', '.join(missing)} (set IVDD_WEB_DIR?)")
    files = {path.relative_to(web_dir).as_posix(): path.read_bytes() for path in sorted(web_dir.rglob("*"))
             if path.is_file() and path.suffix in MEDIA_TYPES and not _hidden(path, web_dir)}
    # Of the files as written and of the routine in every language: any change, a new build (and
    # a new worker, which caches the routine again).
    build = _build_version(files, " ".join([routine.version, *(t.version for t in routine.translations.values())]))
    prefix = f"/v/{build}"
    phone = phone_languages(web_dir, prefix)
    files = {name: body for name, body in files.items() if not name.startswith(f"{CATALOGUES_DIR}/")}
    files[LANGUAGES_MODULE] = phone.module()
    files = {name: _without_comments(name, body) for name, body in files.items()}
    files = {name: _minified(name, body) for name, body in _with_modules_joined(files).items()}

    def resource(body: bytes, name: str, cache_control: str, by_language: bool = False) -> PrecomputedResource:
        version = hashlib.sha256(body).hexdigest()[:16]
        document = name.endswith(".html") or name == "sw.js"
        immutable = cache_control == IMMUTABLE
        vary = [(b"vary", b"Accept-Language")] if by_language else []
        # A first visit fetches every file: each header line on an asset costs ~40 requests' worth.
        return PrecomputedResource(body, content_type=MEDIA_TYPES[Path(name).suffix], cache_control=cache_control,
                                   version=version, etag=not immutable,
                                   extra_headers=[*vary, *security_headers(document=document, asset=immutable)])

    def by_language(pages: dict[str, bytes], name: str) -> ByLanguage:
        """A page fetched over the network, in the browser's language (the worker has its own)."""
        return ByLanguage({language: resource(page, name, REVALIDATE, by_language=True) for language, page in pages.items()})

    assets = {f"{prefix}/{name}": resource(body, name, IMMUTABLE)
              for name, body in files.items() if name not in REQUIRED_FILES}
    shell_path = phone.shell_path(BASE_LOCALE)
    shells = {language: phone.page(_fill(files["index.html"], prefix, LOADING), language) for language in phone.languages}
    assets |= {phone.shell_path(language): resource(page, SHELL, IMMUTABLE) for language, page in shells.items()}
    shell = by_language(shells, SHELL)
    home = by_language({language: phone.page(page, language) for language, page in
                        _first_visit_homes(files["index.html"], prefix, routine, phone).items()}, "index.html")
    manifest = _fill(files["manifest.webmanifest"], prefix)
    manifests = {phone.manifest_path(language): resource(phone.manifest(manifest, language), "manifest.webmanifest",
                                                         REVALIDATE) for language in phone.catalogues}
    assets |= {phone.catalogue_path(language): resource(phone.catalogue_bytes(language), "catalogue.json", IMMUTABLE)
               for language in phone.catalogues}
    # Each language's own files are cached by the worker for the phone's language only: an English
    # first visit does not download the Spanish (see sw.js).
    # The routine is one of them: a Spanish phone does not download the English one either.
    language_files = {BASE_LOCALE: [APP_ROUTINE], **phone.files_by_language()}
    own_files = {path for paths in language_files.values() for path in paths}
    precache = ["/manifest.webmanifest", *(path for path in assets if path not in own_files)]
    worker_config = {"build": build, "shell": shell_path, "precache": precache, "languages": language_files,
                     "routines": {language: f"{ROUTINE_PATH}?lang={language}" for language in phone.languages},
                     "routineVersions": {language: (routine.in_locale(language) or routine).version
                                         for language in phone.languages},
                     "shells": {language: phone.shell_path(language) for language in phone.catalogues},
                     "networkOnlyPrefixes": list(NETWORK_ONLY_PREFIXES)}
    worker = f"self.IVDD = {json.dumps(worker_config)};\n".encode() + files["sw.js"]
    resources = {**assets, **manifests, "/": home,
                 "/manifest.webmanifest": resource(manifest, "manifest.webmanifest", REVALIDATE),
                 "/sw.js": resource(worker, "sw.js", REVALIDATE)}
    return WebBuild(build, prefix, resources, shell, precache)


def _first_visit_homes(index: bytes, prefix: str, routine: LoadedRoutine, phone: PhoneLanguages) -> dict[str, bytes]:
    """`/` with its first screen, in each language: the routine's summary in that language (the
    English where the content has none yet)."""
    pages = {}
    for language in phone.languages:
        summary = (routine.in_locale(language) or routine).text(("summary",), routine.routine.summary)
        pages[language] = _fill(index, prefix, FIRST_VISIT_HOME.format(summary=html.escape(summary)))
    return pages


def _build_version(files: dict[str, bytes], routine_version: str) -> str:
    digest = hashlib.sha256(routine_version.encode())
    for name, body in files.items():
        digest.update(f"\0{name}\0{hashlib.sha256(body).hexdigest()}".encode())
    return digest.hexdigest()[:12]


def _fill(body: bytes, prefix: str, main: str = "") -> bytes:
    return body.replace(ASSETS_TOKEN.encode(), prefix.encode()).replace(MAIN_TOKEN.encode(), main.encode())


def _with_modules_joined(files: dict[str, bytes]) -> dict[str, bytes]:
    """js/**.js become one `app.js` (see app/web/bundle.py): one request, not forty."""
    modules = {name: body.decode() for name, body in files.items() if name.startswith("js/") and name.endswith(".js")}
    others = {name: body for name, body in files.items() if name not in modules}
    return {**others, BUNDLE: bundle(modules).encode()}


@functools.lru_cache(maxsize=64)  # the same file always minifies the same way (tests make hundreds of apps)
def _minified(name: str, body: bytes) -> bytes:
    """Scripts and styles without needless whitespace. minify-html parses them (its JS and CSS
    minifiers are real parsers: strings, nested template literals and regular expressions come
    out whole, which rjsmin's tokenizer got wrong) but renames nothing, so an error's stack still
    reads. It keeps a comment that stands before a statement, hence `_without_comments` first.
    It minifies what sits in a <script> or <style> element: each file is put in one, and taken
    out again."""
    if name.endswith(".js"):
        tag = "script type=module" if name == BUNDLE else "script"  # the worker is a classic script
        return _minified_in(tag, name, body, minify_js=True)
    if name.endswith(".css"):
        return _minified_in("style", name, body, minify_css=True)
    return body


def _without_comments(name: str, body: bytes) -> bytes:
    """Drop whole-line `//` comments from JS and `/* */` comments from CSS, and blank lines.
    Only whole lines, so nothing inside a string is touched; a script with a multi-line template
    literal (a line with an odd number of backticks) is left as it is."""
    if name.endswith(".js"):
        lines = body.decode().split("\n")
        if any(line.count("`") % 2 for line in lines):
            return body
        kept = [line for line in lines if line.strip() and not line.lstrip().startswith("//")]
        return ("\n".join(kept) + "\n").encode()
    if name.endswith(".css"):
        text = re.sub(r"/\*.*?\*/", "", body.decode(), flags=re.S)
        return ("\n".join(line for line in text.split("\n") if line.strip()) + "\n").encode()
    return body


def _minified_in(tag: str, name: str, body: bytes, **options: bool) -> bytes:
    element = tag.split()[0]
    text = body.decode()
    if f"</{element}" in text.lower():
        raise ValueError(f"web/{name}: holds '</{element}', which would end the element it is minified in")
    start, end = f"<{tag}>", f"</{element}>"
    minified = minify_html.minify(start + text + end, **options)
    if not (minified.startswith(start) and minified.endswith(end)):
        raise ValueError(f"web/{name}: minify-html returned something other than one <{element}> element")
    return minified[len(start):-len(end)].encode() + b"\n"


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)

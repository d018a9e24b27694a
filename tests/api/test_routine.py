"""GET /api/v1/routine: the body, its version, strong ETags, 304s, Brotli and gzip."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest

IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip, deflate"}
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def test_routine_is_served_with_its_content_version(client, app):
    response = client.get("/api/v1/routine", headers=IDENTITY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["version"] == app.state.routine.version
    assert body["title"] == "Gentle leg exercises during crate rest"
    assert client.get("/api/v1/health").json()["content_version"] == body["version"]


def test_etag_is_strong_and_names_the_version(client, app):
    response = client.get("/api/v1/routine", headers=IDENTITY)
    etag = response.headers["etag"]
    assert etag == f'"{app.state.routine.version}"'  # strong: no W/ prefix
    assert response.headers["cache-control"] == "no-cache"
    assert {part.strip() for part in response.headers["vary"].split(",")} == {"Accept-Encoding", "Accept-Language"}
    assert response.headers["content-language"] == "en"


@pytest.mark.parametrize("if_none_match", [
    '"{v}"', '"{v}-gzip"', '"{v}-br"', 'W/"{v}"', '"stale", "{v}"', "*",
])
def test_matching_if_none_match_gets_304_without_a_body(client, app, if_none_match):
    header = if_none_match.format(v=app.state.routine.version)
    response = client.get("/api/v1/routine", headers={**GZIP, "If-None-Match": header})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == f'"{app.state.routine.version}-gzip"'
    assert response.headers["cache-control"] == "no-cache"


def test_stale_etag_gets_the_full_body(client):
    response = client.get("/api/v1/routine", headers={**IDENTITY, "If-None-Match": '"0000000000000000"'})
    assert response.status_code == 200 and response.json()["version"]


def test_gzip_when_accepted_with_its_own_etag(client, app):
    raw = client.get("/api/v1/routine", headers=GZIP, extensions={})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.headers["etag"] == f'"{app.state.routine.version}-gzip"'
    gzip_body = app.precomputed["/api/v1/routine"].answers["en"].gzip_body
    assert int(raw.headers["content-length"]) == len(gzip_body)
    assert raw.json() == json.loads(gzip.decompress(gzip_body))
    assert len(gzip_body) < len(app.state.routine.json_bytes) / 2


@pytest.mark.parametrize("accept", ["identity", "gzip;q=0", "br", ""])
def test_no_gzip_unless_accepted(client, accept):
    response = client.get("/api/v1/routine", headers={"Accept-Encoding": accept})
    assert response.headers.get("content-encoding") == ("br" if accept == "br" else None)
    assert response.json()["version"]


@pytest.mark.parametrize("accept", ["gzip, deflate, br, zstd", "br;q=0.5, gzip", "*", "gzip;q=0, *"])
def test_brotli_when_accepted_preferred_over_gzip(client, app, accept):
    raw = client.get("/api/v1/routine", headers={"Accept-Encoding": accept})
    assert raw.headers["content-encoding"] == "br"
    assert raw.headers["etag"] == f'"{app.state.routine.version}-br"'
    resource = app.precomputed["/api/v1/routine"].answers["en"]
    assert int(raw.headers["content-length"]) == len(resource.coded["br"]) < len(resource.coded["gzip"])
    assert json.loads(brotli.decompress(resource.coded["br"])) == raw.json()


def test_other_responses_over_1kb_are_gzipped_small_ones_are_not(client):
    big = client.get("/openapi.json", headers=GZIP)
    assert big.headers["content-encoding"] == "gzip"
    small = client.get("/api/v1/health", headers=GZIP)
    assert "content-encoding" not in small.headers


def test_openapi_docs_describe_the_routine(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    routine = spec["paths"]["/api/v1/routine"]["get"]
    assert {"200", "304"} <= set(routine["responses"])
    assert "Routine" in spec["components"]["schemas"]


def test_head_gives_the_headers_without_the_body(client, app):
    response = client.head("/api/v1/routine", headers=IDENTITY)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-length"] == str(len(app.state.routine.json_bytes))
    assert response.headers["etag"] == f'"{app.state.routine.version}"'


# --- languages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "headers"), [
    ("?lang=es", {}), ("?lang=es-MX", {}), ("?lang=ES", {}), ("", {"Accept-Language": "es-ES,es;q=0.9,en;q=0.8"}),
    ("", {"Accept-Language": "fr;q=0.9, es-AR;q=0.8"}), ("?lang=es", {"Accept-Language": "en"}),  # lang wins
])
def test_spanish_by_lang_or_accept_language(client, app, query, headers):
    response = client.get("/api/v1/routine" + query, headers={**IDENTITY, **headers})
    body = response.json()
    spanish = app.state.routine.in_locale("es")
    assert (body["locale"], body["version"], response.headers["content-language"]) == ("es", spanish.version, "es")
    assert body["title"] == "Ejercicios suaves para las patas durante el reposo en jaula"
    assert "locale_fallback" not in body
    assert response.headers["etag"] == f'"{spanish.version}"'


@pytest.mark.parametrize(("query", "headers"), [
    ("", {}), ("?lang=", {}), ("?lang=en", {}), ("?lang=en-GB", {}), ("", {"Accept-Language": "en-US,en;q=0.9"}),
    ("", {"Accept-Language": "fr, *;q=0.1"}), ("", {"Accept-Language": "es;q=0, en"}),
])
def test_english_when_asked_or_when_nothing_is_named(client, app, query, headers):
    response = client.get("/api/v1/routine" + query, headers={**IDENTITY, **headers})
    body = response.json()
    assert (body["locale"], body["version"]) == ("en", app.state.routine.version)
    assert "locale_fallback" not in body


@pytest.mark.parametrize(("query", "headers"), [
    ("?lang=fr", {}), ("?lang=%3Cscript%3E", {}), ("?lang=" + "x" * 5000, {}),
    ("", {"Accept-Language": "fr-FR, de;q=0.5"}), ("", {"Accept-Language": "es;q=zero, ;;, fr"}),
    ("", {"Accept-Language": ", ".join(["fr"] * 5000)}),
])
def test_a_language_we_do_not_have_gets_english_saying_so(client, app, query, headers):
    response = client.get("/api/v1/routine" + query, headers={**IDENTITY, **headers})
    assert response.status_code == 200
    body = response.json()
    assert (body["locale"], body["version"], body["locale_fallback"]) == ("en", app.state.routine.version, True)
    assert response.headers["etag"] != f'"{app.state.routine.version}"'  # the note is part of these bytes
    assert "<script>" not in response.text


def test_each_language_revalidates_with_its_own_etag(client, app):
    spanish = client.get("/api/v1/routine?lang=es", headers=BROWSER)
    english = client.get("/api/v1/routine?lang=en", headers=BROWSER)
    assert spanish.headers["etag"] != english.headers["etag"]
    assert spanish.headers["content-encoding"] == "br"
    assert client.get("/api/v1/routine?lang=es", headers={**BROWSER, "If-None-Match": spanish.headers["etag"]}).status_code == 304
    # An English copy is not current Spanish, and the other way round.
    assert client.get("/api/v1/routine?lang=es", headers={**BROWSER, "If-None-Match": english.headers["etag"]}).status_code == 200
    assert client.get("/api/v1/routine", headers={**BROWSER, "If-None-Match": spanish.headers["etag"]}).status_code == 200
    vary = {part.strip() for part in spanish.headers["vary"].split(",")}
    assert vary == {"Accept-Encoding", "Accept-Language"}

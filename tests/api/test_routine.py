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
    assert response.headers["vary"] == "Accept-Encoding"


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
    gzip_body = app.precomputed["/api/v1/routine"].gzip_body
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
    resource = app.precomputed["/api/v1/routine"]
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

"""Linking a phone: POST /api/v1/devices, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from sqlmodel import select

from app.config import Settings
from app.main import create_app
from app.models import Device, Invite
from app.services.secrets import CODE_ALPHABET, hash_secret
from tests.support.clinic import database, expire_invite, invite


def link(client, code: str, **extra):
    return client.post("/api/v1/devices", json={"code": code, **extra})


def test_a_code_links_the_phone_and_gives_the_prescription(db_client, database_url):
    code = invite(database_url, dog="Biscuit", owner="Anna", legs=["left-hind", "right-hind"], sessions_per_day=3)
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{8}}", code)
    answer = link(db_client, f" {code[:4].lower()}-{code[4:]} ", label="Anna's phone")  # as people type it
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert len(body["token"]) >= 43  # 256 random bits, URL-safe base64
    assert body["patient"]["dog_name"] == "Biscuit" and body["patient"]["owner_name"] == "Anna"
    assert body["patient"]["clinic"] == {"name": "Riverside Vets", "phone": "+44 20 7946 0000"}
    assert body["prescription"] | {} == {
        "version": 1, "dog_name": "Biscuit", "legs": ["left-hind", "right-hind"], "sessions_per_day": 3,
        "crate_rest_start": None, "crate_rest_weeks": None, "passive_pt_approved_from": None,
        "bladder_interval_hours": None, "notes": "",
        "clinic_name": "Riverside Vets", "clinic_phone": "+44 20 7946 0000"}

    with database(database_url) as session:  # secrets are kept as hashes only
        [device] = session.exec(select(Device)).all()
        assert device.token_hash == hash_secret(body["token"]) and device.label == "Anna's phone"
        [stored_invite] = session.exec(select(Invite)).all()
        assert stored_invite.code_hash == hash_secret(code) and stored_invite.used_at is not None


def test_each_bad_code_says_what_is_wrong(db_client, database_url):
    used = invite(database_url)
    assert link(db_client, used).status_code == 201
    expired = invite(database_url)
    expire_invite(database_url, expired)
    cases = {
        "K7MX": (422, "invalid_code", "8 letters and numbers"),
        "K7MX3QP0": (422, "invalid_code", "8 letters and numbers"),  # 0 is not in the alphabet
        "K7MX3QPD": (404, "invite_not_found", "not one we know"),
        used: (409, "invite_used", "already been used"),
        expired: (410, "invite_expired", "expired"),
    }
    for code, (status, error_code, words) in cases.items():
        answer = link(db_client, code)
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, error_code), code
        assert words in answer.json()["error"]["message"]
        assert "Ask your clinic" in answer.json()["error"]["message"] or status == 422


def test_a_code_links_only_one_phone(db_client, database_url):
    code = invite(database_url)
    answers = [link(db_client, code).status_code for _ in range(3)]
    assert answers == [201, 409, 409]


def test_a_missing_or_wrong_body_is_a_validation_error(db_client):
    for body in [{}, {"code": 12345678}, {"code": "x" * 41}]:
        answer = db_client.post("/api/v1/devices", json=body)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "validation_error"


def test_guessing_is_rate_limited(tmp_path):
    from fastapi.testclient import TestClient

    app = create_app(Settings(database_url=None, data_dir=tmp_path, link_attempts=3, link_window_seconds=600))
    with TestClient(app) as client:
        assert [link(client, "K7MX3QPD").status_code for _ in range(3)] == [404, 404, 404]
        answer = link(client, "K7MX3QPD")
        assert answer.status_code == 429
        assert answer.json()["error"]["code"] == "too_many_attempts"
        wait = answer.json()["error"]["details"]["retry_after_seconds"]
        assert 0 < wait <= 2 * 600 and f"Wait {-(-wait // 60)} minutes" in answer.json()["error"]["message"]


def test_the_join_link_opens_the_app(client):
    answer = client.get("/join/K7MX3QPD")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert "<html" in answer.text


def test_a_label_with_a_nul_is_refused_naming_the_field_and_the_code_still_works(db_client, database_url):
    code = invite(database_url)
    answer = link(db_client, code, label="Anna\x00")
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["details"][0]["field"] == "body.label"
    assert "contains a NUL character" in answer.json()["error"]["message"]
    assert link(db_client, code, label="Anna's phone").status_code == 201


def test_guesses_from_one_ipv6_network_share_a_limit(tmp_path):
    from fastapi.testclient import TestClient

    app = create_app(Settings(database_url=None, data_dir=tmp_path, link_attempts=2))
    answers = []
    for host in ("2001:db8:5:6::1", "2001:db8:5:6::2", "2001:db8:5:6:ffff::3"):
        with TestClient(app, client=(host, 40000)) as client:
            answers.append(link(client, "K7MX3QPD").status_code)
    assert answers == [404, 404, 429]

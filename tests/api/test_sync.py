"""POST /api/v1/sync: every log stored exactly once, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import httpx
import pytest

from app.schemas.session_log import EXAMPLE, SessionLog
from app.services.sync import payload_hash
from tests.support.clinic import (calm_log, database, device_last_seen, invite, revoke_devices, set_prescription,
                                  stored_logs)
from tests.support.server import running_server


CALM = calm_log()  # a session nothing flags


def make_log(**changes) -> dict:
    log = calm_log()
    log["id"] = str(uuid.uuid4())
    log.update(changes)
    return log


@pytest.fixture
def phone(db_client, database_url):
    """A linked phone: a client that sends its device token."""
    token = db_client.post("/api/v1/devices", json={"code": invite(database_url)}).json()["token"]
    db_client.headers["Authorization"] = f"Bearer {token}"
    return db_client


def sync(client, logs) -> httpx.Response:
    return client.post("/api/v1/sync", json={"logs": logs})


def statuses(answer) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [result["status"] for result in answer.json()["results"]]


def test_logs_are_stored_once_however_often_they_are_sent(phone, database_url):
    logs = [make_log() for _ in range(3)]
    assert statuses(sync(phone, logs)) == ["stored"] * 3
    assert statuses(sync(phone, logs)) == ["duplicate"] * 3  # the phone retried after a lost answer
    reordered = [json.loads(json.dumps(log, sort_keys=True)) for log in reversed(logs)]
    assert statuses(sync(phone, reordered)) == ["duplicate"] * 3  # key order is not a difference
    stored = stored_logs(database_url)
    assert sorted(row["id"] for row in stored) == sorted(log["id"] for log in logs)
    assert {row["dog_name"] for row in stored} == {"Biscuit"}


def test_a_different_log_with_a_known_id_is_a_conflict_and_the_first_is_kept(phone, database_url):
    log = make_log()
    sync(phone, [log])
    changed = {**log, "observations": {**log["observations"], "note": "edited later"}}
    [result] = sync(phone, [changed]).json()["results"]
    assert result["status"] == "conflict" and "stored one is kept" in result["message"]
    [row] = stored_logs(database_url)
    assert row["payload"]["observations"]["note"] == CALM["observations"]["note"]


def test_each_log_records_the_language_of_its_content(phone, database_url):
    """content_locale says which language the content_version is in. A phone that names none (all
    phones before there were several languages) stores 'en', and its retries still match the
    hash stored for them: the field is left out of the payload, not added as null."""
    spanish, unnamed = make_log(content_locale="es"), make_log()
    assert statuses(sync(phone, [spanish, unnamed])) == ["stored", "stored"]
    assert statuses(sync(phone, [spanish, unnamed])) == ["duplicate", "duplicate"]
    rows = {row["id"]: row for row in stored_logs(database_url)}
    assert (rows[spanish["id"]]["content_locale"], rows[spanish["id"]]["payload"]["content_locale"]) == ("es", "es")
    assert rows[unnamed["id"]]["content_locale"] == "en" and "content_locale" not in rows[unnamed["id"]]["payload"]
    assert rows[unnamed["id"]]["payload_hash"] == payload_hash(SessionLog.model_validate(unnamed).model_dump(
        mode="json", exclude={"content_locale"}))
    [result] = sync(phone, [{**spanish, "content_locale": "en"}]).json()["results"]
    assert result["status"] == "conflict"  # the same log in another language is not the same log

    bad = [make_log(content_locale=value) for value in ("spanish", "../../etc", "", "es_ES", 7)]
    results = sync(phone, bad).json()["results"]
    assert [r["status"] for r in results] == ["invalid"] * 5
    assert all(r["message"].startswith("content_locale:") for r in results)
    assert len(stored_logs(database_url)) == 2


def test_one_bad_item_never_fails_the_batch(phone, database_url):
    good, twice = make_log(), make_log()
    bad_time = make_log(ended_at="2026-11-23T07:00:00+01:00")  # before it started
    answer = sync(phone, [good, {"id": "not-a-uuid"}, 42, bad_time, twice, twice,
                          make_log(actions=[{**EXAMPLE["actions"][0], "status": "done"}])])
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["stored", "invalid", "invalid", "invalid", "stored", "duplicate", "invalid"]
    assert results[1]["id"] == "not-a-uuid" and "id:" in results[1]["message"]
    assert results[2]["id"] is None
    assert "ended_at: is before 'started_at'" in results[3]["message"]
    assert results[6]["message"].startswith("actions[0].status:")
    assert len(stored_logs(database_url)) == 2


def test_flags_are_worked_out_when_a_log_arrives(phone, database_url):
    answers = [{"question_id": "off-medication", "kind": "eligibility", "answer": "yes"},
               {"question_id": "cannot-urinate", "kind": "red_flag", "answer": "yes"}]
    kicked_foot = [*calm_log()["actions"][:2], {**EXAMPLE["actions"][2], "leg": "right-hind"}]
    pained_hip = [{**calm_log()["actions"][0], "status": "stopped", "stop_reason": "pain"}]
    logs = {
        "kicking": make_log(outcome="stopped", stop_reason="excessive_kicking"),
        "foot rub stopped for kicking": make_log(actions=kicked_foot),
        "action stopped for pain": make_log(actions=pained_hip),
        "pain": make_log(observations={**CALM["observations"], "pain_signs": True}),
        "red flag": make_log(outcome="blocked", actions=[], observations=None,
                             gate={"answers": answers, "passed": False, "blocked_by": "cannot-urinate"}),
        "not urinated": make_log(observations={**CALM["observations"], "urinated": "no"}),
        "calm": make_log(),
    }
    assert statuses(sync(phone, list(logs.values()))) == ["stored"] * 7
    flags = {row["id"]: (row["flag_excessive_kicking"], row["flag_pain"], row["flag_red_flag"], row["flag_not_urinated"])
             for row in stored_logs(database_url)}
    by_name = {name: flags[log["id"]] for name, log in logs.items()}
    assert by_name == {
        "kicking": (True, False, False, False), "pain": (False, True, False, False),
        "foot rub stopped for kicking": (True, False, False, False), "action stopped for pain": (False, True, False, False),
        "red flag": (False, False, True, False), "not urinated": (False, False, False, True),
        "calm": (False, False, False, False)}


def test_the_answer_carries_the_current_prescription(phone, database_url):
    assert sync(phone, []).json()["prescription"]["version"] == 1
    set_prescription(database_url, sessions_per_day=4, owner_notes="Two sessions are fine on busy days.")
    prescription = sync(phone, []).json()["prescription"]
    assert (prescription["version"], prescription["sessions_per_day"]) == (2, 4)
    assert prescription["notes"] == "Two sessions are fine on busy days."


def test_unknown_and_revoked_phones_are_refused_and_nothing_is_stored(phone, database_url):
    anonymous = phone.post("/api/v1/sync", json={"logs": [make_log()]}, headers={"Authorization": ""})
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "device_unknown")
    forged = phone.post("/api/v1/sync", json={"logs": [make_log()]}, headers={"Authorization": "Bearer forged"})
    assert (forged.status_code, forged.json()["error"]["code"]) == (401, "device_unknown")
    assert revoke_devices(database_url) == 1
    revoked = sync(phone, [make_log()])
    assert (revoked.status_code, revoked.json()["error"]["code"]) == (403, "device_revoked")
    assert "kept on this phone" in revoked.json()["error"]["message"]
    assert stored_logs(database_url) == []


def test_oversized_requests_get_413_and_a_clear_message(phone, database_url):
    too_many = sync(phone, [make_log() for _ in range(101)])
    assert (too_many.status_code, too_many.json()["error"]["code"]) == (413, "too_many_logs")
    assert "at most 100" in too_many.json()["error"]["message"]
    big = make_log(observations={**CALM["observations"], "note": "x" * 1000})
    too_big = sync(phone, [big] * 100 * 3)  # ~1 MB
    assert (too_big.status_code, too_big.json()["error"]["code"]) == (413, "payload_too_large")
    assert "256 KB" in too_big.json()["error"]["message"]

    def chunks():  # no Content-Length: the server counts as the bytes arrive
        yield b'{"logs": ['
        for _ in range(400):
            yield json.dumps(big).encode() + b","
        yield b"1]}"

    streamed = phone.post("/api/v1/sync", content=chunks(), headers={"Content-Type": "application/json"})
    assert (streamed.status_code, streamed.json()["error"]["code"]) == (413, "payload_too_large")
    assert stored_logs(database_url) == []


def test_a_body_that_is_not_a_list_of_logs_is_a_validation_error(phone):
    for body in [{}, {"logs": {}}, [], {"logs": "x"}]:
        answer = phone.post("/api/v1/sync", json=body)
        assert (answer.status_code, answer.json()["error"]["code"]) == (422, "validation_error"), body


def test_racing_uploads_of_one_batch_store_each_log_once(database_url, tmp_path):
    """A real server with two worker processes; eight phones' worth of retries at once."""
    env = {"DATABASE_URL": database_url}
    with running_server(tmp_path / "data", env=env, args=["--workers", "2"]) as server:
        token = httpx.post(server.url + "/api/v1/devices", json={"code": invite(database_url)}).json()["token"]
        logs = [make_log() for _ in range(40)]

        def send(_):
            answer = httpx.post(server.url + "/api/v1/sync", json={"logs": logs},
                                headers={"Authorization": f"Bearer {token}"}, timeout=30)
            return statuses(answer)

        with ThreadPoolExecutor(8) as pool:
            everything = [status for batch in pool.map(send, range(8)) for status in batch]
    assert everything.count("stored") == 40 and everything.count("duplicate") == 7 * 40
    assert len(stored_logs(database_url)) == 40


def test_stored_is_only_said_once_the_commit_has_happened(phone, database_url):
    """If the commit fails, the phone must hear an error (and keep the log), never "stored"."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    def fail(_session):
        raise RuntimeError("the disk is full")

    from fastapi.testclient import TestClient

    client = TestClient(phone.app, raise_server_exceptions=False, headers=dict(phone.headers))
    event.listen(Session, "before_commit", fail)
    try:
        answer = sync(client, [make_log()])
    finally:
        event.remove(Session, "before_commit", fail)
    assert answer.status_code == 500 and answer.json()["error"]["code"] == "internal_error"
    assert stored_logs(database_url) == []


def test_an_id_that_cannot_be_sent_back_is_answered_as_none(phone):
    """JSON may carry a lone surrogate; echoing it would break the whole answer (found by review)."""
    answer = phone.post("/api/v1/sync", content=b'{"logs": [{"id": "\\ud800"}]}',
                        headers={"Content-Type": "application/json"})
    assert answer.status_code == 200
    assert answer.json()["results"] == [{"id": None, "status": "invalid", "message": answer.json()["results"][0]["message"]}]


def test_what_the_fast_json_parser_refuses_is_still_judged_item_by_item(phone, database_url):
    """Bodies are parsed by orjson; what only the standard library takes (a lone surrogate, as in a
    note cut mid-emoji; an integer over 64 bits) names its item as invalid and stores the rest."""
    good = make_log()
    cut_note = make_log(observations={**CALM["observations"], "note": "ok \ud83d"})
    huge = make_log(actions=[{**EXAMPLE["actions"][0], "reps": 2**70}])
    body = json.dumps({"logs": [good, cut_note, huge]}).encode()  # json escapes the surrogate: "\ud83d"
    answer = phone.post("/api/v1/sync", content=body, headers={"Content-Type": "application/json"})
    assert statuses(answer) == ["stored", "invalid", "invalid"]
    assert answer.json()["results"][1]["message"].startswith("observations.note:")
    assert [row["id"] for row in stored_logs(database_url)] == [good["id"]]


@pytest.mark.parametrize("body", [b'{"logs": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}", b'{"logs": [}'],
                         ids=["nested-100k-deep", "broken"])
def test_a_body_no_parser_takes_is_a_validation_error_not_a_crash(phone, body):
    answer = phone.post("/api/v1/sync", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["details"][0]["type"] == "json_invalid"


def test_each_sync_notes_when_the_phone_was_last_seen(phone, database_url):
    before = device_last_seen(database_url)
    statuses(sync(phone, [make_log()]))
    assert device_last_seen(database_url) > before


def test_the_payload_hash_is_the_same_as_the_standard_librarys_canonical_json():
    """Stored hashes must never change meaning: a log sent again must still be a duplicate."""
    payload = SessionLog.model_validate(make_log(observations={**CALM["observations"], "note": "Bisçuit 🐕 \u2028"})
                                        ).model_dump(mode="json")
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert payload_hash(payload) == hashlib.sha256(canonical).hexdigest()


def test_a_per_action_stop_and_an_extra_session_are_stored_as_sent(phone, database_url):
    """The foot rub on one leg ended for excessive kicking while the session went on; the session
    was one beyond the day's target; two answers were remembered from earlier that day."""
    log = make_log(actions=[*calm_log()["actions"][:2], {**EXAMPLE["actions"][2], "leg": "right-hind"}], extra=True,
                   gate=EXAMPLE["gate"])
    assert statuses(sync(phone, [log])) == ["stored"]
    [row] = stored_logs(database_url)
    assert row["payload"]["extra"] is True and row["outcome"] == "completed"
    stopped = row["payload"]["actions"][2]
    assert (stopped["leg"], stopped["action_id"], stopped["status"], stopped["stop_reason"]) == (
        "right-hind", "foot-rub", "stopped", "excessive_kicking")
    assert [a["remembered"] for a in row["payload"]["gate"]["answers"]] == [True, True, False, False]
    assert row["flag_excessive_kicking"] is True
    assert statuses(sync(phone, [log])) == ["duplicate"]


def _patient(database_url):
    from sqlmodel import select

    from app.models import Patient

    with database(database_url) as session:
        patient = session.exec(select(Patient)).one()
        return (patient.crate_rest_start, patient.crate_rest_start_by_owner, patient.prescription_version)


def test_the_owners_crate_rest_start_is_kept_until_the_clinic_sets_one(phone, database_url):
    owners = {"crate_rest_start": "2026-11-02"}
    answer = phone.post("/api/v1/sync", json={"logs": [], "profile": owners})
    assert answer.status_code == 200, answer.text
    # Stored as the owner's, not sent back as the clinic's, and no new prescription version.
    assert answer.json()["prescription"]["crate_rest_start"] is None
    assert _patient(database_url) == (date(2026, 11, 2), True, 1)
    phone.post("/api/v1/sync", json={"logs": [], "profile": {"crate_rest_start": "2026-11-03"}})
    assert _patient(database_url) == (date(2026, 11, 3), True, 1)  # the owner corrected their own date

    set_prescription(database_url, crate_rest_start=date(2026, 11, 1), crate_rest_start_by_owner=False)
    answer = phone.post("/api/v1/sync", json={"logs": [], "profile": owners})
    assert answer.json()["prescription"]["crate_rest_start"] == "2026-11-01"  # the clinic's wins
    assert _patient(database_url) == (date(2026, 11, 1), False, 2)


@pytest.mark.parametrize("day", ["1999-12-31", (date.today() + timedelta(days=3)).isoformat()])
def test_an_implausible_crate_rest_start_is_not_taken_and_the_logs_still_are(phone, database_url, day):
    """A phone whose clock is far off must not lose its logs over its profile."""
    answer = phone.post("/api/v1/sync", json={"logs": [make_log()], "profile": {"crate_rest_start": day}})
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["stored"]
    assert answer.json()["profile_problem"].startswith(f"profile.crate_rest_start: {day} is not a day from 2000-01-01")
    assert _patient(database_url) == (None, False, 1) and len(stored_logs(database_url)) == 1


def test_a_crate_rest_start_that_is_no_date_is_refused_naming_the_field(phone, database_url):
    answer = phone.post("/api/v1/sync", json={"logs": [make_log()], "profile": {"crate_rest_start": "not a date"}})
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "validation_error"), answer.text
    assert [d["field"] for d in answer.json()["error"]["details"]] == ["body.profile.crate_rest_start"]
    assert _patient(database_url) == (None, False, 1) and stored_logs(database_url) == []


@pytest.mark.parametrize(("times", "problem"), [
    ({"started_at": "0001-01-01T00:00:00+14:00"}, "started_at: is before 2000-01-01"),
    ({"started_at": "0001-01-01T00:00:00-12:00"}, "started_at: is before 2000-01-01"),
    ({"ended_at": "9999-12-31T23:59:59-12:00"}, "ended_at: is more than a day after the server received it"),
    ({"started_at": "9999-12-31T23:59:59+14:00", "ended_at": "9999-12-31T23:59:59+14:00"},
     "started_at: is more than a day after the server received it"),
    ({"started_at": "2099-06-01T08:00:00+00:00", "ended_at": "2099-06-01T08:20:00+00:00"},
     "started_at: is more than a day after the server received it"),
    ({"ended_at": "2026-11-23T07:00:00+01:00"}, "ended_at: is before 'started_at'"),
    ({"ended_at": "2026-11-24T08:05:00+01:00"}, "ended_at: is more than 6 hours after 'started_at'"),
], ids=["year-1+14", "year-1-12", "year-9999-12", "year-9999+14", "year-2099", "ended-first", "a-day-long"])
def test_an_implausible_time_is_invalid_with_its_field_and_the_rest_is_stored(phone, database_url, times, problem):
    good, odd, later = make_log(), make_log(**times), make_log()
    answer = sync(phone, [good, odd, later])
    assert statuses(answer) == ["stored", "invalid", "stored"]
    assert problem in answer.json()["results"][1]["message"]
    assert sorted(row["id"] for row in stored_logs(database_url)) == sorted([good["id"], later["id"]])


def _with_text(text: str) -> list[dict]:
    """Logs with `text` in each kind of string field, nested ones too."""
    per = make_log(actions=[{**CALM["actions"][0], "target": {**CALM["actions"][0]["target"], "per": text}}])
    note = make_log(observations={**CALM["observations"], "note": text})
    return [per, note, make_log(dog={**CALM["dog"], "name": text}), make_log(app_build=text)]


@pytest.mark.parametrize(("text", "problem"), [
    ("toes \ud83d", "contains an unpaired surrogate"), ("toes \x00", "contains a NUL character")],
    ids=["lone-surrogate", "nul"])
def test_a_bad_character_in_any_text_is_invalid_with_its_path_and_the_rest_is_stored(phone, database_url, text,
                                                                                      problem):
    good = make_log()
    body = json.dumps({"logs": [good, *_with_text(text)]}).encode()  # escaped: "\ud83d", "\u0000"
    answer = phone.post("/api/v1/sync", content=body, headers={"Content-Type": "application/json"})
    assert statuses(answer) == ["stored"] + ["invalid"] * 4
    messages = [result["message"] for result in answer.json()["results"][1:]]
    for message, path in zip(messages, ["actions[0].target.per", "observations.note", "dog.name", "app_build"]):
        assert message == f"{path}: {problem}" or message.startswith(f"{path}: {problem}"), message
    assert [row["id"] for row in stored_logs(database_url)] == [good["id"]]

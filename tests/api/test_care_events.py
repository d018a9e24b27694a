"""Care events (the bladder emptied) sync like session logs, in the same batches: told apart by
`kind`, stored once, refused one by one with their field's path, and the results that need the
vet become alerts once. On SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
from sqlmodel import select

from app.models import Alert, StoredCareEvent
from app.schemas.care_event import EXAMPLE
from tests.api.test_sync import make_log, phone, statuses, sync  # noqa: F401 (phone: a fixture)
from tests.support.clinic import database, discharge, stored_logs


def bladder(**changes) -> dict:
    event = copy.deepcopy(EXAMPLE)
    event.update({"id": str(uuid.uuid4()), "at": datetime.now(UTC).isoformat(), "result": "normal", **changes})
    return event


def test_a_mixed_batch_stores_each_record_in_its_place_once(phone, database_url):  # noqa: F811
    items = [make_log(), bladder(), bladder(result="blood"), make_log()]
    assert statuses(sync(phone, items)) == ["stored"] * 4
    assert statuses(sync(phone, list(reversed(items)))) == ["duplicate"] * 4
    assert len(stored_logs(database_url)) == 2
    with database(database_url) as session:
        events = session.exec(select(StoredCareEvent).order_by(StoredCareEvent.result)).all()
        assert [(e.kind, e.method, e.result) for e in events] == [("bladder", "expressed", "blood"),
                                                                 ("bladder", "expressed", "normal")]
        [alert] = session.exec(select(Alert)).all()  # blood needs the vet; a normal emptying does not
        assert (alert.kind, alert.care_event_id, alert.log_id) == ("bladder_blood", uuid.UUID(items[2]["id"]), None)


def test_an_event_records_the_language_of_its_content(phone, database_url):  # noqa: F811
    spanish, unnamed = bladder(content_locale="es"), bladder()
    assert statuses(sync(phone, [spanish, unnamed])) == ["stored", "stored"]
    assert statuses(sync(phone, [unnamed])) == ["duplicate"]
    with database(database_url) as session:
        stored = {str(e.id): (e.content_locale, "content_locale" in e.payload) for e in session.exec(select(StoredCareEvent))}
    assert stored == {spanish["id"]: ("es", True), unnamed["id"]: ("en", False)}


def test_each_result_that_needs_the_vet_makes_one_alert(phone, database_url):  # noqa: F811
    events = [bladder(result="none", method="own"), bladder(result="much-harder"), bladder(result="little")]
    assert statuses(sync(phone, events)) == ["stored"] * 3
    assert statuses(sync(phone, events)) == ["duplicate"] * 3
    with database(database_url) as session:
        assert sorted(a.kind for a in session.exec(select(Alert)).all()) == ["bladder_harder", "bladder_none"]


def test_a_bad_event_is_invalid_with_its_path_and_the_rest_is_stored(phone, database_url):  # noqa: F811
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    bad = [bladder(result="pink"), bladder(at=later), bladder(method="own", result="much-harder"),
           bladder(kind="walk"), bladder(note="extra field"), {**bladder(), "at": "2026-13-01T00:00:00Z"}]
    answer = sync(phone, [*bad, bladder()])
    assert statuses(answer) == ["invalid"] * 6 + ["stored"]
    messages = [result["message"] for result in answer.json()["results"][:6]]
    assert messages[0].startswith("result:") and messages[1].startswith("at: is more than a day after")
    assert "'much-harder' is only for a bladder that was expressed" in messages[2]
    assert messages[3].startswith("kind:") and messages[4].startswith("note:") and messages[5].startswith("at:")


def test_a_changed_event_with_a_known_id_is_a_conflict_and_the_first_is_kept(phone, database_url):  # noqa: F811
    event = bladder()
    assert statuses(sync(phone, [event])) == ["stored"]
    assert statuses(sync(phone, [{**event, "result": "little"}])) == ["conflict"]
    with database(database_url) as session:
        assert session.exec(select(StoredCareEvent.result)).all() == ["normal"]


def test_events_after_the_plan_closed_are_kept_on_the_phone(phone, database_url):  # noqa: F811
    discharge(database_url, datetime.now(UTC).date() - timedelta(days=2))
    before = bladder(at=(datetime.now(UTC) - timedelta(days=3)).isoformat())
    assert statuses(sync(phone, [before, bladder()])) == ["stored", "closed"]


def test_the_published_schema_takes_its_example_and_refuses_a_session_log(client):
    schema = client.get("/api/v1/schema/care-event").json()
    assert schema["$id"] == "/api/v1/schema/care-event"
    jsonschema.validate(schema["examples"][0], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(make_log(), schema)

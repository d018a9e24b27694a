"""Storing a batch from a phone, exactly once: session logs, and care events (told apart by their
`kind`; see app/schemas/care_event.py), each kind in its own table.

The record's own UUID (made on the phone) is the key. A log sent again with the same content is a
`duplicate`; with different content it is a `conflict` and the stored one is kept. Concurrent
uploads of the same log meet at the primary key (INSERT ... ON CONFLICT DO NOTHING), so even
two processes racing cannot store a log twice.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError
from sqlalchemy import Table
from sqlmodel import Session, col, select

from app.content.locales import BASE_LOCALE
from app.db import upsert
from app.http.field_paths import field_path
from app.models import Device, StoredCareEvent, StoredSessionLog
from app.models.base import utcnow
from app.schemas.care_event import CareEvent
from app.schemas.session_log import SessionLog
from app.schemas.sync import SyncResult
from app.services.alerts import alert_rows, care_alert_rows, store_alerts
from app.services.linking import note_visit
from app.services.session_flags import flags_of



@dataclass(frozen=True)
class RecordKind:
    """What a batch item is: its schema, its table, the row and alerts it makes, and the column
    of its time (a record from after the clinic closed the plan is refused)."""
    schema: type[BaseModel]
    table: Table
    to_row: Callable[..., dict]
    alerts: Callable[[list[dict]], list[dict]]
    time_column: str


def kind_of(item: Any) -> RecordKind:
    """A care event says its `kind`; a session log (the only thing older phones send) has none."""
    return CARE if isinstance(item, dict) and "kind" in item else SESSION


@dataclass
class CheckedBatch:
    """A batch after checking, before writing: the answers known already (invalid items, repeats
    within the batch) and one row for each distinct valid log, with the index it answers."""
    device: Device
    received_at: datetime
    results: list[SyncResult | None]
    rows: dict[uuid.UUID, dict] = field(default_factory=dict)
    kinds: dict[uuid.UUID, RecordKind] = field(default_factory=dict)
    first_seen: dict[uuid.UUID, int] = field(default_factory=dict)


def check_batch(*, device: Device, items: list[Any]) -> CheckedBatch:
    """Validation, flags and hashes: all the CPU work of a sync, done before the transaction (on
    SQLite, before the one write lock of the database is taken)."""
    batch = CheckedBatch(device=device, received_at=utcnow(), results=[None] * len(items))
    for index, item in enumerate(items):
        kind = kind_of(item)
        try:
            record = kind.schema.model_validate(item, context={"received_at": batch.received_at})
        except ValidationError as exc:
            batch.results[index] = SyncResult(id=_id_as_sent(item), status="invalid", message=_describe(exc))
            continue
        row = kind.to_row(record, device, batch.received_at)
        if record.id in batch.rows:  # the same record twice in one batch
            batch.results[index] = _compare(record.id, stored_hash=batch.rows[record.id]["payload_hash"],
                                            sent_hash=row["payload_hash"])
        else:
            batch.rows[record.id], batch.kinds[record.id], batch.first_seen[record.id] = row, kind, index
    return batch


CLOSED = "Your clinic has closed this plan; your history stays on this phone."


def store_batch(*, session: Session, batch: CheckedBatch, closed_from: datetime | None = None) -> list[SyncResult]:
    """Writes what `check_batch` found new, with the alerts its logs carry; answers the rest from the
    stored hashes. `closed_from`: the patient was discharged, and sessions started from this moment
    on are refused (`closed`); earlier ones, synced late, are still stored."""
    results = batch.results
    if closed_from is not None:
        for log_id in [log_id for log_id, row in batch.rows.items()
                       if row[batch.kinds[log_id].time_column] >= closed_from]:
            del batch.rows[log_id]
            results[batch.first_seen.pop(log_id)] = SyncResult(id=str(log_id), status="closed", message=CLOSED)
    inserted: set[uuid.UUID] = set()
    stored_hashes: dict[uuid.UUID, str] = {}
    for kind in (SESSION, CARE):
        rows = {log_id: row for log_id, row in batch.rows.items() if batch.kinds[log_id] is kind}
        new = _insert_new(session, kind.table, list(rows.values()))
        store_alerts(session, kind.alerts([row for log_id, row in rows.items() if log_id in new]))
        inserted |= new
        stored_hashes |= _stored_hashes(session, kind.table, [log_id for log_id in rows if log_id not in new])
    note_visit(session=session, device=batch.device, now=batch.received_at)
    for log_id, row in batch.rows.items():
        index = batch.first_seen[log_id]
        if log_id in inserted:
            results[index] = SyncResult(id=str(log_id), status="stored")
        else:
            results[index] = _compare(log_id, stored_hash=stored_hashes[log_id], sent_hash=row["payload_hash"])
    return results  # type: ignore[return-value]  (every index is filled above)


def _insert_new(session: Session, table: Table, rows: list[dict]) -> set[uuid.UUID]:
    if not rows:
        return set()
    # Rows as parameters, not in the statement: one cached statement, sent as a batch
    # ("insertmanyvalues"), instead of a new 50-row statement compiled for every request.
    statement = upsert(session, table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
    return set(session.execute(statement, rows).scalars())


def _stored_hashes(session: Session, table: Table, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(table.c.id, table.c.payload_hash).where(col(table.c.id).in_(ids))).all())


def payload_of(record: SessionLog | CareEvent) -> dict:
    """The record as stored and hashed. A phone that names no language (all before there were
    several) leaves content_locale out, so its retries hash as they always did."""
    return record.model_dump(mode="json", exclude={"content_locale"} if record.content_locale is None else None)


def log_row(log: SessionLog, device: Device, received_at) -> dict:
    payload = payload_of(log)
    flags = flags_of(log)
    return {
        "id": log.id, "patient_id": device.patient_id, "device_id": device.id,
        "content_version": log.content_version, "content_locale": log.content_locale or BASE_LOCALE,
        "started_at": log.started_at, "ended_at": log.ended_at,
        "outcome": log.outcome, "stop_reason": log.stop_reason,
        "flag_excessive_kicking": flags.excessive_kicking, "flag_pain": flags.pain,
        "flag_red_flag": flags.red_flag, "flag_not_urinated": flags.not_urinated,
        "payload": payload, "payload_hash": payload_hash(payload), "received_at": received_at,
    }


def care_row(event: CareEvent, device: Device, received_at) -> dict:
    payload = payload_of(event)
    return {
        "id": event.id, "patient_id": device.patient_id, "device_id": device.id, "kind": event.kind,
        "content_version": event.content_version, "content_locale": event.content_locale or BASE_LOCALE,
        "at": event.at, "method": event.method, "result": event.result,
        "payload": payload, "payload_hash": payload_hash(payload), "received_at": received_at,
    }


SESSION = RecordKind(SessionLog, StoredSessionLog.__table__, log_row, alert_rows, "started_at")
CARE = RecordKind(CareEvent, StoredCareEvent.__table__, care_row, care_alert_rows, "at")


def payload_hash(payload: dict) -> str:
    """Of the validated log, so key order and spacing never make a false conflict. (The bytes are
    those of json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False): logs hold no
    floats, the one place the two encoders differ.)"""
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _compare(log_id: uuid.UUID, *, stored_hash: str, sent_hash: str) -> SyncResult:
    if stored_hash == sent_hash:
        return SyncResult(id=str(log_id), status="duplicate")
    return SyncResult(id=str(log_id), status="conflict",
                      message="a different log with this id is already stored; the stored one is kept")


def _id_as_sent(item: Any) -> str | None:
    """The id as sent, to name the item in the answer, when it can be sent back as it is."""
    raw = item.get("id") if isinstance(item, dict) else None
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        raw.encode("utf-8")  # JSON may carry lone surrogates ("\ud800") that UTF-8 cannot
    except UnicodeEncodeError:
        return None
    return raw


def _describe(exc: ValidationError, most: int = 3) -> str:
    problems = [f"{field_path(err['loc']) or '(the log)'}: {err['msg']}" for err in exc.errors()]
    more = f" (and {len(problems) - most} more)" if len(problems) > most else ""
    return "; ".join(problems[:most]) + more


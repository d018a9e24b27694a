"""Reminders pushed to owners' phones: planned from the dog's session times (and the bladder's
last emptying), each sent once, whatever the number of processes or hosts.

Planning writes a `reminder` row per session time for the next day and a half; its unique
(patient, kind, due_at) makes planning by two processes at once harmless. Sending claims due rows
first, in one short transaction (UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) on
PostgreSQL; SQLite has one writer at a time): a row is claimed by one process only, and sent by
it. A process that dies between claiming and sending loses that reminder rather than risk sending
it twice: a missed reminder is an annoyance, the same one twice a nuisance that gets them turned off.

A reminder is skipped when its session was logged already (since halfway from the session before),
or the bladder emptied since; and given up ("missed") when it is found more than
`LATE_AFTER` past its time (a server that was down): a reminder for 08:00 at noon helps no one.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete, exists, or_, update
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import session_scope, upsert, writer
from app.errors import AppError
from app.models import Patient, PushSubscription, Reminder, ServerKey, StoredCareEvent, StoredSessionLog
from app.models.base import utcnow
from app.services import web_push
from app.services.secrets import hash_secret

log = logging.getLogger("ivdd.reminders")

PLAN_AHEAD = timedelta(hours=36)
REPLAN_WHEN_LEFT = timedelta(hours=12)
LATE_AFTER = timedelta(minutes=30)
SNOOZE = timedelta(minutes=30)
CLAIM_BATCH = 100
_TABLE = Reminder.__table__


# Planning --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    label: str  # "14:00"
    due_at: datetime  # UTC
    window_start: datetime  # halfway from the slot before


def session_slots(times: list[str], zone: str, start: datetime, end: datetime) -> list[Slot]:
    """The dog's session times that fall in (start, end], as UTC instants of its own time zone
    (a summer-time change moves them with the clock on the wall, as the owner expects)."""
    tz = ZoneInfo(zone)
    clock = sorted(times)
    first_day = start.astimezone(tz).date() - timedelta(days=1)  # the slot before the first one is needed too
    instants = []
    day = first_day
    while day <= end.astimezone(tz).date():
        for label in clock:
            hours, minutes = map(int, label.split(":"))
            instants.append((label, datetime.combine(day, time(hours, minutes), tz).astimezone(UTC)))
        day += timedelta(days=1)
    slots = []
    for (_, before), (label, due) in zip(instants, instants[1:]):
        if start < due <= end:
            slots.append(Slot(label, due, due - (due - before) / 2))
    return slots


def plan_sessions(session: Session, now: datetime) -> int:
    """Plan the coming session reminders of every dog whose phone takes pushes and whose plan
    runs out soon. Returns how many dogs were planned."""
    patients = session.exec(
        select(Patient).where(col(Patient.session_times).is_not(None), col(Patient.time_zone).is_not(None),
                              col(Patient.discharged_on).is_(None),
                              or_(col(Patient.reminders_planned_until).is_(None),
                                  col(Patient.reminders_planned_until) < now + REPLAN_WHEN_LEFT),
                              _has_push())).all()
    for patient in patients:
        rows = [{"id": uuid.uuid4(), "patient_id": patient.id, "kind": "session", "label": slot.label,
                 "due_at": slot.due_at, "window_start": slot.window_start, "state": "pending", "created_at": now}
                for slot in session_slots(patient.session_times, patient.time_zone, now, now + PLAN_AHEAD)]
        if rows:
            session.execute(upsert(session, _TABLE).on_conflict_do_nothing(
                index_elements=["patient_id", "kind", "due_at"]), rows)
        session.execute(update(Patient.__table__).where(Patient.__table__.c.id == patient.id)
                        .values(reminders_planned_until=now + PLAN_AHEAD))
    return len(patients)


def _has_push():
    return exists(web_push.linked_subscriptions(Patient.id, PushSubscription.id))


def times_changed(session: Session, patient: Patient, now: datetime) -> None:
    """The owner moved the session times: the reminders not sent yet are planned again."""
    session.execute(delete(Reminder).where(Reminder.patient_id == patient.id, Reminder.kind == "session",
                                           Reminder.state == "pending", col(Reminder.due_at) > now))
    patient.reminders_planned_until = None


def plan_bladder(session: Session, patient: Patient, now: datetime) -> None:
    """After a bladder record arrives: one reminder when the clinic's interval has passed since the
    latest emptying (none without the clinic's interval: the app never invents one)."""
    session.execute(delete(Reminder).where(Reminder.patient_id == patient.id, Reminder.kind == "bladder",
                                           Reminder.state == "pending"))
    last = session.exec(select(StoredCareEvent.at).where(StoredCareEvent.patient_id == patient.id,
                                                         StoredCareEvent.kind == "bladder")
                        .order_by(col(StoredCareEvent.at).desc()).limit(1)).first()
    if last is None or not patient.bladder_interval_hours or patient.discharged_on:
        return
    due = last + timedelta(hours=patient.bladder_interval_hours)
    if due + LATE_AFTER < now:
        return  # overdue long ago: the home card and the clinic's worklist say so, not a late push
    session.execute(upsert(session, _TABLE).values(
        id=uuid.uuid4(), patient_id=patient.id, kind="bladder", label="", due_at=due, window_start=last,
        state="pending", created_at=now).on_conflict_do_nothing(index_elements=["patient_id", "kind", "due_at"]))


# Sending ---------------------------------------------------------------------------------------

def claim_due(session: Session, now: datetime, limit: int = CLAIM_BATCH) -> list[uuid.UUID]:
    """Mark due reminders "sending" and return their ids: rows another process holds are skipped
    (SKIP LOCKED), and a row's state is checked again by the UPDATE itself."""
    due = (select(Reminder.id).where(Reminder.state == "pending", col(Reminder.due_at) <= now)
           .order_by(col(Reminder.due_at)).limit(limit).with_for_update(skip_locked=True))
    claimed = session.execute(update(_TABLE).where(_TABLE.c.id.in_(due.scalar_subquery()), _TABLE.c.state == "pending")
                              .values(state="sending").returning(_TABLE.c.id))
    return [row[0] for row in claimed]


@dataclass
class Outgoing:
    reminder_id: uuid.UUID
    message: dict
    subscriptions: list[PushSubscription]


def prepare(session: Session, reminder_ids: list[uuid.UUID], now: datetime) -> list[Outgoing]:
    """Decide each claimed reminder: skipped, missed, or to send (with its message and a snooze key)."""
    outgoing = []
    for reminder in session.exec(select(Reminder).where(col(Reminder.id).in_(reminder_ids))):
        patient = session.get(Patient, reminder.patient_id)
        subscriptions = web_push.subscriptions_of(session, patient.id)
        verdict = _verdict(session, reminder, patient, now, subscriptions)
        if verdict:
            reminder.state = verdict
            session.add(reminder)
            continue
        key = secrets.token_urlsafe(24)
        reminder.snooze_hash = hash_secret(key)
        session.add(reminder)
        outgoing.append(Outgoing(reminder.id, message_of(reminder, patient, key), subscriptions))
    return outgoing


def _verdict(session: Session, reminder: Reminder, patient: Patient, now: datetime,
             subscriptions: list[PushSubscription]) -> str | None:
    if now - reminder.due_at > LATE_AFTER:
        return "missed"
    if not subscriptions or patient.discharged_on:
        return "skipped"
    if reminder.kind == "session":
        done = exists().where(StoredSessionLog.patient_id == patient.id,
                              col(StoredSessionLog.started_at) >= reminder.window_start)
    else:
        done = exists().where(StoredCareEvent.patient_id == patient.id, col(StoredCareEvent.at) > reminder.window_start)
    return "skipped" if session.exec(select(done)).one() else None


def message_of(reminder: Reminder, patient: Patient, snooze_key: str) -> dict:
    """What the service worker shows (web/sw.js): the words are made here, where the dog's name
    and its time zone are known; the phone adds its own dog id per subscription (`dog`)."""
    zone = ZoneInfo(patient.time_zone or "UTC")
    if reminder.kind == "session":
        times = sorted(patient.session_times or [])
        number = times.index(reminder.label) + 1 if reminder.label in times else None
        facts = {"dog": patient.dog_name, "time": reminder.label, "number": number, "count": len(times)}
        of = f"Session {number} of {len(times)}" if number else "A session"
        title = f"{patient.dog_name}: time for the exercises"
        body = f"{of}, planned for {reminder.label}. Start when {patient.dog_name} is calm: the safety check comes first."
    else:
        facts = {"dog": patient.dog_name, "emptied": reminder.window_start.astimezone(zone).strftime("%H:%M"),
                 "due": reminder.due_at.astimezone(zone).strftime("%H:%M")}
        title = f"{patient.dog_name}: bladder due"
        body = f"Emptied at {facts['emptied']}; due by {facts['due']}. Empty it now, then record it in the app."
    # `facts`: the worker says the same in the phone's own language (web/sw.js); the English words
    # stay for a worker from before it did.
    return {"kind": reminder.kind, "title": title, "body": body, "facts": facts, "reminder": str(reminder.id),
            "snooze_key": snooze_key, "due_at": reminder.due_at.isoformat(), "tag": f"ivdd-{reminder.kind}-{patient.id}"}


def send_due(engine: Engine, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """One pass of the scheduler: plan, claim, send, record. Each step its own short transaction,
    and no transaction is open while a push service is being called. Returns counts, for logs."""
    now = now or utcnow()
    with session_scope(writer(engine)) as session:
        plan_sessions(session, now)
        claimed = claim_due(session, now)
    if not claimed:
        return {"claimed": 0}
    with session_scope(writer(engine)) as session:
        outgoing = prepare(session, claimed, now)
        key = session.get(ServerKey, web_push.VAPID)
    deliveries = {}
    with web_push.http_session() as http:
        for item in outgoing:
            deliveries[item.reminder_id] = [
                web_push.send(subscription=subscription, key=key, contact=settings.vapid_contact, http=http,
                              message={**item.message, "dog": str(subscription.app_dog_id)},
                              ttl_seconds=int(LATE_AFTER.total_seconds()))
                for subscription in item.subscriptions]
    with session_scope(writer(engine)) as session:
        for reminder_id, results in deliveries.items():
            sent = any(result.outcome == "sent" for result in results)
            session.execute(update(_TABLE).where(_TABLE.c.id == reminder_id)
                            .values(state="sent" if sent else "failed", sent_at=now if sent else None))
            gone = [result.subscription_id for result in results if result.outcome == "gone"]
            if gone:
                session.execute(delete(PushSubscription).where(col(PushSubscription.id).in_(gone)))
            for result in results:
                if result.outcome == "failed":
                    log.warning("reminder %s not delivered: %s", reminder_id, result.detail)
    return {"claimed": len(claimed), "sent": sum(any(r.outcome == "sent" for r in rs) for rs in deliveries.values())}


# "In 30 minutes" -------------------------------------------------------------------------------

def snooze(session: Session, reminder_id: uuid.UUID, key: str, now: datetime) -> datetime:
    """The reminder again in 30 minutes, once per reminder. The key came in the encrypted message:
    only the phone it was sent to can snooze it."""
    reminder = session.get(Reminder, reminder_id)
    if reminder is None or not reminder.snooze_hash or not hmac.compare_digest(reminder.snooze_hash, hash_secret(key)):
        raise AppError("No such reminder.", 404, "reminder_not_found")
    taken = session.execute(update(_TABLE).where(_TABLE.c.id == reminder_id, _TABLE.c.snoozed_at.is_(None))
                            .values(snoozed_at=now).returning(_TABLE.c.id)).first()
    if taken is None:
        raise AppError("This reminder was put off already.", 409, "already_snoozed")
    due = now + SNOOZE
    session.execute(upsert(session, _TABLE).values(
        id=uuid.uuid4(), patient_id=reminder.patient_id, kind=reminder.kind, label=reminder.label, due_at=due,
        window_start=reminder.window_start, state="pending", created_at=now)
        .on_conflict_do_nothing(index_elements=["patient_id", "kind", "due_at"]))
    return due

"""One patient's page: the timeline of sessions, a 28-day calendar (with the bladder's), the
bladder records of the last days, kicking per leg over time, the linked phones, and the QR code
of a new invite."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import segno
from markupsafe import Markup
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import AppError
from app.i18n import _, language_name
from app.models import Clinic, Device, Patient, PushSubscription, StoredCareEvent, StoredSessionLog
from app.models.base import utcnow
from app.services.web_push import linked_subscriptions
from app.services.patient_list import (COUNTED_OUTCOME, clinic_today, crate_rest_progress, days_up_to,
                                       first_due_day, judge_week, pt_starts)
from app.services.targets import target_history
from app.services import audit
from app.services.alert_words import STOP_REASONS, ContentWords, action_stops, log_concern_words
from app.services.alerts import CARE_ALERTS, kinds_of_log
from app.services.clinic_time import local_time, log_start, plausible

CALENDAR_DAYS = 28
TIMELINE_BLADDER_MOST = 200  # bladder records between one page's sessions (a month at 6 a day)
BLADDER_DAYS = 14  # the bladder records listed on the page (the calendar counts 28 days of them)
TIMELINE_PAGE = 25
KICKING_LEVEL = {"none": 0, "a_little": 1, "excessive": 2}
@dataclass
class TimelineEntry:
    log: StoredSessionLog
    local_start: datetime | None  # None: unknown (services/clinic_time.py)
    minutes: int
    legs: list[tuple[str, int, int]]  # (leg, actions completed, actions in all)
    kicking: dict[str, str]
    pain_signs: bool | None
    urinated: str | None
    note: str
    stop_reason: str | None
    stop_note: str | None
    blocked_by: str | None
    action_stops: list[str]  # e.g. "Rub the foot, right back leg: stopped for excessive kicking"
    extra: bool  # started after the day's target was met, the owner having confirmed it
    concerns: list[str]  # each alert-worthy concern in words, as on the worklist
    kind = "session"

    @property
    def at(self) -> datetime:
        return self.log.started_at


@dataclass
class CalendarDay:
    day: date
    target: int = 2  # sessions a day prescribed for this day
    done: int = 0  # completed sessions: the ones that count toward the target
    stopped: int = 0
    blocked: int = 0
    flagged: bool = False
    future: bool = False
    due: bool = True  # False before the patient's first due day: an empty day there is no miss
    bladder: int = 0  # bladder records (emptied, or seen to empty)
    bladder_alarm: bool = False  # one of them needs the vet (nothing came, blood, much harder)

    @property
    def counted(self) -> int:
        return min(self.done, self.target)

    @property
    def extra(self) -> int:
        """Completed sessions beyond the day's target: shown as extra, never as more than met."""
        return max(0, self.done - self.target)


@dataclass
class PatientDetails:
    today: date
    target_per_day: int
    timeline: list[TimelineEntry]
    total_sessions: int
    calendar: list[CalendarDay]
    kicking_series: dict[str, list[tuple[date, int]]]  # leg -> (day, worst kicking that day: 0-2)
    devices: list[Device]
    done_last_week: int  # in the 7 whole days before today, as on the patient list
    due_last_week: int
    extra_last_week: int
    pt_starts: date | None  # passive PT approved from a day still to come
    last_session: tuple[datetime, str] | None = None  # (when, in the clinic's zone; its outcome), on any page
    content_language: str | None = None  # the routine's language on the owner's phone, as of its last session
    timeline_page: int = 1
    timeline_pages: int = 1
    crate_rest_day: int | None = None
    crate_rest_days: int | None = None
    weeks: list[list[CalendarDay]] = field(default_factory=list)
    bladder: list[BladderEntry] = field(default_factory=list)  # the last BLADDER_DAYS days, newest first
    # The page of sessions with the bladder records of the same span between them, newest first.
    timeline_items: list[TimelineEntry | BladderEntry] = field(default_factory=list)
    pushed_devices: set[uuid.UUID] = field(default_factory=set)  # phones that take reminders by push


@dataclass
class BladderEntry:
    local_at: datetime | None  # None: unknown (services/clinic_time.py)
    method: str  # "own" | "expressed"
    result: str  # a content result id: "normal", "little", "none", "blood", "much-harder"
    alarm: bool
    at: datetime | None = None  # as stored: the timeline's order
    kind = "bladder"


def details(*, session: Session, clinic: Clinic, patient: Patient, now: datetime, page: int = 1,
            content: ContentWords | None = None) -> PatientDetails:
    """`content`: the content's words for action, question and leg ids (ids are shown where one
    is missing)."""
    zone = ZoneInfo(clinic.timezone)
    today, day_start = clinic_today(clinic, now)
    first_day = today - timedelta(days=CALENDAR_DAYS - 1)
    since = day_start - timedelta(days=CALENDAR_DAYS - 1)
    total = _count(session, patient.id)
    pages = max(1, -(-total // TIMELINE_PAGE))
    page = min(max(1, page), pages)
    logs = session.exec(select(StoredSessionLog).where(StoredSessionLog.patient_id == patient.id)
                        .order_by(col(StoredSessionLog.started_at).desc())
                        .offset((page - 1) * TIMELINE_PAGE).limit(TIMELINE_PAGE)).all()
    month = session.exec(select(StoredSessionLog).where(StoredSessionLog.patient_id == patient.id,
                                                        col(StoredSessionLog.started_at) >= since)).all()
    due_from = first_due_day(patient, zone)
    targets = target_history(session=session, patient=patient, zone=zone)
    calendar = {day: CalendarDay(day, target=targets.on(day), due=day >= due_from)
                for day in days_up_to(today, CALENDAR_DAYS)}
    kicking: dict[str, dict[date, int]] = {leg: {} for leg in (patient.legs or [])}
    for log in month:
        start = log_start(log, zone)
        day = calendar.get(start.date()) if start else None
        if day is None:
            continue
        day.done += log.outcome == COUNTED_OUTCOME
        day.stopped += log.outcome == "stopped"
        day.blocked += log.outcome == "blocked"
        day.flagged = day.flagged or log.flag_red_flag or log.flag_pain or log.flag_excessive_kicking
        for leg, level in kicking_levels(log.payload).items():
            worst = kicking.setdefault(leg, {})
            worst[day.day] = max(worst.get(day.day, 0), level)
    bladder = _bladder(session, patient, zone, since, calendar)
    days = list(calendar.values())
    due, done, extra = judge_week(patient, today, zone, targets, {day.day: day.done for day in days})
    result = PatientDetails(
        today=today, target_per_day=targets.on(today),
        timeline=[_entry(log, zone, content or ContentWords()) for log in logs],
        total_sessions=total,
        calendar=days, kicking_series={leg: sorted(series.items()) for leg, series in kicking.items()},
        devices=list(session.exec(select(Device).where(Device.patient_id == patient.id)
                                  .order_by(col(Device.created_at).desc()))),
        done_last_week=done, due_last_week=due, extra_last_week=extra, pt_starts=pt_starts(patient, today),
        timeline_page=page, timeline_pages=pages)
    newest = session.exec(select(StoredSessionLog.started_at, StoredSessionLog.outcome, StoredSessionLog.content_locale)
                          .where(StoredSessionLog.patient_id == patient.id,
                                 plausible(col(StoredSessionLog.started_at), now))
                          .order_by(col(StoredSessionLog.started_at).desc()).limit(1)).first()
    result.last_session = (local_time(newest[0], zone), newest[1]) if newest else None
    result.content_language = language_name(newest[2]) if newest else None
    result.crate_rest_day, result.crate_rest_days = crate_rest_progress(patient, today)
    # Calendar rows of Monday-Sunday weeks, padded before the first day.
    padded = [None] * first_day.weekday() + days
    result.weeks = [padded[i:i + 7] for i in range(0, len(padded), 7)]
    result.pushed_devices = set(session.exec(linked_subscriptions(patient.id, PushSubscription.device_id)))
    result.timeline_items = _with_bladder(session, patient, zone, logs, result.timeline, page, pages)
    listed_from = today - timedelta(days=BLADDER_DAYS - 1)
    result.bladder = [entry for entry in bladder if entry.local_at and entry.local_at.date() >= listed_from]
    return result


def _with_bladder(session: Session, patient: Patient, zone: ZoneInfo, logs: list[StoredSessionLog],
                  entries: list[TimelineEntry], page: int, pages: int) -> list[TimelineEntry | BladderEntry]:
    """The bladder records that fall between this page's sessions, merged in by time: from its
    oldest session (the last page: from the start) to the session just before it (page 1: now)."""
    query = select(StoredCareEvent).where(StoredCareEvent.patient_id == patient.id)
    if logs and page < pages:
        query = query.where(col(StoredCareEvent.at) >= logs[-1].started_at)
    if page > 1:
        newer = session.exec(select(StoredSessionLog.started_at).where(StoredSessionLog.patient_id == patient.id)
                             .order_by(col(StoredSessionLog.started_at).desc())
                             .offset((page - 1) * TIMELINE_PAGE - 1).limit(1)).first()
        query = query.where(col(StoredCareEvent.at) < newer)
    events = session.exec(query.order_by(col(StoredCareEvent.at).desc()).limit(TIMELINE_BLADDER_MOST)).all()
    bladder = [_bladder_entry(event, zone) for event in events]
    return sorted([*entries, *bladder], key=lambda entry: entry.at, reverse=True)


def _bladder_entry(event: StoredCareEvent, zone: ZoneInfo) -> BladderEntry:
    return BladderEntry(local_time(event.at, zone, event.received_at), event.method, event.result,
                        event.result in CARE_ALERTS, event.at)


def _bladder(session: Session, patient: Patient, zone: ZoneInfo, since: datetime,
             calendar: dict[date, CalendarDay]) -> list[BladderEntry]:
    """The patient's bladder records since `since`, newest first, counted into the calendar's days."""
    events = session.exec(select(StoredCareEvent).where(StoredCareEvent.patient_id == patient.id,
                                                        col(StoredCareEvent.at) >= since)
                          .order_by(col(StoredCareEvent.at).desc())).all()
    entries = []
    for event in events:
        entry = _bladder_entry(event, zone)
        local_at = entry.local_at
        day = calendar.get(local_at.date()) if local_at else None
        if day is not None:
            day.bladder += 1
            day.bladder_alarm = day.bladder_alarm or entry.alarm
        entries.append(entry)
    return entries


def _count(session: Session, patient_id: uuid.UUID) -> int:
    return session.exec(select(func.count()).select_from(StoredSessionLog)
                        .where(StoredSessionLog.patient_id == patient_id)).one()


def kicking_levels(payload: dict) -> dict[str, int]:
    """Each leg's kicking in one session (0 none, 1 a little, 2 excessive): as the owner rated it,
    and excessive wherever an action on that leg was stopped for it."""
    seen = (payload.get("observations") or {}).get("kicking") or {}
    levels = {leg: KICKING_LEVEL.get(level, 0) for leg, level in seen.items()}
    for action in payload.get("actions", []):
        if action.get("stop_reason") == "excessive_kicking" and action.get("leg"):
            levels[action["leg"]] = KICKING_LEVEL["excessive"]
    return levels


def _entry(log: StoredSessionLog, zone: ZoneInfo, content: ContentWords) -> TimelineEntry:
    payload = log.payload
    per_leg: dict[str, list[int]] = {}
    for action in payload.get("actions", []):
        counts = per_leg.setdefault(action.get("leg") or "both", [0, 0])
        counts[1] += 1
        counts[0] += action.get("status") == "completed"
    seen = payload.get("observations") or {}
    return TimelineEntry(
        log=log, local_start=log_start(log, zone),
        minutes=max(0, round((log.ended_at - log.started_at).total_seconds() / 60)),
        legs=[(leg, done, total) for leg, (done, total) in per_leg.items()],
        kicking=seen.get("kicking") or {}, pain_signs=seen.get("pain_signs"), urinated=seen.get("urinated"),
        note=seen.get("note") or "", stop_reason=STOP_REASONS.get(log.stop_reason) if log.stop_reason else None,
        stop_note=payload.get("stop_note"), blocked_by=(payload.get("gate") or {}).get("blocked_by"),
        action_stops=action_stops(payload, content), extra=bool(payload.get("extra")),
        concerns=[log_concern_words(kind, payload, content=content) for kind in kinds_of_log(log) if kind != "blocked"])


def revoke_device(*, session: Session, patient: Patient, device_id: uuid.UUID, actor: str) -> Device:
    """Disconnect one of the patient's phones (once: in the patient's history once too)."""
    device = session.get(Device, device_id)
    if device is None or device.patient_id != patient.id:
        raise AppError(_("There is no such phone for this patient."), 404, "not_found")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        session.add(device)
        audit.record(session=session, actor=actor, patient=patient, action="device_revoked",
                     detail=device.label or "a phone")
    return device


def qr_svg(link: str) -> Markup:
    """The invite link as an SVG QR code, drawn on the server (no script, no third party)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", xmldecl=False, svgns=True, scale=5, border=2,
                                     title=_("QR code of the invite link"), svgclass="qr", lineclass=None)
    return Markup(out.getvalue().decode())  # made by segno from our own link: safe to embed

"""Exports of one patient's sessions: a CSV file for spreadsheets, and the 14-day visit summary."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from app.i18n import N_, _
from app.models import Clinic, Device, NeuroGrade, Patient, StoredSessionLog
from app.services.alert_words import STOP_REASONS
from app.services.alerts import AlertLine, alerts_for_record
from app.services.clinic_time import UNKNOWN, local_time, log_start
from app.services.neuro_grades import grades_of
from app.services.patient_list import COUNTED_OUTCOME, clinic_today, days_up_to, first_due_day
from app.services.patient_page import KICKING_LEVEL, kicking_levels
from app.services.prescriptions import LEGS
from app.services.targets import target_history

SUMMARY_DAYS = 14
# The header row, in the reader's language (English: these names as written); the cells below stay
# data (ids, ISO dates and times, the logs' own codes), whatever the language.
COLUMNS = [N_("patient_id"), N_("dog_name"), N_("session_id"), N_("device"), N_("date"), N_("time"),
           N_("started_at"), N_("ended_at"), N_("received_at"), N_("minutes"), N_("outcome"), N_("extra"),
           N_("stop_reason"), N_("stop_note"), N_("blocked_by"), N_("legs"), N_("actions_completed"),
           N_("actions_total"), N_("actions_stopped"),
           # kicking_<leg>, one per leg of LEGS, in its order (written out: each is a message to translate)
           N_("kicking_left_hind"), N_("kicking_right_hind"), N_("kicking_left_front"), N_("kicking_right_front"),
           N_("pain_signs"), N_("urinated"), N_("note"), N_("flag_red_flag"), N_("flag_pain"),
           N_("flag_excessive_kicking"), N_("flag_not_urinated"), N_("content_version"), N_("content_locale")]
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def file_name(patient: Patient, now: datetime) -> str:
    safe = re.sub(r"[^A-Za-z0-9]+", "-", patient.dog_name).strip("-") or "patient"
    return f"{safe}-sessions-{now.date().isoformat()}.csv"


def sessions_csv(*, session: Session, clinic: Clinic, patient: Patient) -> bytes:
    """Every session, oldest first, in the clinic's time zone. A BOM so Excel reads UTF-8; cells
    that a spreadsheet would run as a formula are quoted with a leading apostrophe."""
    zone = ZoneInfo(clinic.timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_(column) for column in COLUMNS])
    logs = session.exec(select(StoredSessionLog).where(StoredSessionLog.patient_id == patient.id)
                        .order_by(col(StoredSessionLog.started_at))).all()
    devices = {device.id: device.label or str(device.id) for device in
               session.exec(select(Device).where(Device.patient_id == patient.id))}
    for log in logs:
        payload = log.payload
        actions = payload.get("actions", [])
        seen = payload.get("observations") or {}
        started, ended = log_start(log, zone), local_time(log.ended_at, zone, log.received_at)
        kicking = seen.get("kicking") or {}
        writer.writerow([_cell(value) for value in [
            patient.id, patient.dog_name, log.id, devices.get(log.device_id, ""),
            started.date().isoformat() if started else UNKNOWN, started.strftime("%H:%M") if started else UNKNOWN,
            started.isoformat(timespec="minutes") if started else UNKNOWN,
            ended.isoformat(timespec="minutes") if ended else UNKNOWN,
            log.received_at.astimezone(zone).isoformat(timespec="minutes"),
            round((log.ended_at - log.started_at).total_seconds() / 60), log.outcome,
            _yes_no(bool(payload.get("extra"))), log.stop_reason or "",
            payload.get("stop_note") or "", (payload.get("gate") or {}).get("blocked_by") or "",
            " ".join(payload.get("legs", [])), sum(a.get("status") == "completed" for a in actions), len(actions),
            " ".join(f"{a.get('leg') or 'session'}:{a['action_id']}:{a.get('stop_reason')}"
                     for a in actions if a.get("status") == "stopped"),
            *(kicking.get(leg, "") for leg in LEGS),
            _yes_no(seen.get("pain_signs")), seen.get("urinated") or "", seen.get("note") or "",
            _yes_no(log.flag_red_flag), _yes_no(log.flag_pain), _yes_no(log.flag_excessive_kicking),
            _yes_no(log.flag_not_urinated), log.content_version, log.content_locale]])
    return ("\ufeff" + out.getvalue()).encode()


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


@dataclass
class SummaryDay:
    day: date
    target: int = 2  # the sessions a day in force that day
    done: int = 0  # completed sessions: the ones that count toward the target
    red_flags: list[str] = field(default_factory=list)  # the red-flag questions answered
    stopped: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    kicking: set[str] = field(default_factory=set)
    pain: bool = False
    not_urinated: bool = False
    notes: list[str] = field(default_factory=list)
    due: bool = True  # sessions were due this day (see patient_list.first_due_day)

    @property
    def extra(self) -> int:
        return max(0, self.done - self.target)


@dataclass
class VisitSummary:
    first_day: date
    today: date
    target_per_day: int  # today's
    days: list[SummaryDay]
    made_at: datetime
    alerts: list[AlertLine] = field(default_factory=list)  # of the period, and any still open
    grades: list[NeuroGrade] = field(default_factory=list)

    @property
    def total_done(self) -> int:
        return sum(day.done for day in self.days)

    @property
    def days_on_target(self) -> int:
        return sum(day.due and day.done >= day.target for day in self.days)

    @property
    def targets_changed(self) -> bool:
        return len({day.target for day in self.days}) > 1

    @property
    def days_due(self) -> int:
        return sum(day.due for day in self.days)


def visit_summary(*, session: Session, clinic: Clinic, patient: Patient, now: datetime) -> VisitSummary:
    zone = ZoneInfo(clinic.timezone)
    today, day_start = clinic_today(clinic, now)
    first_day = today - timedelta(days=SUMMARY_DAYS - 1)
    due_from = first_due_day(patient, zone)
    targets = target_history(session=session, patient=patient, zone=zone)
    days = {day: SummaryDay(day, target=targets.on(day), due=day >= due_from) for day in days_up_to(today, SUMMARY_DAYS)}
    since = day_start - timedelta(days=SUMMARY_DAYS - 1)
    logs = session.exec(select(StoredSessionLog).where(
        StoredSessionLog.patient_id == patient.id,
        col(StoredSessionLog.started_at) >= day_start - timedelta(days=SUMMARY_DAYS - 1)).order_by(
        col(StoredSessionLog.started_at))).all()
    for log in logs:
        start = log_start(log, zone)
        day = days.get(start.date()) if start else None
        if day is None:
            continue
        seen = log.payload.get("observations") or {}
        if log.outcome == "blocked":
            question = (log.payload.get("gate") or {}).get("blocked_by") or _("safety check")
            (day.red_flags if log.flag_red_flag else day.blocked).append(question)
            continue
        day.done += log.outcome == COUNTED_OUTCOME
        if log.outcome == "stopped":
            day.stopped.append(STOP_REASONS.get(log.stop_reason, log.stop_reason or ""))
        day.kicking |= {leg for leg, level in kicking_levels(log.payload).items()
                       if level == KICKING_LEVEL["excessive"]}
        day.pain = day.pain or log.flag_pain
        day.not_urinated = day.not_urinated or log.flag_not_urinated
        if seen.get("note"):
            day.notes.append(seen["note"])
    return VisitSummary(first_day=first_day, today=today, made_at=now.astimezone(zone), target_per_day=targets.on(today),
                        days=list(days.values()), alerts=alerts_for_record(session=session, patient=patient, since=since),
                        grades=grades_of(session=session, patient_id=patient.id))

"""The dashboard's patient list: every patient of a clinic, the ones who need a call first.

Risk tiers, in order, from the alerts staff have not handled yet (services/alerts.py), whatever
their age and however late they arrived:
  0  an open red flag (the owner was told to call the vet now)
  1  open pain or excessive kicking
  2  an open safety-check block
  3  fewer sessions completed than prescribed in the 7 whole days before today (today is not over),
     each day judged by the prescription in force on it (services/targets.py), counting only days
     after the patient was added and from the day passive PT was approved; or a recheck due
  4  the rest
Discharged patients are listed apart (`discharged=True`).
A constant number of queries whatever the number of patients: the patients with their last
session, one aggregate over the last week of their logs (from one covering index), one over the
open alerts, and the prescriptions' history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, case, func, or_
from sqlmodel import Session, col, select

from app.i18n import N_, Words, _
from app.models import Alert, Clinic, Patient, StoredSessionLog
from app.services.alerts import KIND_LABELS, crate_rest_last_day, open_computed
from app.services.clinic_time import aware, plausible
from app.services.targets import DEFAULT_SESSIONS_PER_DAY, TargetHistory, target_histories

WEEK_DAYS = 7
TIERS = (N_("Red flag"), N_("Pain, kicking or bladder"), N_("Blocked by the safety check"), N_("Below target"),
         N_("On track"))  # translated where shown: PatientRow.tier_label
# A row's badges besides its open alerts' kinds (alerts.KIND_LABELS).
BADGES = Words({"no_sessions": N_("No sessions yet"), "below_target": N_("Below target")})
ALERT_TIERS = {"red_flag": 0, "pain": 1, "bladder_none": 1, "bladder_blood": 1, "bladder_harder": 1,
               "excessive_kicking": 1, "bladder_overdue": 1, "blocked": 2, "recheck_due": 3, "not_urinated": 4}
# Sessions a day are a ceiling, not a score: only a completed session counts toward the target
# (list, calendar, visit summary). A stopped one is shown everywhere, but never counted.
COUNTED_OUTCOME = "completed"


@dataclass
class PatientRow:
    patient: Patient
    tier: int = 4
    done_today: int = 0  # completed sessions (see COUNTED_OUTCOME)
    done_last_week: int = 0  # sessions completed in the 7 whole days before today, up to each day's target
    extra_last_week: int = 0  # and those beyond it
    target_per_day: int = DEFAULT_SESSIONS_PER_DAY  # today's
    due_last_week: int = 0  # and how many the prescriptions in force asked for in them
    pt_starts: date | None = None  # passive PT approved from a day still to come
    last_session_at: datetime | None = None
    flags: list[tuple[str, int]] = field(default_factory=list)  # (alert kind or BADGES key, how many)
    latest_concern_at: datetime | None = None
    crate_rest_day: int | None = None
    crate_rest_days: int | None = None
    open_alerts: int = 0
    rest_ended_days_ago: int | None = None  # crate rest ended, a recheck is due
    below_target: bool = False

    @property
    def tier_label(self) -> str:
        if self.patient.discharged_on and self.tier == 4:
            return _("Discharged")
        if self.tier == 3 and not self.below_target:
            return _("Recheck due")
        if self.tier == 4 and not (self.due_last_week or self.done_last_week or self.done_today):
            return _("Nothing due yet")  # new, or passive PT not started: "on track" would claim too much
        return _(TIERS[self.tier])

    @property
    def badges(self) -> list[str]:
        """The flags in words, in the reader's language: "Pain ×2"."""
        return [(BADGES if code in BADGES else KIND_LABELS).get(code, code) + (f" ×{count}" if count > 1 else "")
                for code, count in self.flags]


def clinic_today(clinic: Clinic, now: datetime) -> tuple[date, datetime]:
    """The clinic's date, and the UTC instant its day began."""
    zone = ZoneInfo(clinic.timezone)
    local = now.astimezone(zone)
    midnight = datetime(local.year, local.month, local.day, tzinfo=zone)
    return local.date(), midnight.astimezone(now.tzinfo)


def first_due_day(patient: Patient, zone: ZoneInfo) -> date:
    """The first day sessions are due: the first whole day with the clinic, and not before the
    day passive PT was approved."""
    return max(patient.created_at.astimezone(zone).date() + timedelta(days=1), patient.passive_pt_approved_from or date.min)


def pt_starts(patient: Patient, today: date) -> date | None:
    """The day passive PT was approved from, while it is still to come."""
    approved = patient.passive_pt_approved_from
    return approved if approved and approved > today else None


def crate_rest_progress(patient: Patient, today: date) -> tuple[int | None, int | None]:
    """(today's day of crate rest, counting the start as day 1; its length in days), when set."""
    if not patient.crate_rest_start:
        return None, None
    return (today - patient.crate_rest_start).days + 1, (patient.crate_rest_weeks or 8) * 7


def days_up_to(today: date, count: int) -> list[date]:
    """The `count` days that end with today, oldest first (the calendar, the visit summary)."""
    return [today - timedelta(days=back) for back in range(count - 1, -1, -1)]


def judge_week(patient: Patient, today: date, zone: ZoneInfo, targets: TargetHistory,
               done_by_day: dict[date, int]) -> tuple[int, int, int]:
    """(sessions due, completed up to each day's target, extra beyond it) in the 7 whole days
    before today. Only days from the first due day owe sessions: a patient added yesterday, or
    whose passive PT starts next week, is not behind on a week."""
    first_due = first_due_day(patient, zone)
    due = done = extra = 0
    for day in days_up_to(today - timedelta(days=1), WEEK_DAYS):
        target, count = targets.on(day), done_by_day.get(day, 0)
        done, extra = done + min(count, target), extra + max(0, count - target)
        due += target if day >= first_due else 0
    return due, done, extra


def patient_rows(*, session: Session, clinic: Clinic, now: datetime, search: str = "",
                 default_per_day: int = DEFAULT_SESSIONS_PER_DAY, discharged: bool = False) -> list[PatientRow]:
    log = StoredSessionLog
    # Each patient's last session: one index seek per patient (ix_session_log_patient_started_flags).
    last_session = (select(func.max(log.started_at)).where(log.patient_id == Patient.id,
                                                           plausible(col(log.started_at), now))
                    .correlate(Patient).scalar_subquery())
    query = select(Patient, last_session).where(Patient.clinic_id == clinic.id,
                                                col(Patient.discharged_on).is_not(None) if discharged
                                                else col(Patient.discharged_on).is_(None))
    if search.strip():
        words = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Patient.dog_name).like(words), func.lower(Patient.owner_name).like(words)))
    found = session.exec(query).all()
    if not found:
        return []
    today, _ = clinic_today(clinic, now)
    zone = ZoneInfo(clinic.timezone)
    days = days_up_to(today, WEEK_DAYS + 1)
    day_starts = [_midnight(day, zone) for day in [*days, today + timedelta(days=1)]]
    stats = {row.patient_id: row for row in session.exec(_window_stats(clinic.id, day_starts))}
    alerts = _open_alerts(session, clinic.id, now)
    for computed in open_computed(session, [patient for patient, _ in found], today, zone, now):
        alerts.setdefault(computed.patient_id, {})[computed.kind] = (1, computed.happened_at)
    targets = target_histories(session=session, patients=[patient for patient, _ in found], zone=zone,
                               default=default_per_day)
    rows = [_row(patient, last_at, stats.get(patient.id), alerts.get(patient.id, {}), targets[patient.id], today,
                 zone, days) for patient, last_at in found]
    far_past = datetime.min.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda r: (r.tier, -(r.latest_concern_at or far_past).timestamp(), r.patient.dog_name.lower()))
    return rows


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)


def _window_stats(clinic_id, day_starts: list[datetime]):
    """Per patient, completed sessions on each of the 7 days before today and today (day_starts:
    the 9 midnights around them): read from the covering index only."""
    log = StoredSessionLog

    def count(condition):
        return func.sum(case((condition, 1), else_=0)).cast(Integer)

    days = [count(and_(col(log.started_at) >= begin, col(log.started_at) < end)).label(f"day{index}")
            for index, (begin, end) in enumerate(zip(day_starts, day_starts[1:]))]
    return (select(log.patient_id, *days).join(Patient, col(Patient.id) == log.patient_id)
            .where(Patient.clinic_id == clinic_id, log.outcome == COUNTED_OUTCOME,
                   col(log.started_at) >= day_starts[0], col(log.started_at) < day_starts[-1])
            .group_by(log.patient_id))


def _open_alerts(session: Session, clinic_id, now: datetime) -> dict:
    """Per patient, per kind: (how many open alerts, when the latest happened; when it arrived,
    for a log whose time is implausible: year 2099 is not the latest concern for ever)."""
    happened = case((plausible(col(Alert.happened_at), now), Alert.happened_at), else_=Alert.received_at)
    found = session.exec(select(Alert.patient_id, Alert.kind, func.count(), func.max(happened))
                         .join(Patient, col(Patient.id) == Alert.patient_id)
                         .where(Patient.clinic_id == clinic_id, col(Alert.handled_at).is_(None))
                         .group_by(Alert.patient_id, Alert.kind))
    alerts: dict = {}
    for patient_id, kind, amount, latest in found:
        alerts.setdefault(patient_id, {})[kind] = (amount, aware(latest))
    return alerts


def _row(patient: Patient, last_session_at, stats, alerts: dict, targets: TargetHistory, today: date,
         zone: ZoneInfo, days: list[date]) -> PatientRow:
    row = PatientRow(patient=patient, target_per_day=targets.on(today),
                     last_session_at=aware(last_session_at) if last_session_at else None)
    row.crate_rest_day, row.crate_rest_days = crate_rest_progress(patient, today)
    row.pt_starts = pt_starts(patient, today)
    done_by_day = dict(zip(days, (count or 0 for count in stats[1:]))) if stats else {}  # stats: (patient, day0...)
    row.done_today = done_by_day.get(today, 0)
    row.due_last_week, row.done_last_week, row.extra_last_week = judge_week(patient, today, zone, targets, done_by_day)
    below = row.done_last_week < row.due_last_week and not patient.discharged_on
    if "recheck_due" in alerts:
        last_day = crate_rest_last_day(patient)
        row.rest_ended_days_ago = (today - last_day).days if last_day and last_day < today else None
    row.open_alerts = sum(amount for amount, _ in alerts.values())
    row.flags = [(kind, alerts[kind][0]) for kind in ALERT_TIERS if kind in alerts]
    if row.last_session_at is None:
        row.flags.insert(0, ("no_sessions", 1))
    if below:
        row.flags.append(("below_target", 1))
    row.below_target = below
    tiers = [ALERT_TIERS[kind] for kind in alerts if ALERT_TIERS.get(kind, 4) < 4]
    row.tier = min(tiers + ([3] if below else []) or [4])
    concerns = [latest for kind, (_, latest) in alerts.items() if ALERT_TIERS.get(kind, 4) == row.tier]
    row.latest_concern_at = max(concerns) if concerns else None
    return row

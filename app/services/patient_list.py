"""The dashboard's first screen: every patient of a clinic, the ones who need a call first.

Risk tiers, in order:
  0  a red flag in the last 48 hours (the owner was told to call the vet now)
  1  pain or excessive kicking in the last 48 hours
  2  a session blocked by the safety check in the last 48 hours
  3  fewer sessions than prescribed over the last days (today is not over, so it does not count)
  4  the rest
Two queries whatever the number of patients: the patients, and one aggregate over their logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, case, func, or_
from sqlmodel import Session, col, select

from app.models import Clinic, Patient, StoredSessionLog

RECENT = timedelta(hours=48)
WEEK_DAYS = 7
TIERS = ("Red flag", "Pain or kicking", "Blocked by the safety check", "Below target", "On track")
DEFAULT_SESSIONS_PER_DAY = 2  # content/routine.toml [sessions_per_day] default


@dataclass
class PatientRow:
    patient: Patient
    tier: int = 4
    done_today: int = 0
    done_week: int = 0
    target_per_day: int = DEFAULT_SESSIONS_PER_DAY
    expected_so_far: int = 0  # sessions due in the full days of the window
    last_session_at: datetime | None = None
    badges: list[str] = field(default_factory=list)
    latest_concern_at: datetime | None = None
    crate_rest_day: int | None = None
    crate_rest_days: int | None = None

    @property
    def tier_label(self) -> str:
        return TIERS[self.tier]

    @property
    def week_target(self) -> int:
        return self.target_per_day * WEEK_DAYS


def clinic_today(clinic: Clinic, now: datetime) -> tuple[date, datetime]:
    """The clinic's date, and the UTC instant its day began."""
    zone = ZoneInfo(clinic.timezone)
    local = now.astimezone(zone)
    midnight = datetime(local.year, local.month, local.day, tzinfo=zone)
    return local.date(), midnight.astimezone(now.tzinfo)


def patient_rows(*, session: Session, clinic: Clinic, now: datetime, search: str = "",
                 default_per_day: int = DEFAULT_SESSIONS_PER_DAY) -> list[PatientRow]:
    query = select(Patient).where(Patient.clinic_id == clinic.id)
    if search.strip():
        words = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Patient.dog_name).like(words), func.lower(Patient.owner_name).like(words)))
    patients = session.exec(query).all()
    if not patients:
        return []
    today, day_start = clinic_today(clinic, now)
    week_start = day_start - timedelta(days=WEEK_DAYS - 1)
    recent_start = now - RECENT
    stats = {row.patient_id: row for row in session.exec(_log_stats(
        [p.id for p in patients] if search.strip() else None, clinic.id, now, day_start, week_start, recent_start))}
    zone = ZoneInfo(clinic.timezone)
    rows = [_row(patient, stats.get(patient.id), today, zone, default_per_day) for patient in patients]
    far_past = datetime.min.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda r: (r.tier, -(r.latest_concern_at or far_past).timestamp(), r.patient.dog_name.lower()))
    return rows


def _log_stats(patient_ids, clinic_id, now, day_start, week_start, recent_start):
    log = StoredSessionLog
    done = col(log.outcome).in_(("completed", "stopped"))
    recent = col(log.started_at) >= recent_start

    def count(condition):
        return func.sum(case((condition, 1), else_=0)).cast(Integer)

    def latest(condition):
        return func.max(case((condition, log.started_at), else_=None))

    concern = and_(recent, or_(log.flag_red_flag, log.flag_pain, log.flag_excessive_kicking, log.outcome == "blocked"))
    # A red flag also blocks the session: it counts as the red flag, not again as "blocked".
    query = (select(
        log.patient_id,
        func.max(log.started_at).label("last_session_at"),
        count(and_(done, col(log.started_at) >= day_start)).label("done_today"),
        count(and_(done, col(log.started_at) >= week_start)).label("done_week"),
        count(and_(done, col(log.started_at) >= week_start, col(log.started_at) < day_start)).label("done_full_days"),
        count(and_(recent, log.flag_red_flag)).label("red_flags"),
        count(and_(recent, or_(log.flag_pain, log.flag_excessive_kicking))).label("pain_or_kicking"),
        count(and_(recent, log.outcome == "blocked", ~col(log.flag_red_flag))).label("blocked"),
        count(and_(recent, log.flag_pain)).label("pain"),
        count(and_(recent, log.flag_excessive_kicking)).label("kicking"),
        count(and_(recent, log.flag_not_urinated)).label("not_urinated"),
        latest(concern).label("latest_concern_at"),
    ).group_by(log.patient_id))
    if patient_ids is not None:
        query = query.where(col(log.patient_id).in_(patient_ids))
    else:
        query = query.join(Patient, col(Patient.id) == log.patient_id).where(Patient.clinic_id == clinic_id)
    return query


def _row(patient: Patient, stats, today: date, zone: ZoneInfo, default_per_day: int) -> PatientRow:
    row = PatientRow(patient=patient, target_per_day=patient.sessions_per_day or default_per_day)
    if patient.crate_rest_start:
        row.crate_rest_day = (today - patient.crate_rest_start).days + 1
        row.crate_rest_days = (patient.crate_rest_weeks or 8) * 7
    # Whole days of the window the patient was with us (a dog invited yesterday is not behind on a week).
    first_whole_day = max(today - timedelta(days=WEEK_DAYS - 1), patient.created_at.astimezone(zone).date() + timedelta(days=1))
    row.expected_so_far = max(0, (today - first_whole_day).days) * row.target_per_day
    if stats is None:
        row.tier = 3 if row.expected_so_far > 0 else 4
        row.badges = ["No sessions yet"] if row.expected_so_far == 0 else ["No sessions synced"]
        return row
    row.done_today, row.done_week = stats.done_today or 0, stats.done_week or 0
    row.last_session_at, row.latest_concern_at = stats.last_session_at, stats.latest_concern_at
    if row.last_session_at and row.last_session_at.tzinfo is None:  # SQLite: aggregates lose the type
        row.last_session_at = _aware(row.last_session_at)
    if row.latest_concern_at is not None:
        row.latest_concern_at = _aware(row.latest_concern_at)
    below = (stats.done_full_days or 0) < row.expected_so_far
    flags = [(stats.red_flags, 0, "Red flag"), (stats.pain, 1, "Pain"), (stats.kicking, 1, "Excessive kicking"),
             (stats.blocked, 2, "Blocked"), (stats.not_urinated, 4, "Not urinating")]
    row.badges = [label for amount, _, label in flags if amount]
    tiers = [tier for amount, tier, _ in flags if amount and tier < 4]
    row.tier = min(tiers) if tiers else (3 if below else 4)
    if below:
        row.badges.append("Below target")
    return row


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


"""The dashboard's first screen: every patient of a clinic, the ones who need a call first.

Risk tiers, in order:
  0  a red flag in the last 48 hours (the owner was told to call the vet now)
  1  pain or excessive kicking in the last 48 hours
  2  a session blocked by the safety check in the last 48 hours
  3  fewer sessions completed than prescribed in the 7 whole days before today (today is not over),
     counting only days after the patient was added and from the day passive PT was approved
  4  the rest
Two queries whatever the number of patients: the patients with their last session, and one
aggregate over the last week of their logs, both answered from one covering index.
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
# Sessions a day are a ceiling, not a score: only a completed session counts toward the target
# (list, calendar, visit summary). A stopped one is shown everywhere, but never counted.
COUNTED_OUTCOME = "completed"


@dataclass
class PatientRow:
    patient: Patient
    tier: int = 4
    done_today: int = 0  # completed sessions (see COUNTED_OUTCOME)
    done_last_week: int = 0  # sessions completed in the 7 whole days before today
    target_per_day: int = DEFAULT_SESSIONS_PER_DAY
    due_last_week: int = 0  # and how many the prescription asked for in them
    pt_starts: date | None = None  # passive PT approved from a day still to come
    last_session_at: datetime | None = None
    badges: list[str] = field(default_factory=list)
    latest_concern_at: datetime | None = None
    crate_rest_day: int | None = None
    crate_rest_days: int | None = None

    @property
    def tier_label(self) -> str:
        if self.tier == 4 and not (self.due_last_week or self.done_last_week or self.done_today):
            return "Nothing due yet"  # new, or passive PT not started: "on track" would claim too much
        return TIERS[self.tier]


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


def due_last_week(patient: Patient, today: date, zone: ZoneInfo, per_day: int) -> int:
    """Sessions the prescription asked for in the 7 whole days before today: a patient added
    yesterday, or whose passive PT starts next week, is not behind on a week."""
    first_day = max(today - timedelta(days=WEEK_DAYS), first_due_day(patient, zone))
    return max(0, (today - first_day).days) * per_day


def patient_rows(*, session: Session, clinic: Clinic, now: datetime, search: str = "",
                 default_per_day: int = DEFAULT_SESSIONS_PER_DAY) -> list[PatientRow]:
    log = StoredSessionLog
    # Each patient's last session: one index seek per patient (ix_session_log_patient_started_flags).
    last_session = (select(func.max(log.started_at)).where(log.patient_id == Patient.id)
                    .correlate(Patient).scalar_subquery())
    query = select(Patient, last_session).where(Patient.clinic_id == clinic.id)
    if search.strip():
        words = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Patient.dog_name).like(words), func.lower(Patient.owner_name).like(words)))
    found = session.exec(query).all()
    if not found:
        return []
    today, day_start = clinic_today(clinic, now)
    week_start = day_start - timedelta(days=WEEK_DAYS)
    stats = {row.patient_id: row for row in session.exec(_window_stats(clinic.id, now, day_start, week_start))}
    zone = ZoneInfo(clinic.timezone)
    rows = [_row(patient, last_at, stats.get(patient.id), today, zone, default_per_day) for patient, last_at in found]
    far_past = datetime.min.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda r: (r.tier, -(r.latest_concern_at or far_past).timestamp(), r.patient.dog_name.lower()))
    return rows


def _window_stats(clinic_id, now, day_start, week_start):
    """Per patient, counts over today, the 7 days before and the last 48 hours: read from the
    covering index only."""
    log = StoredSessionLog
    done = log.outcome == COUNTED_OUTCOME
    recent = col(log.started_at) >= now - RECENT

    def count(condition):
        return func.sum(case((condition, 1), else_=0)).cast(Integer)

    # A red flag also blocks the session: it counts as the red flag, not again as "blocked".
    concern = and_(recent, or_(log.flag_red_flag, log.flag_pain, log.flag_excessive_kicking, log.outcome == "blocked"))
    return (select(
        log.patient_id,
        count(and_(done, col(log.started_at) >= day_start)).label("done_today"),
        count(and_(done, col(log.started_at) >= week_start, col(log.started_at) < day_start)).label("done_last_week"),
        count(and_(recent, log.flag_red_flag)).label("red_flags"),
        count(and_(recent, log.outcome == "blocked", ~col(log.flag_red_flag))).label("blocked"),
        count(and_(recent, log.flag_pain)).label("pain"),
        count(and_(recent, log.flag_excessive_kicking)).label("kicking"),
        count(and_(recent, log.flag_not_urinated)).label("not_urinated"),
        func.max(case((concern, log.started_at), else_=None)).label("latest_concern_at"),
    ).join(Patient, col(Patient.id) == log.patient_id)
        .where(Patient.clinic_id == clinic_id, col(log.started_at) >= min(week_start, now - RECENT))
        .group_by(log.patient_id))


def _row(patient: Patient, last_session_at, stats, today: date, zone: ZoneInfo, default_per_day: int) -> PatientRow:
    row = PatientRow(patient=patient, target_per_day=patient.sessions_per_day or default_per_day,
                     last_session_at=_aware(last_session_at) if last_session_at else None)
    row.crate_rest_day, row.crate_rest_days = crate_rest_progress(patient, today)
    row.pt_starts = pt_starts(patient, today)
    row.due_last_week = due_last_week(patient, today, zone, row.target_per_day)
    if stats is None:  # nothing in the last week
        row.tier = 3 if row.due_last_week > 0 else 4
        if row.last_session_at is None:
            row.badges = ["No sessions yet"]
        if row.due_last_week > 0:
            row.badges.append("Below target")
        return row
    row.done_today, row.done_last_week = stats.done_today or 0, stats.done_last_week or 0
    if stats.latest_concern_at is not None:  # aggregates lose the column's type: SQLite gives text
        row.latest_concern_at = _aware(stats.latest_concern_at)
    below = row.done_last_week < row.due_last_week
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


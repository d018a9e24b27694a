"""Logs already in a database with times no phone should send (written straight into it, as older
versions could store them): every page and export still answers, showing such a time as
"unknown", and never counting it as a day's session, in any clinic time zone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from app.config import PROJECT_ROOT, Settings
from app.models import Clinic, Patient, StoredSessionLog
from app.models.base import utcnow
from app.services.alerts import alert_rows, store_alerts
from tests.clinic.conftest import new_patient
from tests.support.clinic import calm_log, database

YEAR_1 = datetime(1, 1, 1, tzinfo=UTC)  # before UTC-11's first day: no local time in Pago Pago
YEAR_9999 = datetime(9999, 12, 31, 23, tzinfo=UTC)  # after UTC+14's last day: none in Kiritimati
YEAR_2099 = datetime(2099, 6, 1, 8, tzinfo=UTC)


@pytest.fixture
def clinic_settings(database_url, tmp_path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path / "data", content_dir=PROJECT_ROOT / "content",
                    login_attempts=1000, public_url="https://pt.example")


def store_log_directly(url: str, patient_id: str, started_at: datetime, minutes: int = 20, pain: bool = True,
                       received_at: datetime | None = None) -> None:
    """A completed session with a pain alert, as an old server might have kept it: no checks."""
    log_id = uuid.uuid4()
    payload = calm_log() | {"id": str(log_id), "started_at": started_at.isoformat(),
                            "ended_at": (started_at + timedelta(minutes=minutes)).isoformat()}
    row = {"id": log_id, "patient_id": uuid.UUID(patient_id), "device_id": None, "content_version": "0123456789abcdef",
           "started_at": started_at, "ended_at": started_at + timedelta(minutes=minutes), "outcome": "completed",
           "stop_reason": None, "flag_excessive_kicking": False, "flag_pain": pain, "flag_red_flag": False,
           "flag_not_urinated": False, "payload": payload, "payload_hash": "0" * 64, "received_at": received_at or utcnow()}
    with database(url) as session:
        session.add(StoredSessionLog(**row))
        session.flush()
        store_alerts(session, alert_rows([row]))


def set_zone(url: str, zone: str) -> None:
    with database(url) as session:
        clinic = session.exec(select(Clinic)).one()
        clinic.timezone = zone
        session.add(clinic)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
def test_pages_and_exports_answer_with_unknown_for_times_out_of_range(desk, clinic_settings, zone):
    url = clinic_settings.sqlalchemy_url
    biscuit, rex = new_patient(desk, dog="Biscuit"), new_patient(desk, dog="Rex", owner="Sam Lee")
    set_zone(url, zone)
    for moment in (YEAR_1, YEAR_9999, YEAR_2099):
        store_log_directly(url, biscuit, moment, received_at=utcnow() - timedelta(days=2))
    now = utcnow()
    since_midnight = now - now.astimezone(ZoneInfo(zone)).replace(hour=0, minute=0, second=0, microsecond=0)
    # One real session today, in the clinic's zone: half an hour ago, or halfway since its midnight.
    store_log_directly(url, biscuit, now - min(timedelta(minutes=30), since_midnight / 2), pain=False)
    store_log_directly(url, rex, utcnow() - timedelta(hours=3))  # a real pain alert, three hours old

    listing = desk.get("/clinic")
    assert listing.status_code == 200, listing.text
    rows = {row.patient.dog_name: row for row in listing.context["rows"]}
    assert rows["Biscuit"].done_today == 1  # the far-future sessions are not today's
    # Both have open pain alerts: Rex's came three hours ago, Biscuit's two days ago (2099 is no
    # time to sort by: an unknown time counts as when it arrived).
    assert [row.patient.dog_name for row in listing.context["rows"]] == ["Rex", "Biscuit"]
    assert "unknown" in listing.text

    page = desk.get(f"/clinic/patients/{biscuit}")
    assert page.status_code == 200, page.text
    assert page.text.count("unknown") >= 3
    assert page.context["page"].calendar[-1].done == 1

    summary = desk.get(f"/clinic/patients/{biscuit}/summary")
    assert summary.status_code == 200, summary.text
    assert summary.context["summary"].days[-1].done == 1

    csv = desk.get(f"/clinic/patients/{biscuit}/sessions.csv")
    assert csv.status_code == 200, csv.text
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 4 and sum("unknown" in line for line in lines[1:]) == 3

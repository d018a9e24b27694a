"""The database tables (SQLModel). Alembic migrations in app/migrations follow these models;
tests/db/test_migrations.py checks that the two agree on SQLite and PostgreSQL.

    clinic ─┬─ clinic_user ── login_session   people who sign in to the dashboard
            ├─ audit_event   who changed what, when
            └─ patient ─┬─ invite    single-use codes that link an owner's phone
                        ├─ device    a linked phone (its token stored as a hash)
                        │    └─ push_subscription   where its reminders are pushed
                        ├─ reminder  a session or bladder reminder due at a time (sent once)
                        ├─ session_log   what the phone synced, one row per session
                        ├─ care_event    what the phone synced of care between sessions (the bladder)
                        ├─ alert     a concern staff must handle (from a log, a care event, or a recheck due)
                        ├─ prescription_version   each prescription as it was in force
                        └─ neuro_grade   the grades of rechecks
    rate_limit   attempts counted per address, account or code, shared by every process
    server_key   the VAPID key pair of Web Push, made once, shared by every process
"""

from app.models.alert import Alert
from app.models.base import metadata
from app.models.care_event import StoredCareEvent
from app.models.clinic import Clinic, ClinicUser
from app.models.device import Device, Invite
from app.models.login_session import LoginSession
from app.models.patient import Patient
from app.models.push import PushSubscription, Reminder, ServerKey
from app.models.rate_limit import RateLimitCount
from app.models.record import AuditEvent, NeuroGrade, PrescriptionVersion
from app.models.session_log import StoredSessionLog

__all__ = ["Alert", "AuditEvent", "Clinic", "ClinicUser", "Device", "Invite", "LoginSession", "NeuroGrade", "Patient", "PrescriptionVersion", "PushSubscription", "RateLimitCount", "Reminder", "ServerKey", "StoredCareEvent", "StoredSessionLog", "metadata"]

"""Linking an owner's phone to a patient: invite codes in, device tokens out; and knowing the
phone again on every sync."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select, update

from app.errors import AppError
from app.i18n import _
from app.models import Clinic, Device, Invite, Patient
from app.models.base import utcnow
from app.services import audit
from app.services.secrets import hash_secret, new_device_token, new_invite_code, normalize_code

INVITE_LIFETIME = timedelta(days=7)
ASK_CLINIC = "Ask your clinic for a new code."


@dataclass
class NewInvite:
    code: str
    invite: Invite


@dataclass
class LinkedDevice:
    token: str  # shown once; only its hash is stored
    device: Device
    patient: Patient
    clinic: Clinic


def create_invite(*, session: Session, patient: Patient, lifetime: timedelta = INVITE_LIFETIME,
                  actor: str | None = None) -> NewInvite:
    """A new code for the patient; kept in the patient's history when made by someone (`actor`:
    a staff member's email, or audit.COMMAND_LINE)."""
    if patient.discharged_on is not None:  # its phone's sessions would all be refused
        raise AppError(_("%(dog)s was discharged on %(day)s: reopen the plan before linking a phone.") % {
            "dog": patient.dog_name, "day": patient.discharged_on.isoformat()}, 409, "discharged")
    code = new_invite_code()
    invite = Invite(patient_id=patient.id, code_hash=hash_secret(code), expires_at=utcnow() + lifetime)
    session.add(invite)
    session.flush()
    if actor is not None:
        audit.record(session=session, actor=actor, patient=patient, action="invite_created",
                     detail=f"expires {_clinic_time(session, patient, invite.expires_at)}")
    return NewInvite(code=code, invite=invite)


def live_invites(session: Session, patient: Patient, now: datetime | None = None) -> list[Invite]:
    """The patient's codes a phone can still use: unused, not cancelled, not expired; newest first."""
    return list(session.exec(_live(patient, now or utcnow()).order_by(col(Invite.created_at).desc())))


def live_invite_with_code(*, session: Session, patient: Patient, code: str | None,
                          now: datetime | None = None) -> Invite | None:
    """The patient's live invite behind a code in clear (the one just made, to show once), or None."""
    normalized = normalize_code(code or "")
    if normalized is None:
        return None
    return session.exec(_live(patient, now or utcnow()).where(Invite.code_hash == hash_secret(normalized))).first()


def cancel_invite(*, session: Session, patient: Patient, invite_id: uuid.UUID, actor: str,
                  now: datetime | None = None) -> tuple[Invite, bool]:
    """Cancel one of the patient's codes, so no phone can use it, and keep it in the patient's
    history; (the invite, whether this call cancelled it). A code already cancelled or used stays
    as it is: cancelling twice is harmless (and in the history once)."""
    invite = session.get(Invite, invite_id)
    if invite is None or invite.patient_id != patient.id:
        raise AppError(_("There is no such invite code for this patient."), 404, "not_found")
    # Like the claim in link_device: of a cancel and a phone racing for one code, exactly one wins.
    cancelled = session.exec(update(Invite).where(col(Invite.id) == invite.id, col(Invite.used_at).is_(None),
                                                  col(Invite.cancelled_at).is_(None))
                             .values(cancelled_at=now or utcnow()))
    session.refresh(invite)
    if cancelled.rowcount != 1:
        return invite, False
    audit.record(session=session, actor=actor, patient=patient, action="invite_cancelled",
                 detail=f"the code made {_clinic_time(session, patient, invite.created_at)}")
    return invite, True


def _clinic_time(session: Session, patient: Patient, moment: datetime) -> str:
    zone = session.get(Clinic, patient.clinic_id).timezone
    return moment.astimezone(ZoneInfo(zone)).strftime("%d %b %Y %H:%M")


def _live(patient: Patient, now: datetime):
    return select(Invite).where(Invite.patient_id == patient.id, col(Invite.used_at).is_(None),
                                col(Invite.cancelled_at).is_(None), Invite.expires_at > now)


def link_device(*, session: Session, code: str, label: str = "", now: datetime | None = None) -> LinkedDevice:
    now = now or utcnow()
    normalized = normalize_code(code)
    if normalized is None:
        raise AppError("A clinic code has 8 letters and numbers, like K7MX 3QPD. Check what you typed.",
                       422, "invalid_code", [{"field": "code", "message": "8 letters and digits (no 0, 1, I, L or O)"}])
    invite = session.exec(select(Invite).where(Invite.code_hash == hash_secret(normalized))).first()
    if invite is None:
        raise AppError(f"This code is not one we know. Check it letter by letter. {ASK_CLINIC}", 404, "invite_not_found")
    if invite.used_at is not None:
        raise AppError(f"This code has already been used to connect a phone. {ASK_CLINIC}", 409, "invite_used")
    if invite.cancelled_at is not None:
        raise _cancelled()
    if invite.expires_at <= now:
        raise AppError(f"This code has expired: codes last {INVITE_LIFETIME.days} days. {ASK_CLINIC}", 410, "invite_expired")
    # Claim the code atomically: of two phones racing with one code, exactly one wins.
    claimed = session.exec(update(Invite).where(col(Invite.id) == invite.id, col(Invite.used_at).is_(None),
                                                col(Invite.cancelled_at).is_(None)).values(used_at=now))
    if claimed.rowcount != 1:
        session.refresh(invite)
        if invite.cancelled_at is not None:
            raise _cancelled()
        raise AppError(f"This code has already been used to connect a phone. {ASK_CLINIC}", 409, "invite_used")
    token = new_device_token()
    device = Device(patient_id=invite.patient_id, token_hash=hash_secret(token), label=label.strip(), last_seen_at=now)
    session.add(device)
    session.flush()
    patient = session.get(Patient, invite.patient_id)
    return LinkedDevice(token=token, device=device, patient=patient, clinic=session.get(Clinic, patient.clinic_id))


def _cancelled() -> AppError:
    return AppError(f"Your clinic cancelled this code. {ASK_CLINIC}", 410, "invite_cancelled")


def device_for_token(*, session: Session, token: str | None) -> Device:
    """The phone behind a bearer token; 401 unknown, 403 revoked. Only reads: the sync that
    follows notes the visit (`note_visit`) in its own write transaction."""
    if not token:
        raise AppError("This phone is not connected to a clinic yet: connect it with the code from your clinic.",
                       401, "device_unknown")
    device = session.exec(select(Device).where(Device.token_hash == hash_secret(token))).first()
    if device is None:
        raise AppError("Your clinic does not know this phone. Connect it again with a new code from your clinic.",
                       401, "device_unknown")
    if device.revoked_at is not None:
        raise AppError("Your clinic has disconnected this phone, so sessions are no longer sent. They are kept "
                       "on this phone. Ask your clinic for a new code to connect again.", 403, "device_revoked")
    return device


def note_visit(*, session: Session, device: Device, now: datetime) -> None:
    # Core's UPDATE on the table: the ORM's would first look for the device among loaded objects.
    table = Device.__table__
    session.execute(update(table).where(table.c.id == device.id).values(last_seen_at=now))

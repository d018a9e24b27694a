"""Web Push: the server's VAPID key pair, phones' subscriptions, and sending one message.

The key pair is made on first start and kept in the database (`server_key`), so every process and
every host signs with the same key: a phone subscribed through one process gets pushes sent by
any other. Messages are encrypted for the phone (RFC 8291, aes128gcm) and signed (RFC 8292,
VAPID) by pywebpush; the push service (Google's, Mozilla's, Apple's...) only ever sees ciphertext.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from app.db import session_scope, upsert, writer
from app.errors import AppError
from app.models import Device, PushSubscription, ServerKey
from app.models.base import utcnow
from app.schemas.push import SubscriptionIn

if TYPE_CHECKING:
    import requests

# pywebpush (with aiohttp, requests and py-vapid) is imported where a push is sent, not here: it
# took a second of every process's start-up, servers and each `ivdd-pt` command alike.

VAPID = "vapid"
SEND_TIMEOUT_SECONDS = 10


# The key pair -----------------------------------------------------------------------------------

def ensure_vapid_key(engine: Engine) -> ServerKey:
    """The VAPID key pair, made if there is none yet. Processes starting together may each make
    one: the first insert wins (ON CONFLICT DO NOTHING) and every process reads back the winner."""
    with session_scope(engine) as session:
        key = session.get(ServerKey, VAPID)
    if key is not None:
        return key
    private = ec.generate_private_key(ec.SECP256R1())  # VAPID's curve (RFC 8292)
    pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    with session_scope(writer(engine)) as session:
        session.execute(upsert(session, ServerKey.__table__).values(
            name=VAPID, private_pem=pem, public_key=_public_key_of(private), created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["name"]))
    with session_scope(engine) as session:
        return session.get(ServerKey, VAPID)


def public_key(session: Session) -> str:
    key = session.get(ServerKey, VAPID)
    if key is None:  # the app makes it on start; only a database emptied since would lack it
        raise AppError("Reminders are not set up on this server yet. Try again in a minute.", 503, "no_push_key")
    return key.public_key


def _public_key_of(private: ec.EllipticCurvePrivateKey) -> str:
    raw = private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# Subscriptions ----------------------------------------------------------------------------------

def save_subscription(*, session: Session, device: Device, body: SubscriptionIn, allowed: list[str]) -> None:
    """One subscription per linked phone: a new one (the browser renewed it) replaces the old."""
    problem = endpoint_problem(body.endpoint, allowed) or key_problem(body.keys.p256dh, 65, "keys.p256dh") \
        or key_problem(body.keys.auth, 16, "keys.auth")
    if problem:
        raise AppError(problem, 422, "invalid_subscription")
    now = utcnow()
    values = {"endpoint": body.endpoint, "p256dh": body.keys.p256dh, "auth": body.keys.auth,
              "app_dog_id": body.dog, "updated_at": now}
    session.execute(upsert(session, PushSubscription.__table__)
                    .values(id=uuid.uuid4(), device_id=device.id, created_at=now, **values)
                    .on_conflict_do_update(index_elements=["device_id"], set_=values))


def remove_subscription(*, session: Session, device: Device) -> None:
    session.execute(delete(PushSubscription).where(PushSubscription.device_id == device.id))


def endpoint_problem(endpoint: str, allowed: list[str]) -> str | None:
    """The server will POST to the endpoint: only to a push service this server trusts (see
    Settings.push_services), never to an address of the phone's choosing."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        return "endpoint: not an https address of a push service"
    for origin in allowed:
        scheme, _, host = origin.partition("://")
        host = host.split(":")[0]
        if scheme != parts.scheme:
            continue
        if host == parts.hostname or (host.startswith("*.") and parts.hostname.endswith(host[1:])):
            return None
    return f"endpoint: {parts.scheme}://{parts.hostname} is not a push service this server sends to"


def key_problem(value: str, size: int, field: str) -> str | None:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return f"{field}: not base64url"
    if len(raw) != size or (size == 65 and raw[0] != 4):
        return f"{field}: not a {'P-256 public key' if size == 65 else f'{size}-byte secret'}"
    return None


# Sending ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    subscription_id: uuid.UUID
    outcome: Literal["sent", "gone", "failed"]  # gone: the push service no longer knows it (404/410)
    detail: str = ""


def http_session() -> requests.Session:
    """One connection pool for a scheduler pass. No redirects: a push service never sends one, and
    following it would let a response point the server at an address of someone else's choosing."""
    import requests

    session = requests.Session()
    session.max_redirects = 0
    return session


def send(*, subscription: PushSubscription, message: dict, key: ServerKey, contact: str,
         ttl_seconds: int, http: requests.Session, urgency: str = "high") -> Delivery:
    """Encrypt, sign and post one message. Network I/O: call it outside any transaction."""
    import requests
    from py_vapid import Vapid02
    from pywebpush import WebPushException, webpush

    info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    try:
        webpush(info, json.dumps(message), vapid_private_key=Vapid02.from_pem(key.private_pem.encode()),
                vapid_claims={"sub": contact}, ttl=ttl_seconds, timeout=SEND_TIMEOUT_SECONDS,
                headers={"Urgency": urgency}, requests_session=http)
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        return Delivery(subscription.id, "gone" if status in (404, 410) else "failed", f"push service: {status}")
    except requests.RequestException as error:
        return Delivery(subscription.id, "failed", type(error).__name__)
    return Delivery(subscription.id, "sent")


def linked_subscriptions(patient_id, *columns):
    """A select of the subscriptions of a patient's phones that are still linked (`patient_id`: a
    value, or a column to correlate with); the whole rows unless `columns` are named."""
    return (select(*columns) if columns else select(PushSubscription)).select_from(PushSubscription).join(
        Device, Device.id == PushSubscription.device_id).where(Device.patient_id == patient_id,
                                                              Device.revoked_at.is_(None))


def subscriptions_of(session: Session, patient_id: uuid.UUID) -> list[PushSubscription]:
    return list(session.exec(linked_subscriptions(patient_id)))

"""Web Push for linked phones: the server's key, the phone's subscription, "remind me in 30 minutes"."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from app.db import SessionDep, read_scope
from app.deps import DeviceDep
from app.models.base import utcnow
from app.schemas.push import PushKey, SnoozeIn, SnoozeOut, SubscriptionIn
from app.services import reminders, web_push

router = APIRouter(tags=["phones"])

DEVICE_ERRORS = {
    401: {"description": "device_unknown: no token, or one the server does not know"},
    403: {"description": "device_revoked: the clinic disconnected this phone"},
}


@router.get("/push/key", summary="The key a phone subscribes to pushes with")
def get_push_key(request: Request) -> PushKey:
    with read_scope(request) as session:
        return PushKey(public_key=web_push.public_key(session))


@router.put("/push/subscription", status_code=204, summary="Turn reminders on for this phone's dog",
            responses={**DEVICE_ERRORS, 422: {"description": "invalid_subscription: not a push service this server "
                                                             "sends to, or keys of the wrong size"}})
def put_subscription(body: SubscriptionIn, device: DeviceDep, request: Request, session: SessionDep) -> Response:
    web_push.save_subscription(session=session, device=device, body=body,
                               allowed=request.app.state.settings.push_services.split(","))
    return Response(status_code=204)


@router.delete("/push/subscription", status_code=204, summary="Turn reminders off for this phone's dog",
               responses=DEVICE_ERRORS)
def delete_subscription(device: DeviceDep, session: SessionDep) -> Response:
    web_push.remove_subscription(session=session, device=device)
    return Response(status_code=204)


@router.post("/reminders/{reminder_id}/snooze", summary="The reminder again in 30 minutes",
             responses={404: {"description": "reminder_not_found: no such reminder, or the wrong key"},
                        409: {"description": "already_snoozed: put off once already"}})
def post_snooze(reminder_id: uuid.UUID, body: SnoozeIn, session: SessionDep) -> SnoozeOut:
    return SnoozeOut(due_at=reminders.snooze(session, reminder_id, body.key, utcnow()))

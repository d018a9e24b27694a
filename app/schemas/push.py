"""Web Push: the key phones subscribe with, a phone's subscription, and "remind me in 30 minutes"."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from app.schemas.text import Text


class PushKey(BaseModel):
    public_key: str = Field(description="the server's VAPID public key (base64url): the phone's applicationServerKey")


class SubscriptionKeys(BaseModel):
    p256dh: Text = Field(max_length=100, description="the phone's P-256 public key, base64url (65 bytes)")
    auth: Text = Field(max_length=40, description="the phone's auth secret, base64url (16 bytes)")


class SubscriptionIn(BaseModel):
    """`PushSubscription.toJSON()` as the browser gives it, and which of the phone's dogs it is for."""

    endpoint: Text = Field(max_length=2048, description="the push service's address for this phone")
    keys: SubscriptionKeys
    dog: uuid.UUID = Field(description="the dog's id on the phone: a reminder's \"Start\" opens that dog's session")


class SnoozeIn(BaseModel):
    key: Text = Field(max_length=64, description="the key that came in the reminder's message")


class SnoozeOut(BaseModel):
    due_at: datetime = Field(description="when the reminder comes again")

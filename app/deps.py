"""Dependencies the routes share: who is calling."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.db import SessionDep
from app.models import Device
from app.services.linking import device_for_token

_bearer = HTTPBearer(auto_error=False, description="the device token given when the phone was linked")


def current_device(session: SessionDep,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Device:
    return device_for_token(session=session, token=credentials.credentials if credentials else None)


DeviceDep = Annotated[Device, Depends(current_device)]

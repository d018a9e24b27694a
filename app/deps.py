"""Dependencies the routes share: who is calling, and from where."""

from __future__ import annotations

from ipaddress import ip_address, ip_network
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.models import Device
from app.services.linking import device_for_token

_bearer = HTTPBearer(auto_error=False, description="the device token given when the phone was linked")


def current_device(request: Request,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Device:
    # A read in a session of its own, closed before the route runs: the route's write transaction
    # (on SQLite, the database's one write lock) then begins only when it writes, not while it
    # is still checking up to 100 logs, so other processes' syncs can write in the meantime.
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        return device_for_token(session=session, token=credentials.credentials if credentials else None)


DeviceDep = Annotated[Device, Depends(current_device)]


def client_address(request: Request) -> str:
    """The caller's address, as the rate limits count it. Behind a reverse proxy, uvicorn has
    already put the forwarded address here, and only for proxies in IVDD_TRUSTED_PROXIES."""
    return address_group(request.client.host if request.client else "unknown")


def address_group(address: str) -> str:
    """An IPv6 address counts as its /64: one subscriber gets a whole /64 and could otherwise use
    a new address for every try."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ip_network(f"{parsed}/64", strict=False))


ClientAddress = Annotated[str, Depends(client_address)]

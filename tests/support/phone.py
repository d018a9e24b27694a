"""An owner's phone against a real server, over HTTP: link it with an invite code, sync logs."""

from __future__ import annotations

import uuid

import httpx

from tests.support.clinic import calm_log


def link_status(base_url: str, code: str) -> int:
    """The status of one linking try: 201, 404 for a wrong code, 429 when out of tries."""
    return httpx.post(f"{base_url}/api/v1/devices", json={"code": code}).status_code


def link_phone(base_url: str, code: str) -> str:
    """The device token the server gives for an invite code."""
    response = httpx.post(f"{base_url}/api/v1/devices", json={"code": code})
    assert response.status_code == 201, response.text
    return response.json()["token"]


def new_log() -> dict:
    return {**calm_log(), "id": str(uuid.uuid4())}


def sync(base_url: str, token: str, logs: list[dict]) -> list[str]:
    """Each log's status in the answer: stored, duplicate..."""
    response = httpx.post(f"{base_url}/api/v1/sync", json={"logs": logs}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return [result["status"] for result in response.json()["results"]]

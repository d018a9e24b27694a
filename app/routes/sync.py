"""POST /api/v1/sync: the phone's outbox arrives here. Each log is stored exactly once."""

from __future__ import annotations

from fastapi import APIRouter

from app.db import SessionDep
from app.deps import DeviceDep
from app.errors import AppError
from app.models import Clinic, Patient
from app.schemas.prescription import Prescription
from app.schemas.sync import MAX_BYTES, MAX_LOGS, SyncRequest, SyncResponse
from app.services.sync import store_logs

router = APIRouter(tags=["phones"])

ERRORS = {
    400: {"description": "bad_request: the body is not JSON (or not UTF-8)"},
    401: {"description": "device_unknown: no token, or one the server does not know"},
    403: {"description": "device_revoked: the clinic disconnected this phone"},
    413: {"description": f"payload_too_large / too_many_logs: over {MAX_BYTES // 1024} KB or {MAX_LOGS} logs"},
}


@router.post("/sync", summary="Send session logs; get each one's status and the prescription", responses=ERRORS)
def post_sync(body: SyncRequest, device: DeviceDep, session: SessionDep) -> SyncResponse:
    if len(body.logs) > MAX_LOGS:
        raise AppError(f"{len(body.logs)} logs in one request: send at most {MAX_LOGS}.", 413, "too_many_logs")
    results = store_logs(session=session, device=device, items=body.logs)
    patient = session.get(Patient, device.patient_id)
    return SyncResponse(results=results, prescription=Prescription.of(patient, session.get(Clinic, patient.clinic_id)))

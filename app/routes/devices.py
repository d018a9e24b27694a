"""POST /api/v1/devices: link an owner's phone to its clinic with an invite code."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.db import write_scope
from app.deps import ClientAddress
from app.schemas.devices import LinkRequest, LinkResponse
from app.schemas.prescription import ClinicPublic, PatientPublic, Prescription
from app.services.linking import link_device
from app.services.rate_limit import Counter, begin_attempt, take_back

router = APIRouter(tags=["phones"])

ERRORS = {
    400: {"description": "bad_request: the body is not JSON (or not UTF-8)"},
    404: {"description": "invite_not_found: no such code"},
    409: {"description": "invite_used: the code has linked a phone already"},
    410: {"description": "invite_expired: the code is more than 7 days old"},
    422: {"description": "invalid_code: not 8 letters and digits of the code alphabet"},
    413: {"description": "payload_too_large: a body over 4 KB"},
    429: {"description": "too_many_attempts: wait before trying again"},
}


@router.post("/devices", status_code=201, summary="Link a phone with an invite code", responses=ERRORS)
def post_device(body: LinkRequest, request: Request, address: ClientAddress) -> LinkResponse:
    # Counted before the code is looked up, and taken back once it links: only wrong codes count.
    attempt = begin_attempt(writing=lambda: write_scope(request), counters=[Counter(request.app.state.link_limit, address)])
    with write_scope(request) as session:
        linked = link_device(session=session, code=body.code, label=body.label)
        take_back(session=session, marks=attempt.marks)
    clinic = ClinicPublic(name=linked.clinic.name, phone=linked.patient.clinic_phone or linked.clinic.phone)
    return LinkResponse(
        token=linked.token,
        patient=PatientPublic(id=linked.patient.id, dog_name=linked.patient.dog_name,
                              owner_name=linked.patient.owner_name, clinic=clinic),
        prescription=Prescription.of(linked.patient, linked.clinic))

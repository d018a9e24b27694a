"""An AppError as messages by form field, for pages that show each next to its field."""

from __future__ import annotations

from app.errors import AppError

# Service error codes that belong to one field of a form.
FIELD_OF_CODE = {
    "invalid_email": "email", "email_taken": "email", "weak_password": "password", "invalid_name": "clinic_name",
    "invalid_role": "role",
}


def field_errors(exc: AppError) -> dict[str, str]:
    if isinstance(exc.details, list) and exc.details and all(isinstance(d, dict) and "field" in d for d in exc.details):
        return {d["field"]: d.get("message") or exc.message for d in exc.details}
    return {FIELD_OF_CODE.get(exc.code, "_form"): exc.message}

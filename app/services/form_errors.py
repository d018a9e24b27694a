"""Form fields as typed, checked the same way everywhere, and their problems by field: raised as
one AppError, and read back by the pages that show each message beside its field."""

from __future__ import annotations

from datetime import date, timedelta

from app.errors import AppError
from app.i18n import _

# Service error codes that belong to one field of a form.
FIELD_OF_CODE = {
    "invalid_email": "email", "email_taken": "email", "weak_password": "password", "invalid_name": "clinic_name",
    "invalid_role": "role",
}
FURTHEST = timedelta(days=366)  # a date further than a year from today is a typo in the year


def field_errors(exc: AppError) -> dict[str, str]:
    if isinstance(exc.details, list) and exc.details and all(isinstance(d, dict) and "field" in d for d in exc.details):
        return {d["field"]: d.get("message") or exc.message for d in exc.details}
    return {FIELD_OF_CODE.get(exc.code, "_form"): exc.message}


def raise_problems(problems: dict[str, str]) -> None:
    """Every field's problem at once, in the shape field_errors reads back."""
    if problems:
        raise AppError(_("Some fields need a look: %(problems)s") % {"problems": "; ".join(problems.values())}, 422,
                       "invalid_form",
                       [{"field": field, "message": message} for field, message in problems.items()])


def read_day(text: str, field: str, problems: dict[str, str], *, today: date, future_ok: bool = False,
             required: bool = False) -> date | None:
    """A date typed as YYYY-MM-DD: None when left empty (a problem when `required`), and a problem
    for a day still to come (unless `future_ok`) or further than a year from today."""
    if not text.strip():
        if required:
            problems[field] = _("Enter a date as YYYY-MM-DD.")
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        problems[field] = _("Enter a date as YYYY-MM-DD.")
        return None
    if not future_ok and day > today:
        problems[field] = _("Enter today or an earlier day, not one still to come.")
    elif day > today + FURTHEST:
        problems[field] = _("That is more than a year away: check the year.")
    elif day < today - FURTHEST:
        problems[field] = _("That is more than a year ago: check the year.")
    return day


def phone_problem() -> str:
    """A phone number typed that is not one (the clinic's, an owner's)."""
    return _("Use only digits, spaces, +, - and brackets: 6 to 32 characters.")

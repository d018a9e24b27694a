"""Every text the dashboard is sent, form fields and the address's query alike, checked once for
what no database takes (app/schemas/text.py): before any page looks anything up or stores it.
A dependency of the whole dashboard, so no form can be added without it."""

from __future__ import annotations

from fastapi import Request

from app.errors import AppError
from app.i18n import _
from app.schemas.text import text_problem


async def refuse_bad_text(request: Request) -> None:
    fields = list(request.query_params.multi_items())
    if request.method == "POST":
        fields += (await request.form()).multi_items()  # parsed once: the route's Form fields read the same
    for name, value in fields:
        name_problem = text_problem(name)
        problem = name_problem or (text_problem(value) if isinstance(value, str) else None)
        if problem:
            # The field's name is shown only when it can be: it may be what is wrong.
            shown = "" if name_problem else name
            message = (_("The field “%(field)s” %(problem)s. Remove it and send the form again.") if shown
                       else _("A field's name %(problem)s. Remove it and send the form again."))
            raise AppError(message % {"field": shown, "problem": problem}, 422, "invalid_text",
                           [{"field": shown, "message": problem}])

"""The clinic dashboard: server-rendered pages under /clinic (Jinja2, no script needed).

Every page but sign-in and first-run setup needs a signed-in staff member; every query goes
through the staff member's clinic, so no clinic can see another's patients. Every POST must come
from the dashboard's own pages (forgery.py).
"""

from fastapi import APIRouter, Depends

from app.routes.clinic import alerts, auth, exports, grades, patients, staff
from app.routes.clinic.forgery import same_origin_posts
from app.routes.clinic.form_text import refuse_bad_text

PARTS = (auth, patients, grades, alerts, staff, exports)
# Cheapest first: a cross-site post is refused before its body is read for bad text.
router = APIRouter(include_in_schema=False, dependencies=[Depends(same_origin_posts), Depends(refuse_bad_text)])
for part in PARTS:
    router.include_router(part.router, prefix="/clinic")

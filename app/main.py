"""create_app(): the FastAPI application, its lifespan, middleware and routers. Nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp

from app import __version__
from app.config import Settings
from app.content import load_routine
from app.db import make_engine
from app.http import log_redaction
from app.http.body_limit import LimitRequestBody
from app.http.compression import GZip
from app.http.errors import install_error_handlers
from app.http.language import RequestLanguage
from app.http.precomputed import AnswerPrecomputed, PrecomputedResource
from app.http.security_headers import SecurityHeaders
from app.migrate import migrate
from app.routes import api_router
from app.routes.clinic import router as clinic_router
from app.routes.docs import router as docs_router
from app.routes.clinic.pages import clinic_static, html_error
from app.routes.routine import ROUTINE_PATH, LocalizedRoutine, document_routine, routine_route
from app.scheduler import start_scheduler
from app.schemas.sync import MAX_BYTES as SYNC_MAX_BYTES
from app.services.rate_limit import Limit
from app.services.sign_in import SignInLimits
from app.services.web_push import ensure_vapid_key
from app.web import WebBuild, is_app_route, load_web_build

FORM_MAX_BYTES = 64 * 1024  # every other body: the dashboard's forms are a few hundred bytes


class IvddApp(FastAPI):
    """FastAPI plus one outer layer: precomputed resources (the routine, the app's files and its
    pages) are answered before the middleware stack. See app/http/precomputed.py."""

    precomputed: dict[str, PrecomputedResource]
    web: WebBuild

    def build_middleware_stack(self) -> ASGIApp:
        return AnswerPrecomputed(super().build_middleware_stack(), self.precomputed, self.web.shell, is_app_route)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # Content and the app's files are checked before anything starts: a problem stops start-up.
    routine = load_routine(settings.content_dir)
    web = load_web_build(settings.web_dir, routine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log_redaction.install()
        app.state.engine = make_engine(settings.sqlalchemy_url)
        app.state.sync_turn = asyncio.Lock()  # see app/routes/sync.py
        if settings.migrate_on_start:
            migrate(app.state.engine)
        ensure_vapid_key(app.state.engine)
        _tune_garbage_collector()
        scheduler = start_scheduler(app.state.engine, settings)
        try:
            yield
        finally:
            if scheduler:
                scheduler.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await scheduler
            app.state.engine.dispose()

    app = IvddApp(
        title="IVDD Home PT",
        version=__version__,
        summary="Guided gentle physiotherapy for dogs on crate rest, and the clinic that follows them.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN: /docs is ours (routes/docs.py), ReDoc is not offered
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.routine = routine
    app.state.link_limit = Limit("link-address", settings.link_attempts, settings.link_window_seconds)
    app.state.sign_in_limits = SignInLimits.of(settings)
    app.web = web
    app.precomputed = {**web.resources, ROUTINE_PATH: LocalizedRoutine(routine), **clinic_static()}
    install_error_handlers(app, error_page=html_error)
    app.include_router(api_router)
    app.include_router(clinic_router)
    app.include_router(docs_router)
    # Also a normal route: 405 for other methods, url_path_for; the outer layer serves its GETs.
    app.router.routes.append(routine_route(app.precomputed[ROUTINE_PATH]))
    app.add_middleware(GZip, minimum_size=1024)
    app.add_middleware(LimitRequestBody, limits={"/api/v1/sync": (SYNC_MAX_BYTES, "Send fewer logs per request."),
                                                 "/api/v1/devices": (4096, ""), "/api/v1/push/subscription": (4096, "")}, default=FORM_MAX_BYTES)
    app.add_middleware(RequestLanguage)
    app.add_middleware(SecurityHeaders)
    _document_plain_routes(app)
    return app


@functools.cache  # once a process: a test run makes many apps, and frozen objects are never freed
def _tune_garbage_collector() -> None:
    """What start-up made (modules, content, templates) lives as long as the process: frozen out of
    the collector's full scans, which otherwise walk it all again every few big requests. A big
    page makes tens of thousands of short-lived objects: collecting every 5,000 allocations
    rather than 700 scans them far less often. Measured on the patient list at 1,000 patients
    (tests/benchmarks/patient_list.py): median 214 ms before, 130 ms with both."""
    gc.collect()  # what is garbage already is not frozen
    gc.freeze()
    gc.set_threshold(5000, 10, 10)


def _document_plain_routes(app: FastAPI) -> None:
    """The routine is a plain Starlette route (see routes/routine.py); add it to /docs by hand."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document_routine(generate())
        return app.openapi_schema

    app.openapi = openapi

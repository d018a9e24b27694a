"""create_app(): the FastAPI application, its lifespan, middleware and routers. Nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Route
from starlette.types import ASGIApp

from app import __version__
from app.config import Settings
from app.content import load_routine
from app.db import make_engine
from app.errors import install_error_handlers
from app.middleware import AnswerPrecomputed
from app.routes import api_router
from app.routes.routine import document_routine, routine_route


class IvddApp(FastAPI):
    """FastAPI with one addition: precomputed resources are answered outside the middleware stack."""

    precomputed_routes: list[Route]

    def build_middleware_stack(self) -> ASGIApp:
        endpoints = {route.path: route.app for route in self.precomputed_routes}
        return AnswerPrecomputed(super().build_middleware_stack(), endpoints)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # Content is checked before anything starts: an invalid file stops start-up with its problems.
    routine = load_routine(settings.content_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = make_engine(settings.sqlalchemy_url)
        try:
            yield
        finally:
            app.state.engine.dispose()

    app = IvddApp(
        title="IVDD Home PT",
        version=__version__,
        summary="Guided gentle physiotherapy for dogs on crate rest, and the clinic that follows them.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.routine = routine
    install_error_handlers(app)
    app.include_router(api_router)
    # The routine is also a normal route (405 for other methods, url_path_for, tests without the
    # shortcut); AnswerPrecomputed serves its GETs before the middleware stack.
    app.precomputed_routes = [routine_route(routine)]
    app.router.routes.extend(app.precomputed_routes)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    _document_plain_routes(app)
    return app


def _document_plain_routes(app: FastAPI) -> None:
    """The routine is a plain Starlette route (see routes/routine.py); add it to /docs by hand."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document_routine(generate())
        return app.openapi_schema

    app.openapi = openapi

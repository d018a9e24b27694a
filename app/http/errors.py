"""One error type and one JSON shape for every error the API returns.

    {"error": {"code": "not_found", "message": "...", "details": [...]}}

422 is kept for payload validation; its details give each field's path and problem. An
unexpected exception becomes a 500 with a generic message: the stack trace goes to the log,
never to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import AppError
from app.http import is_dashboard
from app.http.field_paths import field_path
from app.i18n import _

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 429: "too_many_requests",
}


def error_response(status_code: int, code: str, message: str, details: Any = None, headers=None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details if details is not None else []}}
    return JSONResponse(body, status_code=status_code, headers=headers)


def _is_page(request: Request) -> bool:
    """The clinic dashboard's pages answer errors as pages; everything else as JSON."""
    return is_dashboard(request.url.path)


PageRenderer = Callable[[Request, AppError], Response]


def error_answer(request: Request, exc: AppError) -> Response:
    """An error as the path it came to answers them: a page on the dashboard, JSON elsewhere."""
    if _is_page(request):
        return request.app.state.error_page(request, exc)
    return error_response(exc.status_code, exc.code, exc.message, exc.details)


async def _app_error(request: Request, exc: AppError):
    return error_answer(request, exc)


async def _http_error(request: Request, exc: StarletteHTTPException):
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if _is_page(request):
        return await _app_error(request, AppError(_("There is no such page.") if exc.status_code == 404 else message,
                                                  exc.status_code, code))
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError):
    details = [{"field": field_path(err["loc"]), "message": err["msg"], "type": err["type"]} for err in exc.errors()]
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:3])
    more = f" (and {len(details) - 3} more)" if len(details) > 3 else ""
    if _is_page(request):
        more = " " + _("(and %(count)s more)") % {"count": len(details) - 3} if len(details) > 3 else ""
        return await _app_error(request, AppError(_("This address or form is not right: %(problems)s") % {
            "problems": summary + more}, 422))
    return error_response(422, "validation_error", f"invalid request: {summary}{more}", details)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "something went wrong on the server; it has been logged")


def install_error_handlers(app: FastAPI, error_page: PageRenderer) -> None:
    """error_page renders an AppError as the dashboard's page: passed in, so that this layer does
    not import the dashboard (which imports the services, which import AppError)."""
    app.state.error_page = error_page
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)

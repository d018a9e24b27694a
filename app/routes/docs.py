"""/docs: the API's Swagger UI, every file from this server, under the same CSP as every other
page. FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, which
the CSP forbids: this page is a file (app/static/docs.html) whose one script is docs.js.
Swagger UI's files are the fastapi-offline package's copy (kept current with Swagger UI 5)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from app.errors import AppError

STATIC = Path(__file__).resolve().parents[1] / "static"
SWAGGER_UI = Path(str(files("fastapi_offline") / "static"))
DOCS_FILES = {  # only these: the package's other files (ReDoc, a favicon) are not served
    "swagger-ui.css": SWAGGER_UI / "swagger-ui.css",
    "swagger-ui-bundle.js": SWAGGER_UI / "swagger-ui-bundle.js",
    "docs.js": STATIC / "docs.js",
}
REVALIDATE = {"Cache-Control": "no-cache"}  # an upgrade changes them; the ETag keeps it cheap

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def docs_page() -> FileResponse:
    return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8", headers=REVALIDATE)


@router.get("/docs/{name}")
def docs_file(name: str) -> FileResponse:
    if name not in DOCS_FILES:
        raise AppError(f"No file /docs/{name}.", status_code=404, code="not_found")
    return FileResponse(DOCS_FILES[name], headers=REVALIDATE)

"""Every error has the same JSON shape; health reports the database and content version."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import create_engine

from app.errors import AppError


def _assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code and error["message"]
    return error


def test_unknown_route_is_a_json_404(client):
    _assert_error_shape(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_wrong_method_is_a_json_405(client):
    _assert_error_shape(client.post("/api/v1/routine"), 405, "method_not_allowed")


class EchoBody(BaseModel):
    name: str
    count: int


def test_validation_errors_name_each_field(app, client):
    @app.post("/api/v1/_test-echo")
    def echo(body: EchoBody) -> EchoBody:
        return body

    error = _assert_error_shape(client.post("/api/v1/_test-echo", json={"count": "many"}), 422, "validation_error")
    fields = {detail["field"]: detail["message"] for detail in error["details"]}
    assert set(fields) == {"body.name", "body.count"}
    assert "body.name" in error["message"] and "body.count" in error["message"]


def test_app_errors_keep_their_status_code_and_details(app, client):
    @app.get("/api/v1/_test-app-error")
    def fail():
        raise AppError("the dog is not found", 404, "dog_not_found", details=[{"field": "dog"}])

    error = _assert_error_shape(client.get("/api/v1/_test-app-error"), 404, "dog_not_found")
    assert error == {"code": "dog_not_found", "message": "the dog is not found", "details": [{"field": "dog"}]}


def test_unexpected_errors_are_a_500_without_a_stack_trace(app, caplog):
    @app.get("/api/v1/_test-crash")
    def crash():
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/_test-crash")
    error = _assert_error_shape(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "secret internals" in caplog.text  # it is logged for whoever runs the server


def test_health_reports_database_and_content(client, app, settings):
    body = client.get("/api/v1/health").json()
    assert body == {"status": "ok", "database": "sqlite", "content_version": app.state.routine.version}
    assert (Path(settings.data_dir) / "ivdd-pt.sqlite3").exists()  # data folder made when missing


def test_health_is_503_when_the_database_is_unreachable(app):
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.engine.dispose()
        app.state.engine = create_engine("sqlite:////nonexistent-folder/ivdd.sqlite3")
        response = client.get("/api/v1/health")
    _assert_error_shape(response, 503, "database_unavailable")

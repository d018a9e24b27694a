"""`ivdd-pt serve` runs a real uvicorn that serves the routine on a SQLite file it creates."""

from __future__ import annotations

import httpx

from tests.support.server import running_server


def test_serve_answers_on_a_fresh_sqlite_file(tmp_path):
    data_dir = tmp_path / "new-data-folder"
    with running_server(data_dir) as server:
        health = httpx.get(f"{server.url}/api/v1/health").json()
        assert health["status"] == "ok" and health["database"] == "sqlite"

        response = httpx.get(f"{server.url}/api/v1/routine", headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
        assert response.json()["version"] == health["content_version"]

        again = httpx.get(f"{server.url}/api/v1/routine",
                          headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["etag"]})
        assert again.status_code == 304

    assert (data_dir / "ivdd-pt.sqlite3").exists()

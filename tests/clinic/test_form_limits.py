"""Every body the dashboard is sent is bounded (64 KB: its forms are a few hundred bytes), and an
oversized one is answered 413 with the dashboard's error page before it is read whole."""

from __future__ import annotations

import socket

from fastapi.testclient import TestClient

from app.main import FORM_MAX_BYTES
from tests.support.server import running_server

MEGABYTE = b"x" * (1024 * 1024)


def too_large_page(answer) -> None:
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert "Too much sent" in answer.text and "larger than 64 KB" in answer.text


def test_a_multi_megabyte_multipart_sign_in_is_refused_with_the_error_page(clinic_app):
    with TestClient(clinic_app) as client:
        answer = client.post("/clinic/login", data={"email": "vet@riverside.example"},
                             files={"password": ("p.bin", MEGABYTE * 5)})
        too_large_page(answer)


def test_a_streamed_form_without_its_length_is_refused_as_it_arrives(clinic_app):
    def chunks():
        yield b"email=vet%40riverside.example&password="
        for _ in range(5):
            yield MEGABYTE

    with TestClient(clinic_app) as client:
        answer = client.post("/clinic/login", content=chunks(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        too_large_page(answer)
        small = client.post("/clinic/login", data={"email": "x" * (FORM_MAX_BYTES // 2), "password": "p"})
        assert small.status_code != 413


def test_the_api_keeps_its_own_limits_and_its_json(clinic_app):
    with TestClient(clinic_app) as client:
        answer = client.post("/api/v1/devices", content=b"{" + b" " * 5000 + b"}",
                             headers={"Content-Type": "application/json"})
        assert answer.status_code == 413 and answer.json()["error"]["code"] == "payload_too_large"


def _answer_before_the_body_ends(url: str, head: bytes, body_part: bytes) -> bytes:
    """Send the head and part of a body, never its end; the server's first bytes of answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(head)
        try:
            sock.sendall(body_part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before taking it all: that is the point
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer


def test_a_real_server_answers_before_reading_a_300_megabyte_body(tmp_path):
    """Against uvicorn: a declared 300 MB, and a chunked body with no length, each answered 413
    while most of it was never sent."""
    with running_server(tmp_path / "data") as server:
        declared = (b"POST /clinic/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b"
                    b"\r\nContent-Length: 300000000\r\n\r\n")
        answer = _answer_before_the_body_ends(server.url, declared, b"--b\r\n")
        assert answer.startswith(b"HTTP/1.1 413") and b"text/html" in answer
        chunked = (b"POST /clinic/login HTTP/1.1\r\nHost: localhost\r\n"
                   b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunks = b"".join(b"4000\r\n" + b"x" * 0x4000 + b"\r\n" for _ in range(16))  # 256 KB, no last chunk
        answer = _answer_before_the_body_ends(server.url, chunked, chunks)
        assert answer.startswith(b"HTTP/1.1 413") and b"text/html" in answer

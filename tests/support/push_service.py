"""A push service for tests: a real HTTP server on loopback that plays Google's or Mozilla's part.

It hands out subscriptions as a browser would (its own P-256 key pair and auth secret per
subscription), and on each POST checks the VAPID signature (RFC 8292) and decrypts the body
(RFC 8291, aes128gcm) with an implementation of its own, written from the RFCs here with the
`cryptography` primitives: not the library the server encrypts with. It records what it
decrypted, and answers what a test tells it to (201, or 410 for a subscription that expired).
"""

from __future__ import annotations

import base64
import json
import secrets
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscriber:
    """One browser's subscription: what it gives the app (`as_json`), and its private key."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def public_raw(self) -> bytes:
        return self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)

    def as_json(self) -> dict:  # PushSubscription.toJSON()
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": b64url(self.public_raw), "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 section 3.4 and RFC 8188: one record, its padding delimiter 0x02."""
        salt, record_size, id_length = body[:16], struct.unpack(">I", body[16:20])[0], body[20]
        sender_raw = body[21:21 + id_length]
        ciphertext = body[21 + id_length:]
        assert len(ciphertext) <= record_size, "one record expected"
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_raw)
        shared = self.key.exchange(ec.ECDH(), sender)
        ikm = HKDF(hashes.SHA256(), 32, salt=self.auth,
                   info=b"WebPush: info\x00" + self.public_raw + sender_raw).derive(shared)
        cek = HKDF(hashes.SHA256(), 16, salt=salt, info=b"Content-Encoding: aes128gcm\x00").derive(ikm)
        nonce = HKDF(hashes.SHA256(), 12, salt=salt, info=b"Content-Encoding: nonce\x00").derive(ikm)
        padded = AESGCM(cek).decrypt(nonce, ciphertext, None).rstrip(b"\x00")
        assert padded.endswith(b"\x02"), "the last record ends with the 0x02 delimiter"
        return padded[:-1]


@dataclass
class Delivered:
    token: str
    message: dict
    headers: dict  # names in lower case
    vapid_key: str  # the server's public key, as it signed
    claims: dict


@dataclass
class PushService:
    url: str
    subscribers: dict[str, Subscriber] = field(default_factory=dict)
    delivered: list[Delivered] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)  # token -> status to answer (201 by default)
    refused: list[str] = field(default_factory=list)  # what did not check out, for the test to see
    elsewhere: list[str] = field(default_factory=list)  # requests to the address a redirect named
    lock: threading.Lock = field(default_factory=threading.Lock)

    def subscribe(self) -> Subscriber:
        token = secrets.token_urlsafe(12)
        subscriber = Subscriber(f"{self.url}/push/{token}", ec.generate_private_key(ec.SECP256R1()),
                                secrets.token_bytes(16))
        self.subscribers[token] = subscriber
        return subscriber

    def expire(self, subscriber: Subscriber) -> None:
        self.answers[subscriber.endpoint.rsplit("/", 1)[1]] = 410

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Delivered]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.delivered) >= count:
                    return list(self.delivered)
            time.sleep(0.05)
        raise AssertionError(f"{len(self.delivered)} pushes delivered, {count} expected; refused: {self.refused}")


def _verify_vapid(authorization: str, audience: str) -> tuple[str, dict]:
    """RFC 8292: `vapid t=<JWT>, k=<public key>`; the JWT is ES256, for this origin, not expired."""
    scheme, _, params = authorization.partition(" ")
    assert scheme.lower() == "vapid", authorization
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    token, key = values["t"], values["k"]
    header, claims, signature = token.split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    raw_signature = unb64url(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    public.verify(encode_dss_signature(int.from_bytes(raw_signature[:32]), int.from_bytes(raw_signature[32:])),
                  f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    decoded = json.loads(unb64url(claims))
    assert decoded["aud"] == audience and decoded["exp"] > time.time(), decoded
    return key, decoded


@contextmanager
def push_service() -> Iterator[PushService]:
    service: PushService

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            if self.path.startswith("/elsewhere"):  # where a redirect points: nothing should come here
                service.elsewhere.append(self.path)
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            token = self.path.rsplit("/", 1)[-1]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            subscriber = service.subscribers.get(token)
            status = service.answers.get(token, 201)
            try:
                assert subscriber is not None, f"no subscription {token}"
                assert self.headers["Content-Encoding"] == "aes128gcm", self.headers["Content-Encoding"]
                assert int(self.headers["TTL"]) > 0
                key, claims = _verify_vapid(self.headers["Authorization"], service.url)
                if status < 400:
                    message = json.loads(subscriber.decrypt(body))
                    with service.lock:
                        service.delivered.append(Delivered(token, message, {k.lower(): v for k, v in self.headers.items()},
                                                               key, claims))
            except Exception as error:  # noqa: BLE001 - recorded for the test, answered 400
                service.refused.append(f"{type(error).__name__}: {error}")
                status = 400
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", f"{service.url}/elsewhere/{token}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service = PushService(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()

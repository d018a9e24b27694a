"""Clinic users' passwords, hashed with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

import os
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import AppError
from app.i18n import _

MIN_LENGTH = 10
_hasher = PasswordHasher()
# argon2 is meant to be costly: 64 MiB and a few threads per check. Sixteen wrong sign-ins at once
# took every core and a gigabyte, and phones' syncs queued behind them for the CPU. At most half
# the cores verify at once (one on this 2-core box); the others wait their turn, holding no lock.
_verifying = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))


def check_password_rules(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise AppError(_("the password must have at least %(count)s characters") % {"count": MIN_LENGTH}, 422,
                       "weak_password")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        with _verifying:
            return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False

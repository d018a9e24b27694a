"""Clinic users' passwords, hashed with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import AppError

MIN_LENGTH = 10
_hasher = PasswordHasher()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise AppError(f"the password must have at least {MIN_LENGTH} characters", 422, "weak_password")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False

"""The secrets that link a phone: invite codes people type, device tokens the phone keeps.

Both are stored only as SHA-256 hashes. A plain hash is enough here (unlike passwords): a device
token has 256 random bits, and an invite code is single-use, lives 7 days and is rate-limited.
"""

from __future__ import annotations

import hashlib
import re
import secrets

# No look-alikes: no 0/O, no 1/I/L. 31 symbols, 8 of them: about 40 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-]+")
CODE_PATTERN = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def new_invite_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str | None:
    """What the owner typed, as a code: upper case, spaces and dashes dropped; None if it cannot be one."""
    code = _SEPARATORS.sub("", typed).upper()
    return code if CODE_PATTERN.match(code) else None


def new_device_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

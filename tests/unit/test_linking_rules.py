"""Small rules of linking: what a code may look like, and the guessing limit."""

from __future__ import annotations

from collections import Counter

from app.services.rate_limit import RateLimiter
from app.services.secrets import CODE_ALPHABET, new_device_token, new_invite_code, normalize_code


def test_codes_have_no_look_alikes_and_tolerate_how_people_type_them():
    assert not set("01OIL") & set(CODE_ALPHABET)
    codes = [new_invite_code() for _ in range(2000)]
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert len(set(codes)) == len(codes)
    assert len(Counter("".join(codes))) == len(CODE_ALPHABET)  # every symbol is used
    assert normalize_code(" k7mx-3qpd ") == "K7MX3QPD"
    assert normalize_code("K7MX 3QPD") == "K7MX3QPD"
    for wrong in ["K7MX3QP", "K7MX3QPDX", "K7MX3QP0", "K7MX3QPI", "K7MX3QP!", ""]:
        assert normalize_code(wrong) is None, wrong


def test_device_tokens_carry_at_least_128_random_bits():
    tokens = {new_device_token() for _ in range(100)}
    assert len(tokens) == 100 and min(len(token) for token in tokens) >= 43  # 256 bits in base64url


def test_the_limit_counts_per_address_and_forgets_after_the_window():
    now = [0.0]
    limiter = RateLimiter(attempts=2, per_seconds=60, clock=lambda: now[0])
    assert [limiter.allow("a"), limiter.allow("a")] == [0, 0]
    assert limiter.allow("a") == 60 and limiter.allow("b") == 0
    now[0] = 30
    assert limiter.allow("a") == 30
    now[0] = 60.5
    assert limiter.allow("a") == 0

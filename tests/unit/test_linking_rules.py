"""Small rules of linking: what a code may look like, and the guessing limit's arithmetic."""

from __future__ import annotations

from collections import Counter

from app.services.rate_limit import Limit, seconds_to_wait
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


def test_the_sliding_window_allows_the_limit_and_says_how_long_to_wait():
    limit = Limit("link-address", attempts=2, window_seconds=60)

    def wait(previous: int, others: int, into: float) -> float:
        return seconds_to_wait(limit, previous=previous, others=others, into_window=into)

    assert wait(0, 0, 0.0) == wait(0, 1, 0.9) == 0  # the first two of a window
    assert wait(0, 2, 0.5) == 60  # a third: half this window, then half the next (2 * 0.5 + 1 = 2)
    assert wait(4, 0, 0.5) == 15  # the previous window still weighs 4 * 0.5: wait until 4 * 0.25 + 1 = 2
    assert wait(2, 0, 0.5) == 0  # 2 * 0.5 + 1 = 2: allowed
    assert wait(3, 1, 0.99) == 1  # never less than a second


def test_an_ipv6_address_counts_as_its_64():
    from app.deps import address_group

    assert address_group("2001:db8:1:2:aaaa::1") == address_group("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_group("2001:db8:1:3::1") != address_group("2001:db8:1:2::1")
    assert address_group("203.0.113.9") == address_group("::ffff:203.0.113.9") == "203.0.113.9"
    assert address_group("testclient") == "testclient"  # not an address: counted as it is

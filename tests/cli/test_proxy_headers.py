"""X-Forwarded-For and X-Forwarded-Proto are believed only from a proxy in IVDD_TRUSTED_PROXIES
(none by default). The sign-in limit, which counts per address, shows whose address the server
used; the session cookie's Secure flag shows which scheme."""

from __future__ import annotations

import pytest

from tests.support.clinic import CLINIC_EMAIL, invite, sqlite_url
from tests.support.server import running_server
from tests.support.sign_in import post_sign_in


def wrong_sign_ins_from(url: str, forwarded_for: list[str]) -> list[int]:
    """One wrong sign-in per claimed address, each for another (unknown) account, so that only the
    per-address limit can refuse them."""
    return [post_sign_in(url, f"who{n}@else.example", "a wrong password", {"X-Forwarded-For": claimed}).status_code
            for n, claimed in enumerate(forwarded_for)]


def signed_in_cookie(url: str) -> str:
    answer = post_sign_in(url, CLINIC_EMAIL, "correct horse battery",
                          {"X-Forwarded-For": "198.51.100.20", "X-Forwarded-Proto": "https"})
    assert answer.status_code == 303, answer.text
    return answer.headers["set-cookie"]


@pytest.mark.parametrize("trusted, believed", [(None, False), ("10.0.0.0/8", False), ("10.1.2.3, 127.0.0.1", True)])
def test_forwarded_headers_count_only_from_a_trusted_proxy(tmp_path, trusted, believed):
    invite(sqlite_url(tmp_path / "data"))
    env = {"IVDD_LOGIN_ATTEMPTS": "2", **({"IVDD_TRUSTED_PROXIES": trusted} if trusted else {})}
    with running_server(tmp_path / "data", env=env) as server:
        cookie = signed_in_cookie(server.url)
        answers = wrong_sign_ins_from(server.url, ["203.0.113.1", "203.0.113.2", "203.0.113.3"])
    if believed:  # three addresses, one try each
        assert answers == [401, 401, 401] and "secure" in cookie.lower()
    else:  # one address (the loopback the test connects from), whatever the header claims
        assert answers == [401, 401, 429] and "secure" not in cookie.lower()


def test_a_trusted_proxy_that_is_not_an_address_is_refused_at_start(tmp_path):
    with pytest.raises(RuntimeError, match="IVDD_TRUSTED_PROXIES: .proxy.internal. is not an IP address"):
        with running_server(tmp_path / "data", env={"IVDD_TRUSTED_PROXIES": "10.0.0.1,proxy.internal"}, timeout=20):
            pass

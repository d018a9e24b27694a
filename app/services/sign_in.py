"""Signing in to the dashboard: limited per address and per account, and never holding the
database's write lock while argon2 runs.

The order matters on SQLite, where a write transaction holds the one write lock of the whole
database (phones' syncs wait behind it): count the attempt in a short write transaction, verify
the password with no write transaction open (argon2 takes tens of milliseconds on purpose), then
write the session in a second short one. Eight wrong sign-ins at once used to hold the lock in
turn for their whole verification, and phones' syncs waited seconds for it.

Two limits, counted apart (failures only: a success takes its attempt back):
- per address: `login_attempts` failed tries per `login_window_seconds`, for every account;
- per account: the same number of failed tries per window, from addresses the account has not
  signed in from lately. A success adds its address to the account's known addresses (kept 30 to
  60 days) and clears the account's count.

So a stranger who guesses a nurse's email and types wrong passwords from elsewhere locks out only
other *new* addresses: at her clinic (an address she has signed in from) she signs in as usual,
and her success clears the count. Guessing from her clinic's address is still held to that
address's own limit, and guessing from many addresses (a botnet) to the one per-account limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from app.config import Settings
from app.models.base import utcnow
from app.services.accounts import check_credentials, start_session
from app.services.rate_limit import Counter, Limit, Writing, add_one, begin_attempt, forget, is_counted, take_back

KNOWN_ADDRESS_DAYS = 30


@dataclass(frozen=True)
class SignInLimits:
    address: Limit
    account: Limit
    known: Limit  # an account's addresses it signed in from, counted per 30 days

    @classmethod
    def of(cls, settings: Settings) -> SignInLimits:
        attempts, window = settings.login_attempts, settings.login_window_seconds
        return cls(address=Limit("login-address", attempts, window), account=Limit("login-account", attempts, window),
                   known=Limit("login-known", 1, KNOWN_ADDRESS_DAYS * 86_400))


def sign_in(*, session: Session, writing: Writing, limits: SignInLimits, email: str, password: str, address: str,
            now: datetime | None = None) -> str:
    """A new session token; AppError 429 when over a limit (the password is then not checked),
    401 for a wrong email or password. `session` only reads (no write lock); `writing` opens the
    short write transactions."""
    now = now or utcnow()
    account = email.strip().lower()
    known = is_counted(session=session, limit=limits.known, value=f"{account} {address}", now=now)
    attempt = begin_attempt(writing=writing, now=now, counters=[Counter(limits.address, address),
                                                                Counter(limits.account, account, enforced=not known)])
    user = check_credentials(session=session, email=email, password=password)  # a failure stays counted
    with writing() as write:
        take_back(session=write, marks=attempt.marks)
        forget(session=write, limit=limits.account, value=account)
        add_one(session=write, limit=limits.known, value=f"{account} {address}", now=now)
        return start_session(session=write, user=user)

"""Signing in to the dashboard: limited per address and per account, and never holding the
database's write lock while argon2 runs.

The order matters on SQLite, where a write transaction holds the one write lock of the whole
database (phones' syncs wait behind it): count the attempt and read the account in a short write
transaction, verify the password with no transaction open (argon2 takes tens of milliseconds on
purpose), then write the session in a second short one. Eight wrong sign-ins at once used to hold the lock in
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

from app.config import Settings
from app.models.base import utcnow
from app.models import ClinicUser
from app.services.accounts import check_password, find_user, start_session, wrong_email_or_password
from app.services.rate_limit import (Counter, Limit, Writing, add_one, count_attempt, forget, is_counted, take_back,
                                     too_many_attempts)

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


def sign_in(*, writing: Writing, limits: SignInLimits, email: str, password: str, address: str,
            now: datetime | None = None) -> str:
    """A new session token; AppError 429 when over a limit (the password is then not checked),
    401 for a wrong email or password. `writing` opens the two short write transactions."""
    now = now or utcnow()
    account = email.strip().lower()
    with writing() as session:
        known = is_counted(session=session, limit=limits.known, value=f"{account} {address}", now=now)
        attempt, wait = count_attempt(session=session, now=now, counters=[
            Counter(limits.address, address), Counter(limits.account, account, enforced=not known)])
        user = find_user(session=session, email=email)
    if wait:
        raise too_many_attempts(wait)
    # No transaction, and no pooled connection, is held here: sign-ins waiting for argon2 must not
    # hold what phones' syncs need (the write lock; one of the pool's 15 connections).
    check_password(user=user, password=password)  # a failure stays counted
    with writing() as session:
        # Read again: an admin may have removed her, or she changed her password, while argon2 ran.
        current = session.get(ClinicUser, user.id)
        if current is None or current.password_hash != user.password_hash:
            raise wrong_email_or_password()
        take_back(session=session, marks=attempt.marks)
        forget(session=session, limit=limits.account, value=account)
        add_one(session=session, limit=limits.known, value=f"{account} {address}", now=now)
        return start_session(session=session, user=current)

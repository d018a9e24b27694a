"""A small sliding-window limit per client address, kept in the process's memory.

Used on the one route where guessing pays (linking a phone with an invite code). Each app process
keeps its own window, so N processes allow up to N times the limit: still far too few guesses for
a 40-bit code that lives 7 days.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimiter:
    def __init__(self, attempts: int, per_seconds: float, clock=time.monotonic):
        self.attempts, self.per_seconds, self.clock = attempts, per_seconds, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> float:
        """0 when this attempt is allowed (and counted); else the seconds until the next is."""
        now = self.clock()
        with self._lock:
            window = self._seen.setdefault(key, deque())
            while window and window[0] <= now - self.per_seconds:
                window.popleft()
            if len(window) >= self.attempts:
                return window[0] + self.per_seconds - now
            window.append(now)
            if len(self._seen) > 10_000:  # forget idle addresses, so memory stays bounded
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - self.per_seconds}
            return 0.0

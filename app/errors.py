"""AppError: the one exception the services raise for the user to read.

It carries an HTTP status and a stable code; app/http/errors.py turns it into the API's JSON
shape or the dashboard's error page. Kept apart from that module so that services never depend
on the web layer.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    def __init__(self, message: str, status_code: int = 400, code: str = "bad_request", details: Any = None):
        super().__init__(message)
        self.message, self.status_code, self.code, self.details = message, status_code, code, details

"""Keep secrets and patient data out of the server's access log.

The only secret that travels in a URL is an invite code (/join/<code>, which owners open from a
link): the log shows /join/[code]. The dashboard's query strings carry patient data (a search for
a dog's or an owner's name, the page to return to after signing in): the log shows the path alone.
"""

from __future__ import annotations

import logging
import re

_JOIN = re.compile(r"/join/[^/?#\s\"]+")
_CLINIC_QUERY = re.compile(r"(/clinic(?:/[^?#\s\"]*)?)\?[^\s\"]*")


def redact(text: str) -> str:
    if "/join/" in text:
        text = _JOIN.sub("/join/[code]", text)
    if "/clinic" in text:
        text = _CLINIC_QUERY.sub(r"\1", text)
    return text


class RedactAccessLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, RedactAccessLog) for existing in logger.filters):
        logger.addFilter(RedactAccessLog())

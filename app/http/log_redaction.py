"""Keep secrets out of the server's logs. The only secret that travels in a URL is an invite code
(/join/<code>, which owners open from a link); the access log shows it as /join/[code]."""

from __future__ import annotations

import logging
import re

_JOIN = re.compile(r"/join/[^/?#\s\"]+")


class RedactInviteCodes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_JOIN.sub("/join/[code]", arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str) and "/join/" in record.msg:
            record.msg = _JOIN.sub("/join/[code]", record.msg)
        return True


def install() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, RedactInviteCodes) for existing in logger.filters):
        logger.addFilter(RedactInviteCodes())

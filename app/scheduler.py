"""The reminder scheduler: every process runs one, and the database makes sure each reminder is
sent once (services/reminders.py). A pass runs in a worker thread: it talks to the database and
to push services, and must not hold up the requests this process is serving."""

from __future__ import annotations

import asyncio
import logging

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from app.config import Settings
from app.services.reminders import send_due

log = logging.getLogger("ivdd.reminders")


async def run_scheduler(engine: Engine, settings: Settings) -> None:
    """Until cancelled (the app's shutdown). A failed pass is logged and the next one tries again."""
    while True:
        await asyncio.sleep(settings.reminder_tick_seconds)
        try:
            await run_in_threadpool(send_due, engine, settings)
        except Exception:  # noqa: BLE001 - a database hiccup must not end reminders for good
            log.exception("reminder pass failed; trying again in %s s", settings.reminder_tick_seconds)


def start_scheduler(engine: Engine, settings: Settings) -> asyncio.Task | None:
    if not settings.reminder_tick_seconds:
        return None
    return asyncio.create_task(run_scheduler(engine, settings), name="reminders")

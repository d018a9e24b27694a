"""Session times become instants in the dog's own time zone, and follow its clock across a
summer-time change; each reminder's window starts halfway from the session before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.services.reminders import session_slots


def test_times_follow_the_wall_clock_across_the_spring_change():
    start = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)  # London changes to BST (UTC+1) on 28 March 2027
    slots = session_slots(["08:00", "20:00"], "Europe/London", start, start + timedelta(hours=36))
    assert [(s.label, s.due_at) for s in slots] == [
        ("20:00", datetime(2027, 3, 27, 20, 0, tzinfo=UTC)),
        ("08:00", datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),  # 08:00 BST
        ("20:00", datetime(2027, 3, 28, 19, 0, tzinfo=UTC)),
    ]


def test_a_window_starts_halfway_from_the_session_before():
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    slots = session_slots(["08:00", "14:00", "20:00"], "UTC", start, start + timedelta(days=1))
    assert [(s.label, s.window_start.strftime("%H:%M")) for s in slots] == [
        ("08:00", "02:00"), ("14:00", "11:00"), ("20:00", "17:00")]
    [only] = session_slots(["09:00"], "UTC", start, start + timedelta(days=1))
    assert only.due_at - only.window_start == timedelta(hours=12)  # halfway from yesterday's

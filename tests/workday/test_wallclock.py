"""The wall-clock timer: a kernel timerfd on CLOCK_REALTIME, not asyncio's monotonic sleep."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from player.workday.wallclock import WallClockTimer


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd is Linux's")
async def test_it_wakes_at_the_wall_clock_deadline_not_before() -> None:
    timer = WallClockTimer()
    assert timer.kernel
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=0.3)
        await timer.wait_until(deadline)
        assert datetime.now(UTC) >= deadline  # never early; how late depends on the machine
        started = time.monotonic()
        await timer.wait_until(datetime.now(UTC) - timedelta(hours=1))  # already passed
        assert time.monotonic() - started < 30
    finally:
        timer.close()

"""The big countdown: the time left in the step, in large digits."""

from __future__ import annotations

import math

from textual.widgets import Digits


def clock_text(seconds: float) -> str:
    """`M:SS` for the time left, rounded up so `0:00` means the step is over."""
    whole = max(0, math.ceil(seconds - 1e-6))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


def position_text(seconds: float) -> str:
    """`M:SS` for a position in the session, rounded down (a clock, not a countdown)."""
    whole = max(0, math.floor(seconds + 1e-6))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


class Countdown(Digits):
    """Large digits for the time left in the step; dimmed and marked while paused."""

    def show(self, seconds: float | None, paused: bool) -> None:
        text = clock_text(seconds) if seconds is not None else "--:--"
        if text != self.value:
            self.update(text)
        self.set_class(paused, "-paused")

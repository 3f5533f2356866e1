"""Clocks for the session engine: the real monotonic one, a fake for tests, and a stopwatch."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Seconds from an arbitrary origin that never goes backwards."""

    def now(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    """`time.monotonic`, as used for real sessions."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class FakeClock:
    """A clock that moves only when told to (or when slept on): tests run hours in ms."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        if seconds > 0:
            self._now += seconds


class Stopwatch:
    """Time played on a clock: running stretches added up, pauses left out (the model of
    Textual's stopwatch tutorial). Times are the clock's; nothing is counted in ticks."""

    def __init__(self) -> None:
        self._total = 0.0  # time run before the current stretch
        self._since: float | None = None  # clock time the current stretch began

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self, now: float) -> None:
        if self._since is None:
            self._since = now

    def stop(self, now: float) -> float:
        """Stop at `now` (if running); returns the time run."""
        self._total = self.read(now)
        self._since = None
        return self._total

    def read(self, now: float) -> float:
        """The time run up to `now`."""
        return self._total if self._since is None else self._total + (now - self._since)

"""Clocks for the session engine: the real monotonic one, a fake for tests, and a stopwatch."""

from __future__ import annotations

import threading
import time
from typing import Protocol

# Clock arithmetic is off by float rounding: setting an origin to `now - x` and reading
# `now - origin` back can give a hair less than `x`. Places this close count as the same —
# the one tolerance of the session's clock arithmetic.
EPSILON = 1e-6


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


class Doorbell:
    """Wakes a thread waiting for a deadline as soon as something changes (a command).

    It waits on the owner's lock (held by the caller of `wait` and `ring`). `generation`
    counts the rings, so a waiter that polled before the last ring does not wait at all.
    """

    def __init__(self, lock: threading.RLock) -> None:
        self._rung = threading.Condition(lock)
        self.generation = 0

    def ring(self) -> None:
        self.generation += 1
        self._rung.notify_all()

    def wait(self, seconds: float | None, timeout: float | None = None) -> None:
        """Wait `seconds` (None: until rung), at most `timeout`; not at all when not positive."""
        if timeout is not None:
            seconds = timeout if seconds is None else min(seconds, timeout)
        if seconds is None or seconds > 0:
            self._rung.wait(seconds)

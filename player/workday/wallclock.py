"""Sleeping until a time on the wall clock, with no polling.

asyncio's timers run on the monotonic clock, which stands still while a laptop sleeps: a
wait for 10:00 begun at 9:00 would end at 12:00 after two hours of suspend. On Linux a
timerfd on CLOCK_REALTIME with an absolute expiry wakes at 10:00 by the wall clock
(at once on resume if that has passed), and also when the clock is set. Elsewhere the
monotonic sleep is the fallback.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import sys
from datetime import UTC, datetime
from typing import Protocol

CLOCK_REALTIME = 0
TFD_CLOEXEC = 0o2000000
TFD_NONBLOCK = 0o4000
TFD_TIMER_ABSTIME = 1
TFD_TIMER_CANCEL_ON_SET = 2


class Timer(Protocol):
    async def wait_until(self, deadline: datetime) -> None:
        """Return at `deadline` (or soon after), or earlier when the wall clock was set."""
        ...


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


class WallClockTimer:
    """Waits on a timerfd (Linux) or, where there is none, with asyncio.sleep."""

    def __init__(self) -> None:
        self._libc = _libc()
        self._fd = -1
        if self._libc is not None:
            fd = self._libc.timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC)
            self._fd = fd if fd >= 0 else -1

    @property
    def kernel(self) -> bool:
        """Whether the kernel's wall-clock timer is used."""
        return self._fd >= 0

    async def wait_until(self, deadline: datetime) -> None:
        if not self.kernel:
            seconds = (deadline - datetime.now(UTC)).total_seconds()
            await asyncio.sleep(max(0.0, seconds))
            return
        stamp = deadline.timestamp()
        spec = _Itimerspec()
        spec.it_value.tv_sec = int(stamp)
        spec.it_value.tv_nsec = int((stamp - int(stamp)) * 1e9)
        flags = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET
        assert self._libc is not None
        if self._libc.timerfd_settime(self._fd, flags, ctypes.byref(spec), None) != 0:
            raise OSError(ctypes.get_errno(), "timerfd_settime failed")
        loop = asyncio.get_running_loop()
        fired: asyncio.Future[None] = loop.create_future()

        def ready() -> None:
            try:
                os.read(self._fd, 8)  # the expiry count; ECANCELED when the clock was set
            except BlockingIOError:
                return  # woken without an expiry: keep waiting
            except OSError:
                pass
            if not fired.done():
                fired.set_result(None)

        fd = self._fd
        loop.add_reader(fd, ready)
        try:
            await fired
        finally:
            loop.remove_reader(fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the process itself, libc included
        libc.timerfd_create.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.timerfd_settime.argtypes = [
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(_Itimerspec),
            ctypes.c_void_p,
        ]
    except (OSError, AttributeError):
        return None
    return libc

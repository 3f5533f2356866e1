"""Errors meant for the user: one clear message and an exit code, never a traceback."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from types import FrameType

EXIT_OK = 0
EXIT_INVALID = 1  # an invalid routine (or another problem with the user's input)
EXIT_USAGE = 2  # a usage error: bad options, unknown routine name
EXIT_INTERNAL = 70  # a bug: an unexpected exception (EX_SOFTWARE); details go to a file
EXIT_INTERRUPTED = 130  # Ctrl-C, or one of the ENDING_SIGNALS: stopped and recorded

ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)  # `kill`, a logout, a closed terminal or ssh connection: the players end as on Ctrl-C


@contextlib.contextmanager
def on_ending_signals(handler: Callable[[int, FrameType | None], object]) -> Iterator[None]:
    """`handler` takes SIGTERM and SIGHUP meanwhile; the previous handlers come back after.
    Outside the main thread signals are left alone."""
    try:
        previous = {number: signal.signal(number, handler) for number in ENDING_SIGNALS}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def ending_signals_interrupt() -> contextlib.AbstractContextManager[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread meanwhile, so whatever
    was started ends as on Ctrl-C (recorded, the terminal restored) instead of the process
    dying on the spot. The console player and the commands before the app use it."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    return on_ending_signals(interrupt)


class UserError(Exception):
    """A problem the user can act on. `str(error)` is the whole message."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(UserError):
    """Bad options or names on the command line."""

    exit_code = EXIT_USAGE


# Characters that move the cursor, clear the screen, set the window title (C0, DEL, C1) or
# turn text around (bidirectional overrides): shown as escapes wherever text from a file,
# a file name or the journal reaches a terminal. Line breaks and tabs stay.
_UNPRINTABLE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (
        *range(0x00, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
    if chr(code) not in "\n\t"
}


def printable(text: str) -> str:
    """`text` safe to print: control characters written as escapes (`\\x1b`)."""
    return text.translate(_UNPRINTABLE)

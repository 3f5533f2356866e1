"""Errors meant for the user: one clear message and an exit code, never a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # an invalid routine (or another problem with the user's input)
EXIT_USAGE = 2  # a usage error: bad options, unknown routine name
EXIT_INTERNAL = 70  # a bug: an unexpected exception (EX_SOFTWARE); details go to a file


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

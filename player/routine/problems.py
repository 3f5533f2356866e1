"""Problems found in a routine file, and the error that carries all of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from player.errors import EXIT_INVALID, UserError, printable


class Severity(StrEnum):
    """An error makes a file unusable; a warning only says it looks wrong."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a file, where it is: `file:line:col: message`."""

    path: Path
    line: int  # 1-based; 0 when the problem is the file as a whole
    column: int  # 1-based; 0 with line 0
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        # Line 0 is the file as a whole (missing, a directory, unreadable).
        path = printable(str(self.path))
        where = f"{path}:{self.line}:{self.column}" if self.line else path
        if self.severity is Severity.WARNING:
            return f"{where}: warning: {printable(self.message)}"
        return f"{where}: {printable(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def in_order(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems sorted by file and position, each one once."""
    unique = dict.fromkeys(problems)
    return tuple(sorted(unique, key=lambda p: (str(p.path), p.line, p.column, p.message)))


class RoutineError(UserError):
    """A routine file (or the exercise library) is invalid; `problems` says every reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = in_order(problems)
        super().__init__("\n".join(str(p) for p in self.problems), EXIT_INVALID)

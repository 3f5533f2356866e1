"""What an importer found: a routine in plain terms, and what it could not carry over."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from player.routine.model import Kind, Sides
from player.routine.problems import Problem, RoutineError


@dataclass(frozen=True, slots=True)
class ImportedExercise:
    """A timed exercise: everything the source formats have is a length of time."""

    name: str
    duration: float  # seconds per side
    sides: Sides = Sides.NONE
    instructions: str = ""
    rest: float | None = None  # after it; None: the routine's default


@dataclass(frozen=True, slots=True)
class ImportedSection:
    name: str
    kind: Kind
    exercises: tuple[ImportedExercise, ...]
    rounds: int = 1
    rest_between_rounds: float | None = None


@dataclass(frozen=True, slots=True)
class Imported:
    """A routine read from another tool's file, ready to be written as YAML."""

    title: str
    source: str  # "a Workrave exercises file", for the comment at the top
    sections: tuple[ImportedSection, ...]
    language: str = "en"
    description: str = ""
    rest: float = 10.0  # the routine's default rest after an exercise
    prepare: float | None = None  # the announcement window, when the default is too short
    grow: bool = False  # `fit: grow`: the windows grow to say everything (a last resort)
    notes: tuple[str, ...] = field(default=())  # what could not be carried over, in plain words


def fail(path: Path, where: tuple[int, int], message: str) -> RoutineError:
    """The error for a broken source file: `file:line:col: message`."""
    return RoutineError([Problem(path, where[0], where[1], message)])

"""Finding routines by name or path, and listing the bundled and the user's ones."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from player import paths
from player.errors import UsageError
from player.routine.loader import load_routine
from player.routine.model import Kind, Routine
from player.routine.problems import RoutineError
from player.routine.summary import Summary, summarise

SUFFIX = ".yaml"
SummaryOf = Callable[[Routine], Summary]


@dataclass(frozen=True, slots=True)
class RoutineInfo:
    """One line of `workout list`; an invalid file has `error` and no numbers."""

    name: str
    path: Path
    bundled: bool
    title: str = ""
    language: str = ""
    minutes: float | None = None
    kinds: tuple[Kind, ...] = ()
    error: str | None = None
    movement: float | None = None  # share of the time spent moving, when known


def _routine_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file())


def routine_names() -> list[str]:
    """Names of the user's and the bundled routines (a user's routine hides a bundled one)."""
    names = [p.stem for p in _routine_files(paths.user_routines_dir())]
    names += [p.stem for p in _routine_files(paths.bundled_routines_dir())]
    return list(dict.fromkeys(names))


def find_routine(name_or_path: str) -> Path:
    """A routine file: the path if it exists, else a user routine, else a bundled one.

    Raises UsageError (exit 2) naming the closest routines when there is none.
    """
    if not name_or_path.strip():
        raise UsageError("no routine given: name a routine or a routine file (`workout list`)")
    given = Path(name_or_path).expanduser()
    if given.exists():
        return given
    looks_like_path = "/" in name_or_path or "\\" in name_or_path
    if not looks_like_path:
        stem = name_or_path.removesuffix(SUFFIX)
        for folder in (paths.user_routines_dir(), paths.bundled_routines_dir()):
            candidate = folder / f"{stem}{SUFFIX}"
            if candidate.is_file():
                return candidate
    names = routine_names()
    close = difflib.get_close_matches(given.stem, names, n=3, cutoff=0.5)
    message = (
        f"no such file '{name_or_path}'"
        if looks_like_path
        else f"no routine file or routine named '{name_or_path}'"
    )
    if close:
        message += " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
    message += "; `workout list` shows every routine"
    raise UsageError(message)


def list_routines(summary_of: SummaryOf = summarise) -> list[RoutineInfo]:
    """The user's routines, then the bundled ones; invalid files listed with their error.

    `summary_of` gives the minutes and kinds (the estimate by default; `workout list` passes
    one that compiles the timeline).
    """
    infos = []
    for folder, bundled in (
        (paths.user_routines_dir(), False),
        (paths.bundled_routines_dir(), True),
    ):
        for path in _routine_files(folder):
            infos.append(routine_info(path, bundled=bundled, summary_of=summary_of))
    return infos


def routine_info(path: Path, *, bundled: bool, summary_of: SummaryOf = summarise) -> RoutineInfo:
    """What `workout list` shows for one file."""
    try:
        routine = load_routine(path, check_voice=False).routine
    except RoutineError as error:
        errors = [p for p in error.problems if p.is_error]
        first = errors[0] if errors else None
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        if first is None:
            reason = str(error)
        elif first.path == path and first.line:
            reason = f"{first.line}:{first.column}: {first.message}"
        else:
            reason = str(first)
        return RoutineInfo(path.stem, path, bundled, error=f"invalid: {reason}{more}")
    summary = summary_of(routine)
    return RoutineInfo(
        name=path.stem,
        path=path,
        bundled=bundled,
        title=routine.title,
        language=routine.language,
        minutes=summary.minutes,
        kinds=summary.kinds,
        movement=summary.movement,
    )

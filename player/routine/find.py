"""Finding routines by name or path, and listing the bundled and the user's ones."""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from player import paths
from player.errors import UsageError
from player.routine.model import Kind, Routine
from player.routine.problems import RoutineError

if TYPE_CHECKING:
    from player.routine.totals import RoutineTotals

# The loader (ruamel.yaml) is imported when a file has to be loaded: a listing
# from the cache, or finding a routine's path, does without it.

SUFFIX = ".yaml"
TotalsOf = Callable[[Routine], "RoutineTotals"]


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
    """The routine files in `folder`; none where it is missing or cannot be entered."""
    try:
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file())
    except OSError:  # no permission to enter it: nothing of it can be listed or played
        return []


def _is_there(path: Path) -> bool:
    """Whether something is at `path`: a file, a folder, a broken or looping link, or a
    thing in a folder that cannot be entered (reading it then says which)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        return False
    except OSError:
        return True  # EACCES, ELOOP in a parent, ...: let the reader say so
    return True


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
    if _is_there(given):
        return given  # reading it says what is wrong with it (a loop, a folder, no access)
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


def list_routines(
    totals_of: TotalsOf | None = None, *, cache: Path | None = None
) -> list[RoutineInfo]:
    """The user's routines, then the bundled ones; invalid files listed with their error.

    `totals_of` gives the minutes and kinds (the estimate by default; `workout list` passes
    one that compiles the timeline). With `cache`, a file whose content is that of the last
    listing (by the same version, with the same exercise library) is not loaded again: its
    line comes from that JSON file, which is then brought up to date.
    """
    known = _read_cache(cache, totals_of) if cache else {}
    fresh: dict[str, tuple[str, RoutineInfo]] = {}
    infos = []
    for folder, bundled in (
        (paths.user_routines_dir(), False),
        (paths.bundled_routines_dir(), True),
    ):
        for path in _routine_files(folder):
            stamp = _stamp(path)
            entry = known.get(str(path))
            if entry is not None and entry[0] == stamp:
                info = entry[1]
            else:
                info = routine_info(path, bundled=bundled, totals_of=totals_of)
            fresh[str(path)] = (stamp, info)
            infos.append(info)
    if cache is not None and fresh != known:
        _write_cache(cache, totals_of, fresh)
    return infos


def _stamp(path: Path) -> str:
    """The file's content, hashed (a time stamp can miss a quick rewrite of equal length)."""
    import hashlib

    from player.routine.limits import MAX_BYTES

    try:
        with path.open("rb") as file:
            return hashlib.blake2b(file.read(MAX_BYTES + 1), digest_size=16).hexdigest()
    except OSError:
        return ""


def _cache_key(totals_of: TotalsOf | None) -> list[object]:
    """What else a cached line depends on: this version, the library, the totals rule."""
    from player import __version__

    rule = f"{totals_of.__module__}.{totals_of.__qualname__}" if totals_of else "estimate"
    return [__version__, _stamp(paths.exercise_library_file()), rule]


def _read_cache(cache: Path, totals_of: TotalsOf | None) -> dict[str, tuple[str, RoutineInfo]]:
    import json

    try:
        document = json.loads(cache.read_bytes())
        if document.get("key") != _cache_key(totals_of):
            return {}
        return {
            path: (
                stamp,
                RoutineInfo(
                    name=info["name"],
                    path=Path(info["path"]),
                    bundled=info["bundled"],
                    title=info["title"],
                    language=info["language"],
                    minutes=info["minutes"],
                    kinds=tuple(Kind(k) for k in info["kinds"]),
                    error=info["error"],
                ),
            )
            for path, (stamp, info) in document["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no cache yet, or not one this version can read: list from the files


def _write_cache(
    cache: Path, totals_of: TotalsOf | None, entries: dict[str, tuple[str, RoutineInfo]]
) -> None:
    import json

    from player.files import write_atomic

    files = {
        path: [
            stamp,
            {
                "name": info.name,
                "path": str(info.path),
                "bundled": info.bundled,
                "title": info.title,
                "language": info.language,
                "minutes": info.minutes,
                "kinds": [str(k) for k in info.kinds],
                "error": info.error,
            },
        ]
        for path, (stamp, info) in entries.items()
    }
    data = json.dumps({"key": _cache_key(totals_of), "files": files}, ensure_ascii=False)
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        write_atomic(paths.private_dir(cache.parent) / cache.name, data.encode())


def routine_info(path: Path, *, bundled: bool, totals_of: TotalsOf | None = None) -> RoutineInfo:
    """What `workout list` shows for one file (minutes estimated unless `totals_of`)."""
    from player.routine.loader import load_routine
    from player.routine.totals import estimate_totals

    try:
        routine = load_routine(path).routine
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
    totals = (totals_of or estimate_totals)(routine)
    return RoutineInfo(
        name=path.stem,
        path=path,
        bundled=bundled,
        title=routine.title,
        language=routine.language,
        minutes=totals.minutes,
        kinds=totals.kinds,
        movement=totals.movement,
    )

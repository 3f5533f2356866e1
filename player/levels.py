"""The user's levels: which variant of each library exercise they do, remembered per user.

Kept as `levels.json` in the user data dir (library id -> level: -1 one easier than the
library's exercise as written, 1 one harder, 0 as written); when a level changed is kept in
the history journal (`player.history.levels`), for the therapist's report. `with_levels`
plays a routine at the user's levels; the player's easier/harder keys change a level with
`change_level`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from player import paths
from player.files import write_atomic
from player.routine.model import Exercise, LibraryExercise, Routine

LEVELS_FILE = "levels.json"


def levels_path() -> Path:
    return paths.user_data_dir() / LEVELS_FILE


def read_levels(path: Path | None = None) -> dict[str, int]:
    """The user's levels by library id ({} when none are kept, or the file is unreadable)."""
    try:
        data = json.loads((path or levels_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(key): value
        for key, value in data.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }


def save_level(library_id: str, level: int, path: Path | None = None) -> None:
    """Remember `level` for `library_id` (atomically; the other levels are kept)."""
    path = path or levels_path()
    levels = read_levels(path)
    levels[library_id] = level
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(sorted(levels.items())), indent=2) + "\n"
    write_atomic(path, text.encode())


def at_level(
    exercise: Exercise, library: Mapping[str, LibraryExercise], level: int, language: str
) -> Exercise:
    """`exercise` (from the library) as its variant at `level`, clamped to the levels there
    are; unchanged when it is not a library exercise or already at that level. The variant
    brings its own name, position, instructions, dosing, posture and sides; the routine's
    timing (prepare, countdown, rest) stays; custom cues, written for the other variant, go."""
    item = library.get(exercise.library_id or "")
    if item is None:
        return exercise
    variant = item.at_level(level)
    if variant.level == exercise.level:
        return exercise
    base = language.split("-")[0]
    if base not in variant.names:
        return exercise
    return replace(
        exercise,
        name=variant.names[base],
        position=variant.positions.get(base, ""),
        instructions=variant.instructions.get(base, ""),
        dosing=replace(variant.dosing, sets=max(variant.dosing.sets, 1)),
        sides=variant.sides,
        switch=variant.switch,
        posture=variant.posture,
        equipment=variant.equipment,
        cues=(),
        level=variant.level,
        limb=variant.limb,
    )


def with_levels(
    routine: Routine, levels: Mapping[str, int], library: Mapping[str, LibraryExercise]
) -> Routine:
    """`routine` with each library exercise at the user's level for it (where one is kept)."""

    def one(exercise: Exercise) -> Exercise:
        if exercise.library_id is None or exercise.library_id not in levels:
            return exercise
        return at_level(exercise, library, levels[exercise.library_id], routine.language)

    sections = tuple(
        replace(section, exercises=tuple(one(e) for e in section.exercises))
        for section in routine.sections
    )
    return replace(routine, sections=sections)


def at_user_levels(
    library: Mapping[str, LibraryExercise], levels: Mapping[str, int]
) -> dict[str, LibraryExercise]:
    """The library with each exercise as its variant at the user's level (the quick break)."""
    return {key: item.at_level(levels.get(key, 0)) for key, item in library.items()}


def user_levels_of(routine: Routine) -> Routine:
    """`routine` at the user's kept levels (reads `levels.json`, and the library only when a
    level applies)."""
    levels = read_levels()
    if not any(e.library_id in levels for e in routine.exercises()):
        return routine
    from player.routine.library import load_library

    return with_levels(routine, levels, load_library())


def neighbour(
    exercise: Exercise, library: Mapping[str, LibraryExercise], step: int, language: str
) -> Exercise | None:
    """The exercise one level easier (`step` -1) or harder (1); None at the end of the range
    or for an exercise that is not from the library."""
    item = library.get(exercise.library_id or "")
    if item is None:
        return None
    low, high = item.level_range()
    wanted = exercise.level + step
    if not low <= wanted <= high:
        return None
    return at_level(exercise, library, wanted, language)


def change_level(
    exercise: Exercise,
    library: Mapping[str, LibraryExercise],
    step: int,
    language: str,
    path: Path | None = None,
) -> Exercise | None:
    """Make `exercise` one level easier or harder for the next sessions (remembered) and
    return the variant to do now; None when there is no such level (nothing is changed).
    The change is recorded in the history journal too (when it changed, for the report)."""
    variant = neighbour(exercise, library, step, language)
    if variant is None or exercise.library_id is None:
        return None
    with contextlib.suppress(OSError):  # done now all the same; kept next time it can be
        save_level(exercise.library_id, variant.level, path)
    record_change(exercise.library_id, variant.name, exercise.level, variant.level)
    return variant


def record_change(library_id: str, name: str, level_from: int, level_to: int) -> bool:
    """Record in the user's history journal that the user made `library_id` easier or harder
    (now called `name`); False when the journal cannot be written (the level is kept all
    the same: the report then does not know when)."""
    from player.history import HistoryError, open_history
    from player.history.levels import Reason, record_level_change

    reason = Reason.EASIER if level_to < level_from else Reason.HARDER
    try:
        with open_history() as history:
            record_level_change(history, library_id, name, level_from, level_to, reason)
    except HistoryError:
        return False
    return True

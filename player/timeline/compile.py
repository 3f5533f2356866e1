"""Compile a routine into a timeline of segments and spoken cues (pure, no I/O).

Two stages: `plan` (`player.timeline.plan`) writes the script as blocks with the lengths
the routine writes; `fit` (`player.timeline.fit`) lays them out on the clock with the clip
lengths from `duration_of`. This module is the public face of both, and the one place a
routine's length, exercise count and movement share come from (`routine_length`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from player.routine.model import Exercise, Kind, Routine
from player.timeline.estimate import estimated_duration_of
from player.timeline.fit import MARGIN, Lane, fit
from player.timeline.model import Timeline
from player.timeline.plan import (
    GAP,
    HALFWAY_FROM,
    LAST_SECONDS_FROM,
    Block,
    Script,
    Verbosity,
    safety_lines,
)

if TYPE_CHECKING:
    from player.routine.totals import RoutineTotals

__all__ = [
    "GAP",
    "HALFWAY_FROM",
    "LAST_SECONDS_FROM",
    "MARGIN",
    "Lane",
    "Length",
    "Verbosity",
    "clear_caches",
    "compile_timeline",
    "estimated_timeline",
    "everything_familiar",
    "familiar_key",
    "fit",
    "plan",
    "planned_minutes",
    "routine_length",
    "safety_lines",
    "script_texts",
    "totals_of",
]

_NO_ONE = frozenset[str]()


@dataclass(frozen=True, slots=True)
class Length:
    """What a routine amounts to, as every screen and line shows it."""

    seconds: float  # start to finish, the first-timer's script, estimated clip lengths
    exercises: int  # each exercise once (rounds and sets not repeated)
    movement: float  # share of the time spent moving: work, holds, relaxes, switches
    seconds_per_kind: dict[Kind, float]  # in Kind order, kinds not played left out

    @property
    def minutes(self) -> int:
        """Whole minutes, as said aloud ("About 3 minutes"); at least 1."""
        return max(1, round(self.seconds / 60))


def routine_length(
    routine: Routine,
    verbosity: Verbosity = Verbosity.FULL,
    familiar: frozenset[str] = _NO_ONE,
) -> Length:
    """The one length of `routine`: `check`, `show`, `list`, the library, the player, the
    intro and the outro all say this.

    It comes from the estimated clip lengths, not the rendered ones, so that the words do
    not depend on how (or whether) they were rendered; every window but the intro and outro
    has its written length, so a rendered session differs by well under a second.
    """
    timeline = estimated_timeline(routine, verbosity, familiar)
    return Length(
        seconds=timeline.total,
        exercises=len(routine.exercises()),
        movement=timeline.movement_share(),
        seconds_per_kind=timeline.seconds_per_kind(),
    )


def estimated_timeline(
    routine: Routine,
    verbosity: Verbosity = Verbosity.FULL,
    familiar: frozenset[str] = _NO_ONE,
) -> Timeline:
    """The timeline `routine_length` measures: planned once and fitted to the estimated clip
    lengths, the intro saying a placeholder length (the real one is what it measures).

    Its warnings and notes are the session's (`workout check` prints them from here, so it
    plans and fits each routine once): the placeholder only moves what follows the intro.
    """
    return _estimated_timeline(routine, verbosity, familiar)  # one cache key per routine


@lru_cache(maxsize=128)
def _estimated_timeline(
    routine: Routine, verbosity: Verbosity, familiar: frozenset[str]
) -> Timeline:
    blocks = Script(routine, verbosity, minutes=10, familiar=familiar).write()
    estimate = estimated_duration_of(routine)
    return fit(blocks, estimate, routine.language, planned_of=estimate)


def clear_caches() -> None:
    """Forget every length and estimate measured so far (a benchmark's cold run)."""
    from player.timeline.estimate import estimate_duration

    _estimated_timeline.cache_clear()
    estimate_duration.cache_clear()


def familiar_key(exercise: Exercise) -> str:
    """How history knows an exercise: its library id, or its name when it has none."""
    return exercise.library_id or exercise.name


def everything_familiar(routine: Routine) -> frozenset[str]:
    """Every exercise of `routine` as familiar (`workout show --familiar`)."""
    return frozenset(familiar_key(e) for e in routine.exercises())


def totals_of(routine: Routine) -> RoutineTotals:
    """`routine_length` as the `RoutineTotals` that `check`, `list` and the library show."""
    from player.routine.totals import RoutineTotals  # it loads the loader: not for a break

    length = routine_length(routine)
    return RoutineTotals(
        total=length.seconds,
        exercises=length.exercises,
        seconds_per_kind=dict(length.seconds_per_kind),
        movement=length.movement,
    )


def planned_minutes(
    routine: Routine,
    verbosity: Verbosity = Verbosity.FULL,
    familiar: frozenset[str] = _NO_ONE,
) -> int:
    """The session length said in the intro and the summary, in whole minutes."""
    return routine_length(routine, verbosity, familiar).minutes


def plan(
    routine: Routine,
    verbosity: Verbosity = Verbosity.FULL,
    familiar: frozenset[str] = _NO_ONE,
    *,
    listening: bool = False,
) -> list[Block]:
    """The script of `routine` as planned blocks (what `compile_timeline` fits)."""
    minutes = planned_minutes(routine, verbosity, familiar)
    return Script(routine, verbosity, minutes, familiar, listening=listening).write()


def compile_timeline(
    routine: Routine,
    duration_of: Callable[[str], float],
    *,
    verbosity: Verbosity = Verbosity.FULL,
    familiar: frozenset[str] = _NO_ONE,
    planned_of: Callable[[str], float] | None = None,
    listening: bool = False,
    blocks: list[Block] | None = None,
) -> Timeline:
    """The whole session: segments and cues, with speech fitted to the clip lengths.

    `familiar` names (library ids or names) the exercises that get the familiar script
    under `Verbosity.AUTO`; with no history, `auto` is `full`. The intro and the outro are
    timed with `planned_of` at least (by default the espeak-ng estimate, as
    `routine_length`): rendered or not, the session lasts the same. `listening`: spoken
    commands are on (open reps say "Say done or press d"). `blocks`: the routine planned
    with these already (`plan`), as `script_texts` was given them.
    """
    planned = estimated_duration_of(routine) if planned_of is None else planned_of
    if blocks is None:
        blocks = plan(routine, verbosity, familiar, listening=listening)
    return fit(blocks, duration_of, routine.language, planned_of=planned)


def script_texts(
    routine: Routine,
    verbosity: Verbosity = Verbosity.FULL,
    familiar: frozenset[str] = _NO_ONE,
    *,
    listening: bool = False,
    blocks: list[Block] | None = None,
) -> list[str]:
    """Every distinct phrase the timeline can contain, in the order first heard (of
    `blocks`, when the routine is planned already).

    Shorter wordings that fitting may fall back to follow the line they stand in for.
    """
    seen: dict[str, None] = {}
    if blocks is None:
        blocks = plan(routine, verbosity, familiar, listening=listening)
    for block in blocks:
        says = [*block.lines, *sorted(block.says, key=lambda say: say.offset)]
        for say in says:
            for text in (*say.texts, *say.parts):
                seen.setdefault(text, None)
    return list(seen)

"""A routine's totals: planned time, number of exercises, minutes per kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from player.routine.model import Exercise, Kind, Routine
from player.routine.resolve import exercise_seconds


@dataclass(frozen=True, slots=True)
class RoutineTotals:
    """The numbers `workout check` and `workout list` show for a routine."""

    total: float  # planned seconds, start to finish
    exercises: int  # each exercise once (rounds not repeated)
    seconds_per_kind: dict[Kind, float] = field(default_factory=dict)  # in Kind order
    movement: float | None = None  # share of the time spent moving (from the timeline)

    @property
    def minutes(self) -> float:
        return self.total / 60.0

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return tuple(self.seconds_per_kind)


def exercise_span(exercise: Exercise) -> float:
    """An exercise from its announcement to its last "Stop" (its rest after not included)."""
    return exercise.prepare + exercise.countdown + exercise_seconds(exercise)


def estimate_seconds(routine: Routine) -> float:
    """The planned length from the dosing alone: prepare, countdown, work and every rest.

    A plain estimate for when no timeline is at hand (the timeline also fits speech, so its
    total is the one to show when it is available).
    """
    total = 0.0
    played = [
        (exercise, section, round_)
        for section in routine.sections
        for round_ in range(section.rounds)
        for exercise in section.exercises
    ]
    for index, (exercise, section, round_) in enumerate(played):
        total += exercise_span(exercise)
        last = index == len(played) - 1
        if last:
            break
        next_section, next_round = played[index + 1][1], played[index + 1][2]
        if next_section is section and next_round != round_:
            total += section.rest_between_rounds
        else:
            total += exercise.rest
    return total


def estimate_totals(
    routine: Routine,
    total: float | None = None,
    seconds_per_kind: Mapping[Kind, float] | None = None,
) -> RoutineTotals:
    """Planned time, exercises and seconds per section kind.

    `total` and `seconds_per_kind` come from the timeline when the caller has one (it fits
    speech, so it knows better); otherwise they are estimated from the dosing: each
    exercise's span, times its section's rounds, counted under its section's kind.
    """
    if seconds_per_kind is None:
        estimated = dict.fromkeys(Kind, 0.0)
        for section in routine.sections:
            for exercise in section.exercises:
                estimated[section.kind] += exercise_span(exercise) * section.rounds
        seconds_per_kind = estimated
    return RoutineTotals(
        total=estimate_seconds(routine) if total is None else total,
        exercises=len(routine.exercises()),
        seconds_per_kind={k: seconds_per_kind[k] for k in Kind if seconds_per_kind.get(k, 0) > 0},
    )

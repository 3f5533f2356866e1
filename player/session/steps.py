"""Steps as the session sees them: the timeline's steps plus when each one's work is done.

Three index spaces meet here and are named apart: a step's `index` (its place among the
session's steps, what `next` and `previous` count), its `occurrence` (the timeline segments'
`occurrence`: one per exercise per round, in play order) and, in the routine, an
exercise's written position (`routine.exercises()`), which the session does not use.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from player.routine.model import Kind
from player.timeline.model import SegmentKind, Timeline
from player.timeline.steps import steps

# Rests between exercises: the one before an exercise announces it and belongs to its step;
# a step's work ends at its last segment that is not one of them.
_AFTER_WORK = {SegmentKind.REST, SegmentKind.REST_ROUNDS}


@dataclass(frozen=True, slots=True)
class SessionStep:
    """A step of the timeline (`player.timeline.steps.Step`: the intro, one exercise played
    with the rest or prepare window announcing it, or the outro) with the place its work
    ends: it counts as finished at `work_end` (`StepFinished`; the journal records it then)."""

    index: int
    start: float
    end: float
    work_end: float
    kind: str  # "intro" | "exercise" | "outro"
    exercise: str | None = None
    occurrence: int | None = None  # the segments' `occurrence`
    section: str | None = None
    section_kind: Kind | None = None

    @property
    def duration(self) -> float:
        return self.end - self.start


def steps_of(timeline: Timeline) -> tuple[SessionStep, ...]:
    """The timeline's steps (`player.timeline.steps`), each with the end of its work."""
    starts = [s.start for s in timeline.segments]
    result: list[SessionStep] = []
    for step in steps(timeline):
        first = bisect_left(starts, step.start)
        inside = [s for s in timeline.segments[first:] if s.start < step.end]
        work = [s for s in inside if s.kind not in _AFTER_WORK]
        result.append(
            SessionStep(
                index=step.index,
                start=step.start,
                end=step.end,
                work_end=work[-1].end if work else step.end,
                kind=str(step.kind),
                exercise=step.exercise,
                occurrence=step.occurrence,
                section=step.section,
                section_kind=step.section_kind,
            )
        )
    return tuple(result)

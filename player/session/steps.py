"""Steps as the session sees them: the timeline's steps plus when each one's work is done."""

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
class Step:
    """The intro, one exercise played (the rest or prepare window announcing it, countdown,
    work), or the outro. It counts as finished at `work_end` (the journal records it then)."""

    index: int
    start: float
    end: float
    work_end: float
    kind: str  # "intro" | "exercise" | "outro"
    exercise: str | None = None
    exercise_index: int | None = None
    section: str | None = None
    section_kind: Kind | None = None

    @property
    def duration(self) -> float:
        return self.end - self.start


def steps_of(timeline: Timeline) -> tuple[Step, ...]:
    """The timeline's steps (`player.timeline.steps`), each with the end of its work."""
    starts = [s.start for s in timeline.segments]
    result: list[Step] = []
    for step in steps(timeline):
        first = bisect_left(starts, step.start)
        inside = [s for s in timeline.segments[first:] if s.start < step.end]
        work = [s for s in inside if s.kind not in _AFTER_WORK]
        result.append(
            Step(
                index=step.index,
                start=step.start,
                end=step.end,
                work_end=work[-1].end if work else step.end,
                kind=str(step.kind),
                exercise=step.exercise,
                exercise_index=step.exercise_index,
                section=step.section,
                section_kind=step.section_kind,
            )
        )
    return tuple(result)

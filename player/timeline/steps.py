"""Steps of a timeline: the places `next` and `previous` jump to.

A step is the intro, one exercise occurrence (the rest or prepare window that announces it,
its countdown, work, switches, rests between reps and sets), or the outro. Segments
of one exercise occurrence share an `occurrence`; the compiler sets it on every one of
them, so steps are the runs of segments with the same index.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum

from player.routine.model import Kind
from player.timeline.model import Segment, SegmentKind, Timeline

_WORK_KINDS = frozenset({SegmentKind.WORK, SegmentKind.HOLD, SegmentKind.OPEN})


class StepKind(StrEnum):
    """What a step is."""

    INTRO = "intro"
    EXERCISE = "exercise"
    OUTRO = "outro"


@dataclass(frozen=True, slots=True)
class Step:
    """A jump target: `start` inclusive to `end` exclusive, in session seconds."""

    index: int  # position in `steps(timeline)`
    kind: StepKind
    start: float
    end: float
    work_start: float  # where the first work of the step begins (`start` for intro/outro)
    exercise: str | None = None
    occurrence: int | None = None  # the segments' `occurrence`
    section: str | None = None
    section_kind: Kind | None = None
    round: int | None = None
    rounds: int | None = None

    @property
    def duration(self) -> float:
        return self.end - self.start


def _step_kind(segment: Segment) -> StepKind:
    if segment.occurrence is not None:
        return StepKind.EXERCISE
    return StepKind.OUTRO if segment.kind is SegmentKind.OUTRO else StepKind.INTRO


def steps(timeline: Timeline) -> tuple[Step, ...]:
    """The steps of `timeline`, in order, contiguous, covering it from 0 to `total`."""
    groups: list[list[Segment]] = []
    for segment in timeline.segments:
        if groups:
            last = groups[-1][-1]
            same = _step_kind(last) is _step_kind(segment) and last.occurrence == segment.occurrence
            if same:
                groups[-1].append(segment)
                continue
        groups.append([segment])
    result: list[Step] = []
    for index, group in enumerate(groups):
        first = group[0]
        work = next((s for s in group if s.kind in _WORK_KINDS), first)
        exercise_segment = next((s for s in group if s.exercise is not None), first)
        result.append(
            Step(
                index=index,
                kind=_step_kind(first),
                start=first.start,
                end=group[-1].end,
                work_start=work.start,
                exercise=exercise_segment.exercise,
                occurrence=first.occurrence,
                section=exercise_segment.section,
                section_kind=exercise_segment.section_kind,
                round=exercise_segment.round,
                rounds=exercise_segment.rounds,
            )
        )
    return tuple(result)


def step_at(all_steps: tuple[Step, ...], at: float) -> Step:
    """The step playing at session offset `at` (the last one at or after the end)."""
    if not all_steps:
        raise ValueError("a timeline without steps")
    starts = [step.start for step in all_steps]
    position = max(0, bisect_right(starts, at) - 1)
    return all_steps[position]

"""Steps: the jump targets of a timeline."""

from __future__ import annotations

import pytest

from player.timeline.model import Segment, SegmentKind, Timeline
from player.timeline.steps import StepKind, step_at, steps


def _timeline() -> Timeline:
    def seg(start: float, end: float, kind: SegmentKind, index: int | None) -> Segment:
        name = None if index is None else f"exercise {index}"
        return Segment(start, end, kind, section="S", exercise=name, occurrence=index)

    return Timeline(
        segments=(
            seg(0, 4, SegmentKind.INTRO, None),
            seg(4, 6, SegmentKind.SECTION, 0),
            seg(6, 11, SegmentKind.PREPARE, 0),
            seg(11, 14, SegmentKind.COUNTDOWN, 0),
            seg(14, 54, SegmentKind.WORK, 0),
            seg(54, 64, SegmentKind.REST, 0),
            seg(64, 69, SegmentKind.PREPARE, 1),
            seg(69, 72, SegmentKind.COUNTDOWN, 1),
            seg(72, 82, SegmentKind.HOLD, 1),
            seg(82, 85, SegmentKind.OUTRO, None),
        ),
        cues=(),
        language="en",
    )


def test_steps_group_segments_by_exercise_occurrence() -> None:
    result = steps(_timeline())
    assert [(s.kind, s.start, s.end, s.work_start) for s in result] == [
        (StepKind.INTRO, 0, 4, 0),
        (StepKind.EXERCISE, 4, 64, 14),
        (StepKind.EXERCISE, 64, 82, 72),
        (StepKind.OUTRO, 82, 85, 82),
    ]
    assert [s.exercise for s in result] == [None, "exercise 0", "exercise 1", None]
    assert [s.index for s in result] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("at", "index"), [(0.0, 0), (3.99, 0), (4.0, 1), (63.9, 1), (64.0, 2), (85.0, 3), (99, 3)]
)
def test_step_at_finds_the_step_playing(at: float, index: int) -> None:
    assert step_at(steps(_timeline()), at).index == index


def test_steps_of_a_compiled_timeline_without_speech_start_with_the_safety_line() -> None:
    from player.routine.model import Dosing, Exercise, Form, Kind, Routine, Section
    from player.timeline.compile import Verbosity, compile_timeline

    plank = Exercise("Plank", Kind.STABILISATION, Dosing(Form.TIMED, duration=20))
    bridge = Exercise("Bridge", Kind.STRENGTHENING, Dosing(Form.TIMED, duration=20))
    routine = Routine("Test", (Section("Core", Kind.STABILISATION, (plank, bridge)),))
    timeline = compile_timeline(routine, lambda text: 1.0, verbosity=Verbosity.TONES)
    found = steps(timeline)
    assert [(s.kind, s.exercise) for s in found] == [
        (StepKind.INTRO, None),  # the safety line, said at every verbosity
        (StepKind.EXERCISE, "Plank"),
        (StepKind.EXERCISE, "Bridge"),
        (StepKind.OUTRO, None),
    ]
    intro = found[0].end  # the safety line's estimated length and the margin after it
    # prepare 5 s (its last 3 s the countdown), then work; the rest after it (10 s, the
    # countdown its last 3 s) announces the bridge and so belongs to the bridge's step
    assert intro > 1.0
    plank_step, bridge_step = found[1], found[2]
    assert (plank_step.start, plank_step.work_start, plank_step.end) == pytest.approx(
        (intro, intro + 5.0, intro + 25.0)
    )
    assert (bridge_step.start, bridge_step.work_start) == pytest.approx(
        (intro + 25.0, intro + 35.0)
    )

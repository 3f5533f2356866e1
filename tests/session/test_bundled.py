"""Every bundled routine played whole on a fake clock; every command in every kind of segment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from player.paths import bundled_routines_dir
from player.routine import load_routine
from player.routine.model import Routine
from player.session import events as ev
from player.session.state import Status
from player.timeline.compile import compile_timeline
from player.timeline.estimate import estimate_duration
from player.timeline.model import SegmentKind, Timeline

ROUTINES = sorted(bundled_routines_dir().glob("*.yaml"))


def _compile(path: Path) -> tuple[Routine, Timeline]:
    routine = load_routine(path).routine
    timeline = compile_timeline(
        routine, lambda text: estimate_duration(text, routine.language, routine.voice.rate)
    )
    return routine, timeline


def _what(cue: Any) -> str:
    return str(cue.text) if cue.text else f"[{cue.tone}]"


@pytest.mark.parametrize("path", ROUTINES, ids=[p.stem for p in ROUTINES])
def test_a_bundled_routine_plays_whole_with_every_cue_on_time(path: Path, make_rig: Any) -> None:
    routine, timeline = _compile(path)
    rig = make_rig(timeline, routine=routine)
    rig.run_to_end()
    assert [(round(p.at, 6), p.what) for p in rig.output.played] == [
        (round(c.at, 6), _what(c)) for c in timeline.cues
    ]
    assert rig.session.state().status is Status.FINISHED
    exercises = sum(len(s.exercises) * s.rounds for s in routine.sections)
    assert len([s for s in rig.journal.steps if s[1] is not None]) == exercises
    assert rig.journal.ends[0][0] == "finished"


def _one_of_each_kind(timeline: Timeline) -> list[tuple[SegmentKind, float]]:
    seen: dict[SegmentKind, float] = {}
    for segment in timeline.segments:
        if segment.kind not in seen and segment.duration > 0.2:
            seen[segment.kind] = segment.start + min(segment.duration / 2, 1.5)
    return sorted(seen.items(), key=lambda item: item[1])


@pytest.mark.parametrize("path", ROUTINES, ids=[p.stem for p in ROUTINES])
def test_every_command_in_every_kind_of_segment(path: Path, make_rig: Any) -> None:
    routine, timeline = _compile(path)
    for kind, at in _one_of_each_kind(timeline):
        where = f"{path.stem}, {kind} at {at:.1f}"

        # pause, resume: the lead-in is extra; then the step goes on where it was.
        rig = make_rig(timeline, routine=routine)
        rig.run_until(at)
        before = rig.session.state()
        rig.command("pause")
        rig.run_until(at + 60.0)
        resumed = rig.command("resume")
        lead_in = next(e for e in resumed if isinstance(e, ev.Resumed)).lead_in
        rig.run_until(at + 60.0 + lead_in)
        after = rig.session.state()
        if kind is SegmentKind.COUNTDOWN:
            assert after.segment is not None and after.segment.kind is not SegmentKind.COUNTDOWN
        else:
            assert after.offset == pytest.approx(before.offset), where
        assert after.status is Status.PLAYING, where

        # next: the start of the next step, announced by that step's own first line.
        rig = make_rig(timeline, routine=routine)
        rig.run_until(at)
        current = rig.session.state().step_index
        assert current is not None
        heard = len(rig.output.played)
        rig.command("next")
        steps = rig.session.steps
        if current + 1 < len(steps):
            start = steps[current + 1].start
            assert rig.session.state().offset == pytest.approx(start), where
            first = next(c for c in timeline.cues if c.at >= start - 1e-9)
            rig.run_until(at + first.at - start + 0.001)
            assert rig.output.played[heard].what == _what(first), where
            assert rig.output.played[heard].clock - rig.origin == pytest.approx(
                at + first.at - start
            ), where
        else:
            assert rig.session.state().status is Status.FINISHED, where

        # previous: this step's start, or the one before when just past the start.
        rig = make_rig(timeline, routine=routine)
        rig.run_until(at)
        rig.command("previous")
        offset = rig.session.state().offset
        assert any(offset == pytest.approx(s.start) for s in rig.session.steps), where
        assert offset <= at, where

        # done: only open reps end early.
        rig = make_rig(timeline, routine=routine)
        rig.run_until(at)
        rig.command("done")
        segment = next(s for s in timeline.segments if s.start <= at < s.end)
        expected = segment.end if kind is SegmentKind.OPEN else at
        assert rig.session.state().offset == pytest.approx(expected), where

        # repeat, what's next, time left: said at once.
        rig = make_rig(timeline, routine=routine)
        rig.run_until(at)
        for command in ("repeat", "say_next", "say_time_left"):
            new = rig.command(command)
            said = [e for e in new if isinstance(e, ev.CueFired) and e.on_demand]
            exercise = rig.session.state().exercise
            if command != "repeat" or (
                exercise
                and any(
                    e.position or e.instructions for e in routine.exercises() if e.name == exercise
                )
            ):
                assert said and said[0].played, f"{where}: {command}"

        # stop: over, and recorded.
        rig = make_rig(timeline, routine=routine)
        rig.run_until(at)
        rig.command("stop")
        assert rig.session.state().status is Status.STOPPED, where
        assert rig.journal.ends[-1][0] == "stopped", where


@pytest.mark.parametrize("stem", ["full-reconditioning", "desk-break-back"])
def test_a_session_started_or_resumed_at_a_place_is_there_not_just_before_it(
    stem: str, make_rig: Any
) -> None:
    """`now - (now - x)` can come out a hair below `x`: the engine must still be at `x` —
    not in a lead-in, not in the segment before — at the very moment it starts or resumes."""
    routine, timeline = _compile(next(p for p in ROUTINES if p.stem == stem))
    for segment in timeline.segments:
        where = f"{stem}, {segment.kind} at {segment.start}"
        rig = make_rig(timeline, routine=routine, start=segment.start)
        state = rig.session.state()
        assert not state.lead_in, where
        assert state.segment is not None and state.segment.start == segment.start, where

        rig.run_until(0.37)
        before = rig.session.state()
        rig.command("pause")
        rig.run_until(5.0)
        lead_in = next(e for e in rig.command("resume") if isinstance(e, ev.Resumed)).lead_in
        rig.clock.advance(lead_in)  # to the very end of "Get ready, 3, 2, 1"
        after = rig.session.state()
        assert not after.lead_in, where
        if segment.kind is not SegmentKind.COUNTDOWN:  # the lead-in stands in for the rest
            assert after.offset == pytest.approx(before.offset, abs=1e-9), where

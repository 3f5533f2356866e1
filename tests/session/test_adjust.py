"""The easier/harder keys over a real session on a fake clock: said now, kept for next time."""

from __future__ import annotations

from collections.abc import Sequence

from player.history import open_history
from player.history.levels import Reason, read_level_changes
from player.levels import read_levels
from player.options import PlayOptions
from player.routine import find_routine, load_routine
from player.session.adjust import change_current_level
from player.session.clock import FakeClock
from player.session.events import CueFired
from player.session.prepare import prepare_session
from player.timeline.model import SegmentKind


def _said(events: Sequence[object]) -> list[str]:
    return [e.cue.text for e in events if isinstance(e, CueFired) and e.on_demand and e.cue.text]


def test_easier_during_the_dead_bug_says_the_variant_and_the_next_session_plays_it() -> None:
    routine = load_routine(find_routine("focus-stabilisation")).routine
    clock = FakeClock()
    prepared = prepare_session(
        routine,
        name="focus-stabilisation",
        options=PlayOptions(audio="null", tts="fake"),
        clock=clock,
    )
    try:
        session = prepared.session
        work = next(
            s
            for s in prepared.timeline.segments
            if s.kind is SegmentKind.WORK and s.exercise == "Dead bug"
        )
        session.start(work.start + 1.0)
        session.poll()
        line = change_current_level(session, -1, "en")
        assert line == "A little easier: Dead bug, arms only. I'll keep it that way next time."
        said: list[str] = []
        for _ in range(50):  # the fake synthesizer renders on a thread; the engine retries
            clock.advance(0.5)
            said += _said(session.poll())
            if len(said) >= 3:
                break
        assert said[0] == line
        assert said[1].startswith("Lie on your back, knees bent at a right angle")
        current = session.current_exercise()
        assert current is not None and current.name == "Dead bug, arms only"
        # again: the heel taps; then there is nothing easier, and it says so kindly
        assert change_current_level(session, -1, "en") is not None
        assert change_current_level(session, -1, "en") == "This is already the easiest form."
        assert read_levels() == {"dead-bug": -2}
        # ... and when, for the therapist's report (nothing for "already the easiest").
        with open_history() as history:
            changes = read_level_changes(history)
        assert [(c.library_id, c.exercise, c.level_from, c.level_to) for c in changes] == [
            ("dead-bug", "Dead bug, arms only", 0, -1),
            ("dead-bug", "Dead bug, heel taps", -1, -2),
        ]
        assert {c.reason for c in changes} == {Reason.EASIER}
    finally:
        session.stop()
        prepared.close()
    again = prepare_session(
        routine,
        name="focus-stabilisation",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
    )
    try:
        names = {s.exercise for s in again.timeline.segments if s.exercise}
        assert "Dead bug, heel taps" in names and "Dead bug" not in names
    finally:
        again.close()


def test_outside_an_exercise_the_keys_do_nothing() -> None:
    routine = load_routine(find_routine("desk-break-back")).routine
    prepared = prepare_session(
        routine,
        name="desk-break-back",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
    )
    try:
        prepared.session.start(0.0)
        assert change_current_level(prepared.session, 1, "en") is None
        assert read_levels() == {}
    finally:
        prepared.session.stop()
        prepared.close()

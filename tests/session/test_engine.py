"""The session engine on a fake clock: cues on time, and every command in every kind of segment."""

from __future__ import annotations

import itertools
import struct
from typing import Any

import pytest

from player.session import events as ev
from player.session.engine import PREVIOUS_GRACE
from player.session.state import Status
from player.session.voice import LEAD_IN_COUNTS
from player.sound.base import SAMPLE_RATE, Clip
from player.timeline.model import SegmentKind, Timeline


def _played_timeline_cues(rig: Any) -> list[tuple[float, str]]:
    return [(round(p.at, 6), p.what) for p in rig.output.played]


def _planned(timeline: Timeline) -> list[tuple[float, str]]:
    return [(round(c.at, 6), c.text if c.text else f"[{c.tone}]") for c in timeline.cues]


def _mid(timeline: Timeline, kind: SegmentKind, n: int = 0) -> float:
    segments = [s for s in timeline.segments if s.kind is kind]
    segment = segments[n]
    return segment.start + min(segment.duration / 2, 1.5)


def test_every_cue_plays_at_its_offset_and_the_session_finishes(
    make_rig: Any, timeline: Timeline
) -> None:
    rig = make_rig(timeline)
    rig.run_to_end()
    assert _played_timeline_cues(rig) == _planned(timeline)
    fired = [e for e in rig.events if isinstance(e, ev.CueFired)]
    assert all(e.played and abs(e.late) < 1e-6 for e in fired)
    assert isinstance(rig.events[-1], ev.Finished)
    state = rig.session.state()
    assert state.status is Status.FINISHED
    assert state.session_left == 0
    assert state.elapsed == pytest.approx(timeline.total)
    # Every step finished once, in order, with the time spent in it.
    assert [s[0] for s in rig.journal.steps] == list(range(len(rig.session.steps)))
    assert [s[1] for s in rig.journal.steps] == [
        None,
        "Bird dog",
        "Plank",
        "Side stretch",
        "Squats",
        None,
    ]
    bird_dog = rig.session.steps[1]
    assert rig.journal.steps[1][2] == pytest.approx(bird_dog.work_end - bird_dog.start)
    assert rig.journal.ends == [("finished", pytest.approx(timeline.total))]


def test_next_deadline_is_exactly_the_next_thing_due(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.session.poll()
    assert rig.session.next_deadline() == pytest.approx(rig.origin + 2.0)  # the safety line
    rig.run_until(2.5)
    assert rig.session.next_deadline() == pytest.approx(rig.origin + 4.0)


def test_events_come_in_time_order(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.run_until(16.5)
    kinds = [type(e).__name__ for e in rig.events]
    # The intro step finishes before the next step's section begins and is announced.
    first_finish = kinds.index("StepFinished")
    assert kinds[first_finish + 1 : first_finish + 4] == [
        "SegmentStarted",
        "StepStarted",
        "CueFired",
    ]
    starts = [e.segment.kind for e in rig.events if isinstance(e, ev.SegmentStarted)]
    assert starts == [
        SegmentKind.INTRO,
        SegmentKind.SECTION,
        SegmentKind.PREPARE,
        SegmentKind.COUNTDOWN,
        SegmentKind.WORK,
    ]


def test_state_follows_the_clock(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.run_until(20.0)
    state = rig.session.state()
    assert state.status is Status.PLAYING
    assert state.segment is not None and state.segment.kind is SegmentKind.WORK
    assert (state.exercise, state.set, state.sets) == ("Bird dog", 1, 2)
    assert state.segment_elapsed == pytest.approx(4.0)
    assert state.segment_left == pytest.approx(16.0)
    assert state.position == "On all fours."
    assert state.next_up == "Plank"
    assert state.step_index == 1 and state.step_count == 6
    assert state.session_left == pytest.approx(timeline.total - 20.0)
    assert state.section_kind == "stabilisation"
    rig.run_until(79.0)
    state = rig.session.state()
    assert (state.exercise, state.rep, state.reps) == ("Plank", 1, 2)
    rig.run_until(136.0)
    state = rig.session.state()
    assert (state.exercise, str(state.side)) == ("Side stretch", "right")
    rig.run_until(200.0)
    assert rig.session.state().next_up is None


SEGMENT_KINDS = [
    SegmentKind.INTRO,
    SegmentKind.SECTION,
    SegmentKind.PREPARE,
    SegmentKind.COUNTDOWN,
    SegmentKind.WORK,
    SegmentKind.REST_SETS,
    SegmentKind.REST,
    SegmentKind.HOLD,
    SegmentKind.RELAX,
    SegmentKind.SWITCH,
    SegmentKind.OPEN,
    SegmentKind.OUTRO,
]


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
def test_pause_keeps_the_place_and_resume_leads_in(
    make_rig: Any, timeline: Timeline, kind: SegmentKind
) -> None:
    rig = make_rig(timeline)
    at = _mid(timeline, kind)
    rig.run_until(at)
    before = rig.session.state()
    sounding = [p.playback for p in rig.output.played if p.playback.is_playing()]
    rig.command("pause")
    assert rig.session.state().status is Status.PAUSED
    assert all(p.stopped_at == rig.clock.now() for p in sounding)  # cut at once
    assert rig.session.next_deadline() is None
    heard = len(rig.output.played)
    rig.run_until(at + 300.0)  # a long pause: nothing plays, nothing moves
    assert len(rig.output.played) == heard
    paused = rig.session.state()
    assert paused.offset == pytest.approx(before.offset)
    assert paused.elapsed == pytest.approx(before.elapsed)

    resumed_at = rig.now()
    new = rig.command("resume")
    assert [type(e) for e in new][:1] == [ev.Resumed]
    lead_in = new[0].lead_in
    assert lead_in >= LEAD_IN_COUNTS
    rig.run_until(resumed_at + lead_in - 0.01)
    said = [p.what for p in rig.output.played[heard:]]
    assert said[:1] == ["Get ready"]
    assert [w for w in said if w in "321"] == ["3", "2", "1"]
    assert rig.session.state().lead_in
    # The lead-in is extra time: the step has all of its time left after it.
    rig.run_until(resumed_at + lead_in)
    after = rig.session.state()
    if kind is SegmentKind.COUNTDOWN:
        # The lead-in's countdown stands in for the rest of the step's own one.
        segment = after.segment
        assert segment is not None and segment.kind is SegmentKind.WORK
        assert after.segment_elapsed == pytest.approx(0.0)
    else:
        assert after.offset == pytest.approx(before.offset)
        assert after.segment_left == pytest.approx(before.segment_left)
    # ... and then every remaining cue comes at its planned distance from the resumed place.
    rig.run_to_end()
    resume_clock = rig.origin + resumed_at + lead_in
    later = [p for p in rig.output.played if p.clock > resume_clock + 1e-9]
    planned = [c for c in timeline.cues if c.at > after.offset + 1e-9]
    assert [p.what for p in later] == [c.text or f"[{c.tone}]" for c in planned]
    for p, c in zip(later, planned, strict=True):
        assert p.clock - resume_clock == pytest.approx(c.at - after.offset)
    assert rig.session.state().status is Status.FINISHED


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
def test_next_lands_on_the_next_step_and_announces_it(
    make_rig: Any, timeline: Timeline, kind: SegmentKind
) -> None:
    rig = make_rig(timeline)
    rig.run_until(_mid(timeline, kind))
    steps = rig.session.steps
    current = rig.session.state().step_index
    sounding = [p.playback for p in rig.output.played if p.playback.is_playing()]
    heard = len(rig.output.played)
    new = rig.command("next")
    assert all(p.stopped_at is not None for p in sounding)
    if current == len(steps) - 1:  # next in the outro: the end
        assert any(isinstance(e, ev.Finished) for e in new)
        return
    jumped = [e for e in new if isinstance(e, ev.Jumped)]
    assert len(jumped) == 1 and jumped[0].step.index == current + 1
    state = rig.session.state()
    assert state.offset == pytest.approx(steps[current + 1].start)
    first = rig.output.played[heard].what
    step = steps[current + 1]
    if step.exercise and step.kind == "exercise":
        assert first in (f"Next: {step.exercise}", "Stabilisation", "Last exercise")
    else:
        assert first == "Well done"
    # The step left is journalled as finished only if its work was done (e.g. in its rest).
    finished = [s[0] for s in rig.journal.steps]
    assert (current in finished) == (steps[current].work_end <= _mid(timeline, kind))


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
def test_previous_goes_back_to_the_step_start_or_the_step_before(
    make_rig: Any, timeline: Timeline, kind: SegmentKind
) -> None:
    rig = make_rig(timeline)
    at = _mid(timeline, kind)
    rig.run_until(at)
    steps = rig.session.steps
    current = rig.session.state().step_index
    assert current is not None
    rig.command("previous")
    offset = rig.session.state().offset
    if at - steps[current].start < PREVIOUS_GRACE and current > 0:
        assert offset == pytest.approx(steps[current - 1].start)
    else:
        assert offset == pytest.approx(steps[current].start)
    # Playing on from there plays that step's cues again, on time.
    jumped_at = rig.now()
    rig.run_until(jumped_at + 3.0)
    again = [p for p in rig.output.played if p.clock > rig.origin + jumped_at - 1e-9]
    planned = [c for c in timeline.cues if offset <= c.at <= offset + 3.0]
    assert [p.what for p in again] == [c.text or f"[{c.tone}]" for c in planned]


def test_previous_after_the_grace_restarts_the_step(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.run_until(30.0)  # Bird dog, 22 s into its step
    new = rig.command("previous")
    jumped = next(e for e in new if isinstance(e, ev.Jumped))
    assert jumped.command == "restart" and jumped.step.exercise == "Bird dog"
    rig.run_until(30.0 + 2.5)
    assert rig.output.texts()[-2:] == ["Stabilisation", "Next: Bird dog"]


def test_commands_while_paused_move_and_announce_but_stay_paused(
    make_rig: Any, timeline: Timeline
) -> None:
    rig = make_rig(timeline)
    rig.run_until(20.0)
    rig.command("pause")
    rig.command("next")
    assert rig.session.state().status is Status.PAUSED
    assert rig.session.state().exercise == "Plank"
    assert rig.output.texts()[-1] == "Next: Plank"


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
def test_done_ends_only_open_reps(make_rig: Any, timeline: Timeline, kind: SegmentKind) -> None:
    rig = make_rig(timeline)
    at = _mid(timeline, kind)
    rig.run_until(at)
    before = rig.session.state().offset
    new = rig.command("done")
    if kind is not SegmentKind.OPEN:
        assert new == [] and rig.session.state().offset == pytest.approx(before)
        return
    open_segment = next(s for s in timeline.segments if s.kind is SegmentKind.OPEN)
    assert rig.session.state().offset == pytest.approx(open_segment.end)
    finished = [e for e in new if isinstance(e, ev.StepFinished)]
    assert [e.step.exercise for e in finished] == ["Squats"]
    assert rig.journal.steps[-1][1] == "Squats"
    assert rig.output.texts()[-1] == "Well done"


@pytest.mark.parametrize("kind", SEGMENT_KINDS)
def test_repeat_says_position_and_instructions_of_the_exercise(
    make_rig: Any, timeline: Timeline, kind: SegmentKind, routine: Any
) -> None:
    rig = make_rig(timeline)
    rig.run_until(_mid(timeline, kind))
    name = rig.session.state().exercise
    new = rig.command("repeat")
    new += rig.run_until(rig.now() + 4.0)
    on_demand = [e for e in new if isinstance(e, ev.CueFired) and e.on_demand]
    exercise = next((e for e in routine.exercises() if e.name == name), None)
    if exercise is None:  # intro, outro, a section's name: nothing to repeat
        assert on_demand == []
        return
    lines = [t for t in (exercise.position, exercise.instructions) if t]
    if not lines:
        assert on_demand == []
        return
    assert on_demand[0].cue.text == lines[0]
    timeline_speech = [
        e for e in new if isinstance(e, ev.CueFired) and not e.on_demand and e.cue.text
    ]
    if not timeline_speech:  # nothing of the timeline's own in between: all of it, in turn
        assert [e.cue.text for e in on_demand] == lines
        said = [p for p in rig.output.played if p.what in lines]
        assert all(a.playback.ends <= b.clock for a, b in itertools.pairwise(said))
    else:  # the timeline's own line cut it short and was not talked over
        first_own = rig.output.played.index(
            next(
                p
                for p in rig.output.played
                if p.what == timeline_speech[0].cue.text
                and p.clock > rig.origin + _mid(timeline, kind)
            )
        )
        assert not any(
            p.playback.is_playing() and p.what in lines for p in rig.output.played[:first_own]
        )


def test_say_next_and_time_left(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.run_until(20.0)
    rig.command("say_next")
    assert rig.output.texts()[-1] == "Next: Plank"
    rig.command("say_time_left")
    assert rig.output.texts()[-1] == "16 seconds left (work)"  # of the work under way
    rig.run_until(3.0 + 196.0)  # in Squats, the last exercise
    rig.command("say_next")
    assert rig.output.texts()[-1] == "This is the last exercise"


def test_a_command_cuts_the_speech_it_interrupts(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.run_until(0.2)  # "Desk break" is speaking
    speaking = rig.output.played[-1].playback
    assert speaking.is_playing()
    rig.command("say_time_left")
    assert speaking.stopped_at == rig.clock.now()


def test_stop_records_and_ends(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.run_until(70.0)
    speaking = [p.playback for p in rig.output.played if p.playback.is_playing()]
    new = rig.command("stop")
    assert isinstance(new[-1], ev.Stopped)
    assert all(p.stopped_at is not None for p in speaking)
    assert rig.session.state().status is Status.STOPPED
    assert [s[1] for s in rig.journal.steps] == [None, "Bird dog"]
    assert rig.journal.ends == [("stopped", pytest.approx(70.0))]
    assert rig.session.next_deadline() is None
    rig.command("next")
    rig.command("resume")
    assert rig.session.state().status is Status.STOPPED


def test_start_from_a_step_plays_from_there(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline, start=None)
    plank = next(s for s in rig.session.steps if s.exercise == "Plank")
    rig.session.start(plank.start)
    rig.run_to_end()
    assert rig.output.texts()[0] == "Next: Plank"
    assert [s[1] for s in rig.journal.steps] == ["Plank", "Side stretch", "Squats", None]
    assert rig.output.played[0].at == 0.0


def test_a_clip_not_rendered_yet_is_skipped_not_waited_for(
    make_rig: Any, timeline: Timeline
) -> None:
    def clips(speech: dict[str, Any]) -> Any:
        return lambda text: None if text == "Stop if it hurts." else speech.get(text)

    rig = make_rig(timeline, clips=clips)
    rig.run_until(5.9)
    fired = {e.cue.text: e for e in rig.events if isinstance(e, ev.CueFired)}
    assert fired["Stop if it hurts."].played is False
    assert rig.output.texts() == ["Desk break", "First: Bird dog"]
    assert rig.output.played[1].at == pytest.approx(4.0)


def test_speech_failing_mid_session_falls_back_to_tones_said_once(
    make_rig: Any, timeline: Timeline
) -> None:
    def clips(speech: dict[str, Any]) -> Any:
        def clip(text: str) -> Any:
            if text == "Halfway":
                raise RuntimeError("espeak-ng died")
            return speech.get(text)

        return clip

    rig = make_rig(timeline, clips=clips)
    rig.run_to_end()
    warnings = [e.text for e in rig.events if isinstance(e, ev.Warning)]
    assert warnings == ["speech stopped working (espeak-ng died): tones instead"]
    after = [p.what for p in rig.output.played if p.at > 26.0]
    assert not any(w.isalpha() or w == "Well done" for w in after)
    assert after[:3] == ["[tick]", "[tick]", "[tick]"]  # "3, 2, 1" as ticks
    assert rig.session.state().status is Status.FINISHED


def test_audio_failing_plays_on_silently_said_once(make_rig: Any, timeline: Timeline) -> None:
    rig = make_rig(timeline)
    rig.run_until(3.0)
    rig.output.fail = True
    rig.run_to_end()
    warnings = [e.text for e in rig.events if isinstance(e, ev.Warning)]
    assert warnings == ["audio stopped working (device unplugged): playing silently"]
    assert rig.session.state().status is Status.FINISHED


def test_journal_failing_keeps_the_session_playing(make_rig: Any, timeline: Timeline) -> None:
    from_conftest_journal = make_rig(timeline).journal.__class__
    rig = make_rig(timeline, journal=from_conftest_journal(fail=True))
    rig.run_to_end()
    warnings = [e.text for e in rig.events if isinstance(e, ev.Warning)]
    assert warnings == ["the history journal could not be written at /nowhere"]
    assert rig.session.state().status is Status.FINISHED


def test_cues_long_overdue_are_skipped_not_played_out_of_place(
    make_rig: Any, timeline: Timeline
) -> None:
    rig = make_rig(timeline)
    rig.session.poll()
    rig.clock.advance(4.5)  # the machine slept through the safety line and "First: ..."
    fired = [e for e in rig.session.poll() if isinstance(e, ev.CueFired)]
    assert [(e.cue.text, e.played) for e in fired] == [
        ("Stop if it hurts.", False),
        ("First: Bird dog", True),
    ]
    assert rig.output.texts() == ["Desk break", "First: Bird dog"]


def _silence(seconds: float, mark: int) -> Clip:
    """A clip whose first sample tells it apart."""
    return Clip(struct.pack("<h", mark) + bytes(2 * (int(seconds * SAMPLE_RATE) - 1)))


def test_a_clip_longer_than_planned_is_cut_by_the_countdown_not_by_other_lines(
    make_rig: Any, timeline: Timeline
) -> None:
    """On a cold cache the timeline is timed by estimates, so a real clip can run long."""
    long_lines = {"Next: Bird dog": _silence(2.5, 901), "On all fours.": _silence(4.5, 902)}

    def clips(speech: Any) -> Any:
        def clip(text: str) -> Any:
            if text in long_lines:
                speech._names[long_lines[text].pcm] = text
                return long_lines[text]
            return speech.get(text)

        return clip

    rig = make_rig(timeline, clips=clips)
    rig.run_until(16.5)
    played = {p.what: p for p in rig.output.played}
    # "Next: Bird dog" (8 s, 2.5 s long) runs into "On all fours." (10 s): two ordinary lines,
    # the timeline's business; nothing is cut.
    assert played["Next: Bird dog"].playback.stopped_at is None
    # "On all fours." (10 s, 4.5 s long) would cover the countdown at 13 s: cut right there.
    assert played["On all fours."].playback.stopped_at == pytest.approx(rig.origin + 13.0)
    # The tick and "3" start together at 13 s and do not cut each other.
    assert played["[tick]"].playback.stopped_at is None
    assert played["3"].playback.stopped_at is None
    assert [p.what for p in rig.output.played if p.at >= 13.0][:5] == [
        "[tick]",
        "3",
        "2",
        "1",
        "[go]",
    ]

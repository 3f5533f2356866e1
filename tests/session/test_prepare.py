"""`prepare_session` on a fake clock: a recording sounds like the export; a break resumes."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from player.commands.export import session_audio
from player.options import PlayOptions
from player.paths import quick_breaks_dir
from player.quickbreak import quick_break, save_break
from player.routine import find_routine, load_routine
from player.session.clock import FakeClock
from player.session.prepare import (
    PreparedSession,
    check_start,
    name_of,
    prepare_session,
    routine_name,
)
from player.session.state import Status
from player.sound.base import Clip, Playback
from player.sound.mix import mix_timeline
from player.speech.fake import FakeSynthesizer


def _play_to_the_end(prepared: PreparedSession, clock: FakeClock) -> None:
    session = prepared.session
    session.start(prepared.start_offset)
    while (deadline := session.next_deadline()) is not None:
        clock.advance(deadline - clock.now())
        session.poll()
    assert session.status is Status.FINISHED


def _pcm(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        return wav.readframes(wav.getnframes())


@pytest.mark.parametrize("name", ["desk-break-back", "fokus-dehnung"])
def test_a_recorded_session_is_the_same_pcm_as_its_export(name: str, tmp_path: Path) -> None:
    routine = load_routine(find_routine(name)).routine
    exported = session_audio(routine, FakeSynthesizer())  # renders every line into the cache
    expected = mix_timeline(exported.timeline, exported.speech, exported.tones)

    clock = FakeClock()
    recording = tmp_path / "heard.wav"
    prepared = prepare_session(
        routine,
        name=name,
        options=PlayOptions(audio=f"record:{recording}", tts="fake"),
        clock=clock,
        record_history=False,
    )
    try:
        assert prepared.timeline == exported.timeline  # timed by the same clip lengths
        assert prepared.renderer is not None
        prepared.renderer.wait_all(30.0)
        _play_to_the_end(prepared, clock)
    finally:
        prepared.close()

    heard = _pcm(recording)
    assert len(heard) == len(expected)  # as long as the timeline, to the frame
    assert heard == expected


def test_a_stopped_session_records_only_what_was_heard(tmp_path: Path) -> None:
    routine = load_routine(find_routine("desk-break-back")).routine
    clock = FakeClock()
    recording = tmp_path / "heard.wav"
    prepared = prepare_session(
        routine, name="x", options=PlayOptions(audio=f"record:{recording}", tts="fake"), clock=clock
    )
    try:
        prepared.wait_for_first_cues()
        prepared.session.start()
        clock.advance(3.0)
        prepared.session.poll()
        prepared.session.stop()
    finally:
        prepared.close()
    seconds = len(_pcm(recording)) / 2 / 22050
    assert seconds <= 3.0 < prepared.timeline.total


def test_an_interrupted_quick_break_goes_on_with_play_quick_break_resume() -> None:
    routine = save_break(quick_break(minutes=3, seed=2))
    name = name_of(routine)
    assert name == "quick-break"
    clock = FakeClock()
    first = prepare_session(
        routine, name=name, options=PlayOptions(audio="null", tts="fake"), clock=clock
    )
    steps = first.session.steps
    third = steps[3]  # the intro and two exercises are done
    assert third.exercise is not None
    try:
        first.session.start()
        started = first.session.started_at
        assert started is not None
        while (deadline := first.session.next_deadline()) is not None:
            if deadline > clock.now() and clock.now() >= started + third.start:
                break
            clock.advance(deadline - clock.now())
            first.session.poll()
        first.session.stop()
    finally:
        first.close()

    # What `workout break --resume` does: the kept break, checked, prepared.
    path = quick_breaks_dir() / "quick-break.yaml"
    loaded = load_routine(path).routine
    check_start(loaded, None, True)
    again = prepare_session(
        loaded,
        name=routine_name(path),
        options=PlayOptions(audio="null", tts="fake"),
        resume=True,
        clock=FakeClock(),
    )
    try:
        assert again.start_step is not None
        assert again.start_step.exercise == third.exercise
        assert again.start_offset == again.start_step.start > 0  # timed by the warmer cache
        assert not any("changed" in n for n in again.notices)
    finally:
        again.close()


class _BufferedOutput:
    """A device heard `latency` seconds after `play()`: notes when each clip is heard."""

    name = "buffered"

    def __init__(self, clock: FakeClock, latency: float) -> None:
        self.clock = clock
        self.latency = latency
        self.heard: list[float] = []

    def play(self, clip: Clip, at: float | None = None) -> Playback:
        from player.sound.base import TimedPlayback

        self.heard.append(self.clock.now() + self.latency)
        return TimedPlayback(clip, self.clock)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("latency", [0.0, 0.1])
def test_each_cue_is_played_its_outputs_latency_early_so_it_is_heard_on_time(
    latency: float,
) -> None:
    routine = load_routine(find_routine("desk-break-back")).routine
    clock = FakeClock()
    output = _BufferedOutput(clock, latency)
    prepared = prepare_session(
        routine,
        name="x",
        options=PlayOptions(tts="fake"),
        output=output,
        clock=clock,
        record_history=False,
    )
    try:
        assert prepared.renderer is not None
        prepared.renderer.wait_all(30.0)
        _play_to_the_end(prepared, clock)
    finally:
        prepared.close()
    started = prepared.session.started_at
    assert started is not None
    # The session's offset 0 is when the first sound is heard; each cue is heard at its own.
    deadlines = [started + latency + cue.at for cue in prepared.timeline.cues]
    assert len(output.heard) == len(deadlines)
    assert all(abs(h - d) < 1e-6 for h, d in zip(output.heard, deadlines, strict=True))

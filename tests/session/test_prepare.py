"""`prepare_session` on a fake clock: a recorded session sounds exactly like its export."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from player.commands.export import session_audio
from player.routine import find_routine, load_routine
from player.session.clock import FakeClock
from player.session.prepare import PreparedSession, prepare_session
from player.session.state import Status
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
    routine = load_routine(find_routine(name), check_voice=False).routine
    exported = session_audio(routine, FakeSynthesizer())  # renders every line into the cache
    expected = mix_timeline(exported.timeline, exported.speech, exported.tones)

    clock = FakeClock()
    recording = tmp_path / "heard.wav"
    prepared = prepare_session(
        routine,
        name=name,
        audio=f"record:{recording}",
        tts="fake",
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
    routine = load_routine(find_routine("desk-break-back"), check_voice=False).routine
    clock = FakeClock()
    recording = tmp_path / "heard.wav"
    prepared = prepare_session(
        routine, name="x", audio=f"record:{recording}", tts="fake", clock=clock
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

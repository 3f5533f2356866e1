"""The `null` backend keeps time; the `record:` backend writes what would be heard."""

from __future__ import annotations

import sys
from array import array
from pathlib import Path

import pytest

from player.session.clock import FakeClock
from player.sound.base import SAMPLE_RATE, Clip
from player.sound.mix import Placement, mix
from player.sound.null import NullOutput
from player.sound.record import RecordOutput
from player.sound.tones import load_tone
from player.sound.wav import read_wav


def steady(value: int, seconds: float) -> Clip:
    samples = array("h", [value] * round(seconds * SAMPLE_RATE))
    if sys.byteorder == "big":
        samples.byteswap()
    return Clip(samples.tobytes())


def test_null_plays_for_the_clips_duration_on_its_clock() -> None:
    clock = FakeClock()
    playback = NullOutput(clock).play(steady(1, 2.0))
    assert playback.is_playing()
    clock.advance(1.5)
    assert playback.is_playing()
    playback.wait_done()  # sleeps on the fake clock: returns at once, 0.5 s later
    assert clock.now() == pytest.approx(1002.0)
    assert not playback.is_playing()


def test_null_stop_ends_playback_at_once() -> None:
    clock = FakeClock()
    playback = NullOutput(clock).play(steady(1, 2.0))
    clock.advance(0.5)
    playback.stop()
    assert not playback.is_playing()
    before = clock.now()
    playback.wait_done()
    assert clock.now() == before


def test_record_places_clips_at_their_session_offsets(tmp_path: Path) -> None:
    out = tmp_path / "heard.wav"
    tick, go = load_tone("tick"), load_tone("go")
    output = RecordOutput(out, FakeClock())
    output.play(tick, at=1.0)
    output.play(tick, at=2.0)
    output.play(go, at=3.0)
    output.close()
    expected = mix([Placement(1.0, tick), Placement(2.0, tick), Placement(3.0, go)])
    assert read_wav(out).pcm == expected
    assert read_wav(out).frames == 3 * SAMPLE_RATE + go.frames


def test_record_without_offsets_uses_the_time_since_it_opened(tmp_path: Path) -> None:
    clock = FakeClock()
    output = RecordOutput(tmp_path / "heard.wav", clock)
    clock.advance(0.25)
    output.play(steady(100, 0.1))
    assert output.placements() == [Placement(0.25, steady(100, 0.1))]


def test_a_stopped_clip_is_recorded_only_as_far_as_it_played(tmp_path: Path) -> None:
    clock = FakeClock()
    output = RecordOutput(tmp_path / "heard.wav", clock, length=2.0)
    playback = output.play(steady(100, 1.0), at=0.0)
    clock.advance(0.4)
    playback.stop()
    output.close()
    heard = read_wav(tmp_path / "heard.wav")
    assert heard.frames == 2 * SAMPLE_RATE  # at least `length` long
    assert heard.pcm == steady(100, 0.4).pcm + bytes(2 * round(1.6 * SAMPLE_RATE))


def test_closing_twice_writes_once(tmp_path: Path) -> None:
    out = tmp_path / "heard.wav"
    output = RecordOutput(out, FakeClock())
    output.play(steady(5, 0.01), at=0.0)
    output.close()
    out.unlink()
    output.close()
    assert not out.exists()

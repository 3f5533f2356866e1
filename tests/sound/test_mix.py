"""Mixing clips into one buffer at exact offsets, balancing speech, saving atomically."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.errors import UserError
from player.sound.base import SAMPLE_RATE, Clip
from player.sound.mix import (
    PEAK_LIMIT,
    SPEECH_RMS,
    Placement,
    balance,
    balance_speech,
    frame_at,
    mix,
    peak,
    rms,
    save,
)
from player.timeline.model import Tone


def clip_of(*values: int) -> Clip:
    samples = array("h", values)
    if sys.byteorder == "big":
        samples.byteswap()
    return Clip(samples.tobytes())


def values_of(pcm: bytes) -> list[int]:
    samples = array("h")
    samples.frombytes(pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tolist()


def test_clips_land_on_the_frame_of_their_offset() -> None:
    at = 3 / SAMPLE_RATE
    pcm = mix([Placement(at, clip_of(100, 200))], frames=8)
    assert values_of(pcm) == [0, 0, 0, 100, 200, 0, 0, 0]


def test_overlapping_clips_add_and_clip_at_full_scale() -> None:
    a = Placement(0.0, clip_of(1000, 30000, -30000, 5))
    b = Placement(1 / SAMPLE_RATE, clip_of(5000, -5000, -10000))
    assert values_of(mix([a, b])) == [1000, 32767, -32768, -9995]


def test_clips_past_the_end_are_cut_and_before_the_start_lose_their_head() -> None:
    late = Placement(2 / SAMPLE_RATE, clip_of(7, 8, 9))
    early = Placement(-1 / SAMPLE_RATE, clip_of(1, 2))
    assert values_of(mix([late, early], frames=3)) == [2, 0, 7]
    assert mix([Placement(10.0, clip_of(1))], frames=2) == bytes(4)


def test_without_a_length_the_mix_ends_with_the_last_clip() -> None:
    pcm = mix([Placement(1.0, clip_of(5, 5)), Placement(0.0, clip_of(1))])
    assert len(pcm) == 2 * (SAMPLE_RATE + 2)
    assert mix([]) == b""


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 200), st.lists(st.integers(-32768, 32767), min_size=1, max_size=30)
        ),
        max_size=8,
    ),
    st.integers(0, 240),
)
def test_mixing_adds_each_clip_in_turn_clipping_at_full_scale(
    placed: list[tuple[int, list[int]]], frames: int
) -> None:
    expected = [0] * frames
    for start, values in placed:
        for i, value in enumerate(values):
            if start + i < frames:
                expected[start + i] = max(-32768, min(32767, expected[start + i] + value))
    placements = [Placement(start / SAMPLE_RATE, clip_of(*values)) for start, values in placed]
    assert values_of(mix(placements, frames)) == expected


def test_frame_at_rounds_to_the_nearest_frame() -> None:
    assert frame_at(1.0) == SAMPLE_RATE
    assert frame_at(0.5 / SAMPLE_RATE + 1e-9) == 1


def test_speech_is_brought_to_the_loudness_target_with_one_gain() -> None:
    soft = clip_of(*([1000, -1000] * 500))
    softer = clip_of(*([500, -500] * 500))
    balanced = balance_speech({"a": soft, "b": softer})
    # One gain for all: the phrases keep their loudness relative to each other.
    assert rms(balanced["a"]) / rms(balanced["b"]) == pytest.approx(2.0, rel=0.01)
    together = rms(Clip(balanced["a"].pcm + balanced["b"].pcm))
    assert together == pytest.approx(SPEECH_RMS, rel=0.01)


def test_balancing_never_pushes_a_peak_over_the_limit() -> None:
    spiky = clip_of(*([0] * 999 + [8000]))
    balanced = balance_speech({"x": spiky})
    assert peak(balanced["x"]) == pytest.approx(PEAK_LIMIT, abs=0.001)
    assert balance_speech({}) == {}


def test_tones_come_down_with_speech_that_the_peak_limit_holds_back() -> None:
    tone = clip_of(*([3000, -3000] * 100))
    loud_enough = clip_of(*([4000, -4000] * 1000))  # rms 0.12: reaches the target
    speech, tones = balance({"a": loud_enough}, {Tone.GO: tone})
    assert rms(speech["a"]) == pytest.approx(SPEECH_RMS, rel=0.01)
    assert tones[Tone.GO] == tone  # tones were made for that level: unchanged

    spiky = clip_of(*([1000, -1000] * 1000 + [30000]))  # the peak allows only ~1.06x
    speech, tones = balance({"a": spiky}, {Tone.GO: tone})
    held_back = rms(speech["a"]) / SPEECH_RMS
    assert held_back < 0.3
    assert rms(tones[Tone.GO]) / rms(tone) == pytest.approx(held_back, rel=0.02)


def test_save_writes_a_wav_atomically(tmp_path: Path) -> None:
    pcm = clip_of(*range(-500, 500)).pcm
    out = tmp_path / "session.wav"
    out.write_bytes(b"old")
    save(pcm, out)
    with wave.open(str(out), "rb") as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (
            1,
            2,
            SAMPLE_RATE,
        )
        assert source.readframes(source.getnframes()) == pcm
    assert [p.name for p in tmp_path.iterdir()] == ["session.wav"]


@pytest.mark.parametrize("suffix", [".mp3", ".ogg"])
def test_save_writes_mp3_and_ogg_that_ffprobe_can_read(tmp_path: Path, suffix: str) -> None:
    tone = clip_of(*([8000, 0, -8000, 0] * SAMPLE_RATE))  # four seconds
    out = tmp_path / f"session{suffix}"
    save(tone.pcm, out)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(probe.stdout)
    stream = info["streams"][0]
    assert stream["codec_name"] == {".mp3": "mp3", ".ogg": "vorbis"}[suffix]
    assert float(info["format"]["duration"]) == pytest.approx(4.0, abs=0.1)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_save_refuses_unknown_formats_and_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"cannot write \.flac; use \.wav, \.mp3 or \.ogg"):
        save(b"", tmp_path / "x.flac")
    with pytest.raises(UserError, match="does not exist"):
        save(b"", tmp_path / "nowhere" / "x.wav")


def test_a_failing_or_missing_ffmpeg_leaves_no_file_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ffmpeg"
    fake.write_text("#!/bin/sh\ncat >/dev/null\necho 'Unknown encoder boom' >&2\nexit 1\n")
    fake.chmod(0o755)
    pcm = clip_of(1000, -1000).pcm * 1000

    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(UserError, match=r"ffmpeg could not encode \.mp3: Unknown encoder boom"):
        save(pcm, out_dir / "x.mp3")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(UserError, match="apt install ffmpeg"):
        save(pcm, out_dir / "x.ogg")
    assert list(out_dir.iterdir()) == []
    assert list(scratch.iterdir()) == []  # pydub's export left its temporary files here


def test_an_offset_half_a_frame_in_lands_on_the_same_frame_from_either_side() -> None:
    from player.sound.mix import frame_at

    planned = 12.83  # 282901.5 frames at 22050 Hz
    played = (1000.0 + planned) - 1000.0  # what the clock gives back: 12.829999999999927
    assert played != planned
    assert frame_at(played) == frame_at(planned) == 282902

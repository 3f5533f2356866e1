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
    Placement,
    balance,
    frame_at,
    mix,
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


def test_overlapping_clips_add() -> None:
    a = Placement(0.0, clip_of(1000, 3000, -3000, 5))
    b = Placement(1 / SAMPLE_RATE, clip_of(5000, -5000, -10000))
    assert values_of(mix([a, b])) == [1000, 8000, -8000, -9995]


def test_where_clips_meet_too_loud_a_limiter_holds_the_sum_under_the_ceiling() -> None:
    from player.sound.loudness import CEILING_DBTP, true_peak

    quiet = [1000, -1000] * 2000
    loud = Placement(0.0, clip_of(*quiet, *([20000, -20000] * 100), *quiet))
    under = Placement(4000 / SAMPLE_RATE, clip_of(*([15000, -15000] * 100)))
    mixed = mix([loud, under])
    assert true_peak(mixed) <= CEILING_DBTP
    values = values_of(mixed)
    # Away from the loud part (more than the limiter's 10 ms), nothing changed.
    assert values[:3500] == quiet[:3500]
    assert values[-3500:] == quiet[-3500:]


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
        st.tuples(st.integers(0, 200), st.lists(st.integers(-3000, 3000), min_size=1, max_size=30)),
        max_size=8,
    ),
    st.integers(0, 240),
)
def test_mixing_adds_each_clip_exactly_under_the_ceiling(
    placed: list[tuple[int, list[int]]], frames: int
) -> None:
    expected = [0] * frames
    for start, values in placed:
        for i, value in enumerate(values):
            if start + i < frames:
                expected[start + i] += value  # eight at most: under the ceiling
    placements = [Placement(start / SAMPLE_RATE, clip_of(*values)) for start, values in placed]
    assert values_of(mix(placements, frames)) == expected


def test_frame_at_rounds_to_the_nearest_frame() -> None:
    assert frame_at(1.0) == SAMPLE_RATE
    assert frame_at(0.5 / SAMPLE_RATE + 1e-9) == 1


def _speechlike(seconds: float, level: float, seed: int) -> Clip:
    """Noise shaped into syllables, with a few sharp peaks: speech's crest factor."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = round(seconds * SAMPLE_RATE)
    envelope = np.abs(np.sin(np.arange(n) * np.pi * 4 / SAMPLE_RATE)) ** 2
    x = rng.normal(0, level, n) * envelope
    x[rng.integers(0, n, 5)] = 0.5  # peaks the gain will push over the ceiling
    return Clip(np.clip(np.rint(x * 32767), -32768, 32767).astype("<i2").tobytes())


def _measured(pcm: bytes) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP) as pyloudnorm and a 16x FFT say."""
    import numpy as np
    import pyloudnorm

    x = np.frombuffer(pcm, dtype="<i2") / 32768
    loudness = pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(x)
    n = 1 << (len(x) + 64).bit_length()
    fine = np.fft.irfft(np.fft.rfft(x, n), 16 * n)[: 16 * len(x)] * 16
    return loudness, 20 * np.log10(np.abs(fine).max())


def test_our_loudness_is_pyloudnorms() -> None:
    from player.sound.loudness import loudness

    heard = b"".join(_speechlike(1.5, 0.05 * (n + 1), n).pcm + bytes(SAMPLE_RATE) for n in range(6))
    assert loudness(heard) == pytest.approx(_measured(heard)[0], abs=0.1)


def test_speech_is_brought_to_the_loudness_target_with_one_gain() -> None:
    from player.sound.loudness import CEILING_DBTP, TARGET_LUFS

    soft = _speechlike(2.0, 0.06, 1)
    softer = _speechlike(2.0, 0.03, 2)
    speech, tones = balance({"a": soft, "b": softer}, {Tone.GO: soft})
    heard = speech["a"].pcm + bytes(SAMPLE_RATE) + speech["b"].pcm
    loudness, true_peak = _measured(heard)
    assert loudness == pytest.approx(TARGET_LUFS, abs=0.5)
    assert true_peak <= CEILING_DBTP + 0.05  # the gain pushed the peaks; the limiter held them
    # One gain for all: the phrases keep their loudness relative to each other.
    assert rms(speech["a"]) / rms(speech["b"]) == pytest.approx(2.0, rel=0.05)
    assert tones[Tone.GO] == soft  # tones are made to sit under speech at the target


def test_the_same_speech_gets_the_same_balance() -> None:
    clips = {"a": _speechlike(1.0, 0.03, 3)}
    assert balance(clips, {}) == balance(dict(clips), {})
    assert balance({}, {}) == ({}, {})


def test_streaming_gives_the_bytes_of_one_buffer() -> None:
    from player.sound.mix import mix_blocks

    loud = clip_of(*([30000, -30000] * 700))
    placed = [Placement(0.01 * n, loud) for n in range(0, 300, 7)]
    whole = mix(placed, 5000)
    for size in (1, 333, 4096, 10**6):
        blocks = list(mix_blocks(placed, 5000, block_frames=size))
        assert b"".join(blocks) == whole
        assert max(len(b) for b in blocks) <= 2 * size


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


def test_pieces_are_written_whole_when_a_write_stops_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from player.sound import mix

    pieces: list[bytes | memoryview] = [bytes([n]) * (n * 37 % 1000 + 1) for n in range(1, 200)]
    pieces[5:9] = [memoryview(b"view" * 300)[7:900], b"", memoryview(b"x" * 10), b"yz"]
    real_writev = os.writev
    short = []

    def writev_short(fd: int, buffers: list[bytes | memoryview]) -> int:  # as a signal may
        joined = b"".join(buffers)
        short.append(len(joined))
        return real_writev(fd, [joined[: len(joined) // 3 + 1]])

    monkeypatch.setattr(os, "writev", writev_short)
    monkeypatch.setattr(mix, "GATHERED_PIECES", 7)
    path = tmp_path / "out.raw"
    with path.open("wb") as file:
        mix._write_all(file.fileno(), iter(pieces), to_disk=True)
    assert path.read_bytes() == b"".join(pieces)
    assert len(short) > 20  # gathered seven at a time, each write stopping a third in

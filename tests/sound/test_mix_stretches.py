"""The mix copies the stretches where a clip sounds alone and computes only where clips meet:
byte for byte what mixing every frame with numpy (the mixer before, kept here) gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.cli import main
from player.routine import find_routine, load_routine
from player.sound.base import SAMPLE_RATE, SAMPLE_WIDTH, Clip
from player.sound.mix import Placement, frame_at, mix_blocks, placements
from player.speech import make_synthesizer


def dense_blocks(
    placed: Sequence[Placement], frames: int, block_frames: int = 10 * SAMPLE_RATE
) -> Iterator[bytes]:
    """The mixer as it was: every frame of the session through numpy and the limiter, one
    block at a time with the limiter's margin on either side."""
    import numpy as np

    from player.sound.loudness import MARGIN, limited, samples, to_pcm

    spans = [(frame_at(p.at), frame_at(p.at) + p.clip.frames) for p in placed]
    for first in range(0, frames, block_frames):
        last = min(frames, first + block_frames)
        low, high = first - MARGIN, last + MARGIN
        block = np.zeros(high - low)
        for (start, end), p in zip(spans, placed, strict=True):
            a, b = max(start, low, 0), min(end, high, frames)
            if a < b:
                block[a - low : b - low] += samples(
                    p.clip.pcm[(a - start) * SAMPLE_WIDTH : (b - start) * SAMPLE_WIDTH]
                )
        yield to_pcm(limited(block)[first - low : last - low])


def clip_of(values: Sequence[int]) -> Clip:
    samples = array("h", values)
    if sys.byteorder == "big":
        samples.byteswap()
    return Clip(samples.tobytes())


def _wave(n: int, level: int, period: int) -> list[int]:
    """A square-ish wave: at `level` near the ceiling its true peaks pass it between samples."""
    return [level if (i // period) % 2 else -level for i in range(n)]


CLIPS = [
    clip_of(_wave(300, 2000, 5)),  # quiet: copied wherever it is alone
    clip_of(_wave(400, 27000, 3)),  # loud: the limiter touches it even alone
    clip_of(_wave(250, 16000, 7)),  # under the ceiling alone, over it where it meets another
    clip_of([0] * 40 + _wave(200, 29000, 1) + [0] * 40),  # sample peaks over the threshold
    clip_of([5, -5]),
    Clip(b""),
    # Samples at 0.62 of full scale, true peaks 0.3 % over the threshold, between them.
    clip_of([20342, 20342, -20342, -20342] * 100),
]

# A mix drawn: clips placed at frames (some before the start), its length, its block size.
PLACED = st.lists(st.tuples(st.integers(-300, 3000), st.integers(0, len(CLIPS) - 1)), max_size=12)
FRAMES = st.integers(0, 3500)
BLOCK_SIZES = st.sampled_from([1, 97, 1000, 10 * SAMPLE_RATE])


@settings(max_examples=150, deadline=None)
@given(PLACED, FRAMES, BLOCK_SIZES)
def test_the_mix_is_the_bytes_of_mixing_every_frame(
    placed: list[tuple[int, int]], frames: int, block_frames: int
) -> None:
    placements = [Placement(start / SAMPLE_RATE, CLIPS[clip]) for start, clip in placed]
    pieces = list(mix_blocks(placements, frames, block_frames=block_frames))
    assert b"".join(pieces) == b"".join(dense_blocks(placements, frames))
    assert all(len(piece) <= SAMPLE_WIDTH * block_frames for piece in pieces)


def test_the_progress_counts_blocks_to_the_last() -> None:
    seen: list[tuple[int, int]] = []
    placed = [Placement(0.5, CLIPS[0]), Placement(0.7, CLIPS[2]), Placement(0.71, CLIPS[1])]
    list(mix_blocks(placed, SAMPLE_RATE, lambda done, total: seen.append((done, total)), 1000))
    assert seen == [(n, 23) for n in range(1, 24)]


def test_the_interpolator_gain_bounds_every_phase() -> None:
    import numpy as np

    from player.sound.loudness import INTERPOLATOR_GAIN, _phases

    assert float(np.abs(_phases()).sum(axis=1).max()) <= INTERPOLATOR_GAIN


def test_a_clip_whose_peaks_pass_the_threshold_only_between_samples_is_not_left_alone() -> None:
    from player.sound.loudness import (
        CEILING_DBTP,
        _aim,
        _oversampled_peaks,
        _threshold,
        left_alone,
        samples,
    )

    between = CLIPS[-1]
    peak = float(_oversampled_peaks(samples(between.pcm), 0.5 * _aim(CEILING_DBTP)).max())
    assert 1.0 < peak / _threshold(CEILING_DBTP) < 1.005
    assert not left_alone(between.pcm)
    placed = [Placement(0.01, between)]
    assert b"".join(mix_blocks(placed, 1000)) == b"".join(dense_blocks(placed, 1000))
    start = SAMPLE_WIDTH * frame_at(0.01)
    heard = b"".join(mix_blocks(placed, 1000))[start : start + len(between.pcm)]
    assert heard != between.pcm  # the limiter acted


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-32768, 32767), min_size=1, max_size=60),
    st.floats(0.05, 1.0),
)
def test_left_alone_says_yes_only_where_the_limiter_changes_nothing(
    values: list[int], scale: float
) -> None:
    from player.sound.loudness import (
        CEILING_DBTP,
        _aim,
        _oversampled_peaks,
        _threshold,
        left_alone,
        limited,
        samples,
        to_pcm,
    )

    pcm = clip_of([round(v * scale) for v in values]).pcm
    peak = float(_oversampled_peaks(samples(pcm), 0.5 * _aim(CEILING_DBTP)).max())
    threshold = _threshold(CEILING_DBTP)
    if left_alone(pcm):
        assert peak <= threshold
        assert to_pcm(limited(samples(pcm))) == pcm
    else:
        assert peak > threshold * (1 - 1e-9)


def _session(name: str, tts: str) -> tuple[list[Placement], int]:
    from player.commands.export import session_audio

    routine = load_routine(find_routine(name)).routine
    synthesizer = make_synthesizer(tts)
    try:
        audio = session_audio(routine, synthesizer)
    finally:
        synthesizer.close()
    return placements(audio.timeline, audio.speech, audio.tones), frame_at(audio.timeline.total)


def test_an_export_is_the_session_mixed_frame_by_frame(tmp_path: Path) -> None:
    # Real speech (espeak-ng), whose loud words the limiter holds where a tone meets them.
    out = tmp_path / "desk.wav"
    assert main(["export", "desk-break-back", "-o", str(out)]) == 0
    placed, frames = _session("desk-break-back", "pyttsx3")
    expected = b"".join(dense_blocks(placed, frames))
    assert out.read_bytes()[44:] == expected
    assert len(expected) == 2 * frames


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_an_mp3_export_is_ffmpeg_encoding_the_session_mixed_frame_by_frame(
    tmp_path: Path,
) -> None:
    out = tmp_path / "desk.mp3"
    assert main(["export", "desk-break-back", "-o", str(out)]) == 0
    placed, frames = _session("desk-break-back", "pyttsx3")
    raw = tmp_path / "session.raw"
    raw.write_bytes(b"".join(dense_blocks(placed, frames)))
    alone = tmp_path / "alone.mp3"
    pcm = ["-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", str(raw)]
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *pcm, "-q:a", "4"]
    subprocess.run([*command, "-f", "mp3", str(alone)], check=True)
    assert out.read_bytes() == alone.read_bytes()


def test_an_export_that_fails_before_its_first_block_stops_ffmpeg_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The encoder is started before the routine is read; a routine that is not there stops it.
    assert main(["export", "no-such-routine", "-o", str(tmp_path / "x.ogg")]) != 0
    assert "no-such-routine" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def kept_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every example: a stretch kept by one is read by the next that names it."""
    return tmp_path_factory.mktemp("kept")


@settings(max_examples=150, deadline=None)
@given(PLACED, FRAMES, BLOCK_SIZES)
def test_stretches_kept_in_the_cache_are_the_bytes_of_mixing_every_frame(
    kept_dir: Path, placed: list[tuple[int, int]], frames: int, block_frames: int
) -> None:
    placements = [Placement(start / SAMPLE_RATE, CLIPS[clip]) for start, clip in placed]
    expected = b"".join(dense_blocks(placements, frames))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKOUT_CACHE_DIR", str(kept_dir))
        for _ in range(2):  # mixed and kept, then read back
            pieces = list(mix_blocks(placements, frames, block_frames=block_frames, kept=True))
            assert b"".join(pieces) == expected
            assert all(len(piece) <= SAMPLE_WIDTH * block_frames for piece in pieces)


_EXPORT = (
    "import sys\n"
    "from player.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print('numpy' in sys.modules)\n"
    "sys.exit(code)\n"
)


def test_a_warm_export_reads_back_what_the_first_computed_and_does_not_import_numpy(
    tmp_path: Path,
) -> None:
    import os

    placed, frames = _session("desk-break-back", "pyttsx3")  # real speech, rendered now
    expected = b"".join(dense_blocks(placed, frames))
    shared = Path(os.environ["WORKOUT_CACHE_DIR"])
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "speech").symlink_to(shared / "speech")  # the clips, but nothing measured of them
    env = {**os.environ, "WORKOUT_CACHE_DIR": str(cache)}
    imported = []
    for name in ("cold", "warm"):
        out = tmp_path / f"{name}.wav"
        done = subprocess.run(
            [sys.executable, "-c", _EXPORT, "export", "desk-break-back", "-o", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        imported.append(done.stdout.splitlines()[-1])
        assert out.read_bytes()[44:] == expected
    assert imported == ["True", "False"]  # measured and mixed once; then read from the cache
    assert any(cache.glob("levels/mix-*.pcm")) and any(cache.glob("levels/*.alone*"))

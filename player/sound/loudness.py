"""Loudness after ITU-R BS.1770 / EBU R128: K-weighted, gated, in LUFS, and a true-peak limiter.

Speech is brought to one integrated loudness (`TARGET_LUFS`) with one gain for a whole
session; the few peaks that gain pushes over the true-peak ceiling (`CEILING_DBTP`, measured
4x oversampled as BS.1770 says) are held down by a look-ahead limiter instead of lowering the
gain for everything (which left speech 5-6 dB under its target).

The K-weighting filter is BS.1770's two biquads (a 4 dB high shelf at 1.5 kHz, a 38 Hz high
pass, coefficients as pyloudnorm derives them for any sample rate), applied in the frequency
domain with numpy: only energies and peaks are measured, and a clip plus half a second of
silence holds the filters' whole response. pyloudnorm itself (scipy) takes most of a second to
import; the tests check that these figures agree with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from player.paths import user_cache_dir
from player.sound.base import SAMPLE_RATE

with warnings.catch_warnings():
    # Deprecated in 3.11-3.12 and provided by `audioop-lts` from 3.13 (a pydub dependency).
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Samples = npt.NDArray[np.float64]

T = TypeVar("T")

TARGET_LUFS = -18.0  # integrated loudness of an export (speech, the tones under it)
CEILING_DBTP = -1.0  # no true peak above this after the gain
BLOCK = round(0.400 * SAMPLE_RATE)  # BS.1770 gating block: 400 ms ...
HOP = round(0.100 * SAMPLE_RATE)  # ... overlapping by 75 %
ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU under the absolutely gated loudness
_PAD = BLOCK  # silence either side: every block that overlaps the clip, and the ringing
_LOOKAHEAD = round(0.005 * SAMPLE_RATE)  # the limiter starts this early, and lets go as slowly
_FULL_SCALE = 32768.0


def samples(pcm: bytes) -> Samples:
    """16-bit little-endian PCM as floats, full scale 1.0."""
    import numpy as np

    return np.frombuffer(pcm, dtype="<i2").astype(np.float64) / _FULL_SCALE


def to_pcm(values: Samples) -> bytes:
    """Floats (full scale 1.0) as 16-bit little-endian PCM, rounded and clipped."""
    import numpy as np

    scaled = np.clip(np.rint(values * _FULL_SCALE), -32768, 32767)
    return scaled.astype("<i2").tobytes()


def _biquad(gain_db: float, q: float, fc: float, kind: str) -> tuple[list[float], list[float]]:
    """The audio EQ cookbook coefficients (b, a) pyloudnorm uses for K-weighting."""
    a_ = 10 ** (gain_db / 40)
    w0 = 2 * math.pi * fc / SAMPLE_RATE
    alpha = math.sin(w0) / (2 * q)
    cos, root = math.cos(w0), math.sqrt(a_)
    if kind == "high_shelf":
        b = [
            a_ * ((a_ + 1) + (a_ - 1) * cos + 2 * root * alpha),
            -2 * a_ * ((a_ - 1) + (a_ + 1) * cos),
            a_ * ((a_ + 1) + (a_ - 1) * cos - 2 * root * alpha),
        ]
        a = [
            (a_ + 1) - (a_ - 1) * cos + 2 * root * alpha,
            2 * ((a_ - 1) - (a_ + 1) * cos),
            (a_ + 1) - (a_ - 1) * cos - 2 * root * alpha,
        ]
    else:  # high pass
        b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
        a = [1 + alpha, -2 * cos, 1 - alpha]
    return b, a


@cache
def _k_response(n: int) -> npt.NDArray[np.complex128]:
    """The K-weighting filter's response at the `n`-point rfft's frequencies."""
    import numpy as np

    z = np.exp(-1j * np.pi * np.arange(n // 2 + 1) / (n // 2))  # e^{-jw}, w = 0..pi
    response = np.ones_like(z)
    for b, a in (_biquad(4.0, 1 / math.sqrt(2), 1500.0, "high_shelf"),
                 _biquad(0.0, 0.5, 38.0, "high_pass")):  # fmt: skip
        response *= (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)
    return response  # type: ignore[no-any-return]


def _fft_size(n: int) -> int:
    """A power of two >= n: fast for numpy's FFT, and few sizes to keep a response for."""
    return 1 << max(1, (n - 1).bit_length())


def block_powers(pcm: bytes, *, alone: bool = True) -> list[float]:
    """The K-weighted mean square of every gating block of `pcm`. A clip heard `alone` has
    silence before and after it (as between the cues of a session), and the blocks that
    overlap it partly count too; otherwise the blocks lie within `pcm`, as a meter reads a
    file."""
    import numpy as np

    x = samples(pcm)
    if not len(x):
        return []
    pad = _PAD if alone else 0
    span = len(x) + 2 * pad
    n = _fft_size(span + _PAD)  # room for the filters to ring out
    padded = np.zeros(n)
    padded[pad : pad + len(x)] = x
    weighted = np.fft.irfft(np.fft.rfft(padded) * _k_response(n), n)
    squares = np.concatenate(([0.0], np.cumsum(weighted[:span] ** 2)))
    starts = np.arange(0, span - BLOCK + 1, HOP)
    return list((squares[starts + BLOCK] - squares[starts]) / BLOCK)


def integrated(powers: Iterable[float]) -> float:
    """BS.1770 integrated loudness (LUFS) of gating blocks' mean squares; -inf for silence."""
    floor = 10 ** ((ABSOLUTE_GATE + 0.691) / 10)
    loud = [p for p in powers if p > floor]
    if not loud:
        return -math.inf
    relative = -0.691 + 10 * math.log10(sum(loud) / len(loud)) + RELATIVE_GATE
    kept = [p for p in loud if -0.691 + 10 * math.log10(p) > relative]
    return -0.691 + 10 * math.log10(sum(kept) / len(kept))


def loudness(pcm: bytes) -> float:
    """Integrated loudness of one stretch of audio (LUFS)."""
    return integrated(block_powers(pcm, alone=False))


@cache
def _phases() -> Samples:
    """A 4x interpolator (windowed sinc, 12 taps a phase), one row per phase after the first."""
    import numpy as np

    taps = 12
    t = np.arange(-taps // 2 + 1, taps // 2 + 1)[None, :] - (np.arange(1, 4)[:, None] / 4)
    return np.sinc(t) * np.kaiser(taps, 5.0)[None, :]


def _oversampled_peaks(x: Samples, above: float | None = None) -> Samples:
    """Each sample's true peak: the highest of it and the three points 4x oversampling puts
    after it (BS.1770 annex 2). Between two samples the signal rises at most a few dB over
    its neighbours, so only samples over `above` (half the highest) are looked at between."""
    import numpy as np

    peaks = np.abs(x)
    if not len(x):
        return peaks
    phases = _phases()
    taps = phases.shape[1]
    near = np.flatnonzero(peaks > (0.5 * peaks.max() if above is None else above))
    padded = np.pad(x, (taps, taps))
    windows = padded[near[:, None] + np.arange(taps)[None, :] + taps // 2 + 1]
    between = np.abs(windows @ phases.T).max(axis=1)
    peaks[near] = np.maximum(peaks[near], between)
    return peaks


def true_peak(pcm: bytes) -> float:
    """The highest true peak of a clip, in dBTP."""
    x = samples(pcm)
    if not len(x):
        return -math.inf
    top = float(_oversampled_peaks(x).max())
    return 20 * math.log10(top) if top > 0 else -math.inf


def _sliding_min(values: Samples, width: int) -> Samples:
    """The minimum of each centred window of `width` (odd) values (van Herk / Gil-Werman)."""
    import numpy as np

    half = width // 2
    n = len(values)
    tail = (-(n + 2 * half)) % width
    rows = np.pad(values, (half, half + tail), constant_values=1.0).reshape(-1, width).T
    prefix = np.minimum.accumulate(rows, axis=0).T.ravel()
    suffix = np.minimum.accumulate(rows[::-1], axis=0)[::-1].T.ravel()
    return np.minimum(suffix[:n], prefix[width - 1 : width - 1 + n])


def _aim(ceiling_dbtp: float) -> float:
    """Where the limiter holds a peak: 0.1 dB under the ceiling for the interpolator's error
    ..."""
    return float(10 ** ((ceiling_dbtp - 0.1) / 20))


def _threshold(ceiling_dbtp: float) -> float:
    """... and the true peak it acts above: 0.05 dB under the ceiling, for rounding."""
    return float(10 ** ((ceiling_dbtp - 0.05) / 20))


# The most the 4x interpolator (`_phases`) can make of samples no louder than 1: the largest
# sum of the absolute taps of a phase (1.8591...; a test checks it against `_phases`).
INTERPOLATOR_GAIN = 1.86


def left_alone(pcm: bytes, ceiling_dbtp: float = CEILING_DBTP) -> bool:
    """Whether `limited` leaves this clip, heard with silence around it, exactly as it is: no
    true peak over its threshold. The mix copies such a clip's samples where it sounds alone.

    A clip whose loudest sample cannot reach the threshold even between samples is known
    without numpy. Otherwise the points between the samples `limited` looks at (and a few
    more) are interpolated as it does, from the 16-bit samples; a peak within a hair of the
    threshold counts as over, so float rounding cannot make this say yes where `limited`
    would act (it then goes the long way, through `limited`, and gives the same bytes).

    At the ceiling, the answer for a clip `gained` made is kept beside it in the cache (a
    warm export measures nothing, and does not import numpy)."""
    if ceiling_dbtp != CEILING_DBTP:
        return _left_alone(pcm, ceiling_dbtp)
    known = _ALONE.get(pcm)
    if known is not None:
        return known
    name = _DERIVED.get(pcm) or _DIGESTS.get(pcm)  # known without hashing the samples
    path = _in_cache(f"{name}.alone{_ALONE_VERSION}") if name is not None else None
    if path is not None:
        with contextlib.suppress(OSError):
            kept = _read(path)
            if kept in (b"0", b"1"):
                known = kept == b"1"
    if known is None:
        known = _left_alone(pcm, ceiling_dbtp)
        if path is not None:
            _keep(path, b"1" if known else b"0")
    _ALONE.put(pcm, known)
    return known


class _Kept(Generic[T]):
    """Something known of clips' samples, by the very bytes object: found without hashing
    the samples (some 3 ms for a session's speech), and each object kept alive with it."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[bytes, T]] = {}

    def get(self, pcm: bytes) -> T | None:
        found = self._kept.get(id(pcm))
        return found[1] if found is not None and found[0] is pcm else None

    def put(self, pcm: bytes, value: T) -> None:
        self._kept[id(pcm)] = (pcm, value)


_ALONE: _Kept[bool] = _Kept()  # `left_alone` at the ceiling
_ALONE_VERSION = "1"  # of `left_alone` and `limited`: a change to either changes it


def _left_alone(pcm: bytes, ceiling_dbtp: float) -> bool:
    if not pcm:
        return True
    threshold = _threshold(ceiling_dbtp)
    loudest = audioop.max(pcm, 2) / _FULL_SCALE
    if loudest * INTERPOLATOR_GAIN < threshold:
        return True
    if loudest >= threshold:
        return False
    import numpy as np

    x = np.frombuffer(pcm, dtype="<i2")
    level = int(0.5 * _aim(ceiling_dbtp) * _FULL_SCALE) - 1  # `limited` looks above this
    near = np.flatnonzero(np.abs(x) > level)  # no -32768 here: `loudest` is under 1
    if not len(near):
        return True
    phases = _phases()
    taps = phases.shape[1]
    padded = np.pad(x, (taps, taps))  # as `_oversampled_peaks` pads
    windows = padded[near[:, None] + np.arange(taps)[None, :] + taps // 2 + 1] / _FULL_SCALE
    between = float(np.abs(windows @ phases.T).max())
    return between < threshold * (1 - 1e-9)


def limited(x: Samples, ceiling_dbtp: float = CEILING_DBTP) -> Samples:
    """`x` with its true peaks held at `ceiling_dbtp` by a look-ahead limiter: the gain falls
    smoothly over 5 ms before a peak and comes back as smoothly. Each output sample depends
    only on the input within 10 ms of it, so audio limited in pieces (with 10 ms more on
    either side) is the audio limited whole. Only the stretches around peaks are touched."""
    import numpy as np

    aim, threshold = _aim(ceiling_dbtp), _threshold(ceiling_dbtp)
    peaks = _oversampled_peaks(x, 0.5 * aim)
    over = np.flatnonzero(peaks > threshold)
    if not len(over):
        return x
    reach = 2 * _LOOKAHEAD + 1  # how far a peak's gain reduction spreads
    breaks = np.flatnonzero(np.diff(over) > 2 * reach) + 1
    out = x.copy()
    for cluster in np.split(over, breaks):
        low, high = max(0, cluster[0] - reach), min(len(x), cluster[-1] + reach + 1)
        out[low:high] *= _gain_curve(peaks, low, high, aim)
    return out


def _gain_curve(peaks: Samples, low: int, high: int, aim: float) -> Samples:
    """The limiter's gain for samples `low:high` (which hold a cluster of peaks and their
    reach): the gain each peak needs, spread 5 ms either side, then smoothed over 10 ms."""
    import numpy as np

    width = 2 * _LOOKAHEAD + 1
    start, end = max(0, low - width), min(len(peaks), high + width)
    needed = np.ones(high - low + 2 * width)  # 1 (no reduction) beyond the ends
    needed[start - (low - width) : end - (low - width)] = np.minimum(
        1.0, aim / np.maximum(peaks[start:end], 1e-12)
    )
    floor = _sliding_min(needed, width)  # covers every peak within 5 ms either side
    smooth = np.convolve(floor, np.full(width, 1.0 / width), mode="same")  # <= needed
    return smooth[width : width + high - low]


MARGIN = 2 * _LOOKAHEAD + 16  # samples either side a piece needs to be limited alone


def gained(pcm: bytes, gain: float, level: Level | None = None) -> bytes:
    """`pcm` made `gain` times louder, its true peaks held at the ceiling (`limited`). With
    the clip's `level` known, a clip whose peaks stay under the ceiling is scaled without
    numpy; one that needs the limiter is limited once and kept beside the levels (a warm
    start of the same routine limits nothing). Alike whichever way it comes."""
    if not pcm:
        return pcm
    return gained_named(_digest(pcm), len(pcm), gain, level or level_of(pcm), lambda: pcm)


def gained_named(
    name: str, size: int, gain: float, level: Level, pcm: Callable[[], bytes]
) -> bytes:
    """`gained` for the clip called `name` (`name_of`, `known_as`), `size` bytes long: its
    samples are asked for (`pcm()`) only where they are scaled, or limited the first time."""
    if not size:
        return pcm()
    if gain == 1.0 and level.peak <= _aim(CEILING_DBTP):
        return pcm()
    derived = f"{name}-{gain!r}"
    if level.peak * gain <= _aim(CEILING_DBTP):
        done = audioop.mul(pcm(), 2, gain)
    else:
        path = _in_cache(f"{derived}.pcm")
        found = _read_whole(path, size)
        if found is None:
            found = to_pcm(limited(samples(pcm()) * gain, CEILING_DBTP))
            _keep(path, found)
        done = found
    if _DERIVED.get(done) is None:
        _DERIVED.put(done, derived)
    return done


def kept_mix(name: str, size: int) -> bytes | None:
    """A stretch of a mix kept in the cache under `name` (`keep_mix`), if it is there whole."""
    return _read_whole(_in_cache(f"mix-{name}.pcm"), size)


def keep_mix(name: str, pcm: bytes) -> None:
    """Keep a stretch of a mix in the cache, beside the clips it was made of."""
    _keep(_in_cache(f"mix-{name}.pcm"), pcm)


_DERIVED: _Kept[str] = _Kept()  # a clip `gained` made -> its name in the cache


def name_of(pcm: bytes) -> str:
    """A name for a clip's samples in the cache: how `gained` made it from a clip (named by
    a hash of its samples), or that hash."""
    return _DERIVED.get(pcm) or _digest(pcm)


def _in_cache(name: str) -> str:
    """The file `name` in `levels/` of the cache dir (a string: a clip's files are looked
    for a few times each, and a Path costs more to make than the look)."""
    return os.path.join(_levels_in(user_cache_dir()), name)


@cache
def _levels_in(folder: Path) -> str:
    return os.path.join(folder, "levels")


def levels_dir(directory: Path | None = None) -> Path:
    """Where what is measured and mixed is kept: `levels/` in the cache dir."""
    return Path(_levels_in(directory or user_cache_dir()))


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _read_whole(path: str, size: int) -> bytes | None:
    """The cache file `path`, if it is there and `size` bytes long (else None)."""
    try:
        found = _read(path)
    except OSError:
        return None
    return found if len(found) == size else None


def _keep(path: str, data: bytes) -> None:
    """Write a cache file whole (renamed into place), or not at all."""
    with contextlib.suppress(OSError):  # a cache: what is not kept is computed again
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
        with open(temporary, "wb") as file:
            file.write(data)
        os.replace(temporary, path)


@dataclass(frozen=True, slots=True)
class Level:
    """What the loudness of a clip needs to know: its gating blocks' K-weighted powers
    (heard alone, see `block_powers`) and its true peak (linear, full scale 1)."""

    powers: tuple[float, ...]
    peak: float


_LEVELS: dict[str, Level] = {}  # by the clip's name
_DIGESTS: dict[bytes, str] = {}
_LEVELS_VERSION = "1"


def known_as(pcm: bytes, name: str) -> None:
    """Name a clip's samples for the cache without hashing them (`name` must change wherever
    the samples could: the speech cache names a clip by its file, its size and its time)."""
    _DIGESTS.setdefault(pcm, name)


def _digest(pcm: bytes) -> str:
    """A name for a clip's samples in the cache, computed once a process."""
    found = _DIGESTS.get(pcm)
    if found is None:
        found = _DIGESTS[pcm] = hashlib.sha1(pcm, usedforsecurity=False).hexdigest()
    return found


def level_of(pcm: bytes) -> Level:
    """A clip's `Level`: measured once (numpy), then kept in memory and in the user cache
    dir (`levels/`, by a hash of the samples), so a warm start measures nothing."""
    return level_named(_digest(pcm), lambda: pcm)


def level_named(name: str, pcm: Callable[[], bytes]) -> Level:
    """`level_of` the clip called `name` (`name_of`, `known_as`): its samples are asked for
    (`pcm()`) only to measure it the first time."""
    found = _LEVELS.get(name)
    if found is not None:
        return found
    path = _in_cache(f"{name}.json")
    try:
        data = json.loads(_read(path))
        if data["version"] == _LEVELS_VERSION:
            found = Level(tuple(float(p) for p in data["powers"]), float(data["peak"]))
    except (OSError, ValueError, KeyError, TypeError):
        found = None
    if found is None:
        measured = pcm()
        peak = float(_oversampled_peaks(samples(measured)).max()) if measured else 0.0
        found = Level(tuple(block_powers(measured)), peak)
        text = json.dumps({"version": _LEVELS_VERSION, "powers": found.powers, "peak": peak})
        _keep(path, text.encode())
    _LEVELS[name] = found
    return found


def gain_for(powers: Sequence[float], target: float = TARGET_LUFS) -> float:
    """The gain that brings audio with these gating-block powers to `target` LUFS."""
    level = integrated(powers)
    return 1.0 if level == -math.inf else 10 ** ((target - level) / 20)

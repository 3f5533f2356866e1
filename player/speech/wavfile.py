"""Speech WAV files: check what an engine wrote and bring it to mono 16-bit 22050 Hz."""

from __future__ import annotations

import math
import struct
import sys
import wave
from array import array
from pathlib import Path

from player.sound.base import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH
from player.speech.base import SpeechError

HEADER_BYTES = 44  # the canonical PCM header `wave` writes; cache files always have it


def _samples(data: bytes, width: int) -> array[int]:
    """Frames of any common PCM width as 16-bit signed samples."""
    if width == 2:
        samples = array("h")
        samples.frombytes(data)
        if sys.byteorder == "big":
            samples.byteswap()
        return samples
    if width == 1:  # unsigned 8-bit
        return array("h", ((b - 128) << 8 for b in data))
    if width in (3, 4):
        return array(
            "h",
            (
                int.from_bytes(data[i + width - 2 : i + width], "little", signed=True)
                for i in range(0, len(data) - width + 1, width)
            ),
        )
    raise ValueError(f"unsupported sample width {width}")


def samples_to_pcm(samples: array[int]) -> bytes:
    """16-bit samples as little-endian PCM bytes."""
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def to_mono(samples: array[int], channels: int) -> array[int]:
    """Average interleaved channels into one."""
    if channels == 1:
        return samples
    return array(
        "h",
        (sum(samples[i : i + channels]) // channels for i in range(0, len(samples), channels)),
    )


def resample(samples: array[int], rate_from: int, rate_to: int) -> array[int]:
    """Linear interpolation from one sample rate to another (pure Python, no audioop)."""
    if rate_from == rate_to or not samples:
        return samples
    count = max(1, round(len(samples) * rate_to / rate_from))
    step = rate_from / rate_to
    last = len(samples) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        position = i * step
        j = int(position)
        if j >= last:
            out[i] = samples[last]
            continue
        fraction = position - j
        out[i] = round(samples[j] + (samples[j + 1] - samples[j]) * fraction)
    return out


def read_speech(path: Path) -> bytes:
    """The PCM of a WAV an engine wrote, as mono 16-bit 22050 Hz; `SpeechError` if unusable."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate, frames = (
                wav.getnchannels(),
                wav.getsampwidth(),
                wav.getframerate(),
                wav.getnframes(),
            )
            data = wav.readframes(frames)
    except (OSError, EOFError, wave.Error) as error:
        raise SpeechError(f"the speech engine wrote no usable WAV file ({error})") from error
    if frames == 0 or not data:
        raise SpeechError("the speech engine wrote an empty WAV file (no speech)")
    if (channels, width, rate) == (CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE):
        return data
    try:
        samples = _samples(data, width)
    except ValueError as error:
        raise SpeechError(f"the speech engine wrote an unusable WAV file: {error}") from error
    return samples_to_pcm(resample(to_mono(samples, channels), rate, SAMPLE_RATE))


def write_speech(path: Path, pcm: bytes) -> None:
    """Write mono 16-bit 22050 Hz PCM with the canonical 44-byte header."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm)


_CANONICAL = struct.Struct("<4sI4s4sIHHIIHH4sI")


def canonical_header(frames: int) -> bytes:
    """The exact 44 bytes `write_speech` puts before `frames` frames."""
    size = frames * SAMPLE_WIDTH
    return _CANONICAL.pack(
        b"RIFF",
        36 + size,
        b"WAVE",
        b"fmt ",
        16,
        1,
        CHANNELS,
        SAMPLE_RATE,
        SAMPLE_RATE * SAMPLE_WIDTH * CHANNELS,
        SAMPLE_WIDTH * CHANNELS,
        8 * SAMPLE_WIDTH,
        b"data",
        size,
    )


def rms(pcm: bytes) -> float:
    """Root mean square of 16-bit samples (0 for silence, up to 32767)."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))

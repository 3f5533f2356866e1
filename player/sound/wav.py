"""Reading and writing clips as mono 16-bit WAV files at SAMPLE_RATE."""

from __future__ import annotations

import io
import wave
from pathlib import Path

from player.errors import UserError
from player.sound.base import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH, Clip


def write_wav(path: Path, pcm: bytes | Clip) -> None:
    """Write a clip (or raw PCM) as a mono 16-bit WAV at SAMPLE_RATE."""
    path.write_bytes(wav_bytes(pcm))


def wav_bytes(pcm: bytes | Clip) -> bytes:
    """A clip (or raw PCM) as the bytes of a mono 16-bit WAV file at SAMPLE_RATE."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(CHANNELS)
        out.setsampwidth(SAMPLE_WIDTH)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.pcm if isinstance(pcm, Clip) else pcm)
    return buffer.getvalue()


def wav_header(frames: int) -> bytes:
    """The 44 bytes `wav_bytes` puts before `frames` frames of mono 16-bit PCM."""
    size = frames * SAMPLE_WIDTH * CHANNELS
    empty = wav_bytes(b"")
    return empty[:4] + (36 + size).to_bytes(4, "little") + empty[8:40] + size.to_bytes(4, "little")


def read_wav(path: Path) -> Clip:
    """Read a mono 16-bit WAV at SAMPLE_RATE; anything else is a UserError."""
    try:
        with wave.open(str(path), "rb") as source:
            shape = (source.getnchannels(), source.getsampwidth(), source.getframerate())
            pcm = source.readframes(source.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise UserError(f"{path}: cannot read WAV ({error})") from None
    if shape != (CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE):
        raise UserError(
            f"{path}: expected mono 16-bit {SAMPLE_RATE} Hz, got "
            f"{shape[0]} channel(s), {8 * shape[1]}-bit, {shape[2]} Hz"
        )
    return Clip(pcm)

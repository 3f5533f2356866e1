"""Where spoken commands come from: the microphone (ALSA's `arecord`) or a WAV file, as the
recogniser's 16 kHz mono 16-bit PCM; and `workout doctor`'s microphone check."""

from __future__ import annotations

import contextlib
import math
import shutil
import subprocess
import time
import warnings
import wave
from array import array
from pathlib import Path
from typing import Protocol

from player.desktop.listen import CHUNK, RATE, ListenError


class Source(Protocol):
    """16 kHz mono 16-bit PCM in chunks; b"" at the end."""

    def read(self) -> bytes: ...
    def close(self) -> None: ...


class Microphone:
    """The default capture device, through ALSA's `arecord` (its error text is kept)."""

    def __init__(self) -> None:
        if shutil.which("arecord") is None:
            raise ListenError("arecord is not installed: apt install alsa-utils")
        self._process = subprocess.Popen(
            ["arecord", "-q", "-t", "raw", "-f", "S16_LE", "-r", str(RATE), "-c", "1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def read(self) -> bytes:
        assert self._process.stdout is not None
        data = self._process.stdout.read(CHUNK)
        if not data:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(2.0)
            if self._process.returncode not in (None, 0):
                raise ListenError(f"the microphone does not answer: {self.problem()}")
        return data

    def problem(self) -> str:
        assert self._process.stderr is not None
        text = self._process.stderr.read().decode(errors="replace").strip()
        return text.splitlines()[-1] if text else "arecord stopped"

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(2.0)


def read_pcm(path: Path) -> bytes:
    """A WAV file as 16 kHz mono 16-bit PCM (mono, 16-bit input; any sample rate)."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2:
                raise ListenError(f"{path}: a listening input must be 16-bit PCM")
            channels, rate = wav.getnchannels(), wav.getframerate()
            pcm = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise ListenError(f"{path}: not a readable WAV file ({error})") from None
    return to_16k(pcm, rate, channels)


def to_16k(pcm: bytes, rate: int, channels: int = 1) -> bytes:
    """16-bit PCM converted to mono at RATE."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop
    if channels == 2:
        pcm = audioop.tomono(pcm, 2, 0.5, 0.5)
    if rate != RATE:
        pcm, _ = audioop.ratecv(pcm, 2, 1, rate, RATE, None)
    return pcm


class WavFile:
    """A WAV file as the microphone: read as fast as it is asked for, or `paced` in real
    time (chunk by chunk, as a microphone delivers)."""

    def __init__(self, path: Path, *, paced: bool = False) -> None:
        self._pcm = read_pcm(path)
        self._at = 0
        self._paced = paced
        self._started = time.monotonic()

    def read(self) -> bytes:
        data = self._pcm[self._at : self._at + CHUNK]
        self._at += len(data)
        if self._paced and data:
            due = self._started + self._at / 2 / RATE
            time.sleep(max(0.0, due - time.monotonic()))
        return data

    def close(self) -> None:
        self._at = len(self._pcm)


MICROPHONE_SECONDS = 1


def microphone_check() -> str:
    """Record a second from the default capture device; say how loud it was."""
    if shutil.which("arecord") is None:
        raise ListenError("arecord is not installed: apt install alsa-utils")
    try:
        done = subprocess.run(
            [
                "arecord",
                "-q",
                "-d",
                str(MICROPHONE_SECONDS),
                "-t",
                "raw",
                "-f",
                "S16_LE",
                "-r",
                str(RATE),
                "-c",
                "1",
            ],
            capture_output=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ListenError("the capture device did not answer within 10 s") from None
    if done.returncode != 0 or not done.stdout:
        text = done.stderr.decode(errors="replace").strip().splitlines()
        raise ListenError(f"no capture device answers ({text[-1] if text else 'no sound'})")
    samples = array("h", done.stdout[: len(done.stdout) // 2 * 2])
    level = math.sqrt(sum(x * x for x in samples) / max(len(samples), 1))
    decibels = 20 * math.log10(max(level, 1.0) / 32768)
    return f"the default capture device records ({decibels:.0f} dBFS of room sound)"

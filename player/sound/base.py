"""The playback interface every audio backend implements, shaped like simpleaudio's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

SAMPLE_RATE = 22050  # Hz; speech clips and tones share it, so mixing needs no resampling
SAMPLE_WIDTH = 2  # bytes: 16-bit signed little-endian
CHANNELS = 1


@dataclass(frozen=True, slots=True)
class Clip:
    """Mono 16-bit PCM at SAMPLE_RATE: a rendered phrase or a tone."""

    pcm: bytes

    @property
    def frames(self) -> int:
        return len(self.pcm) // SAMPLE_WIDTH

    @property
    def duration(self) -> float:
        return self.frames / SAMPLE_RATE


class Playback(Protocol):
    """One clip being played."""

    def stop(self) -> None: ...
    def wait_done(self) -> None: ...
    def is_playing(self) -> bool: ...


class Output(Protocol):
    """Where audio goes: a sound card, a file, or nowhere."""

    name: str

    def play(self, clip: Clip, at: float | None = None) -> Playback:
        """Start playing `clip` now. `at` is the session offset it was planned for
        (recorders place it there; devices ignore it)."""
        ...

    def close(self) -> None: ...

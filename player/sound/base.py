"""The playback interface every audio backend implements, shaped like simpleaudio's."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from player.errors import UserError

SAMPLE_RATE = 22050  # Hz; speech clips and tones share it, so mixing needs no resampling
SAMPLE_WIDTH = 2  # bytes: 16-bit signed little-endian
CHANNELS = 1


class SoundError(UserError):
    """Audio could not be played or written; the message says what to do."""


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


def output_latency(output: object) -> float:
    """Seconds from `output.play()` until the clip is heard (its `latency`; 0 if it has
    none): the session fires each cue that much early, so the sound lands on time."""
    return float(getattr(output, "latency", 0.0))


class Clock(Protocol):
    """Seconds that never go backwards; `player.session.clock` clocks fit this shape
    (sound sits below session, so it names the shape itself)."""

    def now(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """`time.monotonic` and `time.sleep`: the default for outputs that keep time."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class TimedPlayback:
    """A playback that makes no sound but keeps time: it plays for the clip's duration on
    `clock`, `wait_done` sleeps on that clock until then, and `stop` ends it early."""

    def __init__(self, clip: Clip, clock: Clock) -> None:
        self._clock = clock
        self.started = clock.now()
        self.ends = self.started + clip.duration

    def stop(self) -> None:
        self.ends = min(self.ends, self._clock.now())

    def wait_done(self) -> None:
        self._clock.sleep(self.ends - self._clock.now())

    def is_playing(self) -> bool:
        return self._clock.now() < self.ends

"""The `record:PATH` backend: writes what would be heard, where it would be heard, to a WAV.

Each `play(clip, at)` places the clip at session offset `at` (or, without `at`, at the
time since the output was opened on its clock). `stop()` cuts the clip where it was
stopped, as a listener would hear it. `close()` mixes everything with the same code as
`workout export` and writes one WAV (atomically), ending where the last sound ends or at
`length` if that is later.
"""

from __future__ import annotations

from pathlib import Path

from player.sound.base import SAMPLE_WIDTH, Clip, Clock, SystemClock, TimedPlayback
from player.sound.mix import Placement, frame_at, mix, save


class RecordedPlayback(TimedPlayback):
    """A playback that keeps time and remembers how much of its clip was heard."""

    def __init__(self, clip: Clip, at: float, clock: Clock) -> None:
        super().__init__(clip, clock)
        self.clip = clip
        self.at = at

    def heard(self) -> Placement:
        """The part of the clip that played before it was stopped (all of it if not)."""
        frames = min(self.clip.frames, frame_at(self.ends - self.started))
        return Placement(self.at, Clip(self.clip.pcm[: frames * SAMPLE_WIDTH]))


class RecordOutput:
    """Records a session into one WAV at `path`."""

    name = "record"

    def __init__(self, path: Path, clock: Clock | None = None, length: float = 0.0) -> None:
        self.path = path
        self.length = length  # seconds; the file is at least this long
        self._clock = clock or SystemClock()
        self._opened = self._clock.now()
        self._played: list[RecordedPlayback] = []
        self._closed = False

    def play(self, clip: Clip, at: float | None = None) -> RecordedPlayback:
        offset = self._clock.now() - self._opened if at is None else at
        playback = RecordedPlayback(clip, offset, self._clock)
        self._played.append(playback)
        return playback

    def placements(self) -> list[Placement]:
        """What has been heard so far."""
        return [playback.heard() for playback in self._played]

    def pcm(self) -> bytes:
        """Everything heard so far, mixed."""
        heard = self.placements()
        end = max((frame_at(p.at) + p.clip.frames for p in heard), default=0)
        return mix(heard, max(end, frame_at(self.length)))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        save(self.pcm(), self.path)

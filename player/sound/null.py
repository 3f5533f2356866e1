"""The `null` backend: plays nothing but keeps time, for machines without a sound card.

Each playback "plays" for its clip's duration on the output's clock: `is_playing` is true
until then and `wait_done` sleeps on that clock until then (with a fake clock, at once).
"""

from __future__ import annotations

from player.sound.base import Clip, Clock, SystemClock, TimedPlayback


class NullOutput:
    """Silence that takes as long as the sound would have."""

    name = "null"

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()

    def play(self, clip: Clip, at: float | None = None) -> TimedPlayback:
        return TimedPlayback(clip, self._clock)

    def close(self) -> None:
        pass

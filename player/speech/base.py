"""The speech interface: turn a phrase into a clip, with a real engine or a fake."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from player.routine.model import Voice


class SpeechError(Exception):
    """Speech could not be rendered; the message says what to do."""


class Synthesizer(Protocol):
    """Renders one phrase to a mono 16-bit WAV file at 22050 Hz."""

    engine: str  # e.g. "pyttsx3-2.99/espeak-ng-1.51", part of the cache key

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None: ...

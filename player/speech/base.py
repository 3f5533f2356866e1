"""The speech interface: turn a phrase into a clip, with a real engine or a fake."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from player.errors import UserError
from player.routine.model import Voice

ENGINES = ("pyttsx3", "fake")  # the speech engines `make_synthesizer` makes: what `--tts` takes


class SpeechError(UserError):
    """Speech could not be rendered; the message says what to do.

    `fix`, when known, is the one command that fixes it (`workout doctor` shows it apart).
    """

    def __init__(self, message: str, *, fix: str = "") -> None:
        super().__init__(message)
        self.fix = fix


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    """A voice the engine offers: `id` is what the engine is given, `name` what people read."""

    id: str  # e.g. "gmw/de"
    name: str  # e.g. "German"
    languages: tuple[str, ...]  # e.g. ("de",); lower case

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


class Synthesizer(Protocol):
    """Renders one phrase to a mono 16-bit WAV file at 22050 Hz."""

    engine: str  # e.g. "pyttsx3-2.99/espeak-ng-1.51", part of the cache key

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        """Write `text`, spoken in `language` with `voice`, to `out`; `SpeechError` if not."""
        ...

    def voices(self) -> list[VoiceInfo]:
        """Every voice the engine has."""
        ...

    def close(self) -> None:
        """Stop any child process; rendering again starts a new one."""
        ...

"""Hands-free control of a playing session: the desktop's media keys (MPRIS) and, with
`--listen`, spoken commands. One object, handed to the player as its `Companion`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from player.desktop.listen import ListenError, Recogniser, model_for
from player.desktop.listener import Commanded, Listener
from player.desktop.microphone import Microphone, Source, WavFile
from player.desktop.mpris import Controlled, MediaPlayer
from player.session.events import Event
from player.session.prepare import PreparedSession
from player.sound.base import Clip, Playback


@dataclass(frozen=True, slots=True)
class Listening:
    """`--listen [FILE.wav]` and `--listen-model DIR`, parsed once at the command line."""

    input: Path | None = None  # a WAV file to listen to instead of the microphone
    model: Path | None = None  # a PocketSphinx model (German, ...); English needs none


def can_listen(language: str, listening: Listening | None) -> bool:
    """Whether spoken commands will work for a routine in `language` (there is a model)."""
    if listening is None:
        return False
    try:
        model_for(language, listening.model)
    except ListenError:
        return False
    return True


class Audible(Protocol):
    """The session's output, as listening needs it (`SessionOutput` is one)."""

    def play(self, clip: Clip, at: float | None = None) -> Playback: ...
    def sounding(self) -> bool: ...


class Session(Controlled, Commanded, Protocol):
    """A session as the media keys and spoken words command it."""


class HandsFree:
    """The media player on the session bus (when there is one) and, when asked, a listener
    for spoken commands; see the module docstring."""

    def __init__(
        self,
        session: Session,
        title: str,
        *,
        language: str = "en",
        listening: Listening | None = None,
        output: Audible | None = None,
    ) -> None:
        self.session = session
        self.media = MediaPlayer(session, title)
        self.language = language
        self.listening = listening
        self.output = output
        self.listener: Listener | None = None

    def start(self, show: Callable[[str], object]) -> None:
        # No bus is the usual case outside a desktop: nothing to say about it.
        self.media.start()
        if self.listening is not None:
            output = self.output
            self.listener = Listener(
                self.session,
                self._open,
                sounding=output.sounding if output is not None else _never,
                chime=self._chime,
                show=show,
            )
            self.listener.start()

    def on_events(self, events: list[Event]) -> None:
        self.media.on_events(events)

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
        self.media.close()

    def _open(self) -> tuple[Recogniser, Source]:
        """The recogniser for the routine's language and where to listen (in the listener's
        thread: the models take a few seconds to load)."""
        listening = self.listening
        assert listening is not None
        recogniser = Recogniser(model_for(self.language, listening.model))
        if listening.input is not None:
            return recogniser, WavFile(listening.input, paced=True)
        return recogniser, Microphone()

    def _chime(self) -> None:
        """The short tone that says a spoken command was taken."""
        if self.output is None:
            return
        from player.sound.tones import load_tone
        from player.timeline.model import Tone

        with contextlib.suppress(Exception):  # no tone is no reason to stop listening
            self.output.play(load_tone(Tone.TICK))


def hands_free(
    prepared: PreparedSession, title: str, language: str, listening: Listening | None
) -> HandsFree:
    """The media keys (and, with `listening`, spoken commands) of a prepared session."""
    return HandsFree(
        prepared.session, title, language=language, listening=listening, output=prepared.output
    )


def _never() -> bool:
    return False

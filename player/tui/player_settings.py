"""What the command line and the settings file say about playing, as the app keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from player.desktop.handsfree import Listening
    from player.settings import PlaySettings


@dataclass(frozen=True, slots=True)
class PlayerSettings:
    """What the command line says about playing (the same for `play`, `break` and `edit`)."""

    audio: str = "auto"  # --audio SPEC
    tts: str = "pyttsx3"  # --tts ENGINE
    verbosity: str = "auto"  # auto | full | names | tones
    from_exercise: str | None = None
    resume: bool = False
    language: str = "en"  # of the screens outside a session, and of quick breaks
    exit_after: bool = False  # leave the app when the session's summary is closed
    rate: int = 0  # words a minute; 0: the routine's own
    voice: str = ""  # "": the routine's own
    muted: bool = False  # start muted
    remember: bool = True  # keep rate, mute and verbosity changes in the settings file

    @classmethod
    def of(cls, play: PlaySettings, **more: Any) -> PlayerSettings:
        """From the `[play]` settings (and what the command line adds)."""
        given: dict[str, Any] = {
            "audio": play.audio,
            "tts": play.tts,
            "verbosity": play.verbosity,
            "rate": play.rate,
            "voice": play.voice,
            "muted": play.muted,
        }
        return cls(**(given | more))

    listening: Listening | None = None  # --listen: spoken commands

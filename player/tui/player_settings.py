"""What the command line and the settings file say about playing, as the app keeps it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from player.desktop.handsfree import Listening
    from player.options import PlayOptions


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
    def of(cls, options: PlayOptions, **more: Any) -> PlayerSettings:
        """From the options of the run (`player.options`, and what the command line adds)."""
        given: dict[str, Any] = {
            "audio": options.audio,
            "tts": options.tts,
            "verbosity": options.verbosity,
            "rate": options.rate,
            "voice": options.voice,
            "muted": options.muted,
            "language": options.language,
            "play": options,
        }
        return cls(**(given | more))

    @property
    def options(self) -> PlayOptions:
        """The options a session is prepared with (`prepare_session`): those the app was
        given (every field, a new one too), with the fields above as they are now."""
        from player.options import PlayOptions
        from player.timeline.plan import verbosity_of

        return replace(
            self.play or PlayOptions(),
            audio=self.audio,
            tts=self.tts,
            verbosity=verbosity_of(self.verbosity),
            rate=self.rate,
            voice=self.voice,
            muted=self.muted,
            language=self.language,
        )

    listening: Listening | None = None  # --listen: spoken commands
    play: PlayOptions | None = None  # the options of the run, as `player.options` built them

"""The options of a session, parsed once: `PlayOptions`, the flags that set them, and the one
place they are built from the command line and the settings file.

`play` and `break` start from the `[play]` settings (`player.settings`) and put what the
command line says on top (it wins for this run and is not saved); `show` and `export` say
what a first-timer hears whatever the settings say, so they start from the defaults. The
object is then passed unchanged down to `prepare_session`, the app and the export.

To add an option: a field of `PlayOptions` and its flag in `add_session_flags` (or in
`add_script_flags` / `add_engine_flag` for the offline commands); `options_of` carries every
field the command line gives to `prepare_session`, the app and the export.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from player.speech.base import ENGINES
from player.timeline.plan import VERBOSITY_NAMES, Verbosity, verbosity_of

if TYPE_CHECKING:
    from player.settings import PlaySettings

SCRIPT_VERBOSITIES = ("full", "brief", "tones")  # `show` and `export`: no history, no `auto`


@dataclass(frozen=True, slots=True)
class PlayOptions:
    """How a session sounds, parsed: the settings file's `[play]` with the command line on top."""

    audio: str = "auto"  # --audio SPEC: auto, simpleaudio, command, null, record:PATH.wav
    tts: str = "pyttsx3"  # --tts ENGINE
    verbosity: Verbosity = Verbosity.AUTO  # --verbosity (its aliases already resolved)
    rate: int = 0  # words a minute; 0: the routine's own
    voice: str = ""  # "": the routine's own
    muted: bool = False  # start muted
    language: str = "en"  # --language: of a quick break (a routine says its own)

    @classmethod
    def of_settings(cls, play: PlaySettings) -> PlayOptions:
        """The `[play]` settings as options (nothing from the command line yet)."""
        return cls(
            audio=play.audio,
            tts=play.tts,
            verbosity=verbosity_of(play.verbosity),
            rate=play.rate,
            voice=play.voice,
            muted=play.muted,
        )


def add_session_flags(parser: argparse.ArgumentParser) -> None:
    """`--audio`, `--tts` and `--verbosity`, for the commands that play (`play`, `break`);
    unset, each keeps what the settings file says."""
    parser.add_argument(
        "--audio",
        metavar="SPEC",
        help="auto (the default setting), simpleaudio, command, null, or record:PATH.wav",
    )
    parser.add_argument("--tts", choices=ENGINES, help="speech engine")
    parser.add_argument(
        "--verbosity",
        choices=VERBOSITY_NAMES,
        help="auto (the default setting: full coaching, shorter for exercises you know well), "
        "full coaching, names and counts only, or tones only",
    )


def add_script_flags(parser: argparse.ArgumentParser) -> None:
    """`--verbosity`, for the commands that write a session out (`show`, `export`): what a
    first-timer hears unless they say otherwise."""
    parser.add_argument(
        "--verbosity",
        choices=SCRIPT_VERBOSITIES,
        default="full",
        help="full coaching (default, what a first-timer hears), names and counts only, "
        "or tones only",
    )


def add_engine_flag(parser: argparse.ArgumentParser) -> None:
    """`--tts` for `export`: real speech unless it says otherwise, whatever the settings."""
    parser.add_argument(
        "--tts",
        choices=ENGINES,
        default="pyttsx3",
        help="speech engine: pyttsx3 with espeak-ng (default), or fake (a tone per phrase)",
    )


def options_of(args: argparse.Namespace, *, settings: bool = True) -> PlayOptions:
    """The options of this run: the `[play]` settings (`settings=False`: the defaults) with
    every option the command line gave on top. The one place they are built."""
    base = PlayOptions()
    if settings:
        from player.settings import load

        base = PlayOptions.of_settings(load().play)
    given = {
        item.name: value
        for item in fields(PlayOptions)
        if (value := getattr(args, item.name, None)) is not None
    }
    if "verbosity" in given:
        given["verbosity"] = verbosity_of(given["verbosity"])
    return replace(base, **given)

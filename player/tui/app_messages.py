"""Messages between the screens, the app and the session engine: small dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from player.routine.model import Routine
from player.session.events import Event
from player.settings import Settings


@dataclass
class PlayRoutine(Message):
    """The user picked a routine to play (the app plays it: screens never start a session)."""

    routine: Routine
    from_exercise: str | None = None  # None: from the start
    try_out: bool = False  # the editor's play-from-here: no check-ins, no summary


@dataclass
class StartBreak(Message):
    """The user asked for a quick break."""


@dataclass
class ShowHistory(Message):
    """The user asked for the history screen."""


@dataclass
class SettingsChanged(Message):
    """The user changed the settings (in the settings screen): sessions from now use them."""

    settings: Settings


@dataclass
class SessionEvents(Message):
    """What the session engine reported, carried from its thread to the player screen."""

    events: list[Event]


@dataclass
class SpeechProgress(Message):
    """Speech rendering went on: `done` of `total` phrases are ready."""

    done: int
    total: int


@dataclass
class Problem(Message):
    """Something is missing (no sound device, no speech engine): said in one line."""

    text: str


@dataclass
class Heard(Message):
    """A hands-free command arrived (a spoken word): said in one short line."""

    text: str

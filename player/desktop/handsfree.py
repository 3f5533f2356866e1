"""Hands-free control of a playing session: the desktop's media keys (MPRIS) and, with
`--listen`, spoken commands. One object, handed to the player as its `Companion`."""

from __future__ import annotations

from collections.abc import Callable

from player.desktop.mpris import Controlled, MediaPlayer
from player.session.events import Event


class HandsFree:
    """The media player on the session bus (when there is one); see the module docstring."""

    def __init__(self, session: Controlled, title: str) -> None:
        self.media = MediaPlayer(session, title)

    def start(self, show: Callable[[str], object]) -> None:
        # No bus is the usual case outside a desktop: nothing to say about it.
        self.media.start()

    def on_events(self, events: list[Event]) -> None:
        self.media.on_events(events)

    def close(self) -> None:
        self.media.close()

"""A thread that plays a session in real time: it sleeps until the next deadline or command."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from player.session.engine import Session
from player.session.events import Event


class Companion(Protocol):
    """Something that controls a playing session from elsewhere than its keys (the desktop's
    media keys, spoken commands: `player.desktop.HandsFree`). The player starts it once the
    session plays, hands it every batch of events, and closes it at the end. `show` puts a
    short line where the player shows things (the console's lines, the screen's caption)."""

    def start(self, show: Callable[[str], object]) -> None: ...
    def on_events(self, events: list[Event]) -> None: ...
    def close(self) -> None: ...


class SessionRunner:
    """Polls `session` exactly when something is due and hands the events to `on_events`.

    No ticks and no busy loop: the thread waits on the session's condition until the next
    deadline, and a command from any thread (`session.pause()` etc.) wakes it at once.
    `on_events` runs in the runner thread, outside the session's lock; a UI passes one
    that posts messages (`call_from_thread` / `post_message`). The runner ends by itself
    once the session is finished or stopped, after handing over the last events.
    """

    def __init__(
        self,
        session: Session,
        on_events: Callable[[list[Event]], None],
        *,
        name: str = "session-runner",
    ) -> None:
        self.session = session
        self._on_events = on_events
        self._quit = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.error: BaseException | None = None
        self._from_offset = 0.0
        self._started = threading.Event()

    def start(self, from_offset: float = 0.0) -> None:
        """Start the thread, which starts the session (if it is not started yet) and polls it
        at once; returns when the session is playing."""
        self._from_offset = from_offset
        self._thread.start()
        self._started.wait()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the session to end; True when it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self, timeout: float = 2.0) -> None:
        """End the thread (the session is left as it is: stop it first to record that)."""
        self._quit.set()
        self.session.wake()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        session = self.session
        try:
            session.start(self._from_offset)  # here, so the first poll follows at once
        finally:
            self._started.set()
        try:
            while not self._quit.is_set():
                generation = session.generation()
                events = session.poll()
                if events:
                    self._on_events(events)
                if session.state_is_over():
                    # Commands after the end have nothing to do; one last poll for events.
                    last = session.poll()
                    if last:
                        self._on_events(last)
                    return
                session.wait(generation)
        except BaseException as error:  # handed to whoever joins; the thread must not die mute
            self.error = error
            raise

"""A thread that plays a session in real time: it sleeps until the next deadline or command."""

from __future__ import annotations

import threading
from collections.abc import Callable

from player.session.engine import Session
from player.session.events import Event


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

    def start(self, from_offset: float = 0.0) -> None:
        """Start the session (if it is not started yet) and the thread."""
        self.session.start(from_offset)
        self._thread.start()

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

"""A thread that plays a session in real time: it sleeps until the next deadline or command."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from player.session.engine import Session
from player.session.events import Event

# While a session plays, a thread that holds the GIL is asked to let go of it after this
# long when another wants it (Python's default is 5 ms). The runner sleeps until each
# deadline; if the screen's thread (Textual repainting) holds the GIL when it wakes, the cue
# waited up to the whole interval: a 5 ms tail on every busy repaint. Measured in
# benchmarks/bench_session.py: the Textual player with this interval and with the usual one,
# beside an absolute-deadline loop, in the same window.
SWITCH_INTERVAL = 0.0005
_switching = threading.Lock()
_playing = 0  # runners playing now; the interval is put back when the last one ends
_usual = sys.getswitchinterval()


@contextmanager
def prompt_switching() -> Iterator[None]:
    """Within: the GIL changes hands after SWITCH_INTERVAL (see there), then as before."""
    global _playing, _usual
    with _switching:
        if _playing == 0:
            _usual = sys.getswitchinterval()
            sys.setswitchinterval(min(_usual, SWITCH_INTERVAL))
        _playing += 1
    try:
        yield
    finally:
        with _switching:
            _playing -= 1
            if _playing == 0:
                sys.setswitchinterval(_usual)


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
        with prompt_switching():
            self._play()

    def _play(self) -> None:
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

"""The listener: a thread that hears spoken commands and gives them to the session, only
while the player itself is silent, with a tick and a line saying what it heard."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from player.desktop.listen import HANGOVER, RATE, ListenError, Recogniser, Spotted
from player.desktop.microphone import Source


class Commanded(Protocol):
    """The session commands spoken words give (`player.session.engine.Session` has them)."""

    def done(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def next(self) -> None: ...
    def previous(self) -> None: ...
    def repeat(self) -> None: ...
    def say_time_left(self) -> None: ...


class Listener:
    """Listens in a thread until closed (or the source ends); see the module docstring.

    The recogniser and the source are made in that thread (loading the models takes a few
    seconds): `open()` makes both. `sounding()` says whether the player is making a sound
    now; `chime()` plays the confirmation tone; `show` gets one-line messages (what was
    heard, or why listening stopped).
    """

    def __init__(
        self,
        session: Commanded,
        open: Callable[[], tuple[Recogniser, Source]],
        *,
        sounding: Callable[[], bool],
        chime: Callable[[], None],
        show: Callable[[str], object],
    ) -> None:
        self._session = session
        self._open = open
        self._sounding = sounding
        self._chime = chime
        self._show = show
        self._quit = threading.Event()
        self._thread = threading.Thread(target=self._run, name="listener", daemon=True)
        self._lock = threading.Lock()
        self._source: Source | None = None
        self.ready = threading.Event()  # listening (or given up: see `error`)
        self.error: str | None = None
        self.heard: list[Spotted] = []

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self) -> None:
        self._quit.set()
        with self._lock:
            if self._source is not None:
                self._source.close()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(2.0)

    def _run(self) -> None:
        try:
            recogniser, source = self._open()
        except ListenError as error:
            self.error = str(error)
            self.ready.set()
            self._show(f"not listening: {error}")
            return
        with self._lock:
            self._source = source
            if self._quit.is_set():
                source.close()
        self.ready.set()
        self._show("listening for: " + ", ".join(k.phrase for k in recogniser.keywords))
        try:
            self._listen(recogniser, source)
        except ListenError as error:
            self.error = str(error)
            self._show(f"listening stopped: {error}")
        finally:
            recogniser.close()
            source.close()

    def _listen(self, recogniser: Recogniser, source: Source) -> None:
        # Time is the input's own (samples read): a microphone's is the real time, and a
        # file read faster than real time is gated the same way.
        heard_until = 0.0
        quiet_until = 0.0
        while not self._quit.is_set():
            pcm = source.read()
            if not pcm:
                return
            now = heard_until
            heard_until += len(pcm) / 2 / RATE
            if self._sounding():
                quiet_until = heard_until + HANGOVER
            if now < quiet_until:
                recogniser.skip(pcm)
                continue
            for spotted in recogniser.feed(pcm):
                self._obey(spotted)
                quiet_until = heard_until + HANGOVER

    def _obey(self, spotted: Spotted) -> None:
        self.heard.append(spotted)
        getattr(self._session, spotted.keyword.command)()
        self._chime()
        self._show(f'heard "{spotted.keyword.phrase}"')

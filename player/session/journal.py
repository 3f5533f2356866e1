"""Keeping the journal of a session: a subscriber that writes its finished steps and its end.

The engine does not know the journal: it emits `StepFinished`, `Finished` and `Stopped`, and
`JournalWriter` (subscribed with `Session.subscribe`) writes them as they happen, inside the
command or poll that caused them. A stop (Ctrl-C, SIGTERM, `q`) is therefore recorded by
`session.stop()` itself, before any poll. When a write fails the engine reports the error
once as a `Warning` and drops the subscriber; the session plays on unrecorded.
"""

from __future__ import annotations

from typing import Protocol

from player.session import events as ev
from player.session.steps import SessionStep


class Journal(Protocol):
    """Where finished steps and the session's end are recorded (`player.history`)."""

    def step_finished(self, step: SessionStep, seconds: float, elapsed: float) -> None: ...
    def ended(self, status: str, elapsed: float, at_step: int | None = None) -> None: ...


class JournalWriter:
    """Writes a session's events into `journal` (see the module docstring)."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def __call__(self, event: ev.Event) -> None:
        if isinstance(event, ev.StepFinished):
            self.journal.step_finished(event.step, event.seconds, event.elapsed)
        elif isinstance(event, ev.Finished):
            self.journal.ended("finished", event.elapsed, event.step_index)
        elif isinstance(event, ev.Stopped):
            self.journal.ended("stopped", event.elapsed, event.step_index)

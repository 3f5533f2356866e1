"""What a session did, for the summary screen: built from the engine's events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from player.routine.model import Kind
from player.session.events import Event, Finished, StepFinished, Stopped


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """Time played, exercises finished, and minutes per kind."""

    title: str
    elapsed: float  # seconds played, pauses excluded
    exercises: tuple[str, ...]
    seconds_per_kind: tuple[tuple[Kind, float], ...]
    completed: bool  # played to the end, not stopped
    resume: str = ""  # the command that goes on with a stopped session


def summarise(title: str, events: Iterable[Event]) -> SessionSummary:
    """Add up the steps that finished; the last Finished or Stopped gives the time."""
    exercises: list[str] = []
    per_kind: dict[Kind, float] = {}
    elapsed = 0.0
    completed = False
    for event in events:
        if isinstance(event, StepFinished) and event.step.kind == "exercise":
            if event.step.exercise:
                exercises.append(event.step.exercise)
            if event.step.section_kind:
                kind = event.step.section_kind
                per_kind[kind] = per_kind.get(kind, 0.0) + event.seconds
        elif isinstance(event, Finished):
            elapsed, completed = event.elapsed, True
        elif isinstance(event, Stopped):
            elapsed, completed = event.elapsed, False
    return SessionSummary(
        title=title,
        elapsed=elapsed,
        exercises=tuple(exercises),
        seconds_per_kind=tuple(per_kind.items()),
        completed=completed,
    )


def minutes_text(seconds: float) -> str:
    """`12 min 30 s`, or `45 s` under a minute."""
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if minutes == 0:
        return f"{secs} s"
    return f"{minutes} min {secs:02d} s"

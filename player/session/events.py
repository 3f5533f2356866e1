"""What happened in a session: small frozen dataclasses a UI or the console turns into output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from player.session.steps import SessionStep
from player.timeline.model import Cue, Segment


@dataclass(frozen=True, slots=True)
class CueFired:
    """A cue came due. `played` is False when its clip was not ready (it was skipped).

    `late` is how long after its deadline it was started (seconds); on-demand lines
    ("Get ready", "Next: X", time left) are CueFired too, with `on_demand=True`.
    """

    cue: Cue
    played: bool
    late: float = 0.0
    on_demand: bool = False


@dataclass(frozen=True, slots=True)
class SegmentStarted:
    segment: Segment
    index: int


@dataclass(frozen=True, slots=True)
class StepStarted:
    """A step (an exercise with its announcement, or the intro, or the outro) began."""

    step: SessionStep


@dataclass(frozen=True, slots=True)
class StepFinished:
    """The work of a step is done; `seconds` is the time spent in it and `elapsed` the time
    played in the session so far (pauses excluded)."""

    step: SessionStep
    seconds: float
    elapsed: float


@dataclass(frozen=True, slots=True)
class Paused:
    offset: float  # where in the timeline


@dataclass(frozen=True, slots=True)
class Resumed:
    offset: float
    lead_in: float  # seconds of "Get ready" and countdown before the step goes on


@dataclass(frozen=True, slots=True)
class Jumped:
    """`next`, `previous` or `done` moved the session to `step` (at `offset`)."""

    step: SessionStep
    offset: float
    command: str  # "next" | "previous" | "done" | "restart"


@dataclass(frozen=True, slots=True)
class Finished:
    """The session reached its end: `elapsed` seconds played, in step `step_index` (the last)."""

    elapsed: float
    step_index: int | None  # None: a timeline without steps


@dataclass(frozen=True, slots=True)
class Stopped:
    """The session was stopped in step `step_index` (where `--resume` goes on)."""

    elapsed: float
    step_index: int | None  # None: a timeline without steps


@dataclass(frozen=True, slots=True)
class Warning:
    """Something went wrong that the user should hear about once (audio, speech, journal)."""

    text: str


Event = (
    CueFired
    | SegmentStarted
    | StepStarted
    | StepFinished
    | Paused
    | Resumed
    | Jumped
    | Finished
    | Stopped
    | Warning
)

Subscriber = Callable[[Event], object]


class Outbox:
    """A session's events on their way out: each handed at once to every subscriber (under
    the session's lock, inside the command or poll that caused it) and kept for the next
    `take` (the runner's poll). A subscriber that raises is dropped and its error kept as a
    `Warning`, once: the session goes on without it. Not thread-safe: the engine's lock."""

    def __init__(self) -> None:
        self._pending: list[Event] = []
        self._subscribers: list[Subscriber] = []

    def __bool__(self) -> bool:
        """Whether events wait to be taken."""
        return bool(self._pending)

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def emit(self, event: Event) -> None:
        self._pending.append(event)
        for subscriber in list(self._subscribers):
            try:
                subscriber(event)
            except Exception as error:  # the session goes on without it
                self._subscribers.remove(subscriber)
                self._pending.append(Warning(str(error)))

    def take(self) -> list[Event]:
        """The events since the last `take`, oldest first."""
        events, self._pending = self._pending, []
        return events

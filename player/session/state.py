"""A snapshot of a session for any display: where it is, what is playing, what is next."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from player.routine.model import Kind, Sides
from player.timeline.model import Segment


class Status(StrEnum):
    READY = "ready"
    PLAYING = "playing"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SessionState:
    """Everything a screen shows, computed from the engine's clock at one moment.

    Times are seconds. `offset` is the position in the timeline; `elapsed` is the time
    played (pauses excluded, the lead-in after a pause included).
    """

    status: Status
    offset: float
    elapsed: float
    total: float
    segment: Segment | None
    segment_index: int | None
    segment_elapsed: float
    segment_left: float
    step_index: int | None
    step_count: int
    section: str | None
    section_kind: Kind | None
    exercise: str | None
    position: str
    instructions: str
    set: int | None
    sets: int | None
    side: Sides | None
    rep: int | None
    reps: int | None
    step_elapsed: float
    step_left: float
    session_left: float
    next_up: str | None  # the next exercise's name, None at the last one
    lead_in: bool = False  # "Get ready" and its countdown after a pause are playing

    @property
    def playing(self) -> bool:
        return self.status is Status.PLAYING

    @property
    def paused(self) -> bool:
        return self.status is Status.PAUSED

    @property
    def over(self) -> bool:
        return self.status in (Status.FINISHED, Status.STOPPED)

"""The compiled timeline: segments and cues at exact offsets from the session start.

This is the contract between `player.timeline` (which builds it, purely) and speech, sound,
the session engine, export and the UI (which use it). Times are seconds (float) from the
start of the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from player.routine.model import Kind, Sides


class SegmentKind(StrEnum):
    """What is happening during a stretch of the session."""

    INTRO = "intro"  # title, length, safety line, "First: X"
    SECTION = "section"  # a section's name is announced
    PREPARE = "prepare"  # "Next: X", starting position, instructions
    COUNTDOWN = "countdown"  # "3, 2, 1", then "Go" at its end
    WORK = "work"  # timed work, or paced reps
    HOLD = "hold"  # one isometric hold
    RELAX = "relax"  # between holds
    SWITCH = "switch"  # changing sides
    REST_REPS = "rest-reps"
    REST_SETS = "rest-sets"
    REST = "rest"  # between exercises
    REST_ROUNDS = "rest-rounds"
    OPEN = "open"  # reps alone: ends when the user says done, or at the time cap
    OUTRO = "outro"  # "Well done", time and what was done


class CueKind(StrEnum):
    """Why a cue is said."""

    INTRO = "intro"
    SAFETY = "safety"
    SECTION = "section"
    ANNOUNCE = "announce"  # "Next: X"
    POSITION = "position"
    INSTRUCTIONS = "instructions"
    COUNT = "count"  # "3", "2", "1" of a countdown or the last seconds
    GO = "go"
    HALFWAY = "halfway"
    CUSTOM = "custom"
    SET = "set"  # "Set 2 of 3", "Final set"
    HOLD = "hold"  # "Hold"
    RELAX = "relax"  # "Relax, 3 of 5"
    REP = "rep"  # paced rep count
    SWITCH = "switch"
    REST = "rest"  # "Rest, 20 seconds. Next: Y"
    STOP = "stop"
    SIDE = "side"  # "Left leg first."
    REMINDER = "reminder"  # open reps: "Press d when you have finished."
    LAST = "last"  # "Last exercise"
    OUTRO = "outro"


class Priority(IntEnum):
    """Higher wins when two cues compete for the same moment."""

    LOW = 10  # halfway, encouragement, custom cues
    NORMAL = 20  # announcements, rest lines, set/rep lines
    TIMING = 30  # countdowns, "Go", "Stop", rep counts: never moved, never covered


class Tone(StrEnum):
    """Short sounds in `audio/`."""

    TICK = "tick"
    GO = "go"
    REST = "rest"
    SWITCH = "switch"
    FINISH = "finish"


# Exact lengths of the bundled tones (seconds). The timeline places tones with these; the
# tone files in `audio/` are generated to exactly these lengths at 22050 Hz.
TONE_DURATIONS: dict[Tone, float] = {
    Tone.TICK: 0.12,
    Tone.GO: 0.40,
    Tone.REST: 0.50,
    Tone.SWITCH: 0.30,
    Tone.FINISH: 1.20,
}


MOVEMENT_KINDS = frozenset(
    {SegmentKind.WORK, SegmentKind.HOLD, SegmentKind.RELAX, SegmentKind.SWITCH, SegmentKind.OPEN}
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the session, `start` inclusive to `end` exclusive."""

    start: float
    end: float
    kind: SegmentKind
    section: str | None = None
    section_kind: Kind | None = None
    exercise: str | None = None
    # Which exercise occurrence the segment belongs to: one per exercise per round, in play
    # order (not the exercise's written position, not the step's index).
    occurrence: int | None = None
    set: int | None = None  # 1-based
    sets: int | None = None
    side: Sides | None = None  # LEFT or RIGHT while a side is worked
    rep: int | None = None  # 1-based
    reps: int | None = None
    round: int | None = None  # 1-based
    rounds: int | None = None

    @property
    def duration(self) -> float:
        return self.end - self.start

    def placed(self, start: float, end: float) -> Segment:
        """This segment from `start` to `end` (what `fit` does to every block: a plain call,
        several times faster than `dataclasses.replace`)."""
        return Segment(
            start,
            end,
            self.kind,
            self.section,
            self.section_kind,
            self.exercise,
            self.occurrence,
            self.set,
            self.sets,
            self.side,
            self.rep,
            self.reps,
            self.round,
            self.rounds,
        )


@dataclass(frozen=True, slots=True)
class Cue:
    """Something heard at `at`: speech (`text`) or a tone (`tone`), never both.

    `duration` is the clip length (speech: from `duration_of`, tone: the tone's length).
    """

    at: float
    kind: CueKind
    priority: Priority
    duration: float
    text: str | None = None
    tone: Tone | None = None

    @property
    def end(self) -> float:
        return self.at + self.duration


@dataclass(frozen=True, slots=True)
class Timeline:
    """A whole session, known before it plays."""

    segments: tuple[Segment, ...]
    cues: tuple[Cue, ...]  # sorted by `at`
    language: str
    warnings: tuple[str, ...] = ()  # what was shortened, dropped or made a window grow
    notes: tuple[str, ...] = ()  # what moved (instructions said during the work)

    @property
    def total(self) -> float:
        return self.segments[-1].end if self.segments else 0.0

    def movement_share(self) -> float:
        """(work + holds + relaxes + switches + open reps) ÷ total; 0 for an empty timeline."""
        moving = sum(s.duration for s in self.segments if s.kind in MOVEMENT_KINDS)
        return moving / self.total if self.total > 0 else 0.0

    def seconds_per_kind(self) -> dict[Kind, float]:
        """Seconds spent in sections of each kind, in `Kind` order (kinds not played left out)."""
        seconds = dict.fromkeys(Kind, 0.0)
        for segment in self.segments:
            if segment.section_kind is not None:
                seconds[segment.section_kind] += segment.duration
        return {kind: value for kind, value in seconds.items() if value > 0}

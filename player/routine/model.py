"""The resolved routine: what a routine file means once defaults and `use:` are applied.

These frozen dataclasses are the contract between the loader and everything after it
(timeline, session, UI). Every field is filled in; nothing downstream looks at defaults,
the exercise library, or YAML. Times are seconds (float).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """What a section (and its exercises) trains."""

    WARM_UP = "warm-up"
    STABILISATION = "stabilisation"
    STRENGTHENING = "strengthening"
    STRETCHING = "stretching"
    MOBILISATION = "mobilisation"
    COOL_DOWN = "cool-down"


class Sides(StrEnum):
    """How a one-sided exercise is done. `NONE` for exercises without sides."""

    NONE = "none"
    BOTH = "both"  # all of it on the left, "switch sides", all of it on the right
    LEFT = "left"
    RIGHT = "right"
    ALTERNATING = "alternating"  # left, right, left, right ... (reps count per side)


class Limb(StrEnum):
    """What the first side of a one-sided exercise is named by: "Left leg first."."""

    SIDE = "side"
    ARM = "arm"
    LEG = "leg"
    HAND = "hand"
    FOOT = "foot"
    ARM_AND_LEG = "arm-and-leg"  # bird dog: right arm and left leg, then the other pair


class Posture(StrEnum):
    """Where the exercise is done; the quick break never uses `FLOOR`."""

    STANDING = "standing"
    SITTING = "sitting"
    FLOOR = "floor"


class Form(StrEnum):
    """The dosing form, derived from which dosing keys an exercise has."""

    TIMED = "timed"  # duration
    HOLDS = "holds"  # hold + reps: isometric holds with rest_between_reps
    PACED = "paced"  # reps + tempo: reps counted aloud, one every `tempo` seconds
    OPEN = "open"  # reps alone: waits until the user presses d, up to `time_cap`


class CueAnchor(StrEnum):
    """What a custom cue's `at` is measured against, within one work block."""

    FRACTION = "fraction"  # at: 50%  -> value 0.5 of the block
    FROM_START = "from-start"  # at: 20s  -> value 20.0 seconds after the block starts
    FROM_END = "from-end"  # at: -10s -> value 10.0 seconds before the block ends


@dataclass(frozen=True, slots=True)
class CueTime:
    """When a custom cue is said, relative to one work block (one side of one set)."""

    anchor: CueAnchor
    value: float

    def offset_in(self, block: float) -> float:
        """Seconds from the start of a work block of length `block`."""
        if self.anchor is CueAnchor.FRACTION:
            return self.value * block
        if self.anchor is CueAnchor.FROM_START:
            return self.value
        return block - self.value


@dataclass(frozen=True, slots=True)
class CustomCue:
    """A routine author's own line, said during the work of an exercise."""

    at: CueTime
    say: str


@dataclass(frozen=True, slots=True)
class Voice:
    """Speech settings; `None` means the engine's choice for the routine's language."""

    name: str | None = None
    rate: int = 165  # words per minute
    volume: float = 1.0  # 0.0 .. 1.0


@dataclass(frozen=True, slots=True)
class Dosing:
    """How much of an exercise: exactly one `form`, with its numbers.

    `duration`, `hold` and `reps` count per side (`sides: both`, `reps: 8` is eight on each
    side). Fields that do not belong to the form are `None`.
    """

    form: Form
    duration: float | None = None  # TIMED: seconds of work per side per set
    hold: float | None = None  # HOLDS: seconds per hold
    reps: int | None = None  # HOLDS, PACED, OPEN: per side per set
    tempo: float | None = None  # PACED: seconds per rep
    time_cap: float | None = None  # OPEN: the step ends by itself after this long
    rest_between_reps: float = 0.0  # HOLDS: relax time between holds
    sets: int = 1
    rest_between_sets: float = 0.0

    def work_per_side_per_set(self) -> float:
        """Seconds of work (holds and the relax between them included) in one side of one set.

        For OPEN dosing it is the time cap: the longest the step can take.
        """
        if self.form is Form.TIMED:
            assert self.duration is not None
            return self.duration
        if self.form is Form.HOLDS:
            assert self.hold is not None and self.reps is not None
            return self.reps * self.hold + (self.reps - 1) * self.rest_between_reps
        if self.form is Form.PACED:
            assert self.tempo is not None and self.reps is not None
            return self.reps * self.tempo
        assert self.time_cap is not None
        return self.time_cap


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where something was written: for messages such as `file:line:col`."""

    path: Path
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise as it will be played, with everything resolved."""

    name: str
    kind: Kind
    dosing: Dosing
    sides: Sides = Sides.NONE
    switch: float = 5.0  # seconds to change sides (BOTH)
    position: str = ""  # starting position, spoken in the prepare window
    instructions: str = ""
    posture: Posture = Posture.STANDING
    equipment: tuple[str, ...] = ()
    cues: tuple[CustomCue, ...] = ()
    prepare: float = 5.0  # window before an exercise with no rest before it (countdown inside)
    countdown: int = 3  # "3, 2, 1" then "Go", the last seconds of the rest or prepare window
    rest: float = 10.0  # Stop to the next Go (0 for none); none after the last one
    limb: Limb = Limb.SIDE  # how the first side is named ("Left leg first.")
    grow: bool = False  # `fit: grow`: the windows before it grow to say everything
    library_id: str | None = None  # set when the exercise came from `use: ID`
    source: SourcePos | None = None
    level: int = 0  # the library variant: -1 one easier, 1 one harder, 0 as written


@dataclass(frozen=True, slots=True)
class Section:
    """A named group of exercises of one kind, played `rounds` times."""

    name: str
    kind: Kind
    exercises: tuple[Exercise, ...]
    rounds: int = 1
    rest_between_rounds: float = 0.0
    source: SourcePos | None = None


@dataclass(frozen=True, slots=True)
class Progression:
    """How a routine's dose grows from session to session (see `player.progression`)."""

    reps: int = 1  # reps added per session ...
    max_reps: int = 12  # ... up to this many, then another set ...
    max_sets: int = 3  # ... up to this many
    hold: float = 5.0  # seconds added to each hold per session ...
    max_hold: float = 30.0  # ... up to this long
    harder_after: int = 3  # green sessions in a row before the harder level (0: never)


@dataclass(frozen=True, slots=True)
class Routine:
    """A whole routine file, resolved."""

    title: str
    sections: tuple[Section, ...]
    description: str = ""
    language: str = "en"
    voice: Voice = field(default_factory=Voice)
    safety: str = ""
    path: Path | None = None
    # What the journal and `workout play` call it: its file's stem (the loader sets it), or
    # the name it was made with (a quick break is `quick-break`).
    name: str = ""
    notes: tuple[str, ...] = ()  # said in the intro after the safety lines (today's progression)
    progression: Progression | None = None  # None: the dose stays as written

    def exercises(self) -> tuple[Exercise, ...]:
        """Every exercise once, in order (rounds not repeated)."""
        return tuple(e for s in self.sections for e in s.exercises)


@dataclass(frozen=True, slots=True)
class LibraryExercise:
    """An exercise of the bundled library: metadata plus text in each language."""

    id: str
    kind: Kind
    posture: Posture
    equipment: tuple[str, ...]
    sides: Sides
    dosing: Dosing
    names: dict[str, str]  # language -> name
    positions: dict[str, str]  # language -> starting position
    instructions: dict[str, str]  # language -> instructions
    switch: float = 5.0
    limb: Limb = Limb.SIDE
    level: int = 0  # 0 for the exercise as written; its variants carry their own level
    easier: tuple[LibraryExercise, ...] = ()  # nearest first (level -1, -2, ...)
    harder: tuple[LibraryExercise, ...] = ()  # nearest first (level 1, 2, ...)

    def level_range(self) -> tuple[int, int]:
        """The lowest and highest level there is."""
        return -len(self.easier), len(self.harder)

    def at_level(self, level: int) -> LibraryExercise:
        """The variant at `level`, clamped to the levels there are."""
        low, high = self.level_range()
        level = min(max(level, low), high)
        if level == 0:
            return self
        return self.easier[-level - 1] if level < 0 else self.harder[level - 1]

"""The routine file format as pydantic models: validation of the file and its JSON Schema.

These models describe what may be *written* (everything optional is `None` when absent);
`player.routine.resolve` turns a validated file into the frozen `Routine` of
`player.routine.model`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StrictInt, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from player.routine.durations import (
    CUE_TIME_PATTERN,
    DURATION_PATTERN,
    MAX_SECONDS,
    POSITIVE_DURATION_PATTERN,
    DurationError,
    parse_cue_time,
    parse_duration,
)
from player.routine.model import CueTime, Kind, Posture

SCHEMA_ID = "https://github.com/workout-player/workout-player/docs/routine.schema.json"


def _duration(value: object) -> float:
    try:
        return parse_duration(value)
    except DurationError as error:
        raise PydanticCustomError("duration", str(error)) from None


def _positive_duration(value: object) -> float:
    try:
        return parse_duration(value, allow_zero=False)
    except DurationError as error:
        raise PydanticCustomError("duration", str(error)) from None


def _cue_time(value: object) -> CueTime:
    try:
        return parse_cue_time(value)
    except DurationError as error:
        raise PydanticCustomError("cue_time", str(error)) from None


def _duration_schema(minimum: Literal["minimum", "exclusiveMinimum"]) -> dict[str, Any]:
    pattern = DURATION_PATTERN if minimum == "minimum" else POSITIVE_DURATION_PATTERN
    return {
        "anyOf": [
            {"type": "number", minimum: 0, "maximum": MAX_SECONDS},
            {"type": "string", "pattern": pattern},
        ]
    }


# Written once in the schema's `$defs` and referred to from every field that holds one
# (pydantic would resolve a `$ref` itself, so fields carry a marker that is replaced).
_DEF = "x-workout-def"
SCHEMA_DEFS: dict[str, dict[str, Any]] = {
    "Duration": {
        "description": "Seconds (45) or text: 45s, 1m, 1m30s, 1:30, 90 s, 1.5s; 0 allowed.",
        **_duration_schema("minimum"),
    },
    "PositiveDuration": {
        "description": "Seconds (45) or text: 45s, 1m, 1m30s, 1:30, 90 s; more than 0.",
        **_duration_schema("exclusiveMinimum"),
    },
    "CueTime": {
        "description": "50% of the work, 20s after it starts, or -10s before it ends.",
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": CUE_TIME_PATTERN}],
    },
}

Duration = Annotated[float, PlainValidator(_duration), WithJsonSchema({_DEF: "Duration"})]
PositiveDuration = Annotated[
    float,
    PlainValidator(_positive_duration),
    WithJsonSchema({_DEF: "PositiveDuration"}),
]
CueAt = Annotated[CueTime, PlainValidator(_cue_time), WithJsonSchema({_DEF: "CueTime"})]
Text = Annotated[str, Field(min_length=1)]
Reps = Annotated[StrictInt, Field(ge=1, le=1000)]
Sets = Annotated[StrictInt, Field(ge=1, le=100)]
Rounds = Annotated[StrictInt, Field(ge=1, le=100)]
Countdown = Annotated[StrictInt, Field(ge=0, le=10)]
Level = Annotated[StrictInt, Field(ge=-3, le=3)]
ExerciseId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
FileSides = Literal["both", "left", "right", "alternating"]
FileLimb = Literal["side", "arm", "leg", "hand", "foot", "arm-and-leg"]
FileFit = Literal["keep", "grow"]
LIMB_DESCRIPTION = 'How the first side is named: "Left leg first." (default: side).'
FIT_DESCRIPTION = (
    "keep (default): every window keeps its written length; what does not fit moves into "
    "the work or is left out. grow: windows grow to say everything."
)


class FileModel(BaseModel):
    """A part of a routine file: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class VoiceFile(FileModel):
    """`voice:` speech settings."""

    name: str | SkipJsonSchema[None] = Field(None, description="An installed voice's name.")
    rate: Annotated[StrictInt, Field(ge=60, le=400)] | SkipJsonSchema[None] = Field(
        None, description="Words per minute (default 165)."
    )
    volume: Annotated[float, Field(ge=0, le=1)] | SkipJsonSchema[None] = Field(
        None, description="0.0 to 1.0 (default 1.0)."
    )


class DefaultsFile(FileModel):
    """`defaults:` values every exercise and section gets unless it says otherwise."""

    prepare: Duration = Field(5.0, description="Announcement window before each exercise.")
    countdown: Countdown = Field(3, description='"3, 2, 1" before work starts.')
    rest: Duration = Field(10.0, description="Rest after each exercise.")
    switch: Duration = Field(5.0, description="Time to change sides.")
    rest_between_reps: Duration = Field(3.0, description="Relax time between holds.")
    rest_between_sets: Duration = Field(20.0)
    time_cap: PositiveDuration = Field(60.0, description="Longest an open `reps` step lasts.")
    rest_between_rounds: Duration = Field(20.0)
    fit: FileFit = Field("keep", description=FIT_DESCRIPTION)


class DosingFile(FileModel):
    """How much: `duration` | `hold`+`reps` | `reps`+`tempo` | `reps` (+`time_cap`)."""

    duration: PositiveDuration | SkipJsonSchema[None] = Field(
        None, description="Timed work, per side per set."
    )
    hold: PositiveDuration | SkipJsonSchema[None] = Field(
        None, description="Seconds per isometric hold (with reps)."
    )
    reps: Reps | SkipJsonSchema[None] = Field(None, description="Repetitions per side per set.")
    tempo: PositiveDuration | SkipJsonSchema[None] = Field(
        None, description="Seconds per paced rep (with reps)."
    )
    time_cap: PositiveDuration | SkipJsonSchema[None] = Field(
        None, description="Reps alone: the step ends by itself after this long."
    )
    rest_between_reps: Duration | SkipJsonSchema[None] = Field(
        None, description="Relax time between holds (with hold)."
    )
    sets: Sets | SkipJsonSchema[None] = None
    rest_between_sets: Duration | SkipJsonSchema[None] = None


class CueFile(FileModel):
    """A custom line said during the work."""

    at: CueAt
    say: Text


class ExerciseFile(DosingFile):
    """One exercise, written inline or taken from the library with `use:`."""

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["name"]}, {"required": ["use"]}]}
    )

    use: ExerciseId | SkipJsonSchema[None] = Field(
        None, description="An exercise of the library; the other keys override it."
    )
    name: Text | SkipJsonSchema[None] = None
    kind: Kind | SkipJsonSchema[None] = Field(None, description="Defaults to the section's.")
    posture: Posture | SkipJsonSchema[None] = None
    equipment: list[Text] | SkipJsonSchema[None] = None
    position: str | SkipJsonSchema[None] = Field(None, description="The starting position.")
    instructions: str | SkipJsonSchema[None] = None
    sides: FileSides | SkipJsonSchema[None] = None
    switch: Duration | SkipJsonSchema[None] = None
    rest: Duration | SkipJsonSchema[None] = Field(
        None, description="Rest after this exercise; 0 for none."
    )
    prepare: Duration | SkipJsonSchema[None] = None
    countdown: Countdown | SkipJsonSchema[None] = None
    cues: list[CueFile] | SkipJsonSchema[None] = None
    level: Level | SkipJsonSchema[None] = Field(
        None,
        description="With `use:`: the library's easier (-1, -2) or harder (1, 2) variant; "
        "0 is the exercise as written.",
    )
    limb: FileLimb | SkipJsonSchema[None] = Field(None, description=LIMB_DESCRIPTION)
    fit: FileFit | SkipJsonSchema[None] = Field(None, description=FIT_DESCRIPTION)


class SectionFile(FileModel):
    """A named group of exercises of one kind."""

    name: Text
    kind: Kind
    exercises: Annotated[list[ExerciseFile], Field(min_length=1)]
    rounds: Rounds = 1
    rest_between_rounds: Duration | SkipJsonSchema[None] = None


class ProgressionFile(FileModel):
    """`progression:` how the dose grows from one session to the next, by the traffic light
    of the check-ins (green: up; 4-5: the same; 6 or more, or worse the next day: a level
    easier). `progression: {}` takes every default."""

    reps: Annotated[StrictInt, Field(ge=0, le=10)] | SkipJsonSchema[None] = Field(
        None, description="Reps added per session (default 1)."
    )
    max_reps: Annotated[StrictInt, Field(ge=1, le=100)] | SkipJsonSchema[None] = Field(
        None, description="Up to this many reps, then another set (default 12)."
    )
    max_sets: Annotated[StrictInt, Field(ge=1, le=10)] | SkipJsonSchema[None] = Field(
        None, description="Up to this many sets (default 3)."
    )
    hold: Duration | SkipJsonSchema[None] = Field(
        None, description="Seconds added to each hold per session (default 5s)."
    )
    max_hold: PositiveDuration | SkipJsonSchema[None] = Field(
        None, description="Holds up to this long (default 30s)."
    )
    harder_after: Annotated[StrictInt, Field(ge=0, le=20)] | SkipJsonSchema[None] = Field(
        None, description="Green sessions in a row before the harder level (default 3; 0 never)."
    )


class RoutineFile(FileModel):
    """A routine file (`routines/NAME.yaml`)."""

    model_config = ConfigDict(
        title="workout-player routine",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID,
        },
    )

    title: Text
    description: str | SkipJsonSchema[None] = None
    language: Language = Field("en", description="Speech language: en, de, ...")
    voice: VoiceFile | SkipJsonSchema[None] = None
    safety: str | SkipJsonSchema[None] = Field(None, description="Spoken at the start.")
    defaults: DefaultsFile | SkipJsonSchema[None] = None
    progression: ProgressionFile | SkipJsonSchema[None] = Field(
        None, description="How the dose grows from session to session (focus routines)."
    )
    sections: Annotated[list[SectionFile], Field(min_length=1)]


class LibraryText(FileModel):
    """An exercise's words in one language."""

    name: Text
    position: str = ""
    instructions: str = ""


class LibraryVariantFile(FileModel):
    """An easier or harder form of a library exercise: its own words and dosing; posture,
    equipment and sides are the exercise's unless it says otherwise."""

    posture: Posture | SkipJsonSchema[None] = None
    equipment: list[Text] | SkipJsonSchema[None] = None
    sides: FileSides | SkipJsonSchema[None] = None
    switch: Duration | SkipJsonSchema[None] = None
    limb: FileLimb | SkipJsonSchema[None] = Field(None, description=LIMB_DESCRIPTION)
    dosing: DosingFile
    en: LibraryText | SkipJsonSchema[None] = None
    de: LibraryText | SkipJsonSchema[None] = None


class LibraryEntryFile(FileModel):
    """One exercise of the library, with its easier and harder variants (nearest first)."""

    id: ExerciseId
    kind: Kind
    posture: Posture
    equipment: list[Text] = []
    sides: FileSides | SkipJsonSchema[None] = None
    switch: Duration | SkipJsonSchema[None] = None
    limb: FileLimb | SkipJsonSchema[None] = Field(None, description=LIMB_DESCRIPTION)
    dosing: DosingFile
    en: LibraryText | SkipJsonSchema[None] = None
    de: LibraryText | SkipJsonSchema[None] = None
    easier: list[LibraryVariantFile] = []
    harder: list[LibraryVariantFile] = []

    def text(self, language: str) -> LibraryText | None:
        """The words in `language` (`de-AT` falls back to `de`)."""
        value = getattr(self, language.split("-")[0], None)
        return value if isinstance(value, LibraryText) else None

    def level_range(self) -> tuple[int, int]:
        """The lowest and highest level: -len(easier) .. len(harder); 0 is as written."""
        return -len(self.easier), len(self.harder)

    def at_level(self, level: int) -> LibraryEntryFile:
        """The entry as its variant at `level` (clamped to the range), without variants."""
        low, high = self.level_range()
        level = min(max(level, low), high)
        if level == 0:
            return self
        variant = self.easier[-level - 1] if level < 0 else self.harder[level - 1]
        update: dict[str, object] = {"dosing": variant.dosing, "en": variant.en, "de": variant.de}
        for key in ("posture", "equipment", "sides", "switch", "limb"):
            value = getattr(variant, key)
            if value is not None:
                update[key] = value
        return self.model_copy(update={**update, "easier": [], "harder": []})


class LibraryFile(FileModel):
    """The exercise library (`routines/library/exercises.yaml`)."""

    exercises: Annotated[list[LibraryEntryFile], Field(min_length=1)]


def routine_json_schema() -> dict[str, Any]:
    """The JSON Schema of routine files, generated from the models above."""
    schema = _with_refs(RoutineFile.model_json_schema())
    assert isinstance(schema, dict)
    schema["$defs"] = dict(sorted({**schema.get("$defs", {}), **SCHEMA_DEFS}.items()))
    return schema


def _with_refs(node: object) -> object:
    if isinstance(node, list):
        return [_with_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _with_refs(value) for key, value in node.items() if key != _DEF}
    if _DEF in node:
        result = {"$ref": f"#/$defs/{node[_DEF]}", **result}
    return result

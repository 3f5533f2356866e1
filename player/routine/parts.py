"""The routine file format, described once: each part of a file as written, and its keys' rules.

A part is a frozen dataclass (what the resolver reads, typed); each key says its rule, its
default and its description. Two readers of the one description:

- `validate` checks plain data from a file on every load: every error at its place, as
  (loc, type, message, value) in the terms `player.routine.validation` turns into
  problems. It imports nothing but the standard library, so loading a routine is cheap.
- `player.routine.schema` builds pydantic models from the same parts, for the JSON Schema
  (`workout schema`); a test validates a corpus of files through both and requires the
  same problems and the same values (tests/routine/test_parts.py).

Everything optional is `None` when absent; lists are tuples. `player.routine.resolve`
turns a validated file into the frozen `Routine` of `player.routine.model`.
"""

# ruff: noqa: RUF009 -- `key(...)` makes a dataclass field (with its rule), not a default
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from typing import Any, ClassVar, NamedTuple, TypeVar

from player.routine.durations import DurationError, parse_cue_time, parse_duration
from player.routine.model import CueTime, Kind, Posture

Loc = tuple[str | int, ...]
RULE = "rule"
DESCRIPTION = "description"


class Invalid(NamedTuple):
    """One value that breaks its rule: where, which rule (pydantic's error type), and why."""

    loc: Loc
    type: str
    msg: str
    input: object
    ctx: Mapping[str, object] | None = None


class FormatError(ValueError):
    """Data that does not fit a part; `errors` says every reason."""

    def __init__(self, errors: list[Invalid]) -> None:
        super().__init__(f"{len(errors)} invalid value(s)")
        self.errors = errors


_BAD: Any = object()  # what a rule returns for a value it rejected (the errors say why)


# The classes below are dataclasses without the generated __eq__ and __repr__: nothing
# compares or prints them, and generating those was half the time of importing this module.


# The rules ---------------------------------------------------------------------------------


class Rule:
    """What a key's value must be; `check` returns the value as the part holds it."""

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Text(Rule):
    """Text; at least `min_length` characters, matching `pattern` (anchored) if given."""

    min_length: int = 0
    pattern: str | None = None
    _compiled: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.pattern is not None:
            # `$` as the JSON Schema (and pydantic's Rust regex) reads it: the end of the text,
            # never before a final line break as Python's `$` would
            python = self.pattern.removesuffix("$") + r"\Z"
            object.__setattr__(self, "_compiled", re.compile(python))

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        if not isinstance(value, str):
            errors.append(Invalid(loc, "string_type", "Input should be a valid string", value))
            return _BAD
        if len(value) < self.min_length:
            errors.append(
                Invalid(loc, "string_too_short", "String should have at least 1 character", value)
            )
            return _BAD
        if self._compiled is not None and not self._compiled.match(value):
            ctx = {"pattern": self.pattern}
            errors.append(
                Invalid(loc, "string_pattern_mismatch", "String should match pattern", value, ctx)
            )
            return _BAD
        return value


def _bounds(
    rule: Whole | Number, number: float, value: object, loc: Loc, errors: list[Invalid]
) -> bool:
    """Whether `number` is within the bounds of `rule` (the upper one is checked first, as
    pydantic does: NaN breaks it); a number rule's bounds show as numbers (`1.0`)."""
    as_number = isinstance(rule, Number)
    if rule.le is not None and not number <= rule.le:
        le = float(rule.le) if as_number else rule.le
        errors.append(Invalid(loc, "less_than_equal", "Input too large", value, {"le": le}))
        return False
    if rule.ge is not None and not number >= rule.ge:
        ge = float(rule.ge) if as_number else rule.ge
        errors.append(Invalid(loc, "greater_than_equal", "Input too small", value, {"ge": ge}))
        return False
    return True


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Whole(Rule):
    """A whole number (not `true`, not `3.0`, not `'3'`) from `ge` to `le`."""

    ge: int | None = None
    le: int | None = None

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        if type(value) is not int:
            errors.append(Invalid(loc, "int_type", "Input should be a valid integer", value))
            return _BAD
        return value if _bounds(self, value, value, loc, errors) else _BAD


# A float as Rust's `str::parse::<f64>` reads it (pydantic reads text with it): ASCII digits,
# one optional point and exponent, or inf, infinity, nan in any case; a sign before either.
_FLOAT_TEXT = re.compile(
    r"[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)", re.IGNORECASE
)
# Unicode's White_Space, which Rust's `trim` removes (Python's strip also takes U+001C-U+001F).
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Number(Rule):
    """A number from `ge` to `le`; a whole number, a yes/no value or numeric text is taken
    as one (as pydantic's lax float does)."""

    ge: float | None = None
    le: float | None = None

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        if isinstance(value, str):
            number = _float_of_text(value)
            if number is None:
                errors.append(
                    Invalid(loc, "float_parsing", "Input should be a valid number", value)
                )
                return _BAD
        else:
            number = _float_of(value)
            if number is None:
                errors.append(Invalid(loc, "float_type", "Input should be a valid number", value))
                return _BAD
        return number if _bounds(self, number, value, loc, errors) else _BAD


def _float_of(value: object) -> float | None:
    """A number as a float (true is 1.0), or None: not a number, or too big for one."""
    if not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _float_of_text(text: str) -> float | None:
    """`' 0.5 '`, `1e3`, `1_000`, `inf`, `nan` as a float, as pydantic reads text: trimmed,
    or else with its underscores taken out (none first or last, no two together; then
    untrimmed); None if the text is no number."""
    trimmed = text.strip(_WHITE_SPACE)
    if _FLOAT_TEXT.fullmatch(trimmed):
        return float(trimmed)
    if text.startswith("_") or text.endswith("_") or "__" in text:
        return None
    joined = text.replace("_", "")
    return float(joined) if _FLOAT_TEXT.fullmatch(joined) else None


class _Timed(Rule):
    """A rule read by `parse`, which raises DurationError; the error's type is `kind`."""

    kind: ClassVar[str]

    def parse(self, value: object) -> Any:
        raise NotImplementedError

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        try:
            return self.parse(value)
        except DurationError as error:
            errors.append(Invalid(loc, self.kind, str(error), value))
            return _BAD


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Duration(_Timed):
    """Seconds, or text such as `1m30s` (`player.routine.durations`); `positive`: not 0."""

    kind: ClassVar[str] = "duration"
    positive: bool = False

    def parse(self, value: object) -> float:
        """The seconds in `value`, or DurationError saying why it is not a duration."""
        return parse_duration(value, allow_zero=not self.positive)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class CueAt(_Timed):
    """When a cue is said: `50%`, `20s`, `-10s`."""

    kind: ClassVar[str] = "cue_time"

    def parse(self, value: object) -> CueTime:
        """The cue time in `value`, or DurationError saying why it is not one."""
        return parse_cue_time(value)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Choice(Rule):
    """One of a few words: the members of `enum`, or `words` (kept as text)."""

    words: tuple[str, ...] = ()
    enum: type[Enum] | None = None

    def options(self) -> tuple[str, ...]:
        return tuple(m.value for m in self.enum) if self.enum is not None else self.words

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        options = self.options()
        if isinstance(value, str) and value in options:
            return self.enum(value) if self.enum is not None else value
        quoted = [f"'{option}'" for option in options]
        expected = f"{', '.join(quoted[:-1])} or {quoted[-1]}"
        kind = "enum" if self.enum is not None else "literal_error"
        errors.append(
            Invalid(loc, kind, f"Input should be {expected}", value, {"expected": expected})
        )
        return _BAD


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ListOf(Rule):
    """A list of values that each follow `item`, at least `min_length` of them (a tuple)."""

    item: Rule
    min_length: int = 0

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        if not isinstance(value, list):
            errors.append(Invalid(loc, "list_type", "Input should be a valid list", value))
            return _BAD
        before = len(errors)
        items = tuple(self.item.check(v, (*loc, i), errors) for i, v in enumerate(value))
        if len(errors) > before:
            return _BAD
        if len(items) < self.min_length:
            ctx = {"min_length": self.min_length, "actual_length": len(items)}
            errors.append(Invalid(loc, "too_short", "List should have more items", value, ctx))
            return _BAD
        return items


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Part(Rule):
    """A mapping that is one of the parts below."""

    part: type

    def check(self, value: object, loc: Loc, errors: list[Invalid]) -> Any:
        return _validate(self.part, value, loc, errors)


def key(rule: Rule, default: object = dataclasses.MISSING, description: str | None = None) -> Any:
    """A key of a part: its rule, its default (none: the key is required; `None`: it may be
    left out or written empty), and what it means (for the JSON Schema)."""
    return field(default=default, metadata={RULE: rule, DESCRIPTION: description})


# The rules several keys share ---------------------------------------------------------------

DURATION = Duration()
POSITIVE_DURATION = Duration(positive=True)
TEXT = Text(min_length=1)
ANY_TEXT = Text()
EXERCISE_ID = Text(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE = Text(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
REPS = Whole(ge=1, le=1000)
SETS = Whole(ge=1, le=100)
ROUNDS = Whole(ge=1, le=100)
COUNTDOWN = Whole(ge=0, le=10)
LEVEL = Whole(ge=-3, le=3)
KIND = Choice(enum=Kind)
POSTURE = Choice(enum=Posture)
SIDES = Choice(("both", "left", "right", "alternating"))
LIMB = Choice(("side", "arm", "leg", "hand", "foot", "arm-and-leg"))
FIT = Choice(("keep", "grow"))
LIMB_DESCRIPTION = 'How the first side is named: "Left leg first." (default: side).'
FIT_DESCRIPTION = (
    "keep (default): every window keeps its written length; what does not fit moves into "
    "the work or is left out. grow: windows grow to say everything."
)

# The parts -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class VoiceFile:
    """`voice:` speech settings."""

    name: str | None = key(ANY_TEXT, None, "An installed voice's name.")
    rate: int | None = key(Whole(ge=60, le=400), None, "Words per minute (default 165).")
    volume: float | None = key(Number(ge=0, le=1), None, "0.0 to 1.0 (default 1.0).")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class DefaultsFile:
    """`defaults:` values every exercise and section gets unless it says otherwise."""

    prepare: float = key(DURATION, 5.0, "Announcement window before each exercise.")
    countdown: int = key(COUNTDOWN, 3, '"3, 2, 1" before work starts.')
    rest: float = key(DURATION, 10.0, "Rest after each exercise.")
    switch: float = key(DURATION, 5.0, "Time to change sides.")
    rest_between_reps: float = key(DURATION, 3.0, "Relax time between holds.")
    rest_between_sets: float = key(DURATION, 20.0)
    time_cap: float = key(POSITIVE_DURATION, 60.0, "Longest an open `reps` step lasts.")
    rest_between_rounds: float = key(DURATION, 20.0)
    fit: str = key(FIT, "keep", FIT_DESCRIPTION)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class DosingFile:
    """How much: `duration` | `hold`+`reps` | `reps`+`tempo` | `reps` (+`time_cap`)."""

    duration: float | None = key(POSITIVE_DURATION, None, "Timed work, per side per set.")
    hold: float | None = key(POSITIVE_DURATION, None, "Seconds per isometric hold (with reps).")
    reps: int | None = key(REPS, None, "Repetitions per side per set.")
    tempo: float | None = key(POSITIVE_DURATION, None, "Seconds per paced rep (with reps).")
    time_cap: float | None = key(
        POSITIVE_DURATION, None, "Reps alone: the step ends by itself after this long."
    )
    rest_between_reps: float | None = key(DURATION, None, "Relax time between holds (with hold).")
    sets: int | None = key(SETS, None)
    rest_between_sets: float | None = key(DURATION, None)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class CueFile:
    """A custom line said during the work."""

    at: CueTime = key(CueAt())
    say: str = key(TEXT)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class ExerciseFile(DosingFile):
    """One exercise, written inline or taken from the library with `use:`."""

    use: str | None = key(
        EXERCISE_ID, None, "An exercise of the library; the other keys override it."
    )
    name: str | None = key(TEXT, None)
    kind: Kind | None = key(KIND, None, "Defaults to the section's.")
    posture: Posture | None = key(POSTURE, None)
    equipment: tuple[str, ...] | None = key(ListOf(TEXT), None)
    position: str | None = key(ANY_TEXT, None, "The starting position.")
    instructions: str | None = key(ANY_TEXT, None)
    sides: str | None = key(SIDES, None)
    switch: float | None = key(DURATION, None)
    rest: float | None = key(DURATION, None, "Rest after this exercise; 0 for none.")
    prepare: float | None = key(DURATION, None)
    countdown: int | None = key(COUNTDOWN, None)
    cues: tuple[CueFile, ...] | None = key(ListOf(Part(CueFile)), None)
    level: int | None = key(
        LEVEL,
        None,
        "With `use:`: the library's easier (-1, -2) or harder (1, 2) variant; "
        "0 is the exercise as written.",
    )
    limb: str | None = key(LIMB, None, LIMB_DESCRIPTION)
    fit: str | None = key(FIT, None, FIT_DESCRIPTION)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class SectionFile:
    """A named group of exercises of one kind."""

    name: str = key(TEXT)
    kind: Kind = key(KIND)
    exercises: tuple[ExerciseFile, ...] = key(ListOf(Part(ExerciseFile), min_length=1))
    rounds: int = key(ROUNDS, 1)
    rest_between_rounds: float | None = key(DURATION, None)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class ProgressionFile:
    """`progression:` how the dose grows from one session to the next, by the traffic light
    of the check-ins (green: up; 4-5: the same; 6 or more, or worse the next day: a level
    easier). `progression: {}` takes every default."""

    reps: int | None = key(Whole(ge=0, le=10), None, "Reps added per session (default 1).")
    max_reps: int | None = key(
        Whole(ge=1, le=100), None, "Up to this many reps, then another set (default 12)."
    )
    max_sets: int | None = key(Whole(ge=1, le=10), None, "Up to this many sets (default 3).")
    hold: float | None = key(DURATION, None, "Seconds added to each hold per session (default 5s).")
    max_hold: float | None = key(POSITIVE_DURATION, None, "Holds up to this long (default 30s).")
    harder_after: int | None = key(
        Whole(ge=0, le=20),
        None,
        "Green sessions in a row before the harder level (default 3; 0 never).",
    )


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class RoutineFile:
    """A routine file (`routines/NAME.yaml`)."""

    title: str = key(TEXT)
    description: str | None = key(ANY_TEXT, None)
    language: str = key(LANGUAGE, "en", "Speech language: en, de, ...")
    voice: VoiceFile | None = key(Part(VoiceFile), None)
    safety: str | None = key(ANY_TEXT, None, "Spoken at the start.")
    defaults: DefaultsFile | None = key(Part(DefaultsFile), None)
    progression: ProgressionFile | None = key(
        Part(ProgressionFile),
        None,
        "How the dose grows from session to session (focus routines).",
    )
    sections: tuple[SectionFile, ...] = key(ListOf(Part(SectionFile), min_length=1))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class LibraryText:
    """An exercise's words in one language."""

    name: str = key(TEXT)
    position: str = key(ANY_TEXT, "")
    instructions: str = key(ANY_TEXT, "")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class LibraryVariantFile:
    """An easier or harder form of a library exercise: its own words and dosing; posture,
    equipment and sides are the exercise's unless it says otherwise."""

    posture: Posture | None = key(POSTURE, None)
    equipment: tuple[str, ...] | None = key(ListOf(TEXT), None)
    sides: str | None = key(SIDES, None)
    switch: float | None = key(DURATION, None)
    limb: str | None = key(LIMB, None, LIMB_DESCRIPTION)
    dosing: DosingFile = key(Part(DosingFile))
    en: LibraryText | None = key(Part(LibraryText), None)
    de: LibraryText | None = key(Part(LibraryText), None)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class LibraryEntryFile:
    """One exercise of the library, with its easier and harder variants (nearest first)."""

    id: str = key(EXERCISE_ID)
    kind: Kind = key(KIND)
    posture: Posture = key(POSTURE)
    equipment: tuple[str, ...] = key(ListOf(TEXT), ())
    sides: str | None = key(SIDES, None)
    switch: float | None = key(DURATION, None)
    limb: str | None = key(LIMB, None, LIMB_DESCRIPTION)
    dosing: DosingFile = key(Part(DosingFile))
    en: LibraryText | None = key(Part(LibraryText), None)
    de: LibraryText | None = key(Part(LibraryText), None)
    easier: tuple[LibraryVariantFile, ...] = key(ListOf(Part(LibraryVariantFile)), ())
    harder: tuple[LibraryVariantFile, ...] = key(ListOf(Part(LibraryVariantFile)), ())

    TEXTS: ClassVar[tuple[str, ...]] = ("en", "de")

    def text(self, language: str) -> LibraryText | None:
        """The words in `language` (`de-AT` falls back to `de`)."""
        base = language.split("-")[0]
        value = getattr(self, base, None) if base in self.TEXTS else None
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
        update: dict[str, Any] = {"dosing": variant.dosing, "en": variant.en, "de": variant.de}
        for name in ("posture", "equipment", "sides", "switch", "limb"):
            value = getattr(variant, name)
            if value is not None:
                update[name] = value
        return replace(self, **update, easier=(), harder=())


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class LibraryFile:
    """The exercise library (`routines/library/exercises.yaml`)."""

    exercises: tuple[LibraryEntryFile, ...] = key(ListOf(Part(LibraryEntryFile), min_length=1))


# Validation ----------------------------------------------------------------------------------

P = TypeVar("P")


class Key(NamedTuple):
    """A key of a part as validation reads it."""

    name: str
    rule: Rule
    required: bool
    default: object
    optional: bool  # may be written empty (`None`)


@cache
def keys_of(part: type) -> tuple[Key, ...]:
    """The keys of `part` in the order they are written in the description."""
    result = []
    for item in dataclasses.fields(part):
        required = item.default is dataclasses.MISSING
        default = None if required else item.default
        rule = item.metadata[RULE]
        result.append(Key(item.name, rule, required, default, not required and default is None))
    return tuple(result)


@cache
def key_names(part: type) -> dict[str, None]:
    """The names of the keys of `part`, in order (a dict: looked up by name, too)."""
    return dict.fromkeys(k.name for k in keys_of(part))


def validate(part: type[P], data: object) -> P:
    """`data` (plain data from a file) as `part`; FormatError lists every value that breaks
    its rule, unknown keys and missing ones."""
    errors: list[Invalid] = []
    result = _validate(part, data, (), errors)
    if errors:
        raise FormatError(errors)
    return result  # type: ignore[no-any-return]


def _validate(part: type, data: object, loc: Loc, errors: list[Invalid]) -> Any:
    if not isinstance(data, dict):
        message = f"Input should be a valid dictionary or instance of {part.__name__}"
        errors.append(Invalid(loc, "model_type", message, data))
        return _BAD
    before = len(errors)
    values: dict[str, object] = {}
    known = 0  # keys of `data` that are keys of the part
    for name, rule, required, default, optional in keys_of(part):
        if name in data:
            known += 1
            value = data[name]
            values[name] = (
                None if value is None and optional else rule.check(value, (*loc, name), errors)
            )
        elif required:
            errors.append(Invalid((*loc, name), "missing", "Field required", data))
            values[name] = _BAD
        else:
            values[name] = default
    if len(data) > known:
        names = key_names(part)
        for name in data:
            if name not in names:
                message = "Extra inputs are not permitted"
                errors.append(Invalid((*loc, name), "extra_forbidden", message, data[name]))
    if len(errors) > before:
        return _BAD
    return part(**values)


PARTS: tuple[type, ...] = (
    RoutineFile,
    VoiceFile,
    DefaultsFile,
    ProgressionFile,
    SectionFile,
    DosingFile,
    ExerciseFile,
    CueFile,
    LibraryFile,
    LibraryEntryFile,
    LibraryVariantFile,
    LibraryText,
)
"""Every part, for the JSON Schema's builder and the tests."""

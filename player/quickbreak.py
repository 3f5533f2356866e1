"""The quick break: a short routine for a work break, chosen from the exercise library.

Pure rules, no I/O: give it the library, the length wanted and what the last breaks used,
and it returns a `Routine`. A break has no floor work, has stabilisation and at least two
other kinds, changes posture as little as possible (all sitting, then all standing) and
prefers exercises the last breaks did not use.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from player.errors import UserError
from player.routine.model import (
    Dosing,
    Exercise,
    Form,
    Kind,
    LibraryExercise,
    Posture,
    Routine,
    Section,
    Sides,
)

# Timing of a break: short announcements and rests, one set of everything.
PREPARE = 5.0
COUNTDOWN = 3
REST = 5.0
MIN_OTHER_KINDS = 2
# A break trains the four pillars of reconditioning; warm-up and cool-down are for longer
# sessions.
BREAK_KINDS = frozenset(
    {Kind.STABILISATION, Kind.MOBILISATION, Kind.STRENGTHENING, Kind.STRETCHING}
)

# Kinds in the order a break plays them within one posture: loosen up, switch the deep
# muscles on, strengthen, stretch.
KIND_ORDER: tuple[Kind, ...] = (
    Kind.WARM_UP,
    Kind.MOBILISATION,
    Kind.STABILISATION,
    Kind.STRENGTHENING,
    Kind.STRETCHING,
    Kind.COOL_DOWN,
)
POSTURE_ORDER: tuple[Posture, ...] = (Posture.SITTING, Posture.STANDING)

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Quick break — {minutes} minutes",
        "description": "A short break at your desk, no mat needed.",
        "safety": "Move gently and stop if anything hurts.",
        Kind.WARM_UP: "Warm-up",
        Kind.MOBILISATION: "Mobilisation",
        Kind.STABILISATION: "Stabilisation",
        Kind.STRENGTHENING: "Strengthening",
        Kind.STRETCHING: "Stretching",
        Kind.COOL_DOWN: "Cool-down",
    },
    "de": {
        "title": "Kurze Pause — {minutes} Minuten",
        "description": "Eine kurze Pause am Schreibtisch, ohne Matte.",
        "safety": "Beweg dich sanft und hör auf, wenn etwas schmerzt.",
        Kind.WARM_UP: "Aufwärmen",
        Kind.MOBILISATION: "Mobilisation",
        Kind.STABILISATION: "Stabilisation",
        Kind.STRENGTHENING: "Kräftigung",
        Kind.STRETCHING: "Dehnung",
        Kind.COOL_DOWN: "Ausklang",
    },
}


class NoBreakPossible(UserError):
    """The library cannot make a break (too few exercises without floor work)."""


@dataclass(frozen=True, slots=True)
class BreakPlan:
    """What `plan_break` chose, before it becomes a routine."""

    chosen: tuple[LibraryExercise, ...]  # in playing order
    seconds: float  # estimated length


def break_dosing(dosing: Dosing) -> Dosing:
    """The library dosing cut down for a break: one set."""
    return replace(dosing, sets=1, rest_between_sets=0.0)


def estimated_seconds(exercise: LibraryExercise) -> float:
    """How long an exercise takes in a break: announcement, countdown, work, rest.

    Speech may stretch the announcement a little; this is the planned length.
    """
    dosing = break_dosing(exercise.dosing)
    if dosing.form is Form.OPEN and dosing.time_cap is None:
        work = 60.0
    else:
        work = dosing.work_per_side_per_set()
    sides = 2 if exercise.sides in (Sides.BOTH, Sides.ALTERNATING) else 1
    switch = exercise.switch if exercise.sides is Sides.BOTH else 0.0
    if exercise.sides is Sides.ALTERNATING:
        # Alternating reps count per side but run interleaved, without a switch window.
        switch = 0.0
    return PREPARE + COUNTDOWN + work * sides + switch + REST


def _usable(library: Mapping[str, LibraryExercise], language: str) -> list[LibraryExercise]:
    return [
        e
        for e in library.values()
        if e.posture is not Posture.FLOOR
        and e.kind in BREAK_KINDS
        and language in e.names
        and not (e.dosing.form is Form.OPEN and e.dosing.time_cap is None)
    ]


def _staleness(exercise: LibraryExercise, recent: Sequence[str]) -> int:
    """How long ago the exercise was last done: 0 = in the last break, len(recent) = never.

    `recent` holds library ids or names, most recent first.
    """
    names = {exercise.id, *exercise.names.values()}
    for index, item in enumerate(recent):
        if item in names:
            return index
    return len(recent)


def _ranked(
    candidates: Sequence[LibraryExercise], recent: Sequence[str], rng: random.Random
) -> list[LibraryExercise]:
    """Least recently done first; ties in random order."""
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    return sorted(shuffled, key=lambda e: -_staleness(e, recent))


def _play_order(chosen: Sequence[LibraryExercise]) -> tuple[LibraryExercise, ...]:
    """Sitting before standing (posture changes once at most); within that, by kind."""
    return tuple(
        sorted(
            chosen,
            key=lambda e: (POSTURE_ORDER.index(e.posture), KIND_ORDER.index(e.kind)),
        )
    )


def plan_break(
    library: Mapping[str, LibraryExercise],
    minutes: float,
    language: str = "en",
    recent: Sequence[str] = (),
    seed: int | None = None,
) -> BreakPlan:
    """Choose the exercises of a break of about `minutes` minutes.

    Always one stabilisation exercise and at least two other kinds, even if that runs over
    the time asked for; then more exercises while they fit.
    """
    rng = random.Random(seed)
    budget = minutes * 60.0
    usable = _usable(library, language)
    stabilisation = _ranked([e for e in usable if e.kind is Kind.STABILISATION], recent, rng)
    others = _ranked([e for e in usable if e.kind is not Kind.STABILISATION], recent, rng)
    if not stabilisation or len({e.kind for e in others}) < MIN_OTHER_KINDS:
        raise NoBreakPossible(
            "the exercise library needs stabilisation and two of mobilisation, strengthening"
            " and stretching without floor work"
        )
    chosen = [stabilisation[0]]
    # One of each of the other kinds, least recently done first, until two kinds are in.
    kinds_in: set[Kind] = set()
    for exercise in others:
        if exercise.kind not in kinds_in:
            chosen.append(exercise)
            kinds_in.add(exercise.kind)
        if len(kinds_in) >= MIN_OTHER_KINDS:
            break
    # Then fill the time with what is left, least recently done first, favouring kinds
    # not yet in the break, and a single posture when it is free to choose.
    seconds = sum(estimated_seconds(e) for e in chosen)
    rest = [e for e in [*stabilisation[1:], *others] if e not in chosen]
    rest.sort(key=lambda e: (-_staleness(e, recent), e.kind in kinds_in | {Kind.STABILISATION}))
    for exercise in rest:
        length = estimated_seconds(exercise)
        if seconds + length <= budget:
            chosen.append(exercise)
            seconds += length
    return BreakPlan(chosen=_play_order(chosen), seconds=seconds)


def to_exercise(item: LibraryExercise, language: str) -> Exercise:
    """A library exercise as it is played in a break."""
    return Exercise(
        name=item.names[language],
        kind=item.kind,
        dosing=break_dosing(item.dosing),
        sides=item.sides,
        switch=item.switch,
        position=item.positions.get(language, ""),
        instructions=item.instructions.get(language, ""),
        posture=item.posture,
        equipment=item.equipment,
        prepare=PREPARE,
        countdown=COUNTDOWN,
        rest=REST,
        library_id=item.id,
    )


def build_break(
    library: Mapping[str, LibraryExercise],
    minutes: float = 3.0,
    language: str = "en",
    recent: Sequence[str] = (),
    seed: int | None = None,
) -> Routine:
    """A break routine: sections are runs of one kind, in the order of `plan_break`."""
    text = _TEXT.get(language, _TEXT["en"])
    plan = plan_break(library, minutes, language, recent, seed)
    sections: list[Section] = []
    run: list[Exercise] = []
    for item in plan.chosen:
        exercise = to_exercise(item, language)
        if run and run[-1].kind is not exercise.kind:
            sections.append(Section(name=text[run[0].kind], kind=run[0].kind, exercises=(*run,)))
            run = []
        run.append(exercise)
    sections.append(Section(name=text[run[0].kind], kind=run[0].kind, exercises=(*run,)))
    shown = f"{minutes:g}"
    return Routine(
        title=text["title"].format(minutes=shown),
        sections=tuple(sections),
        description=text["description"],
        language=language,
        safety=text["safety"],
    )


def quick_break(minutes: float = 3.0, language: str = "en", seed: int | None = None) -> Routine:
    """A break from the bundled library, avoiding what the last sessions did.

    The only function here that reads files: the library and the history journal.
    """
    from player.routine.library import load_library

    return build_break(load_library(language), minutes, language, recent_exercises(), seed)


def recent_exercises() -> list[str]:
    """Exercises of the last sessions, most recent first ([] when there is no history)."""
    try:
        from player.history import recent_exercises as from_history
    except ImportError:
        return []
    try:
        return list(from_history())
    except Exception:  # an unreadable journal must not stop a break
        return []

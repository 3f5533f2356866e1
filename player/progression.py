"""The traffic-light rule and progression: how the next session's dose follows from the last.

The traffic light of a finished session, from its check-ins (pain 0-10):

- green: pain after the session 3 or less, and back to the usual level (the pain before
  it, or 3 when that was not given) by the next check-in: the dose may go up;
- keep (amber): pain after 4 or 5: the same dose again;
- red: pain after 6 or more, or worse at the next check-in than before the session
  ("worse the next day"): a level easier, and one step of dose back. The next check-in is
  the one before the session being planned: `plan(..., pain_today=)` takes it, so a back
  that is worse today steps back today's dose ("Yesterday was a lot; today a little
  easier."), not the session after it;
- unknown: no pain after was given (check-ins off or skipped): the dose goes up as
  planned, but it does not count towards a harder level.

A routine's `progression` says how the dose goes up: one more rep per session up to
`max_reps`, then another set (back to the written reps) up to `max_sets`; `hold` seconds
more per hold up to `max_hold`; the harder level of each library exercise after
`harder_after` green sessions in a row (its dose starts again as the variant writes it).
Only stabilisation and strengthening progress; stretches and mobilisation stay as
written. The dose never goes up after a red session, and levels stay within what the
library has. Pure: give it the past sessions, it gives the plan.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from player.history.checkins import PastSession
from player.levels import at_level
from player.routine.model import (
    Dosing,
    Exercise,
    Form,
    Kind,
    LibraryExercise,
    Progression,
    Routine,
)

GREEN_AFTER = 3  # pain after a session up to this is green
KEEP_AFTER = 5  # up to this keeps the dose; above it is red
USUAL = 3  # the usual pain when none was given before the session
EFFORT_GREEN = 6  # an exercise rated up to this (0-10, after its last set) is green
EFFORT_KEEP = 8  # up to this keeps it; above it is red
PROGRESSING = frozenset({Kind.STABILISATION, Kind.STRENGTHENING})


class Light(StrEnum):
    GREEN = "green"
    KEEP = "keep"
    RED = "red"
    UNKNOWN = "unknown"


def light(session: PastSession) -> Light:
    """The traffic light of one finished session (see the module docstring)."""
    after = session.pain_after
    usual = session.pain_before if session.pain_before is not None else USUAL
    worse_next = session.next_pain_before is not None and session.next_pain_before > usual
    if (after is not None and after > KEEP_AFTER) or worse_next:
        return Light.RED
    if after is None:
        return Light.UNKNOWN
    if after > GREEN_AFTER:
        return Light.KEEP
    return Light.GREEN


def rating_light(effort: int) -> Light:
    """The traffic light of one exercise's rating ("How hard was that, 0 to 10?", asked after
    its last set): up to 6 (moderate to hard, where strengthening is meant to be) is green,
    7-8 (very hard) keeps it, 9-10 (as hard as it gets) is red."""
    if effort > EFFORT_KEEP:
        return Light.RED
    return Light.KEEP if effort > EFFORT_GREEN else Light.GREEN


def red_exercises(
    past: Sequence[PastSession], library: Mapping[str, LibraryExercise]
) -> frozenset[str]:
    """Library ids whose last session (by the names of the exercise and its variants, in
    every language) was red, or whose last rating after the exercise was red: the quick
    break leaves them out until a later session of theirs is not red."""
    owners: dict[str, set[str]] = {}  # a name, in any language and at any level -> its ids
    for item in library.values():
        for variant in (item, *item.easier, *item.harder):
            for name in variant.names.values():
                owners.setdefault(name, set()).add(item.id)
    red: set[str] = set()
    for session in past:
        named = (*session.exercises, *(name for name, _ in session.ratings))
        had = {key for name in named for key in owners.get(name, ())}
        if not had:
            continue
        if light(session) is Light.RED:
            red |= had
        else:  # the session's light, unless the exercise's own rating was red
            rated_red = {
                key
                for name, effort in session.ratings
                if rating_light(effort) is Light.RED
                for key in owners.get(name, ())
            }
            red = (red - had) | rated_red
    return frozenset(red)


@dataclass(frozen=True, slots=True)
class State:
    """Where progression stands: dose steps above the written dose, green sessions in a
    row, and each library exercise's level offset from the routine's."""

    stage: int = 0
    greens: int = 0
    levels: Mapping[str, int] = field(default_factory=dict)


def _ranges(routine: Routine, library: Mapping[str, LibraryExercise]) -> dict[str, tuple[int, int]]:
    """Per progressing library exercise: how far down and up its level may move."""
    ranges = {}
    for exercise in routine.exercises():
        item = library.get(exercise.library_id or "")
        if item is None or exercise.kind not in PROGRESSING:
            continue
        low, high = item.level_range()
        ranges[item.id] = (low - exercise.level, high - exercise.level)
    return ranges


def next_state(
    state: State, seen: Light, progression: Progression, ranges: Mapping[str, tuple[int, int]]
) -> State:
    """The state after one more session with light `seen`."""
    if seen is Light.RED:
        levels = {k: max(state.levels.get(k, 0) - 1, ranges[k][0]) for k in ranges}
        return State(max(state.stage - 1, 0), 0, levels)
    if seen is Light.KEEP:
        return replace(state, greens=0)
    stage = state.stage + 1
    greens = state.greens + 1 if seen is Light.GREEN else state.greens
    if progression.harder_after and greens >= progression.harder_after:
        levels = {k: min(state.levels.get(k, 0) + 1, ranges[k][1]) for k in ranges}
        if any(levels[k] != state.levels.get(k, 0) for k in ranges):
            return State(0, 0, levels)
        greens = 0
    return State(stage, greens, state.levels)


def grown(dosing: Dosing, stage: int, progression: Progression) -> Dosing:
    """`dosing` `stage` steps up: reps, then sets (reps back to the written ones); holds
    longer up to `max_hold`, then sets. Timed work stays as written.

    Each step is at least as much work as the one below it (reps × sets, or holds × sets ×
    seconds), so a step back is never more: a new set spreads the work done so far over
    one more set, or starts again at the written reps or hold if that is more."""
    if dosing.form is Form.TIMED:
        return dosing
    reps, sets, hold = dosing.reps or 1, dosing.sets, dosing.hold
    for _ in range(stage):
        if dosing.form is Form.HOLDS and hold is not None and hold < progression.max_hold:
            hold = min(hold + progression.hold, progression.max_hold)
        elif dosing.form is not Form.HOLDS and reps + progression.reps <= progression.max_reps:
            reps += progression.reps
        elif sets < progression.max_sets:
            if dosing.form is Form.HOLDS and hold is not None:
                hold = max(dosing.hold or hold, math.ceil(hold * sets / (sets + 1)))
            else:
                reps = max(dosing.reps or 1, math.ceil(reps * sets / (sets + 1)))
            sets += 1
        else:
            break
    rest = dosing.rest_between_sets or (30.0 if sets > 1 else 0.0)
    return replace(dosing, reps=reps, sets=sets, hold=hold, rest_between_sets=rest)


def state_of(
    routine: Routine, past: Sequence[PastSession], library: Mapping[str, LibraryExercise]
) -> tuple[State, list[Light]]:
    """The state after every past session, and their lights."""
    after = list(states(routine, past, library))
    return (after[-1][0] if after else State()), [seen for _, seen in after]


def states(
    routine: Routine, past: Sequence[PastSession], library: Mapping[str, LibraryExercise]
) -> Iterator[tuple[State, Light]]:
    """The state after each past session in turn, with that session's light."""
    progression = routine.progression or Progression()
    ranges = _ranges(routine, library)
    state = State()
    for session in past:
        seen = light(session)
        state = next_state(state, seen, progression, ranges)
        yield state, seen


def applied(routine: Routine, state: State, library: Mapping[str, LibraryExercise]) -> Routine:
    """`routine` at `state`: levels moved, doses grown (progressing kinds only)."""
    progression = routine.progression or Progression()

    def one(exercise: Exercise) -> Exercise:
        if exercise.kind not in PROGRESSING:
            return exercise
        offset = state.levels.get(exercise.library_id or "", 0)
        if offset:
            exercise = at_level(exercise, library, exercise.level + offset, routine.language)
        return replace(exercise, dosing=grown(exercise.dosing, state.stage, progression))

    sections = tuple(
        replace(s, exercises=tuple(one(e) for e in s.exercises)) for s in routine.sections
    )
    return replace(routine, sections=sections)


_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "red": "Yesterday was a lot; today a little easier.",
        "reps": "{name}: {n} reps today, one more than last time.",
        "sets": "{name}: {n} sets today, one more than last time.",
        "hold": "{name}: {n}-second holds today, a little longer than last time.",
        "level": "{name}: one level harder today.",
        "more": "And a little more of the rest.",
        "why_green": "last time was green ({after}/10 after, back to usual): the dose goes up",
        "why_keep": "last time your pain was {after}/10 after: the same dose again",
        "why_red": "last time was a lot: a level easier and a step back",
        "why_worse": "your back was worse at the next check-in than before last time:"
        " a level easier and a step back",
        "why_unknown": "no pain rating for last time: the dose goes up as planned",
        "why_first": "the first session: the dose as written",
    },
    "de": {
        "red": "Gestern war es ziemlich viel; heute machen wir es etwas leichter.",
        "reps": "{name}: heute {n} Wiederholungen, eine mehr als letztes Mal.",
        "sets": "{name}: heute {n} Sätze, einer mehr als letztes Mal.",
        "hold": "{name}: heute {n} Sekunden halten, etwas länger als letztes Mal.",
        "level": "{name}: heute eine Stufe schwerer.",
        "more": "Und beim Rest ein bisschen mehr.",
        "why_green": "letztes Mal war grün: {after}/10 danach, wieder wie sonst, also etwas mehr",
        "why_keep": "letztes Mal {after}/10 danach: dieselbe Dosis noch einmal",
        "why_red": "letztes Mal war es zu viel: eine Stufe leichter und einen Schritt zurück",
        "why_worse": "dein Rücken war bei der nächsten Abfrage schlechter als vor dem letzten"
        " Mal: eine Stufe leichter und einen Schritt zurück",
        "why_unknown": "keine Schmerzangabe beim letzten Mal: die Dosis steigt wie geplant",
        "why_first": "die erste Einheit: die Dosis wie geschrieben",
    },
}
MAX_NOTES = 3  # exercise lines said in the intro; the rest in one line


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language.split("-")[0], _WORDS["en"])


@dataclass(frozen=True, slots=True)
class Plan:
    """The next session: the routine as it will be played, and why."""

    routine: Routine
    lights: tuple[Light, ...]  # of the past sessions, oldest first
    notes: tuple[str, ...]  # said in the intro
    why: str  # one line for `workout plan`
    changed: tuple[tuple[Exercise, Exercise], ...]  # (last time, today) where they differ


def _note(before: Exercise, now: Exercise, words: dict[str, str]) -> str | None:
    if now.level > before.level:
        return words["level"].format(name=now.name)
    old, new = before.dosing, now.dosing
    if new.sets > old.sets:
        return words["sets"].format(name=now.name, n=new.sets)
    if (new.hold or 0) > (old.hold or 0):
        return words["hold"].format(name=now.name, n=f"{new.hold:g}")
    if (new.reps or 0) > (old.reps or 0):
        return words["reps"].format(name=now.name, n=new.reps)
    return None


def with_pain_today(past: Sequence[PastSession], pain_today: int | None) -> list[PastSession]:
    """`past` with `pain_today` (the check-in before the session being planned) as the last
    session's next check-in, where no check-in came after it yet: "worse the next day" is
    judged today, for today's dose."""
    sessions = list(past)
    if pain_today is not None and sessions and sessions[-1].next_pain_before is None:
        sessions[-1] = replace(sessions[-1], next_pain_before=pain_today)
    return sessions


def plan(
    routine: Routine,
    past: Sequence[PastSession],
    library: Mapping[str, LibraryExercise],
    pain_today: int | None = None,
) -> Plan:
    """The next session of `routine` after `past` (its finished sessions, oldest first);
    `pain_today`: the pain given before it (0-10), when it was asked before planning."""
    words = _words(routine.language)
    if routine.progression is None:
        return Plan(routine, (), (), words["why_first"], ())
    past = with_pain_today(past, pain_today)
    state, lights = state_of(routine, past, library)
    today = applied(routine, state, library)
    previous, _ = state_of(routine, past[:-1], library)
    last_time = applied(routine, previous, library)
    pairs = tuple(
        (a, b) for a, b in zip(last_time.exercises(), today.exercises(), strict=True) if a != b
    )
    notes: list[str] = []
    if lights and lights[-1] is Light.RED:
        notes.append(words["red"])
    else:
        said = list(dict.fromkeys(n for a, b in pairs if (n := _note(a, b, words)) is not None))
        notes += said[:MAX_NOTES]
        if len(said) > MAX_NOTES:
            notes.append(words["more"])
    if not lights:
        why = words["why_first"]
    else:
        after = past[-1].pain_after
        key = f"why_{lights[-1].value}"
        if lights[-1] is Light.RED and (after is None or after <= KEEP_AFTER):
            key = "why_worse"  # red by the check-in after it, not by the pain right after
        why = words[key].format(after=after)
    return Plan(replace(today, notes=tuple(notes)), tuple(lights), tuple(notes), why, pairs)

"""The quick break's rules: which library exercises make a break, in which order, how dosed.

Pure rules, no I/O: give them the library, the length wanted and what the last breaks used,
and they return a `Routine`. A break has no floor work, has stabilisation and at least two
other kinds, changes posture as little as possible (all sitting, then all standing) and
prefers exercises the last breaks did not use.
"""

from __future__ import annotations

import math
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
from player.safety import pain_line
from player.timeline.phrases import phrases_for

# Timing of a break: short announcements and rests, one set of everything. A break is made
# up on the spot, so its windows grow to say everything (`fit: grow`); its length is then
# measured as it will play and the dosing scaled until it lasts what was asked for.
PREPARE = 5.0
COUNTDOWN = 3
REST = 8.0
MIN_OTHER_KINDS = 2
MIN_FILL = 25.0  # seconds: less time left than this is not worth another exercise
TOLERANCE = 0.10  # a break of N minutes lasts N minutes ± 10 %
ATTEMPTS = 8  # draws among equally fresh exercises before the closest break is taken
SHORTEST_WORK = 5.0  # seconds: no timed work or open reps cut below this
MIN_SCALE = 0.5  # a break's dosing is at least half the library's: fewer exercises rather
# than one leg swing and a five-second stretch
MAX_SCALE = 1.5  # the break dosing is stretched by half at most (more exercises come first)
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
BREAK_NAME = "quick-break"  # what the journal calls a break (and its kept file's stem)


class NoBreakPossible(UserError):
    """The library cannot make a break (too few exercises without floor work)."""


@dataclass(frozen=True, slots=True)
class BreakPlan:
    """What `plan_break` chose, before it becomes a routine."""

    chosen: tuple[LibraryExercise, ...]  # in playing order
    seconds: float  # planned length, speech included (estimated clip lengths)
    scale: float = 1.0  # how much the break dosing was stretched (>1) or cut (<1)


def break_dosing(dosing: Dosing, sides: Sides, scale: float = 1.0) -> Dosing:
    """The library dosing cut down for a break: one set, short work; `scale` stretches or
    shrinks the work so that the break lasts what was asked for."""
    one_side = sides is Sides.NONE
    cut = replace(dosing, sets=1, rest_between_sets=0.0)

    def seconds(value: float) -> float:
        return max(SHORTEST_WORK, float(round(value * scale)))

    def reps(value: int) -> int:
        return max(1, round(value * scale))

    if dosing.form is Form.TIMED and dosing.duration is not None:
        return replace(cut, duration=seconds(min(dosing.duration, 30.0 if one_side else 20.0)))
    if dosing.form is Form.HOLDS and dosing.reps is not None:
        return replace(cut, reps=reps(min(dosing.reps, 3)))
    if dosing.form is Form.PACED and dosing.reps is not None:
        return replace(cut, reps=reps(min(dosing.reps, 6 if one_side else 4)))
    if dosing.form is Form.OPEN and dosing.time_cap is not None:
        return replace(cut, time_cap=seconds(min(dosing.time_cap, 40.0)))
    return cut


def planned_seconds(routine: Routine) -> float:
    """How long a routine plays, speech included (clip lengths estimated)."""
    from player.timeline.compile import compile_timeline
    from player.timeline.estimate import estimated_duration_of

    return compile_timeline(routine, estimated_duration_of(routine)).total


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

    One stabilisation exercise and at least two other kinds when they fit in the minutes
    asked for (+10 %); then more exercises while they fit; then the dosing of all of them
    scaled so that the break lasts the minutes asked for, ± 10 %; an exercise goes before
    the dosing falls under half (`MIN_SCALE`). When a draw cannot be dosed to the minutes,
    another draw among the equally fresh exercises is tried (`ATTEMPTS`).
    """
    budget = minutes * 60.0
    best: BreakPlan | None = None
    for attempt in range(ATTEMPTS):
        # Another draw among the equally fresh exercises when the first choice cannot be
        # dosed to the minutes (two exercises whose reps and holds jump past them).
        rng = random.Random(seed if attempt == 0 or seed is None else f"{seed}/{attempt}")
        plan = _plan_once(library, minutes, language, recent, rng)
        if abs(plan.seconds - budget) <= budget * TOLERANCE and (
            plan.scale >= MIN_SCALE or len(plan.chosen) == 1
        ):
            return plan
        if best is None or _worse(best, plan, budget):
            best = plan
    assert best is not None
    return best


def _plan_once(
    library: Mapping[str, LibraryExercise],
    minutes: float,
    language: str,
    recent: Sequence[str],
    rng: random.Random,
) -> BreakPlan:
    """One draw of `plan_break`: the exercises `rng` orders among equally fresh ones."""
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
    # not yet in the break; each try is measured as it would play, speech included.
    seconds = planned_seconds(_routine(_play_order(chosen), minutes, language))
    rest = [e for e in [*stabilisation[1:], *others] if e not in chosen]
    rest.sort(key=lambda e: (-_staleness(e, recent), e.kind in kinds_in | {Kind.STABILISATION}))
    for exercise in rest:
        if budget - seconds < MIN_FILL:
            break
        trial = _play_order([*chosen, exercise])
        length = planned_seconds(_routine(trial, minutes, language))
        if length <= budget:
            chosen.append(exercise)
            seconds = length
    # Too long with the three kinds: the last ones go (stabilisation stays), as few as can
    # be; then the dosing is scaled to the minutes.
    played = _play_order(chosen)
    best: BreakPlan | None = None
    while True:
        scale = 1.0
        if abs(seconds - budget) > budget * TOLERANCE / 2:
            scale, seconds = _scaled(played, minutes, language, budget)
        plan = BreakPlan(chosen=played, seconds=seconds, scale=scale)
        fits = abs(seconds - budget) <= budget * TOLERANCE
        if fits and (scale >= MIN_SCALE or len(played) == 1):
            return plan
        if best is None or _worse(best, plan, budget):
            best = plan
        if len(played) == 1:
            return best
        going = _last_to_go(played)
        played = tuple(e for e in played if e is not going)
        seconds = planned_seconds(_routine(played, minutes, language))


def _worse(old: BreakPlan, new: BreakPlan, budget: float) -> bool:
    """Whether `new` is the better of two breaks that miss: the one in time with the fuller
    dosing, else the one closer to the minutes."""
    in_time = abs(new.seconds - budget) <= budget * TOLERANCE
    old_in_time = abs(old.seconds - budget) <= budget * TOLERANCE
    if in_time != old_in_time:
        return in_time
    if in_time:
        return new.scale > old.scale
    return abs(new.seconds - budget) < abs(old.seconds - budget)


def _last_to_go(chosen: Sequence[LibraryExercise]) -> LibraryExercise:
    """What a break too long for its minutes does without first: the last exercise that is
    not the (first) stabilisation one."""
    keep = next(e for e in chosen if e.kind is Kind.STABILISATION)
    return next(e for e in reversed(chosen) if e is not keep)


def _scaled(
    chosen: Sequence[LibraryExercise], minutes: float, language: str, budget: float
) -> tuple[float, float]:
    """The dosing scale that makes the break last closest to `budget`, and that length.

    Length grows with the scale (more reps, longer holds), so halving the interval finds it.
    """
    low, high = 0.1, MAX_SCALE
    best = (1.0, planned_seconds(_routine(chosen, minutes, language)))
    for _ in range(12):
        middle = (low + high) / 2
        seconds = planned_seconds(_routine(chosen, minutes, language, middle))
        if abs(seconds - budget) < abs(best[1] - budget):
            best = (middle, seconds)
        if seconds < budget:
            low = middle
        else:
            high = middle
    return best


def to_exercise(item: LibraryExercise, language: str, scale: float = 1.0) -> Exercise:
    """A library exercise as it is played in a break."""
    return Exercise(
        name=item.names[language],
        kind=item.kind,
        dosing=break_dosing(item.dosing, item.sides, scale),
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
        level=item.level,
        limb=item.limb,
        grow=True,  # written out by `_written_out`
    )


def build_break(
    library: Mapping[str, LibraryExercise],
    minutes: float = 3.0,
    language: str = "en",
    recent: Sequence[str] = (),
    seed: int | None = None,
) -> Routine:
    """A break routine of about `minutes` minutes (see `plan_break`)."""
    plan = plan_break(library, minutes, language, recent, seed)
    return _routine(plan.chosen, minutes, language, plan.scale)


def _routine(
    chosen: Sequence[LibraryExercise], minutes: float, language: str, scale: float = 1.0
) -> Routine:
    """The break as a routine: its sections are runs of one kind, in playing order."""
    phrases = phrases_for(language)
    sections: list[Section] = []
    run: list[Exercise] = []
    for item in chosen:
        exercise = to_exercise(item, language, scale)
        if run and run[-1].kind is not exercise.kind:
            sections.append(
                Section(name=phrases.kind_name(run[0].kind), kind=run[0].kind, exercises=(*run,))
            )
            run = []
        run.append(exercise)
    sections.append(
        Section(name=phrases.kind_name(run[0].kind), kind=run[0].kind, exercises=(*run,))
    )
    return _written_out(
        Routine(
            title=phrases.break_title(minutes),
            sections=tuple(sections),
            description=phrases.break_description(),
            language=language,
            safety=pain_line(language),
            name=BREAK_NAME,
        )
    )


def _written_out(routine: Routine) -> Routine:
    """The break with its windows written out: each as long as it grows to (`fit: grow`)
    with the estimated clip lengths, rounded up to half a second, and then kept. So the
    break lasts the same however its speech is rendered, as every routine does."""
    from player.timeline.compile import compile_timeline
    from player.timeline.estimate import estimated_duration_of
    from player.timeline.model import MOVEMENT_KINDS, SegmentKind

    timeline = compile_timeline(routine, estimated_duration_of(routine))
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    intro = 0.0
    for segment in timeline.segments:
        if segment.occurrence is None:
            intro = intro or (segment.end if segment.kind is SegmentKind.INTRO else 0.0)
        elif segment.kind in MOVEMENT_KINDS:
            first.setdefault(segment.occurrence, segment.start)
            last[segment.occurrence] = segment.end
    windows = [first[0] - intro] + [first[k] - last[k - 1] for k in range(1, len(first))]
    played = list(routine.exercises())

    def half_up(seconds: float) -> float:
        return math.ceil(seconds * 2 - 1e-6) / 2

    kept: list[Exercise] = []
    for index, exercise in enumerate(played):
        following = windows[index + 1] if index + 1 < len(windows) else exercise.rest
        kept.append(
            replace(
                exercise,
                prepare=half_up(windows[0]) if index == 0 else exercise.prepare,
                rest=half_up(following),
                grow=False,
            )
        )
    it = iter(kept)
    sections = tuple(
        replace(s, exercises=tuple(next(it) for _ in s.exercises)) for s in routine.sections
    )
    return replace(routine, sections=sections)

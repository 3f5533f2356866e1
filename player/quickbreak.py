"""The quick break: a short routine for a work break, chosen from the exercise library.

Pure rules, no I/O: give it the library, the length wanted and what the last breaks used,
and it returns a `Routine`. A break has no floor work, has stabilisation and at least two
other kinds, changes posture as little as possible (all sitting, then all standing) and
prefers exercises the last breaks did not use. `quick_break` reads the library (from a
quick copy, `break_library`) and the history; `save_break` keeps the break in its own
place (not among the user's routines), so an interrupted break goes on with `workout break
--resume`.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from player.errors import UserError
from player.files import write_atomic
from player.routine.model import (
    Dosing,
    Exercise,
    Form,
    Kind,
    LibraryExercise,
    Limb,
    Posture,
    Routine,
    Section,
    Sides,
)
from player.safety import pain_line

# Timing of a break: short announcements and rests, one set of everything. A break is made
# up on the spot, so its windows grow to say everything (`fit: grow`); its length is then
# measured as it will play and the dosing scaled until it lasts what was asked for.
PREPARE = 5.0
COUNTDOWN = 3
REST = 8.0
MIN_OTHER_KINDS = 2
MIN_FILL = 25.0  # seconds: less time left than this is not worth another exercise
TOLERANCE = 0.10  # a break of N minutes lasts N minutes ± 10 %
SHORTEST_WORK = 5.0  # seconds: no timed work or open reps cut below this
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

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Quick break — {minutes} minutes",
        "title-1": "Quick break — 1 minute",
        "description": "A short break at your desk, no mat needed.",
        Kind.WARM_UP: "Warm-up",
        Kind.MOBILISATION: "Mobilisation",
        Kind.STABILISATION: "Stabilisation",
        Kind.STRENGTHENING: "Strengthening",
        Kind.STRETCHING: "Stretching",
        Kind.COOL_DOWN: "Cool-down",
    },
    "de": {
        "title": "Kurze Pause — {minutes} Minuten",
        "title-1": "Kurze Pause — 1 Minute",
        "description": "Eine kurze Pause am Schreibtisch, ohne Matte.",
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
    scaled so that the break lasts the minutes asked for, ± 10 %.
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
        if best is None or abs(seconds - budget) < abs(best.seconds - budget):
            best = plan
        if abs(seconds - budget) <= budget * TOLERANCE or len(played) == 1:
            return plan if abs(seconds - budget) <= budget * TOLERANCE else best
        going = _last_to_go(played)
        played = tuple(e for e in played if e is not going)
        seconds = planned_seconds(_routine(played, minutes, language))


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
    text = _TEXT.get(language, _TEXT["en"])
    sections: list[Section] = []
    run: list[Exercise] = []
    for item in chosen:
        exercise = to_exercise(item, language, scale)
        if run and run[-1].kind is not exercise.kind:
            sections.append(Section(name=text[run[0].kind], kind=run[0].kind, exercises=(*run,)))
            run = []
        run.append(exercise)
    sections.append(Section(name=text[run[0].kind], kind=run[0].kind, exercises=(*run,)))
    return _written_out(
        Routine(
            title=text["title-1"] if minutes == 1 else text["title"].format(minutes=f"{minutes:g}"),
            sections=tuple(sections),
            description=text["description"],
            language=language,
            safety=pain_line(language),
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


def quick_break(minutes: float = 3.0, language: str = "en", seed: int | None = None) -> Routine:
    """A break from the bundled library, avoiding what the last sessions did.

    It reads the library (`break_library`) and the history journal.
    """
    from player.levels import at_user_levels, read_levels

    library = break_library(language)
    red = red_exercises(library)
    usable = {key: item for key, item in library.items() if key not in red}
    return build_break(
        at_user_levels(usable, read_levels()), minutes, language, recent_exercises(), seed
    )


LIBRARY_COPY = "library.json"  # in the user cache dir
_COPY_VERSION = 3  # 2: exercises name their limb; 3: with easier and harder variants


def break_library(language: str) -> dict[str, LibraryExercise]:
    """The bundled library by id, for exercises with text in `language`.

    Read from a JSON copy in the cache dir, made from the library file the first time and
    again whenever that file changes: validating the YAML needs pydantic and ruamel.yaml,
    a tenth of a second that a break, which should speak within a second, does without.
    """
    from player import paths

    source = paths.exercise_library_file()
    stat = source.stat()
    key = [_COPY_VERSION, str(source), stat.st_mtime_ns, stat.st_size]
    copy = paths.user_cache_dir() / LIBRARY_COPY
    exercises = _read_copy(copy, key)
    if exercises is None:
        from player.routine.library import load_library

        exercises = load_library()
        _write_copy(copy, key, exercises)
    base = language.split("-")[0]
    return {key: e for key, e in exercises.items() if base in e.names}


def _read_copy(copy: Path, key: list[object]) -> dict[str, LibraryExercise] | None:
    try:
        data = json.loads(copy.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return {e["id"]: _exercise_of(e) for e in data["exercises"]}
    except (OSError, ValueError, KeyError, TypeError):  # missing, old or damaged: read again
        return None


def _write_copy(copy: Path, key: list[object], exercises: Mapping[str, LibraryExercise]) -> None:
    data = {"key": key, "exercises": [asdict(e) for e in exercises.values()]}
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(copy, json.dumps(data, ensure_ascii=False).encode())
    except OSError:  # no copy: the next break reads the YAML again
        pass


def _exercise_of(data: dict[str, Any]) -> LibraryExercise:
    dosing = dict(data["dosing"])
    return LibraryExercise(
        id=data["id"],
        kind=Kind(data["kind"]),
        posture=Posture(data["posture"]),
        equipment=tuple(data["equipment"]),
        sides=Sides(data["sides"]),
        dosing=Dosing(**{**dosing, "form": Form(dosing["form"])}),
        names=data["names"],
        positions=data["positions"],
        instructions=data["instructions"],
        switch=data["switch"],
        level=data["level"],
        easier=tuple(_exercise_of(e) for e in data["easier"]),
        harder=tuple(_exercise_of(e) for e in data["harder"]),
        limb=Limb(data["limb"]),
    )


def red_exercises(library: Mapping[str, LibraryExercise]) -> frozenset[str]:
    """Library exercises whose last session was red by the traffic light (none when there
    is no history); `player.progression.red_exercises` says how."""
    from player.history import HistoryError, open_history
    from player.history.checkins import past_sessions
    from player.progression import red_exercises as red_of

    try:
        with open_history() as history:
            return red_of(past_sessions(history), library)
    except HistoryError:  # an unreadable journal must not stop a break
        return frozenset()


def recent_exercises() -> list[str]:
    """Exercises of the last sessions, most recent first ([] when there is no history)."""
    from player.history import recent_exercises as from_history

    try:
        return list(from_history())
    except Exception:  # an unreadable journal must not stop a break
        return []


BREAK_NAME = "quick-break"  # the user routine the last break is kept as, and its journal name


def break_text(routine: Routine) -> str:
    """The break as a routine file: each exercise by its library id with everything the
    break chose written out, so loading the file gives the same routine back."""

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML 1.2 string

    def seconds(value: float) -> str:
        return f"{value:g}" if float(f"{value:g}") == value else repr(value)

    lines = [
        "# The last quick break (`workout break`), kept so that an interrupted one can go on:",
        "# workout break --resume. The next break replaces this file.",
        f"title: {text(routine.title)}",
        f"description: {text(routine.description)}",
        f"language: {routine.language}",
        f"safety: {text(routine.safety)}",
        "sections:",
    ]
    for section in routine.sections:
        lines += [f"  - name: {text(section.name)}", f"    kind: {section.kind}", "    exercises:"]
        for e in section.exercises:
            first = f"use: {e.library_id}" if e.library_id else f"name: {text(e.name)}"
            lines.append(f"      - {first}")
            fields = {
                "name": text(e.name),
                "kind": str(e.kind),
                "posture": str(e.posture),
                "equipment": text_list(e.equipment),
                "position": text(e.position),
                "instructions": text(e.instructions),
                **_dosing_fields(e.dosing, seconds),
                "prepare": seconds(e.prepare),
                "countdown": str(e.countdown),
                "rest": seconds(e.rest),
                "fit": "grow" if e.grow else "keep",
            }
            if e.limb is not Limb.SIDE:
                fields["limb"] = str(e.limb)
            if e.sides is not Sides.NONE:
                fields["sides"] = str(e.sides)
            if e.sides is Sides.BOTH:
                fields["switch"] = seconds(e.switch)
            lines += [f"        {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def text_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"


def _dosing_fields(dosing: Dosing, seconds: Callable[[float], str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    if dosing.duration is not None:
        fields["duration"] = seconds(dosing.duration)
    if dosing.hold is not None:
        fields["hold"] = seconds(dosing.hold)
    if dosing.reps is not None:
        fields["reps"] = str(dosing.reps)
    if dosing.tempo is not None:
        fields["tempo"] = seconds(dosing.tempo)
    if dosing.time_cap is not None:
        fields["time_cap"] = seconds(dosing.time_cap)
    if dosing.form is Form.HOLDS:
        fields["rest_between_reps"] = seconds(dosing.rest_between_reps)
    fields["sets"] = str(dosing.sets)
    if dosing.sets > 1:
        fields["rest_between_sets"] = seconds(dosing.rest_between_sets)
    return fields


def save_break(routine: Routine, folder: Path | None = None) -> Routine:
    """Keep the break in its own place, the quick breaks dir (atomically: `workout break
    --resume` goes on with it), and return it with that path; where it cannot be written,
    the break plays all the same (without its file)."""
    if folder is None:
        from player.paths import quick_breaks_dir

        folder = quick_breaks_dir()
    path = folder / f"{BREAK_NAME}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, break_text(routine).encode())
    except OSError:
        return routine
    return replace(routine, path=path)

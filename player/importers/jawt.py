"""Just Another Workout Timer: a backup (`{"workouts": [...]}`) or one exported workout.

A workout has a `title` and `sets`; a set has `repetitions`, an optional `name` and
`exercises`, each with a `name` and a `duration` in seconds. The exercises follow each
other without a break; an exercise called "Rest" or "Pause" is the break.
"""

from __future__ import annotations

from pathlib import Path

from player.importers.jsonfile import Fields, read_json
from player.importers.model import Imported, ImportedExercise, ImportedSection, fail
from player.routine.durations import MAX_SECONDS
from player.routine.model import Kind
from player.routine.source import Loc

SOURCE = "a Just Another Workout Timer backup"
REST_NAMES = frozenset({"rest", "pause", "break", "erholung", "ruhe"})


def looks_like(data: object) -> bool:
    return isinstance(data, dict) and ("workouts" in data or ("sets" in data and "title" in data))


def read(path: Path, text: str) -> list[Imported]:
    fields = Fields(read_json(path, text))
    data = fields.doc.data
    if isinstance(data, dict) and "workouts" in data:
        workouts = fields.objects(("workouts",), "workouts")
        if not workouts:
            raise fail(path, fields.doc.where(("workouts",)), "the backup holds no workouts")
    else:
        workouts = [()]
    return [_workout(fields, loc) for loc in workouts]


def _workout(fields: Fields, loc: Loc) -> Imported:
    title = fields.text((*loc, "title")).strip() or "Imported workout"
    notes: list[str] = []
    sections = []
    for number, set_loc in enumerate(fields.objects((*loc, "sets"), "sets"), start=1):
        name = fields.value((*set_loc, "name"))
        set_name = name.strip() if isinstance(name, str) and name.strip() else f"Set {number}"
        rounds = int(fields.number((*set_loc, "repetitions"), 1, minimum=1))
        if rounds > 100:
            raise fail(
                fields.doc.path,
                fields.doc.where((*set_loc, "repetitions")),
                f"'repetitions' is {rounds}; workout-player plays a section at most 100 times",
            )
        exercises = _exercises(fields, set_loc, set_name, notes)
        if exercises:
            sections.append(ImportedSection(set_name, Kind.STRENGTHENING, exercises, rounds, 0.0))
        else:
            notes.append(f"'{set_name}' has no exercises (only rests, or none), so it was left out")
    if not sections:
        raise fail(fields.doc.path, fields.doc.where(loc), f"'{title}' has no exercises")
    notes += [
        "Just Another Workout Timer has no kinds of exercise: every section is marked "
        "'strengthening'; change `kind:` where another fits",
        "Just Another Workout Timer goes from one exercise straight to the next; here each "
        "exercise is announced and counted in first, which adds a few seconds to each",
    ]
    return Imported(title, SOURCE, tuple(sections), rest=0.0, notes=tuple(notes))


def _exercises(
    fields: Fields, set_loc: Loc, set_name: str, notes: list[str]
) -> tuple[ImportedExercise, ...]:
    exercises: list[ImportedExercise] = []
    for loc in fields.objects((*set_loc, "exercises"), "exercises"):
        name = fields.text((*loc, "name")).strip()
        seconds = fields.number((*loc, "duration"), minimum=0)
        if seconds > MAX_SECONDS:
            raise fail(
                fields.doc.path,
                fields.doc.where((*loc, "duration")),
                f"'duration' is {seconds:g} seconds; an exercise lasts at most 2 hours",
            )
        if seconds == 0:
            notes.append(f"'{name}' in '{set_name}' lasts 0 seconds, so it was left out")
        elif name.lower() in REST_NAMES:
            if exercises:
                last = exercises[-1]
                exercises[-1] = ImportedExercise(last.name, last.duration, rest=seconds)
            else:
                notes.append(f"the rest at the start of '{set_name}' was left out")
        else:
            exercises.append(ImportedExercise(name or "Exercise", seconds, rest=0.0))
    return tuple(exercises)
